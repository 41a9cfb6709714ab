/**
 * The main job: one complaint from enrollment to closure, driven the way people drive sesflow.
 * Agency staff send signed `/ses` commands to the Slack bot; company users reply by email to the
 * bot's messages. The demo and the end-to-end test both run it.
 */
import type { ReceivedMail } from '../infra/mailbox.ts';

/** A company user's mailbox and outgoing mail. */
export interface MailUserSide {
  address: string;
  /** Waits for a message from the bot whose subject or text matches. */
  waitFor(description: string, match: (mail: ReceivedMail) => boolean): Promise<ReceivedMail>;
  /** Replies to a bot message (to its Reply-To, quoting it), with `body` above the quote. */
  reply(to: ReceivedMail, body: string): Promise<void>;
}

/** The agency side in Slack. */
export interface SlackSide {
  /** Sends `/ses <text>` as agency staff and returns the text of the bot's ephemeral reply. */
  command(text: string): Promise<string>;
  /** Waits until `count` messages in the agency channel match, and returns the last of them. */
  waitForChannelPost(description: string, match: (text: string) => boolean, count?: number): Promise<string>;
}

export interface MainJobPeople {
  slack: SlackSide;
  /** The first user, who becomes the Complaints Contact. */
  contact: MailUserSide;
  poc: MailUserSide;
  helper: MailUserSide;
}

export interface MainJobResult {
  complaintNumber: string;
  closureNotice: ReceivedMail;
}

const COMPLAINT_NUMBER = /\bC-\d+\b/;

/** Removes Slack's mrkdwn emphasis so a reply prints as plain text. */
function plainText(mrkdwn: string): string {
  return mrkdwn.replace(/[*_`]/g, '');
}

/** Matches a bot message whose subject names the complaint and contains `text`. */
function subject(number: string, text: string): (mail: ReceivedMail) => boolean {
  return (mail) => {
    const value = mail.parsed.subject ?? '';
    return value.includes(`[${number}]`) && value.toLowerCase().includes(text.toLowerCase());
  };
}

/** Runs the whole flow; `print` receives one line per step as it happens. */
export async function runMainJob(people: MainJobPeople, print: (line: string) => void): Promise<MainJobResult> {
  const { slack, contact, poc, helper } = people;
  const step = (actor: string, action: string) => print(`${new Date().toISOString()}  ${actor.padEnd(22)} ${action}`);

  const opened = await slack.command(
    `new company="Acme Lending" contact="Jane Roe <${contact.address}>" Consumer reports an undisclosed late fee of $45 on loan 8812.`,
  );
  const number = COMPLAINT_NUMBER.exec(opened)?.[0];
  if (!number) throw new Error(`the bot's reply to /ses new names no complaint number: ${opened}`);
  step('agency (Slack)', `/ses new -> ${number} opened; enrollment pending`);

  const invitation = await contact.waitFor('the enrollment invitation', subject(number, 'Enroll'));
  step(contact.address, `received "${invitation.parsed.subject}"`);
  await contact.reply(invitation, 'ACCEPT');
  step(contact.address, 'replied ACCEPT');

  const pocRequest = await contact.waitFor('the request to assign a POC', subject(number, 'Assign a point of contact'));
  step(contact.address, `received "${pocRequest.parsed.subject}"`);
  await contact.reply(pocRequest, `USER ${poc.address} Paul Poe`);
  await poc.waitFor('the new-user notice', subject(number, 'You were added as a user'));
  await contact.reply(pocRequest, `USER ${helper.address} Hana Help`);
  await helper.waitFor('the new-user notice', subject(number, 'You were added as a user'));
  step(contact.address, `added ${poc.address} and ${helper.address} as company users`);
  await contact.reply(pocRequest, `POC ${poc.address}`);
  await poc.waitFor('the POC assignment', subject(number, 'is the point of contact'));
  step(contact.address, `assigned ${poc.address} as POC`);

  const irReply = await slack.command(
    `ir ${number} due=10 Please explain the $45 late fee charged on loan 8812 and provide the disclosure the consumer signed.`,
  );
  step('agency (Slack)', `/ses ir -> ${plainText(irReply.split('\n')[0] ?? '')}`);
  const irMessage = await poc.waitFor('the new IR', subject(number, 'IR-1: information request'));
  step(poc.address, `received "${irMessage.parsed.subject}"`);

  await poc.reply(irMessage, `HELPER ${helper.address}`);
  const helperIr = await helper.waitFor('the IR sent to the new helper', subject(number, 'IR-1: information request'));
  step(poc.address, `added ${helper.address} as helper`);

  await helper.reply(helperIr, 'The fee is disclosed in section 4.2 of the loan agreement, signed on 2026-03-02.');
  await helper.waitFor('the draft receipt', subject(number, 'IR-1: draft 1 saved'));
  step(helper.address, 'saved a draft by email');

  await poc.reply(
    irMessage,
    'RESTRICTED\nThe fee is disclosed in section 4.2 of the agreement signed on 2026-03-02. Account notes attached for the agency only.',
  );
  await poc.waitFor('the restricted draft receipt', subject(number, 'IR-1: draft 2 saved'));
  step(poc.address, 'saved a restricted draft');
  await poc.reply(irMessage, 'SUBMIT');
  await poc.waitFor('the submission receipt', subject(number, 'IR-1: response submitted'));
  await slack.waitForChannelPost('the submission notice', (text) => text.includes(number) && /submitted/i.test(text));
  step(poc.address, 'submitted the response; the agency channel was told');

  await slack.command(`sendback ${number} IR-1 due=5 Please attach the signed disclosure page.`);
  step('agency (Slack)', '/ses sendback -> returned for updates');
  const returned = await poc.waitFor('the returned-for-updates notice', subject(number, 'returned for updates'));
  await poc.reply(returned, 'SUBMIT\nThe signed disclosure page is attached as page 3 of the agreement we sent.');
  await slack.waitForChannelPost(
    'the resubmission notice',
    (text) => text.includes(number) && /submitted/i.test(text),
    2,
  );
  step(poc.address, 'resubmitted the response');

  await slack.command(
    `close ${number} reason=explanation visible=yes The company explained the fee and its disclosure.`,
  );
  step('agency (Slack)', '/ses close -> closed with reason explanation');
  const closureNotice = await contact.waitFor('the closure notice', subject(number, 'Complaint closed'));
  step(contact.address, `received "${closureNotice.parsed.subject}"`);

  return { complaintNumber: number, closureNotice };
}

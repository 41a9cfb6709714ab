/**
 * Everything the main job runs against on one machine: a local Dovecot with SMTP delivery into
 * it, the Slack Web API recorder (the one stand-in: Slack cannot be reached from here), and
 * sesflow itself with embedded Temporal and database.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { Client, Connection } from '@temporalio/client';
import type { ComplaintView } from '../domain/types.ts';
import { Gateway } from '../bots/gateway.ts';
import { loadConfig } from '../lib/config.ts';
import { startMailServer } from '../infra/dovecot.ts';
import { startSmtpRelay } from '../infra/smtp-relay.ts';
import { openMailbox, type Mailbox, type ReceivedMail } from '../infra/mailbox.ts';
import { startSlackRecorder, type RecordedCall } from '../infra/slack-recorder.ts';
import { sendSlashCommand } from '../infra/slack-requests.ts';
import { startServices, type Services } from './roles.ts';
import type { MailUserSide, MainJobPeople, SlackSide } from './main-job.ts';

const MAIL_DOMAIN = 'acme.test';
const BOT_ADDRESS = 'ses@agency.test';
const STAFF = { id: 'U0STAFF01', name: 'Sam Staff', email: 'sam@agency.test' };
const AGENCY_CHANNEL = 'C0AGENCY';
const WAIT_MS = 60_000;

export interface DemoEnvironment {
  people: MainJobPeople;
  services: Services;
  /** The complaint as agency staff see it. */
  status(number: string): Promise<ComplaintView>;
  /** The complaint as a company user sees it. */
  statusAs(number: string, email: string): Promise<ComplaintView>;
  /** Temporal Web UI address of a complaint's workflow, when the dev server runs embedded. */
  workflowUrl(number: string): string | undefined;
  stop(): Promise<void>;
}

/** Starts the mail server, the Slack recorder and every sesflow role, with all data under `dir`. */
export async function startDemoEnvironment(options: {
  dir: string;
  preferStandardPorts: boolean;
}): Promise<DemoEnvironment> {
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopper of stoppers.reverse()) await stopper().catch(() => undefined);
  };
  try {
    await mkdir(options.dir, { recursive: true });
    const password = randomBytes(12).toString('hex');
    const mailUsers = ['ses', 'jane', 'paul', 'hana'].map((name) => ({ name, password }));
    const mail = await startMailServer({ dir: path.join(options.dir, 'mail'), users: mailUsers });
    stoppers.push(mail.stop);
    const relay = await startSmtpRelay({ lmtpPort: mail.lmtpPort });
    stoppers.push(relay.stop);
    const recorder = await startSlackRecorder({ users: [STAFF] });
    stoppers.push(recorder.stop);

    const signingSecret = randomBytes(16).toString('hex');
    const config = loadConfig({
      SES_DATA_DIR: path.join(options.dir, 'sesflow'),
      SLACK_BOT_TOKEN: 'xoxb-local-recorder',
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: recorder.url,
      SES_AGENCY_CHANNEL: AGENCY_CHANNEL,
      SES_AGENCY_STAFF: STAFF.id,
      PORT: '0',
      IMAP_URL: `imap://ses:${password}@127.0.0.1:${mail.imapPort}`,
      SMTP_URL: `smtp://127.0.0.1:${relay.port}`,
      SES_BOT_ADDRESS: BOT_ADDRESS,
      LOG_LEVEL: process.env.LOG_LEVEL,
    });
    const services = await startServices(config, ['worker', 'slack', 'email'], {
      embedded: true,
      preferStandardPorts: options.preferStandardPorts,
    });
    stoppers.push(services.stop);

    const sender = nodemailer.createTransport({
      host: '127.0.0.1',
      port: relay.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
    });
    stoppers.push(async () => sender.close());
    const openUser = async (name: string) => {
      const mailbox = await openMailbox(`imap://${name}:${password}@127.0.0.1:${mail.imapPort}`);
      stoppers.push(() => mailbox.close());
      return mailUserSide(`${name}@${MAIL_DOMAIN}`, mailbox, sender);
    };

    const slackUrl = `http://127.0.0.1:${services.slackPort}/slack/events`;
    const slack: SlackSide = {
      async command(text) {
        const responseUrl = recorder.responseUrl();
        const ack = await sendSlashCommand({ url: slackUrl, signingSecret, userId: STAFF.id, text, responseUrl });
        if (!ack.ok) throw new Error(`the Slack bot responded to /ses ${text.split(' ')[0]} with HTTP ${ack.status}`);
        const reply = await recorder.waitForResponse(responseUrl, WAIT_MS);
        return reply.text;
      },
      async waitForChannelPost(description, match, count = 1) {
        const matching = (calls: RecordedCall[]) =>
          calls.filter(
            (call) =>
              call.method === 'chat.postMessage' &&
              call.args.channel === AGENCY_CHANNEL &&
              match(String(call.args.text ?? '')),
          );
        const calls = await recorder.waitForCalls((all) => matching(all).length >= count, WAIT_MS, description);
        return String(matching(calls).at(-1)?.args.text ?? '');
      },
    };

    const connection = await Connection.connect({ address: services.temporalAddress });
    stoppers.push(() => connection.close());
    const gateway = new Gateway(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }));

    const people = {
      slack,
      contact: await openUser('jane'),
      poc: await openUser('paul'),
      helper: await openUser('hana'),
    };
    return {
      people,
      services,
      status: (number) => gateway.complaintStatus(number, { kind: 'agency', slackUserId: STAFF.id, name: STAFF.name }),
      statusAs: (number, email) => gateway.complaintStatus(number, { kind: 'company', email, via: 'email' }),
      workflowUrl: (number) =>
        services.temporalUiUrl &&
        `${services.temporalUiUrl}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/complaint-${number}`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function mailUserSide(address: string, mailbox: Mailbox, sender: Transporter): MailUserSide {
  return {
    address,
    waitFor: (description, match) =>
      mailbox.waitFor((mail) => isFromBot(mail) && match(mail), { timeoutMs: WAIT_MS, description }),
    async reply(to, body) {
      const replyTo = to.parsed.replyTo?.value[0]?.address;
      if (!replyTo) throw new Error(`the message "${to.parsed.subject}" has no Reply-To address`);
      const quoted = (to.parsed.text ?? '')
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
      const date = to.parsed.date?.toUTCString() ?? 'an earlier date';
      await sender.sendMail({
        from: address,
        to: replyTo,
        subject: `Re: ${to.parsed.subject ?? ''}`,
        inReplyTo: to.parsed.messageId,
        references: [...referencesOf(to), to.parsed.messageId ?? ''].filter(Boolean),
        text: `${body}\n\nOn ${date}, ${BOT_ADDRESS} wrote:\n${quoted}\n`,
      });
    },
  };
}

function isFromBot(mail: ReceivedMail): boolean {
  return mail.parsed.from?.value.some((from) => from.address === BOT_ADDRESS) ?? false;
}

function referencesOf(mail: ReceivedMail): string[] {
  const references = mail.parsed.references;
  if (!references) return [];
  return Array.isArray(references) ? references : [references];
}

/**
 * Plain-text emails for each notice. Every subject starts with `[C-1042]`, and every body ends
 * with the reply commands that apply to it, because company users act by replying.
 */
import type { Notice } from './contract.ts';

export interface RenderContext {
  complaintNumber: string;
  recipientName?: string;
  /** Formats an ISO instant for people, in Eastern Time. */
  formatTime(iso: string): string;
  /** When Full Access resumes, formatted, if the message goes out during Limited Access. */
  fullAccessResumes?: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
}

interface Parts {
  subject: string;
  paragraphs: string[];
  commands?: string[];
  /** Receipts of work the agency acts on mention Limited Access. */
  mentionsAccess?: boolean;
}

const COMMANDS = {
  accept: 'ACCEPT                    complete enrollment',
  poc: 'POC <email>               assign the point of contact (POC) for this complaint',
  user: 'USER <email> [name]       add a user of your company',
  helper: 'HELPER <email>            add a helper (POC only)',
  text: '(no command)              save your whole reply as a draft',
  draft: 'DRAFT                     save the text below the command as a draft',
  restricted: 'RESTRICTED                save a restricted draft (POC only)',
  submit: 'SUBMIT                    submit the latest draft, or the text below (POC only)',
  extend: 'EXTEND <days> <reason>    ask for more business days (POC only)',
  status: 'STATUS                    get the complaint status',
  help: 'HELP                      list the commands',
} as const;

const IR_COMMANDS = [
  COMMANDS.text,
  COMMANDS.draft,
  COMMANDS.restricted,
  COMMANDS.submit,
  COMMANDS.extend,
  COMMANDS.status,
];

export function renderEmail(notice: Notice, context: RenderContext): RenderedEmail {
  const parts = noticeParts(notice, context);
  const lines = [`Hello${context.recipientName ? ` ${context.recipientName}` : ''},`, ''];
  for (const paragraph of parts.paragraphs) lines.push(paragraph, '');
  if (parts.mentionsAccess && context.fullAccessResumes) {
    lines.push(
      `The agency is in Limited Access now, so staff may not read this until Full Access resumes on ${context.fullAccessResumes}.`,
      '',
    );
  }
  const commands = [...(parts.commands ?? [COMMANDS.status]), COMMANDS.help];
  lines.push(
    'To act on this complaint, reply to this message from this address.',
    'Write one command on the first line and any text for it on the lines below:',
    '',
    ...commands.map((command) => `  ${command}`),
    '',
    'Text quoted from this message in your reply is ignored.',
  );
  // Company notices (enrollment, new users) go out with no complaint when none is open.
  if (!context.complaintNumber) return { subject: parts.subject, text: lines.join('\n') };
  lines.push('', `-- Complaint ${context.complaintNumber}`);
  return { subject: `[${context.complaintNumber}] ${parts.subject}`, text: lines.join('\n') };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

function noticeParts(notice: Notice, context: RenderContext): Parts {
  const number = context.complaintNumber;
  const time = context.formatTime;
  switch (notice.kind) {
    case 'invitation':
      return {
        subject: notice.reminder
          ? `Reminder: enroll ${notice.companyName} to respond to complaint ${number}`
          : `Enroll ${notice.companyName} to respond to a consumer complaint`,
        paragraphs: [
          ...(notice.reminder
            ? [`This is reminder ${notice.reminder}: the agency has not received your reply to its invitation yet.`]
            : []),
          `The agency received a consumer complaint about ${notice.companyName} and invites you to respond to it.`,
          `Complaint summary:\n${indent(notice.summary)}`,
          [
            'To enroll your company:',
            '  1. Reply to this message with ACCEPT on the first line.',
            "  2. You become your company's Complaints Contact.",
            '  3. The agency then asks you to assign a point of contact (POC) for this complaint:',
            '     reply POC <email>, or name yourself.',
            '  4. The POC receives the information requests and answers them by replying.',
          ].join('\n'),
          'You see the content of information requests once enrollment is complete.',
        ],
        commands: [COMMANDS.accept],
      };
    case 'enrollmentCompleted':
      return {
        subject: `${notice.companyName} is enrolled`,
        paragraphs: [
          `Enrollment of ${notice.companyName} is complete, and you are its Complaints Contact.`,
          `Next, assign a point of contact (POC) for complaint ${number}: reply POC <email>.`,
        ],
        commands: [COMMANDS.poc, COMMANDS.user, COMMANDS.status],
      };
    case 'assignPocRequest':
      return {
        subject: notice.reminder ? 'Reminder: assign a point of contact' : 'Assign a point of contact',
        paragraphs: [
          ...(notice.reminder
            ? [`This is reminder ${notice.reminder}: the agency is still waiting for you to assign a POC.`]
            : []),
          `Complaint ${number} about ${notice.companyName} needs a point of contact (POC).`,
          `Complaint summary:\n${indent(notice.summary)}`,
          'The POC receives information requests, drafts and submits responses, and may add helpers.',
          'Reply with POC <email> on the first line; use your own address to handle it yourself.',
        ],
        commands: [COMMANDS.poc, COMMANDS.user, COMMANDS.status],
      };
    case 'pocAssigned':
      return {
        subject: `${notice.poc} is the point of contact`,
        paragraphs: [
          `${notice.poc} is now the point of contact (POC) for complaint ${number}.`,
          'The POC drafts and submits responses to information requests and may add helpers.',
        ],
        commands: [COMMANDS.helper, COMMANDS.status],
      };
    case 'userAdded':
      return {
        subject: `You were added as a user of ${notice.companyName}`,
        paragraphs: [`${notice.addedBy} added you as a user of ${notice.companyName}.`],
      };
    case 'helperAdded':
      return {
        subject: `${notice.helper} is a helper`,
        paragraphs: [
          `${notice.poc} added ${notice.helper} as a helper on complaint ${number}.`,
          'Helpers save drafts by replying to information request messages; only the POC submits.',
        ],
      };
    case 'newIr':
      return {
        subject: `IR-${notice.ir}: information request, due ${time(notice.dueAt)}`,
        paragraphs: [
          `The agency sent information request IR-${notice.ir} on complaint ${number}:`,
          indent(notice.question),
          `Due: ${time(notice.dueAt)}.`,
          'Reply with your response: the POC or a helper saves a draft, and the POC submits it.',
        ],
        commands: IR_COMMANDS,
      };
    case 'draftSaved':
      return {
        subject: `IR-${notice.ir}: draft ${notice.version} saved`,
        paragraphs: [
          `${notice.author} saved draft version ${notice.version} of the response to IR-${notice.ir}` +
            (notice.restricted ? ', marked restricted.' : '.'),
          'The POC submits the latest draft by replying SUBMIT.',
        ],
        commands: IR_COMMANDS,
      };
    case 'submissionReceipt':
      return {
        subject: `IR-${notice.ir}: response submitted`,
        paragraphs: [
          `The response to IR-${notice.ir} (version ${notice.version}) was submitted on ${time(notice.submittedAt)}.`,
          'The agency reviews it; you get an email if it needs changes.',
        ],
        mentionsAccess: true,
      };
    case 'responseSubmitted':
      return {
        subject: `IR-${notice.ir}: response submitted by ${notice.poc}`,
        paragraphs: [
          `${notice.poc} submitted version ${notice.version} of the response to IR-${notice.ir}.`,
          notice.restricted ? 'The response is restricted, so it is not included here.' : indent(notice.text),
        ],
      };
    case 'returnedForUpdate':
      return {
        subject: `IR-${notice.ir}: returned for updates, due ${time(notice.dueAt)}`,
        paragraphs: [
          `The agency returned the response to IR-${notice.ir} for updates:`,
          indent(notice.note),
          `Due: ${time(notice.dueAt)}. Reply with the updated response, then SUBMIT.`,
        ],
        commands: IR_COMMANDS,
      };
    case 'extensionRequested':
      return {
        subject: `IR-${notice.ir}: extension of ${notice.days} business days requested`,
        paragraphs: [
          `${notice.requestedBy} asked for ${notice.days} more business days on IR-${notice.ir}:`,
          indent(notice.reason),
          'The agency approves or denies the request; the due date stays as it is until then.',
        ],
        mentionsAccess: true,
      };
    case 'extensionDecided':
      return {
        subject: `IR-${notice.ir}: extension ${notice.approved ? 'approved' : 'denied'}`,
        paragraphs: [
          notice.approved
            ? `The agency approved the extension of IR-${notice.ir}. The new due date is ${time(notice.dueAt)}.`
            : `The agency denied the extension of IR-${notice.ir}. It is still due ${time(notice.dueAt)}.`,
          ...(notice.reason ? [`Reason:\n${indent(notice.reason)}`] : []),
        ],
        commands: IR_COMMANDS,
      };
    case 'reminder':
      return {
        subject: `IR-${notice.ir}: due ${time(notice.dueAt)}`,
        paragraphs: [`Information request IR-${notice.ir} on complaint ${number} is due ${time(notice.dueAt)}.`],
        commands: IR_COMMANDS,
      };
    case 'pastDue':
      return {
        subject: `IR-${notice.ir}: past due`,
        paragraphs: [
          `Information request IR-${notice.ir} on complaint ${number} was due ${time(notice.dueAt)}, and no response has been submitted.`,
          'Submit a response, or ask for an extension with EXTEND <days> <reason>.',
        ],
        commands: IR_COMMANDS,
      };
    case 'complaintOpened':
      return {
        subject: `New complaint about ${notice.companyName}`,
        paragraphs: [
          `The agency opened complaint ${number} about ${notice.companyName}.`,
          `Complaint summary:\n${indent(notice.summary)}`,
          notice.enrollmentPending
            ? 'The company has not completed enrollment yet.'
            : 'The Complaints Contact assigns a point of contact (POC) for it.',
        ],
        commands: [COMMANDS.poc, COMMANDS.status],
      };
    case 'closureNotice':
      return {
        subject: 'Complaint closed',
        paragraphs: [
          `The agency closed complaint ${number}. No further responses are needed.`,
          ...(notice.reason ? [`Reason: ${notice.reason.replaceAll('-', ' ')}.`] : []),
          ...(notice.amount ? [`Amount: ${notice.amount}.`] : []),
          ...(notice.note ? [`Note from the agency:\n${indent(notice.note)}`] : []),
        ],
      };
  }
}

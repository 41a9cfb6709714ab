/** The text of the bot's own replies: errors, help and status. */
import { ErrorCode } from '../../domain/errors.ts';
import type { ComplaintView } from '../../domain/types.ts';

/** One plain sentence per rule a command can break, with what to do next where there is something. */
export const ERROR_SENTENCES: Record<ErrorCode, string> = {
  InvalidInput: 'The command or its text is invalid.',
  NotAgencyStaff: 'Only agency staff can do this.',
  NotCompanyUser:
    'Your address is not a user of the company this complaint is about. Ask your Complaints Contact to add you.',
  NotComplaintsContact: "Only your company's Complaints Contact can do this.",
  NotPoc: "Only the complaint's point of contact (POC) can do this.",
  NotPocOrHelper: "Only the complaint's point of contact (POC) or a helper can do this.",
  NotInvited: 'Only the person the agency invited can accept the enrollment.',
  AlreadyEnrolled: 'Your company has already completed enrollment; nothing changed.',
  EnrollmentPending:
    'Your company has not completed enrollment yet. The invited person completes it by replying ACCEPT to the invitation.',
  PocNotAssigned: 'No point of contact (POC) is assigned yet. The Complaints Contact assigns one with POC <email>.',
  ComplaintClosed: 'The complaint is closed, so it takes no more changes.',
  ComplaintNotFound: 'The complaint was not found.',
  CompanyNotFound: 'The company was not found.',
  UserNotFound: 'That address is not a user of your company. The Complaints Contact adds users with USER <email>.',
  UserExists: 'That address is already a user; nothing changed.',
  IrNotFound: 'The information request was not found.',
  IrNotOpen:
    'The information request is not waiting for a response now: its response was already submitted, or the complaint is closed.',
  IrNotSent: 'The information request has no submitted response.',
  NoDraft: 'There is no new draft to submit. Reply with your response first, or put it below SUBMIT.',
  RestrictedDraft: 'Only the point of contact (POC) can see or save restricted drafts.',
  ExtensionPending: 'An extension request is already waiting for the agency.',
  NoExtensionPending: 'There is no extension request waiting for a decision.',
  InvalidDueDate: 'The due date is invalid.',
};

export const HELP_TEXT = [
  "Reply to one of the bot's messages, from the address it was sent to, with one command on the first line.",
  'Text below the command is the body; the quoted original and your signature are ignored.',
  '',
  "  ACCEPT                    complete your company's enrollment (the invited person)",
  "  POC <email>               assign the complaint's point of contact (Complaints Contact)",
  '  HELPER <email>            add a helper (POC)',
  '  DRAFT, or no command      save the body as a draft (POC or helper, on an information request message)',
  '  RESTRICTED                save the body as a restricted draft (POC)',
  '  SUBMIT                    submit the latest draft, or the body if there is one (POC)',
  '  EXTEND <days> <reason>    ask the agency for more business days (POC, on an information request message)',
  '  USER <email> [name]       add a user of your company (Complaints Contact)',
  '  STATUS                    get the complaint status',
  '  HELP                      list these commands',
].join('\n');

/** Composes an error reply: what went wrong, the detail from the workflow when it adds something, and help. */
export function errorReply(sentence: string, detail?: string): string {
  const lines = [sentence];
  if (detail && detail.trim() && detail.trim() !== sentence) lines.push('', `Details: ${detail.trim()}`);
  lines.push('', 'Nothing was changed by this message. Reply HELP for the list of commands.');
  return lines.join('\n');
}

export function statusText(view: ComplaintView, formatTime: (iso: string) => string): string {
  const lines = [
    `Complaint ${view.number}: ${view.status}`,
    `Company: ${view.company.name}${view.company.enrolled ? '' : ' (enrollment pending)'}`,
    `Opened: ${formatTime(view.openedAt)}`,
    `Point of contact (POC): ${view.poc ?? 'not assigned'}`,
    `Helpers: ${view.helpers.length > 0 ? view.helpers.join(', ') : 'none'}`,
  ];
  if (view.nextDueAt) lines.push(`Next due: ${formatTime(view.nextDueAt)}`);
  lines.push('', `Summary: ${view.summary}`);

  if (view.irs.length > 0) {
    lines.push('', 'Information requests:');
    for (const ir of view.irs) {
      const drafts = ir.drafts.length > 0 ? `, ${ir.drafts.length} draft(s)` : '';
      const pending = ir.extensions.some((extension) => !extension.decision) ? ', extension requested' : '';
      lines.push(`  IR-${ir.number}: ${ir.status}, due ${formatTime(ir.dueAt)}${drafts}${pending}`);
    }
  }
  if (view.closed) {
    lines.push('', `Closed ${formatTime(view.closed.closedAt)}: ${view.closed.reason.replaceAll('-', ' ')}`);
  }
  const recent = view.timeline.slice(-10);
  if (recent.length > 0) {
    lines.push('', 'Recent activity:');
    for (const entry of recent) {
      const ir = entry.ir === undefined ? '' : ` (IR-${entry.ir})`;
      lines.push(`  ${formatTime(entry.at)}  ${entry.actor}: ${entry.event}${ir}`);
    }
  }
  return lines.join('\n');
}

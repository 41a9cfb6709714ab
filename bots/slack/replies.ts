/** The bot's ephemeral replies that are not command results: errors, help and "not registered". */
import { ErrorCode } from '../../domain/errors.ts';
import type { GatewayError } from '../gateway.ts';
import { COMMAND_NAMES, COMMANDS, type Audience, type CommandName } from './commands.ts';
import type { CommandSyntaxError } from './parse.ts';
import { escapeMrkdwn } from './render.ts';

export type CallerRole = 'agency' | 'company' | 'unknown';

/** The complaint and IR a command named, which fill in the next step of an error reply, and the caller's role. */
export interface ReplyContext {
  complaint?: string;
  ir?: number;
  role?: CallerRole;
}

interface ErrorReply {
  sentence: string;
  /** Next step for the caller. Without one, codes in `USAGE_CODES` show the command's usage line. */
  fix?: string | ((context: { complaint: string; ir: number }) => string);
}

/** One plain sentence per error code a workflow can reject a command with. */
export const ERROR_REPLIES: Record<ErrorCode, ErrorReply> = {
  InvalidInput: { sentence: 'The command has an invalid value.' },
  NotAgencyStaff: { sentence: 'Only agency staff can do that.', fix: 'See what you can do with `/ses help`.' },
  NotCompanyUser: {
    sentence: "Only the company's users can do that.",
    fix: 'See what you can do with `/ses help`.',
  },
  NotComplaintsContact: {
    sentence: "Only the company's Complaints Contact can do that.",
    fix: 'Ask your Complaints Contact to do it.',
  },
  NotPoc: { sentence: "Only the complaint's POC can do that.", fix: 'Ask the POC to do it.' },
  NotPocOrHelper: {
    sentence: "Only the complaint's POC or one of its helpers can do that.",
    fix: 'Ask the POC to add you with `/ses assign-helper`.',
  },
  NotInvited: { sentence: 'Only the invited first user can complete enrollment.' },
  AlreadyEnrolled: { sentence: 'The company has already completed enrollment.' },
  EnrollmentPending: {
    sentence: 'The company has not completed enrollment yet.',
    fix: 'The invited user completes it by replying ACCEPT to the invitation email.',
  },
  PocNotAssigned: {
    sentence: 'The complaint has no POC yet.',
    fix: ({ complaint }) =>
      `The company's Complaints Contact assigns one with \`/ses assign-poc ${complaint} <email>\`.`,
  },
  ComplaintClosed: { sentence: 'The complaint is closed, so it cannot change any more.' },
  ComplaintNotFound: { sentence: 'That complaint was not found.', fix: 'Check the number with `/ses list`.' },
  CompanyNotFound: { sentence: 'That company was not found.' },
  UserNotFound: {
    sentence: 'That person is not a user of the company.',
    fix: 'The Complaints Contact adds users with `/ses add-user <email> [name]`.',
  },
  UserExists: { sentence: 'That person is already a user.' },
  IrNotFound: {
    sentence: 'That information request was not found.',
    fix: ({ complaint }) => `Check the IR numbers with \`/ses status ${complaint}\`.`,
  },
  IrNotOpen: { sentence: 'That information request is not open for a response.' },
  IrNotSent: { sentence: 'That information request has no submitted response to send back.' },
  NoDraft: {
    sentence: 'There is no new draft to submit.',
    fix: ({ complaint, ir }) => `Save one first with \`/ses draft ${complaint} IR-${ir} <text>\`.`,
  },
  RestrictedDraft: { sentence: 'Only the POC can mark drafts restricted or work on a restricted draft.' },
  ExtensionPending: { sentence: 'An extension request is already waiting for a decision.' },
  NoExtensionPending: { sentence: 'There is no extension request waiting for a decision.' },
  InvalidDueDate: {
    sentence: 'The due date is invalid.',
    fix: 'Give a future date like 2027-01-15 or a number of business days like 10.',
  },
};

/** Codes a company user gets for a complaint that is not their company's, or that does not exist. */
const OTHER_COMPANY_CODES: ReadonlySet<ErrorCode> = new Set([ErrorCode.NotCompanyUser, ErrorCode.ComplaintNotFound]);

/** Codes whose reply shows the usage line, because the fix is to retype the command. */
const USAGE_CODES: ReadonlySet<ErrorCode> = new Set([ErrorCode.InvalidInput, ErrorCode.InvalidDueDate]);

/**
 * Composes the reply to a rejected command: the code's sentence, the workflow's message (which
 * may quote what the caller typed, so it is escaped) and the next step for this complaint and IR.
 */
export function formatGatewayError(error: GatewayError, command: CommandName, context: ReplyContext = {}): string {
  if (context.role === 'company' && OTHER_COMPANY_CODES.has(error.code)) {
    // The workflow's message names the complaint's company. A company user asking about a complaint
    // of another company learns neither that company nor whether the number exists.
    const number = context.complaint ? `Complaint ${context.complaint}` : 'That complaint';
    return `:warning: ${number} was not found among your company's complaints.\nCheck the number with \`/ses list\`.`;
  }
  const reply = ERROR_REPLIES[error.code];
  const lines = [`:warning: ${reply.sentence} ${escapeMrkdwn(error.message)}`.trim()];
  if (typeof reply.fix === 'string') lines.push(reply.fix);
  if (typeof reply.fix === 'function') {
    lines.push(reply.fix({ complaint: context.complaint ?? 'C-1042', ir: context.ir ?? 1 }));
  }
  if (USAGE_CODES.has(error.code)) lines.push(`Usage: \`${COMMANDS[command].usage}\``);
  return lines.join('\n');
}

export function formatSyntaxError(error: CommandSyntaxError): string {
  const what = error.command ? `\`/ses ${error.command}\`: ` : '';
  // An option name such as `contact=` keeps its case, as the caller types it.
  const message = /^[a-z][a-z-]*=/.test(error.message) ? error.message : capitalize(error.message);
  const problem = escapeMrkdwn(message);
  return `:warning: ${what}${problem}\nUsage: \`${error.usage}\``;
}

export function formatUnexpectedError(command?: CommandName): string {
  const what = command ? `\`/ses ${command}\`` : 'The command';
  return `:warning: ${what} failed because of an internal error, which is logged. Try again in a minute.`;
}

export function formatNotRegistered(email: string | undefined): string {
  const who = email
    ? `Your Slack profile email ${email} is neither agency staff nor a user of an enrolled company.`
    : 'Your Slack profile has no email address, so sesflow cannot tell who you are.';
  return `:warning: You are not registered with sesflow. ${who}\nAsk the agency or your company's Complaints Contact to add you; \`/ses help\` and \`/ses hours\` work for everyone.`;
}

export function formatWrongAudience(command: CommandName, role: CallerRole): string {
  const audience = COMMANDS[command].audience;
  if (audience === 'agency')
    return `:warning: ${ERROR_REPLIES.NotAgencyStaff.sentence} See what you can do with \`/ses help\`.`;
  if (audience === 'company' && role === 'agency') {
    return `:warning: \`/ses ${command}\` is for company users; agency staff cannot use it. See \`/ses help\`.`;
  }
  return formatNotRegistered(undefined);
}

/** Returns whether a caller of `role` may use a command meant for `audience`. */
export function mayUse(role: CallerRole, audience: Audience): boolean {
  if (audience === 'anyone') return true;
  if (audience === 'registered') return role !== 'unknown';
  return audience === role;
}

/** Lists the commands the caller may use, or the usage of one command. */
export function formatHelp(role: CallerRole, topic?: CommandName): string {
  if (topic) {
    const spec = COMMANDS[topic];
    return `\`${spec.usage}\`\n${capitalize(spec.summary)}.`;
  }

  const heading =
    role === 'agency'
      ? 'Commands for agency staff:'
      : role === 'company'
        ? 'Commands for company users:'
        : 'You are not registered with sesflow, so these are the commands you can use:';
  const lines = COMMAND_NAMES.filter((name) => mayUse(role, COMMANDS[name].audience)).map(
    (name) => `• \`${COMMANDS[name].usage}\`: ${COMMANDS[name].summary}`,
  );
  return [heading, ...lines].join('\n');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

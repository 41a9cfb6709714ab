/**
 * Acts on one received email: checks its reply token and sender, reads the command and applies
 * it through the gateway. Rule violations get an error reply; any other failure is thrown, so
 * the caller leaves the message unread and tries again later.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { supportCalendar } from '../../activities/email.ts';
import type { Actor } from '../../domain/types.ts';
import type { Logger } from '../../lib/log.ts';
import {
  acceptEnrollment,
  addUser,
  assignHelper,
  assignPoc,
  requestExtension,
  saveDraft,
  submitResponse,
} from '../../workflows/messages.ts';
import { GatewayError, type Gateway } from '../gateway.ts';
import type { InboundMail } from './inbound.ts';
import { replyTokenOf } from './reply-tokens.ts';
import { parseCommand, parseCommandLoosely, visibleReplyText, type CommandName, type EmailCommand } from './parse.ts';
import { ERROR_SENTENCES, HELP_TEXT, errorReply, statusText } from './replies.ts';

/** The part of the gateway the email bot uses. */
export type EmailGateway = Pick<Gateway, 'registryUpdate' | 'complaintUpdate' | 'complaintStatus'>;

/** Sends the bot's own reply (help, status, errors) to `to`, threaded under `inReplyTo`. */
export type ReplySender = (to: string, inReplyTo: string, subject: string, text: string) => Promise<void>;

export interface HandlerOptions {
  gateway: EmailGateway;
  botAddress: string;
  tokenSecret: string;
  reply: ReplySender;
  log: Logger;
  /** Formats ISO instants in replies; Eastern Time by default. */
  formatTime?: (iso: string) => string;
}

export type HandleOutcome =
  | { result: 'ignored'; reason: string }
  /** The update was accepted; the workflow's own email confirms it. */
  | { result: 'applied'; command: CommandName }
  /** The bot replied itself: help, status, or a confirmation the workflows do not send. */
  | { result: 'replied'; command: CommandName }
  /** Nothing changed and an error reply went out. */
  | { result: 'rejected'; reason: string };

export const NO_TOKEN_REPLY = errorReply(
  "This address accepts replies to the bot's messages only, and your message is not a reply to one. " +
    'Reply to the message about your complaint that you received from the bot, so the reply goes to the address it gives.',
);

export const FORGED_TOKEN_REPLY = errorReply(
  "The address your message was sent to was not issued by the bot, so it may have been changed or copied. Reply to the bot's message itself.",
);

export const WRONG_SENDER_REPLY = errorReply(
  'This address is not the one the message was sent to. Reply from the address that received the message, or ask that person to act.',
);

export const NO_IR_REPLY = errorReply(
  'This message is not about an information request, so its text cannot be saved as a response. ' +
    "Reply to the information request's message, or put a command on the first line.",
);

export const INTERNAL_ERROR_REPLY = errorReply(
  'Your message could not be applied because of an internal error, which was logged for the agency. Try again later.',
);

export const COMMAND_NEEDS_IR_REPLY = errorReply(
  "This message is not about an information request, and that command acts on one. Reply to the information request's message instead.",
);

export const EMPTY_DRAFT_REPLY = errorReply(
  'The reply has no text to save as a draft. Write your response above the quoted message.',
);

export const ATTACHMENT_ONLY_REPLY = errorReply(
  'The reply has attachments but no text, and sesflow keeps the text of replies only. ' +
    'Write your response in the reply itself, above the quoted message.',
);

export async function handleInboundMail(mail: InboundMail, options: HandlerOptions): Promise<HandleOutcome> {
  const log = options.log.child({ messageId: mail.messageId, from: mail.from });
  if (mail.automatic) {
    log.info({ reason: mail.automatic }, 'email ignored: automatic message');
    return { result: 'ignored', reason: mail.automatic };
  }
  if (!mail.from) {
    log.warn('email ignored: no From address');
    return { result: 'ignored', reason: 'no From address' };
  }
  const from = mail.from;
  const respond = (text: string) => options.reply(from, mail.messageId, replySubject(mail.subject), text);
  const reject = async (reason: string, text: string): Promise<HandleOutcome> => {
    await respond(text);
    log.info({ reason }, 'email rejected; error reply sent');
    return { result: 'rejected', reason };
  };

  const visibleText = visibleReplyText(mail.text);
  const command = parseCommand(visibleText);
  const token = replyTokenOf(mail, options);
  if (token.kind === 'none') {
    if (command.name === 'help' || parseCommandLoosely(visibleText)?.name === 'help') {
      await respond(HELP_TEXT);
      return { result: 'replied', command: 'help' };
    }
    return reject('no reply token', NO_TOKEN_REPLY);
  }
  if (token.kind === 'forged') return reject('invalid reply token', FORGED_TOKEN_REPLY);
  if (token.kind === 'otherRecipient') return reject('sender is not the recipient', WRONG_SENDER_REPLY);
  const verified = token.token;

  const context: CommandContext = {
    ...options,
    complaint: verified.complaint,
    ir: verified.ir,
    key: `email:${mail.messageId}`,
    actor: { kind: 'company', email: from, via: 'email' },
    respond,
    visibleText,
    attachments: mail.attachments ?? [],
  };
  const commandLog = log.child({ complaint: verified.complaint, ir: verified.ir, command: command.name });
  try {
    const outcome = await applyCommand(command, context);
    commandLog.info({ result: outcome.result }, 'email command handled');
    return outcome;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      // The workflow rejected the update with a failure that carries no rule code, as a bug would.
      // Trying again would fail again, so the sender hears it now and the message is not kept.
      commandLog.error({ err: error }, 'email command failed in the workflow; error reply sent');
      await respond(INTERNAL_ERROR_REPLY);
      return { result: 'rejected', reason: 'internal error' };
    }
    if (!(error instanceof GatewayError)) throw error;
    await respond(errorReply(ERROR_SENTENCES[error.code], error.message));
    commandLog.info({ code: error.code }, 'email command rejected; error reply sent');
    return { result: 'rejected', reason: error.code };
  }
}

interface CommandContext extends HandlerOptions {
  complaint: string;
  ir?: number;
  key: string;
  actor: Actor;
  respond(text: string): Promise<void>;
  /** The reply's text without the quoted original and the signature. */
  visibleText: string;
  /** File names of the message's attachments. */
  attachments: string[];
}

async function applyCommand(command: EmailCommand, context: CommandContext): Promise<HandleOutcome> {
  const { gateway, complaint, key, actor } = context;
  const formatTime = context.formatTime ?? supportCalendar.formatEastern;
  switch (command.name) {
    case 'invalid':
      await context.respond(errorReply(command.message));
      return { result: 'rejected', reason: `invalid ${command.command}` };
    case 'help':
      await context.respond(HELP_TEXT);
      return { result: 'replied', command: 'help' };
    case 'status': {
      const view = await gateway.complaintStatus(complaint, actor);
      await context.respond(statusText(view, formatTime));
      return { result: 'replied', command: 'status' };
    }
    case 'accept': {
      const view = await gateway.complaintStatus(complaint, actor);
      await gateway.registryUpdate(acceptEnrollment, { key, actor, companyId: view.company.id });
      return { result: 'applied', command: 'accept' };
    }
    case 'user': {
      const view = await gateway.complaintStatus(complaint, actor);
      const name = command.userName;
      await gateway.registryUpdate(addUser, { key, actor, companyId: view.company.id, email: command.email, name });
      // The new user gets the workflow's welcome email; the Complaints Contact gets this confirmation.
      await context.respond(`${command.email} is now a user of ${view.company.name}.`);
      return { result: 'replied', command: 'user' };
    }
    case 'poc':
      await gateway.complaintUpdate(complaint, assignPoc, { key, actor, email: command.email });
      return { result: 'applied', command: 'poc' };
    case 'helper':
      await gateway.complaintUpdate(complaint, assignHelper, { key, actor, email: command.email });
      return { result: 'applied', command: 'helper' };
  }

  // The remaining commands act on the information request the replied-to message was about.
  const ir = context.ir;
  if (ir === undefined) {
    // Text on a message about no information request cannot be a draft, so "Accept, thanks" or
    // "POC paul" is read as the command its first word names.
    const loose = command.name === 'draft' ? parseCommandLoosely(context.visibleText) : undefined;
    if (loose) return applyCommand(loose, context);
    await context.respond(command.name === 'draft' ? NO_IR_REPLY : COMMAND_NEEDS_IR_REPLY);
    return { result: 'rejected', reason: 'no information request in the token' };
  }
  switch (command.name) {
    case 'draft':
      if (!command.text) {
        await context.respond(context.attachments.length > 0 ? ATTACHMENT_ONLY_REPLY : EMPTY_DRAFT_REPLY);
        return { result: 'rejected', reason: 'empty draft' };
      }
      await gateway.complaintUpdate(complaint, saveDraft, {
        key,
        actor,
        ir,
        text: command.text,
        restricted: command.restricted,
      });
      await reportDroppedAttachments(context);
      return { result: 'applied', command: 'draft' };
    case 'submit':
      await gateway.complaintUpdate(complaint, submitResponse, { key, actor, ir, text: command.text });
      await reportDroppedAttachments(context);
      return { result: 'applied', command: 'submit' };
    case 'extend':
      await gateway.complaintUpdate(complaint, requestExtension, {
        key,
        actor,
        ir,
        days: command.days,
        reason: command.reason,
      });
      await context.respond(
        `Your request for ${command.days} more business days on IR-${ir} was sent to the agency. ` +
          'The due date stays as it is until the agency decides.',
      );
      return { result: 'replied', command: 'extend' };
  }
}

/** Tells the sender that the attachments of a saved draft or submission were not kept with it. */
async function reportDroppedAttachments(context: CommandContext): Promise<void> {
  if (context.attachments.length === 0) return;
  await context.respond(
    `Your text was saved, but sesflow keeps the text of replies only, so these attachments were not saved with it: ` +
      `${context.attachments.join(', ')}. Put their content in the text of a reply, or send the files to the agency another way.`,
  );
}

export function replySubject(subject: string): string {
  const trimmed = subject.trim();
  if (!trimmed) return 'Re: your message';
  return /^re:/i.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}

/**
 * Handling of a `/ses` command or a form submission after Bolt acknowledged it: resolve the caller,
 * check the command is theirs to use, run it, and reply ephemerally.
 */
import type { RespondFn, SlashCommand, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../lib/log.ts';
import { GatewayError } from '../gateway.ts';
import { ProfileLookupError, type Caller, type CallerResolver } from './caller.ts';
import { COMMANDS, type CommandName } from './commands.ts';
import { buildFormView, formNameOf, parseForm, parseFormMetadata, readFormValues, type FormMetadata } from './forms.ts';
import { CommandSyntaxError, parseSesCommand, type FormName, type SesCommand } from './parse.ts';
import {
  ERROR_REPLIES,
  formatGatewayError,
  formatHelp,
  formatNotRegistered,
  formatSyntaxError,
  formatUnexpectedError,
  formatWrongAudience,
  mayUse,
} from './replies.ts';
import { renderHours, runCommand } from './run-command.ts';
import type { SlackGateway } from './slack-gateway.ts';

export interface Handlers {
  gateway: SlackGateway;
  client: WebClient;
  callers: CallerResolver;
  log: Logger;
  now: () => Date;
}

/** Source of a command, used to open a form and to reply. */
interface Origin {
  userId: string;
  channel: string;
  triggerId: string;
  responseUrl?: string;
}

const PROFILE_UNAVAILABLE =
  ':warning: sesflow could not read your Slack profile from Slack, so it cannot tell who you are. Try again in a minute.';

export async function handleSlashCommand(
  handlers: Handlers,
  command: SlashCommand,
  respond: RespondFn,
  retryNum: number | undefined,
): Promise<void> {
  // A redelivered request (`x-slack-retry-num`, which Bolt passes as retryNum) has the same body and
  // trigger_id, so the key repeats and the gateway, which uses it as the update id, applies it once.
  const key = `slack:${command.trigger_id}`;
  const log = handlers.log.child({ key, slackUserId: command.user_id, ...(retryNum ? { retryNum } : {}) });
  const origin: Origin = {
    userId: command.user_id,
    channel: command.channel_id,
    triggerId: command.trigger_id,
    responseUrl: command.response_url,
  };

  let reply: string | undefined;
  try {
    reply = await runAndReply(handlers, log, origin, key, () => parseSesCommand(command.text));
  } catch (error) {
    log.error({ err: error }, 'slash command failed');
    reply = formatUnexpectedError();
  }
  if (reply === undefined) return;

  try {
    await respond({ response_type: 'ephemeral', text: reply });
  } catch (error) {
    log.error({ err: error }, 'reply to response_url failed');
  }
}

export async function handleFormSubmission(
  handlers: Handlers,
  body: ViewSubmitAction,
  ack: (response?: ViewResponseAction) => Promise<void>,
): Promise<void> {
  const form = formNameOf(body.view.callback_id);
  if (!form) {
    await ack();
    return;
  }
  const result = parseForm(form, readFormValues(body.view.state));
  if (!result.ok) {
    await ack({ response_action: 'errors', errors: result.errors });
    return;
  }
  await ack();

  // One view id per opened form, and a form closes after its one accepted submission.
  const key = `slack:${body.view.id}`;
  const log = handlers.log.child({ key, slackUserId: body.user.id, form });
  const metadata = parseFormMetadata(body.view.private_metadata) ?? { channel: body.user.id };
  const origin: Origin = {
    userId: body.user.id,
    channel: metadata.channel,
    triggerId: body.trigger_id,
    ...(metadata.responseUrl ? { responseUrl: metadata.responseUrl } : {}),
  };

  let reply: string | undefined;
  try {
    reply = await runAndReply(handlers, log, origin, key, () => result.command);
  } catch (error) {
    log.error({ err: error }, 'form submission failed');
    reply = formatUnexpectedError(form);
  }
  if (reply !== undefined) await replyAfterForm(handlers, log, metadata, body.user.id, reply);
}

/** Runs one command and returns the reply, or nothing when a form opened instead. */
async function runAndReply(
  handlers: Handlers,
  log: Logger,
  origin: Origin,
  key: string,
  parse: () => SesCommand,
): Promise<string | undefined> {
  let command: SesCommand;
  try {
    command = parse();
  } catch (error) {
    if (!(error instanceof CommandSyntaxError)) throw error;
    log.info({ command: error.command, problem: 'syntax' }, 'slash command rejected');
    return formatSyntaxError(error);
  }
  const name: CommandName = command.name === 'form' ? command.form : command.name;

  let caller: Caller;
  try {
    caller = await handlers.callers.resolve(origin.userId);
  } catch (error) {
    if (!(error instanceof ProfileLookupError)) throw error;
    return PROFILE_UNAVAILABLE;
  }

  if (command.name === 'help') return formatHelp(caller.role, command.topic);
  if (command.name === 'hours') return renderHours(handlers.now());
  if (!mayUse(caller.role, COMMANDS[name].audience)) {
    log.info({ command: name, role: caller.role }, 'slash command not allowed for caller');
    if (caller.role !== 'unknown') return formatWrongAudience(name, caller.role);
    if (caller.pendingCompany)
      return `:warning: ${ERROR_REPLIES.EnrollmentPending.sentence} (${caller.pendingCompany})`;
    return formatNotRegistered(caller.profile.email);
  }
  if (caller.role === 'unknown') return formatNotRegistered(caller.profile.email);

  if (command.name === 'form') return openForm(handlers, log, origin, command.form);

  const started = Date.now();
  const complaint = 'complaint' in command ? command.complaint : undefined;
  try {
    const reply = await runCommand(command, { gateway: handlers.gateway, caller, key, now: handlers.now() });
    log.info({ command: name, complaint, role: caller.role, ms: Date.now() - started }, 'slash command applied');
    return reply;
  } catch (error) {
    if (!(error instanceof GatewayError)) {
      log.error({ err: error, command: name, complaint }, 'slash command failed');
      return formatUnexpectedError(name);
    }
    log.info({ command: name, complaint, code: error.code }, 'slash command rejected by workflow');
    const ir = 'ir' in command ? command.ir : undefined;
    return formatGatewayError(error, name, { complaint, ir, role: caller.role });
  }
}

async function openForm(handlers: Handlers, log: Logger, origin: Origin, form: FormName): Promise<string | undefined> {
  const metadata: FormMetadata = {
    channel: origin.channel,
    ...(origin.responseUrl ? { responseUrl: origin.responseUrl } : {}),
  };
  try {
    await handlers.client.views.open({ trigger_id: origin.triggerId, view: buildFormView(form, metadata) });
    log.info({ command: form }, 'form opened');
    return undefined;
  } catch (error) {
    log.warn({ err: error, command: form }, 'views.open failed');
    return `:warning: The form for \`/ses ${form}\` could not be opened. Type the command with its arguments instead:\n\`${COMMANDS[form].usage}\``;
  }
}

/** Replies through the slash command's response_url, or as an ephemeral message when that fails. */
async function replyAfterForm(
  handlers: Handlers,
  log: Logger,
  metadata: FormMetadata,
  userId: string,
  text: string,
): Promise<void> {
  if (metadata.responseUrl) {
    try {
      const response = await fetch(metadata.responseUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', text }),
      });
      if (response.ok) return;
      log.warn({ status: response.status }, 'reply to response_url failed');
    } catch (error) {
      log.warn({ err: error }, 'reply to response_url failed');
    }
  }
  try {
    await handlers.client.chat.postEphemeral({ channel: metadata.channel, user: userId, text });
  } catch (error) {
    log.error({ err: error }, 'chat.postEphemeral failed; the caller got no reply');
  }
}

/**
 * Runs a parsed `/ses` command through the gateway and returns the reply text. Gateway failures
 * propagate as `GatewayError`; the caller turns them into replies.
 */
import { formatEastern, supportAccessAt } from '../../domain/hours.ts';
import {
  addUser,
  assignHelper,
  assignPoc,
  closeComplaint,
  createIr,
  decideExtension,
  requestExtension,
  saveDraft,
  sendBack,
  submitResponse,
  type DecideExtensionInput,
} from '../../workflows/messages.ts';
import type { Caller } from './caller.ts';
import type { SesCommand } from './parse.ts';
import { escapeMrkdwn, formatTime, renderList, renderStatus } from './render.ts';
import type { SlackGateway } from './slack-gateway.ts';

/** Commands that reach the gateway; `help` and `form` are handled by the bot itself. */
export type GatewayCommand = Exclude<SesCommand, { name: 'help' } | { name: 'form' }>;

export interface CommandRun {
  gateway: SlackGateway;
  /** A resolved agency or company caller; commands for unknown callers are rejected before this. */
  caller: Exclude<Caller, { role: 'unknown' }>;
  /** The update id: `slack:<trigger_id>`, identical when Slack redelivers the same request. */
  key: string;
  now: Date;
}

export async function runCommand(command: GatewayCommand, run: CommandRun): Promise<string> {
  const { gateway, caller, key } = run;
  const actor = caller.actor;

  switch (command.name) {
    case 'new': {
      const { companyName, contact, summary, consumerReference } = command;
      const result = await gateway.openComplaint({
        key,
        actor,
        companyName,
        contact,
        summary,
        ...(consumerReference ? { consumerReference } : {}),
      });
      const company = escapeMrkdwn(companyName);
      // An existing company keeps its users, so the contact given now is neither added nor invited.
      const invited = result.companyCreated
        ? ` ${contact.email} was invited to enroll ${company}.`
        : ` ${company} was already registered, so ${contact.email} was not invited; the company's users handle the complaint.`;
      const pending = result.status === 'EnrollmentPending' ? ' The company has not completed enrollment yet.' : '';
      return `Opened *${result.number}* for ${company}.${invited}${pending}`;
    }
    case 'ir': {
      const result = await gateway.complaintUpdate(command.complaint, createIr, {
        key,
        actor,
        question: command.question,
        due: command.due,
      });
      return `Created *IR-${result.ir}* on ${command.complaint}, due ${formatTime(result.dueAt)}.`;
    }
    case 'sendback': {
      const { complaint, ir, due, note } = command;
      const result = await gateway.complaintUpdate(complaint, sendBack, { key, actor, ir, due, note });
      return `Returned IR-${result.ir} of ${complaint} for updates; it is now due ${formatTime(result.dueAt)}.`;
    }
    case 'close': {
      const { complaint, reason, amount, visibleToCompany, note } = command;
      const input = { key, actor, reason, visibleToCompany, note, ...(amount === undefined ? {} : { amount }) };
      const result = await gateway.complaintUpdate(complaint, closeComplaint, input);
      const shown = visibleToCompany
        ? 'The company sees the reason and note.'
        : 'The company sees only that it closed.';
      return `Closed *${complaint}* (${reason}) ${formatTime(result.closedAt)}. ${shown}`;
    }
    case 'status':
      return renderStatus(await gateway.complaintStatus(command.complaint, actor), caller.role);
    case 'list':
      return renderList(await gateway.listOpen(actor), caller.role);
    case 'hours':
      return renderHours(run.now);
    case 'assign-poc': {
      const result = await gateway.complaintUpdate(command.complaint, assignPoc, { key, actor, email: command.email });
      return `${result.poc} is now the POC of ${command.complaint}.`;
    }
    case 'assign-helper': {
      const result = await gateway.complaintUpdate(command.complaint, assignHelper, {
        key,
        actor,
        email: command.email,
      });
      return `${result.helper} is now a helper on ${command.complaint}.`;
    }
    case 'draft': {
      const { complaint, ir, text, restricted } = command;
      const result = await gateway.complaintUpdate(complaint, saveDraft, { key, actor, ir, text, restricted });
      const marked = result.restricted ? ' (restricted)' : '';
      return (
        `Saved draft v${result.version}${marked} of the response to IR-${result.ir} on ${complaint}. ` +
        `The POC submits it with \`/ses submit ${complaint} IR-${result.ir}\`.`
      );
    }
    case 'submit': {
      const { complaint, ir } = command;
      const result = await gateway.complaintUpdate(complaint, submitResponse, { key, actor, ir });
      return `Submitted v${result.version} as the response to IR-${result.ir} on ${complaint} ${formatTime(result.submittedAt)}; its status is now Sent.`;
    }
    case 'extend': {
      const { complaint, ir, days, reason } = command;
      const result = await gateway.complaintUpdate(complaint, requestExtension, { key, actor, ir, days, reason });
      return `Asked the agency for ${days} more business days on IR-${result.ir} of ${complaint}. You will hear when it decides.`;
    }
    case 'extension':
      return decide(command, run);
    case 'add-user': {
      if (caller.role !== 'company') throw new Error('add-user reached the gateway without a company caller');
      const result = await gateway.registryUpdate(addUser, {
        key,
        actor,
        companyId: caller.company.companyId,
        email: command.email,
        ...(command.userName ? { name: command.userName } : {}),
      });
      return `Added ${result.email} as a user of ${escapeMrkdwn(caller.company.companyName)}.`;
    }
    case 'export': {
      const result = await gateway.exportComplaints({
        key,
        actor,
        status: command.status,
        channel: caller.profile.userId,
      });
      const noun = result.rows === 1 ? 'complaint' : 'complaints';
      return `Sent you a CSV file of ${result.rows} ${command.status === 'all' ? '' : `${command.status} `}${noun}.`;
    }
  }
}

async function decide(command: Extract<SesCommand, { name: 'extension' }>, run: CommandRun): Promise<string> {
  const { complaint, ir, approve, due, reason } = command;
  const input: DecideExtensionInput = { key: run.key, actor: run.caller.actor, ir, approve };
  if (due) input.due = due;
  if (reason) input.reason = reason;

  const result = await run.gateway.complaintUpdate(complaint, decideExtension, input);
  const verdict = approve ? 'Approved' : 'Denied';
  return `${verdict} the extension for IR-${result.ir} of ${complaint}; it is due ${formatTime(result.dueAt)}.`;
}

/** Renders `/ses hours`, which needs no caller and so also works for unknown Slack users. */
export function renderHours(now: Date): string {
  const access = supportAccessAt(now);
  const next = access.level === 'Full' ? 'Limited' : 'Full';
  return `Support access now: *${access.level} Access* (${access.reason}) until ${formatEastern(access.until)}, then ${next} Access.`;
}

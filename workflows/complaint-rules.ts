/**
 * The rules of each complaint update. Validators call these before an update enters history, and
 * the handler calls the same check again for the values it returns. The handler runs right after
 * its validator, in the same workflow activation, and applies its change before any other message
 * is handled, so both calls see the same state. Each check throws `rejection(code, message)`
 * naming the value at fault.
 */
import { ErrorCode, rejection } from '../domain/errors.ts';
import {
  addBusinessDays,
  easternDate,
  easternInstant,
  formatEastern,
  FULL_ACCESS_END_HOUR,
  resolveDue,
} from '../domain/hours.ts';
import { CLOSE_REASONS, type DraftVersion, type InformationRequest } from '../domain/types.ts';
import {
  requireActiveCompanyUser,
  requireAgency,
  requireIr,
  requireNamedUser,
  requireNotClosed,
  requirePoc,
  requireText,
  requireWaitingIr,
} from './complaint-guards.ts';
import { pendingExtension, WAITING_ON_COMPANY, type ComplaintState } from './complaint-state.ts';
import type {
  AssignHelperInput,
  AssignPocInput,
  CloseInput,
  CreateIrInput,
  DecideExtensionInput,
  RequestExtensionInput,
  SaveDraftInput,
  SendBackInput,
  SubmitResponseInput,
} from './messages.ts';

export const MAX_EXTENSION_DAYS = 30;
const AMOUNT_PATTERN = /^\d{1,12}(\.\d{1,2})?$/;

export function checkAssignPoc(state: ComplaintState, input: AssignPocInput): string {
  const email = requireActiveCompanyUser(state, input.actor);
  if (state.findUser(email)?.role !== 'ComplaintsContact') {
    throw rejection(
      ErrorCode.NotComplaintsContact,
      `Only the Complaints Contact of ${state.company.name} can assign the POC of complaint ${state.number}.`,
    );
  }
  return requireNamedUser(state, input, 'POC');
}

export function checkAssignHelper(state: ComplaintState, input: AssignHelperInput): string {
  const email = requireActiveCompanyUser(state, input.actor);
  requirePoc(state, email, 'add helpers');
  const helper = requireNamedUser(state, input, 'helper');
  if (helper === state.poc) {
    throw rejection(ErrorCode.InvalidInput, `${helper} is the POC of complaint ${state.number}, not a helper.`);
  }
  if (state.helpers.includes(helper)) {
    throw rejection(ErrorCode.InvalidInput, `${helper} is already a helper on complaint ${state.number}.`);
  }
  return helper;
}

/** Returns the resolved due date of the new IR. */
export function checkCreateIr(state: ComplaintState, input: CreateIrInput, now: Date): Date {
  requireNotClosed(state);
  requireAgency(state, input.actor, 'create information requests');
  requireText(input.question, 'question');
  return resolveDue(input.due, now);
}

/** Returns the author's email and the IR the draft belongs to. */
export function checkSaveDraft(
  state: ComplaintState,
  input: SaveDraftInput,
): { author: string; ir: InformationRequest } {
  const author = requireActiveCompanyUser(state, input.actor);
  const isHelper = state.helpers.includes(author);
  if (author !== state.poc && !isHelper) {
    throw rejection(
      ErrorCode.NotPocOrHelper,
      `Only the POC or a helper of complaint ${state.number} can save drafts; ${author} is neither.`,
    );
  }
  const ir = requireWaitingIr(state, input.ir);
  requireText(input.text, 'draft');
  if (author !== state.poc && input.restricted) {
    throw rejection(ErrorCode.RestrictedDraft, `Only the POC can save a restricted draft of IR-${ir.number}.`);
  }
  if (author !== state.poc && state.latestDraft(ir)?.restricted) {
    throw rejection(
      ErrorCode.RestrictedDraft,
      `The latest draft of IR-${ir.number} is restricted, so only the POC can change it.`,
    );
  }
  return { author, ir };
}

/** Returns the IR and, when the request carries no text, the draft to submit. */
export function checkSubmit(
  state: ComplaintState,
  input: SubmitResponseInput,
): { poc: string; ir: InformationRequest; draft?: DraftVersion } {
  const email = requireActiveCompanyUser(state, input.actor);
  requirePoc(state, email, 'submit responses');
  const ir = requireWaitingIr(state, input.ir);
  if (input.text !== undefined && input.text.trim() !== '') return { poc: email, ir };

  const draft = state.latestDraft(ir);
  const lastSubmitted = ir.submissions[ir.submissions.length - 1]?.version ?? 0;
  if (!draft || draft.version <= lastSubmitted) {
    throw rejection(
      ErrorCode.NoDraft,
      `IR-${ir.number} on complaint ${state.number} has no new draft to submit; save a draft first or include the text.`,
    );
  }
  return { poc: email, ir, draft };
}

/** Returns the IR and its new due date. */
export function checkSendBack(
  state: ComplaintState,
  input: SendBackInput,
  now: Date,
): { ir: InformationRequest; dueAt: Date } {
  requireNotClosed(state);
  requireAgency(state, input.actor, 'return responses for updates');
  const ir = requireIr(state, input.ir);
  if (ir.status !== 'Sent') {
    throw rejection(
      ErrorCode.IrNotSent,
      `IR-${ir.number} on complaint ${state.number} is ${ir.status}; only a submitted (Sent) response can be returned.`,
    );
  }
  requireText(input.note, 'note on what to update');
  return { ir, dueAt: resolveDue(input.due, now) };
}

export function checkRequestExtension(state: ComplaintState, input: RequestExtensionInput): InformationRequest {
  const email = requireActiveCompanyUser(state, input.actor);
  requirePoc(state, email, 'request extensions');
  const ir = requireWaitingIr(state, input.ir);
  if (pendingExtension(ir)) {
    throw rejection(
      ErrorCode.ExtensionPending,
      `IR-${ir.number} already has an extension request waiting for the agency's decision.`,
    );
  }
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_EXTENSION_DAYS) {
    throw rejection(
      ErrorCode.InvalidInput,
      `Extension days must be a whole number from 1 to ${MAX_EXTENSION_DAYS}; got ${input.days}.`,
    );
  }
  requireText(input.reason, 'reason for the extension');
  return ir;
}

/**
 * Returns the IR and the due date after the decision. An approval without a date adds the
 * requested business days to the current due date, or to today when that date has passed. A
 * denial keeps the current due date.
 */
export function checkDecideExtension(
  state: ComplaintState,
  input: DecideExtensionInput,
  now: Date,
): { ir: InformationRequest; dueAt: Date } {
  requireNotClosed(state);
  requireAgency(state, input.actor, 'decide extension requests');
  const ir = requireIr(state, input.ir);
  const pending = pendingExtension(ir);
  if (!pending) {
    throw rejection(
      ErrorCode.NoExtensionPending,
      `IR-${ir.number} on complaint ${state.number} has no pending extension request.`,
    );
  }
  if (!input.approve) return { ir, dueAt: new Date(ir.dueAt) };
  if (!WAITING_ON_COMPANY.has(ir.status)) {
    throw rejection(
      ErrorCode.IrNotOpen,
      `IR-${ir.number} on complaint ${state.number} is ${ir.status}, so there is no due date to extend. ` +
        'Deny the request, or send the response back with a new due date.',
    );
  }
  if (input.due) {
    const dueAt = resolveDue(input.due, now);
    if (dueAt.getTime() <= new Date(ir.dueAt).getTime()) {
      throw rejection(
        ErrorCode.InvalidDueDate,
        `An approved extension must move IR-${ir.number}'s due date later than ${formatEastern(new Date(ir.dueAt))}; ` +
          'give a later due date, or approve without one to add the requested days.',
      );
    }
    return { ir, dueAt };
  }
  const dueDate = easternDate(new Date(ir.dueAt));
  const today = easternDate(now);
  const extendedDate = addBusinessDays(dueDate > today ? dueDate : today, pending.days);
  return { ir, dueAt: easternInstant(extendedDate, FULL_ACCESS_END_HOUR) };
}

export function checkClose(state: ComplaintState, input: CloseInput): void {
  requireNotClosed(state);
  requireAgency(state, input.actor, 'close complaints');
  if (!(CLOSE_REASONS as readonly string[]).includes(input.reason)) {
    throw rejection(
      ErrorCode.InvalidInput,
      `"${input.reason}" is not a closing reason; use one of ${CLOSE_REASONS.join(', ')}.`,
    );
  }
  if (typeof input.note !== 'string') {
    throw rejection(ErrorCode.InvalidInput, 'The closing note is missing; send a note, which may be empty.');
  }
  if (input.reason === 'monetary-relief' && (input.amount === undefined || input.amount.trim() === '')) {
    throw rejection(ErrorCode.InvalidInput, 'Closing with monetary-relief needs an amount, e.g. amount=250.00.');
  }
  if (input.amount !== undefined && !AMOUNT_PATTERN.test(input.amount.trim())) {
    throw rejection(
      ErrorCode.InvalidInput,
      `Amount "${input.amount}" is not a valid amount; use digits with up to two decimals, e.g. 250.00.`,
    );
  }
  if (input.reason === 'monetary-relief' && Number(input.amount) === 0) {
    throw rejection(ErrorCode.InvalidInput, 'Monetary relief needs an amount above zero.');
  }
}

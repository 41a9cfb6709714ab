/**
 * Checks shared by the complaint rules: who the actor is, the complaint and IR states, and plain
 * input checks. Each throws `rejection(code, message)` naming the value at fault.
 */
import { ErrorCode, rejection } from '../domain/errors.ts';
import type { Actor, InformationRequest } from '../domain/types.ts';
import { normalizeEmail, WAITING_ON_COMPANY, type ComplaintState } from './complaint-state.ts';
import { MAX_TEXT_LENGTH } from '../domain/limits.ts';

const EMAIL_PATTERN = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export function isValidEmail(email: string): boolean {
  return EMAIL_PATTERN.test(email.trim());
}

export function requireNotClosed(state: ComplaintState): void {
  if (state.isClosed) throw rejection(ErrorCode.ComplaintClosed, `Complaint ${state.number} is closed.`);
}

export function requireAgency(state: ComplaintState, actor: Actor, action: string): void {
  if (actor.kind !== 'agency') {
    throw rejection(ErrorCode.NotAgencyStaff, `Only agency staff can ${action} on complaint ${state.number}.`);
  }
}

/** Returns the actor's normalized email when the actor is a user of the complaint's company. */
export function requireCompanyUser(state: ComplaintState, actor: Actor): string {
  if (actor.kind !== 'company') {
    throw rejection(
      ErrorCode.NotCompanyUser,
      `Only users of ${state.company.name} can do that on complaint ${state.number}.`,
    );
  }
  if (!state.findUser(actor.email)) {
    throw rejection(
      ErrorCode.NotCompanyUser,
      `${normalizeEmail(actor.email)} is not a user of ${state.company.name}, the company of complaint ${state.number}.`,
    );
  }
  return normalizeEmail(actor.email);
}

export function requireEnrolled(state: ComplaintState): void {
  if (state.status === 'EnrollmentPending') {
    throw rejection(
      ErrorCode.EnrollmentPending,
      `Complaint ${state.number} is waiting for ${state.company.name} to complete enrollment.`,
    );
  }
}

/** Checks the actor is a company user of an enrolled, open complaint; returns the actor's email. */
export function requireActiveCompanyUser(state: ComplaintState, actor: Actor): string {
  requireNotClosed(state);
  const email = requireCompanyUser(state, actor);
  requireEnrolled(state);
  return email;
}

export function requirePoc(state: ComplaintState, email: string, action: string): void {
  if (!state.poc) {
    throw rejection(ErrorCode.PocNotAssigned, `Complaint ${state.number} has no POC yet, so nobody can ${action}.`);
  }
  if (state.poc !== email) {
    throw rejection(ErrorCode.NotPoc, `Only the POC of complaint ${state.number} (${state.poc}) can ${action}.`);
  }
}

export function requireIr(state: ComplaintState, number: number): InformationRequest {
  const ir = state.findIr(number);
  if (!ir) throw rejection(ErrorCode.IrNotFound, `IR-${number} was not found on complaint ${state.number}.`);
  return ir;
}

export function requireWaitingIr(state: ComplaintState, number: number): InformationRequest {
  const ir = requireIr(state, number);
  if (!WAITING_ON_COMPANY.has(ir.status)) {
    throw rejection(
      ErrorCode.IrNotOpen,
      `IR-${number} on complaint ${state.number} is ${ir.status}; it takes responses only while Open or ReturnedForUpdate.`,
    );
  }
  return ir;
}

/**
 * Returns the normalized email of the company user a request names as POC or helper. Only existing
 * users qualify. The rejection of anyone else explains how the Complaints Contact adds them, in the
 * syntax of the channel the request came from.
 */
export function requireNamedUser(
  state: ComplaintState,
  request: { email: string; actor: Actor },
  role: 'POC' | 'helper',
): string {
  const { email, actor } = request;
  if (!isValidEmail(email)) throw rejection(ErrorCode.InvalidInput, `"${email}" is not a valid email address.`);
  const named = normalizeEmail(email);
  if (state.findUser(named)) return named;

  const viaSlack = actor.kind === 'company' && actor.via === 'slack';
  const command = role === 'POC' ? 'assign-poc' : 'assign-helper';
  const addUser = viaSlack ? `/ses add-user ${named}` : `USER ${named}`;
  const retry = viaSlack
    ? `run /ses ${command} ${state.number} ${named} again`
    : `reply ${role === 'POC' ? 'POC' : 'HELPER'} ${named} again`;
  const contact = state.complaintsContact();
  const actorIsContact =
    actor.kind === 'company' && contact !== undefined && normalizeEmail(contact.email) === normalizeEmail(actor.email);
  const nextStep =
    actorIsContact || !contact
      ? `Add them as a user first with ${addUser}, then ${retry}.`
      : `Ask the Complaints Contact (${normalizeEmail(contact.email)}) to add them as a user with ${addUser}, then ${retry}.`;
  const asRole = role === 'POC' ? 'the POC' : 'a helper';
  throw rejection(
    ErrorCode.UserNotFound,
    `${named} is not a user of ${state.company.name} yet, so they cannot be ${asRole} of complaint ${state.number}. ${nextStep}`,
  );
}

export function requireText(value: string, what: string): void {
  if (value.trim() === '') throw rejection(ErrorCode.InvalidInput, `The ${what} is empty; write it after the command.`);
  if (value.length > MAX_TEXT_LENGTH) {
    throw rejection(
      ErrorCode.InvalidInput,
      `The ${what} has ${value.length} characters, over the limit of ${MAX_TEXT_LENGTH}; shorten it and send it again.`,
    );
  }
}

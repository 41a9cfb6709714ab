import { ApplicationFailure } from '@temporalio/common';

/**
 * Stable codes of every rule a workflow update can break. Validators reject with an
 * `ApplicationFailure` whose `type` is one of these, so bots can switch on it.
 */
export const ErrorCode = {
  InvalidInput: 'InvalidInput',
  NotAgencyStaff: 'NotAgencyStaff',
  NotCompanyUser: 'NotCompanyUser',
  NotComplaintsContact: 'NotComplaintsContact',
  NotPoc: 'NotPoc',
  NotPocOrHelper: 'NotPocOrHelper',
  NotInvited: 'NotInvited',
  AlreadyEnrolled: 'AlreadyEnrolled',
  EnrollmentPending: 'EnrollmentPending',
  PocNotAssigned: 'PocNotAssigned',
  ComplaintClosed: 'ComplaintClosed',
  ComplaintNotFound: 'ComplaintNotFound',
  CompanyNotFound: 'CompanyNotFound',
  UserNotFound: 'UserNotFound',
  UserExists: 'UserExists',
  IrNotFound: 'IrNotFound',
  IrNotOpen: 'IrNotOpen',
  IrNotSent: 'IrNotSent',
  NoDraft: 'NoDraft',
  RestrictedDraft: 'RestrictedDraft',
  ExtensionPending: 'ExtensionPending',
  NoExtensionPending: 'NoExtensionPending',
  InvalidDueDate: 'InvalidDueDate',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Builds the non-retryable failure a validator throws to reject an update. */
export function rejection(code: ErrorCode, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true });
}

/** Returns the error code carried by a failure from an update or query, if it has one. */
export function errorCodeOf(error: unknown): ErrorCode | undefined {
  let current: unknown = error;
  while (current instanceof Error) {
    if (current instanceof ApplicationFailure && current.type && current.type in ErrorCode) {
      return current.type as ErrorCode;
    }
    current = current.cause;
  }
  return undefined;
}

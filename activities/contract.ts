/**
 * The activities the workflows call, as types only, so workflow code can import them without
 * pulling Node modules into the workflow bundle. `activities/index.ts` builds the implementation.
 */
import type { Actor, CloseDetails, CompanySnapshot, CompanyUser, ComplaintStatus, Contact } from '../domain/types.ts';

/** A message to a person; the email renderer and the Slack renderer each turn it into text. */
export type Notice =
  | {
      kind: 'invitation';
      companyName: string;
      summary: string;
      /** Reminder number, 1 for the first; absent on the invitation itself. */
      reminder?: number;
    }
  | { kind: 'enrollmentCompleted'; companyName: string }
  | {
      kind: 'assignPocRequest';
      companyName: string;
      summary: string;
      /** Reminder number, 1 for the first; absent on the first request. */
      reminder?: number;
    }
  | { kind: 'pocAssigned'; poc: string }
  | { kind: 'userAdded'; companyName: string; addedBy: string }
  | { kind: 'helperAdded'; helper: string; poc: string }
  | { kind: 'newIr'; ir: number; question: string; dueAt: string }
  | { kind: 'draftSaved'; ir: number; version: number; restricted: boolean; author: string }
  | { kind: 'submissionReceipt'; ir: number; version: number; submittedAt: string }
  | { kind: 'responseSubmitted'; ir: number; version: number; text: string; restricted: boolean; poc: string }
  | { kind: 'returnedForUpdate'; ir: number; note: string; dueAt: string }
  | { kind: 'extensionRequested'; ir: number; days: number; reason: string; requestedBy: string }
  | { kind: 'extensionDecided'; ir: number; approved: boolean; dueAt: string; reason?: string }
  | { kind: 'reminder'; ir: number; dueAt: string }
  | { kind: 'pastDue'; ir: number; dueAt: string }
  | { kind: 'complaintOpened'; companyName: string; summary: string; enrollmentPending: boolean }
  | {
      kind: 'closureNotice';
      /** Reason, amount and note are present only when the agency made them visible to the company. */
      reason?: string;
      amount?: string;
      note?: string;
    };

export interface EmailRequest {
  /** Idempotency key: a second call with the same key sends nothing. */
  key: string;
  to: Contact;
  complaintNumber: string;
  companyId: string;
  ir?: number;
  notice: Notice;
}

export interface AgencyNoticeRequest {
  key: string;
  complaintNumber: string;
  notice: Notice;
}

interface RecordBase {
  /** Idempotency key; also the audit event's unique key. */
  key: string;
  at: string;
  actor: Actor | { kind: 'system' };
  complaintNumber?: string;
  companyId?: string;
}

/** One change to the records; the record activity writes the domain rows and an audit event for it. */
export type RecordEvent = RecordBase &
  (
    | { type: 'CompanyCreated'; company: CompanySnapshot }
    | { type: 'ComplaintOpened'; summary: string; consumerReference?: string; status: ComplaintStatus }
    | { type: 'EnrollmentCompleted'; email: string }
    | { type: 'UserAdded'; user: CompanyUser }
    | { type: 'PocAssigned'; email: string }
    | { type: 'HelperAdded'; email: string }
    | { type: 'IrCreated'; ir: number; question: string; dueAt: string }
    | { type: 'DraftSaved'; ir: number; version: number; author: string; text: string; restricted: boolean }
    | { type: 'ResponseSubmitted'; ir: number; version: number; submittedAt: string }
    | { type: 'ReturnedForUpdate'; ir: number; note: string; dueAt: string }
    | { type: 'ExtensionRequested'; ir: number; days: number; reason: string }
    | { type: 'ExtensionDecided'; ir: number; approved: boolean; dueAt: string; reason?: string }
    | { type: 'DueDateMoved'; ir: number; dueAt: string }
    | { type: 'StatusChanged'; status: ComplaintStatus }
    | { type: 'ComplaintClosed'; close: CloseDetails }
  );

export interface ExportRequest {
  key: string;
  status: 'open' | 'closed' | 'all';
  /** Slack channel or user id that receives the CSV file. */
  channel: string;
}

export interface Activities {
  record(event: RecordEvent): Promise<void>;
  sendEmail(request: EmailRequest): Promise<void>;
  notifyAgency(request: AgencyNoticeRequest): Promise<void>;
  exportComplaints(request: ExportRequest): Promise<{ rows: number }>;
}

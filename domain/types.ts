/** The person performing an action, as resolved by the bot that received it. */
export type Actor =
  { kind: 'agency'; slackUserId: string; name?: string } | { kind: 'company'; email: string; via: 'slack' | 'email' };

export type ComplaintStatus = 'EnrollmentPending' | 'AwaitingPoc' | 'Open' | 'Closed';
export type IrStatus = 'Open' | 'Sent' | 'ReturnedForUpdate' | 'Closed';
export type CompanyRole = 'ComplaintsContact' | 'User';

export const CLOSE_REASONS = [
  'explanation',
  'monetary-relief',
  'non-monetary-relief',
  'duplicate',
  'invalid',
  'referred',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** A due date as the agency typed it: a calendar date (Eastern Time) or a count of business days. */
export type DueSpec = { kind: 'date'; date: string } | { kind: 'businessDays'; days: number };

export interface Contact {
  email: string;
  name?: string;
}

export interface CompanyUser {
  email: string;
  name?: string;
  role: CompanyRole;
}

/** The company as a complaint workflow sees it; the registry workflow sends a new one on every change. */
export interface CompanySnapshot {
  id: string;
  name: string;
  enrolled: boolean;
  /** The first user, invited by the agency; becomes the Complaints Contact on enrollment. */
  invited: Contact;
  users: CompanyUser[];
}

export interface DraftVersion {
  version: number;
  author: string;
  text: string;
  restricted: boolean;
  savedAt: string;
}

export interface ExtensionRequest {
  days: number;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  decision?: 'approved' | 'denied';
  decidedAt?: string;
  decisionReason?: string;
}

export interface InformationRequest {
  number: number;
  question: string;
  status: IrStatus;
  createdAt: string;
  /** ISO instant of the current due date. */
  dueAt: string;
  /** Earlier due dates, oldest first, kept when an extension or send-back moves the due date. */
  previousDueDates: string[];
  drafts: DraftVersion[];
  submissions: { version: number; submittedAt: string; restricted: boolean }[];
  extensions: ExtensionRequest[];
}

export interface CloseDetails {
  reason: CloseReason;
  amount?: string;
  visibleToCompany: boolean;
  note: string;
  closedAt: string;
  closedBy: string;
}

export interface TimelineEntry {
  at: string;
  actor: string;
  event: string;
  ir?: number;
  /** True when the entry carries restricted response text, which only the POC and the agency may see. */
  restricted?: boolean;
}

/** The complaint as the status query returns it, already filtered for the caller. */
export interface ComplaintView {
  number: string;
  status: ComplaintStatus;
  summary: string;
  company: { id: string; name: string; enrolled: boolean };
  poc?: string;
  helpers: string[];
  openedAt: string;
  irs: InformationRequest[];
  closed?: CloseDetails;
  timeline: TimelineEntry[];
  /** The earliest due date among IRs waiting on the company. */
  nextDueAt?: string;
}

/** One line of `/ses list`, kept by the registry workflow. */
export interface ComplaintSummary {
  number: string;
  companyId: string;
  companyName: string;
  status: ComplaintStatus;
  nextDueAt?: string;
}

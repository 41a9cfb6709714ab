/**
 * Every update, query and signal of sesflow's workflows, defined once and shared by the
 * workflows and the bots. Each update input carries `key`, the id of the Slack request or
 * email that caused it; bots also pass it as the Temporal update id, so a redelivered
 * message is applied once.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  CloseReason,
  CompanySnapshot,
  ComplaintSummary,
  ComplaintView,
  Contact,
  CompanyRole,
  DueSpec,
} from '../domain/types.ts';

export const REGISTRY_WORKFLOW_ID = 'sesflow-registry';

/** Workflow type names, as registered by the worker's bundle, for clients that start workflows. */
export const WorkflowType = {
  registry: 'registry',
  complaint: 'complaint',
  enrollment: 'enrollment',
  exportComplaints: 'exportComplaints',
} as const;
export const TASK_QUEUE = 'sesflow';

export function complaintWorkflowId(number: string): string {
  return `complaint-${number}`;
}

interface Request {
  key: string;
  actor: Actor;
}

// Registry workflow: complaint numbers and the company directory.

export interface OpenComplaintInput extends Request {
  companyName: string;
  contact: Contact;
  summary: string;
  consumerReference?: string;
}
export interface OpenComplaintResult {
  number: string;
  workflowId: string;
  companyId: string;
  status: 'EnrollmentPending' | 'AwaitingPoc';
  /** True when this complaint created the company and its first user. */
  companyCreated: boolean;
}
export const openComplaint = defineUpdate<OpenComplaintResult, [OpenComplaintInput]>('openComplaint');

export interface AcceptEnrollmentInput extends Request {
  companyId: string;
}
export interface AcceptEnrollmentResult {
  companyId: string;
  companyName: string;
  /** Complaints waiting on this enrollment, now `AwaitingPoc`. */
  complaints: string[];
}
export const acceptEnrollment = defineUpdate<AcceptEnrollmentResult, [AcceptEnrollmentInput]>('acceptEnrollment');

export interface AddUserInput extends Request {
  companyId: string;
  email: string;
  name?: string;
}
export interface AddUserResult {
  companyId: string;
  email: string;
}
export const addUser = defineUpdate<AddUserResult, [AddUserInput]>('addUser');

export interface UserLookup {
  companyId: string;
  companyName: string;
  enrolled: boolean;
  role: CompanyRole;
}
/** Finds the company of an email address; the bots use it to resolve company users. */
export const findUser = defineQuery<UserLookup | null, [string]>('findUser');

/** Open complaints the actor may see: all for agency staff, their company's for company users. */
export const listOpen = defineQuery<ComplaintSummary[], [Actor]>('listOpen');

/** Sent by a complaint workflow whenever its status or next due date changes. */
export const complaintChanged = defineSignal<[ComplaintSummary]>('complaintChanged');

// Complaint workflow.

export interface ComplaintInput {
  key: string;
  number: string;
  summary: string;
  consumerReference?: string;
  openedBy: Actor;
  company: CompanySnapshot;
}

/** Sent by the registry workflow whenever the complaint's company changes (enrollment, users). */
export const companyChanged = defineSignal<[CompanySnapshot]>('companyChanged');

export interface AssignPocInput extends Request {
  email: string;
}
export const assignPoc = defineUpdate<{ poc: string }, [AssignPocInput]>('assignPoc');

export interface AssignHelperInput extends Request {
  email: string;
}
export const assignHelper = defineUpdate<{ helper: string }, [AssignHelperInput]>('assignHelper');

export interface CreateIrInput extends Request {
  question: string;
  due: DueSpec;
}
export interface IrResult {
  ir: number;
  dueAt: string;
}
export const createIr = defineUpdate<IrResult, [CreateIrInput]>('createIr');

export interface SaveDraftInput extends Request {
  ir: number;
  text: string;
  restricted: boolean;
}
export const saveDraft = defineUpdate<{ ir: number; version: number; restricted: boolean }, [SaveDraftInput]>(
  'saveDraft',
);

export interface SubmitResponseInput extends Request {
  ir: number;
  /** Text to save as the final draft before submitting; when absent the latest draft is submitted. */
  text?: string;
}
export const submitResponse = defineUpdate<{ ir: number; version: number; submittedAt: string }, [SubmitResponseInput]>(
  'submitResponse',
);

export interface SendBackInput extends Request {
  ir: number;
  due: DueSpec;
  note: string;
}
export const sendBack = defineUpdate<IrResult, [SendBackInput]>('sendBack');

export interface RequestExtensionInput extends Request {
  ir: number;
  days: number;
  reason: string;
}
export const requestExtension = defineUpdate<{ ir: number }, [RequestExtensionInput]>('requestExtension');

export interface DecideExtensionInput extends Request {
  ir: number;
  approve: boolean;
  /** New due date when approving; by default the requested number of business days is added. */
  due?: DueSpec;
  reason?: string;
}
export const decideExtension = defineUpdate<IrResult, [DecideExtensionInput]>('decideExtension');

export interface CloseInput extends Request {
  reason: CloseReason;
  amount?: string;
  visibleToCompany: boolean;
  note: string;
}
export const closeComplaint = defineUpdate<{ closedAt: string }, [CloseInput]>('closeComplaint');

/** The complaint filtered for the actor: restricted text only for the POC and the agency. */
export const complaintStatus = defineQuery<ComplaintView, [Actor]>('complaintStatus');

// Registry input and the enrollment workflow it starts.

/** Input of the registry workflow; `state` carries the directory across continue-as-new. */
export interface RegistryInput {
  state?: RegistryState;
  /**
   * True when the cluster has the `ComplaintStatus` Keyword search attribute registered; complaint
   * workflows then keep it current. Unregistered attributes make a start fail, so it is opt-in.
   */
  searchAttributes?: boolean;
  /** Continue as new once history reaches this many events, besides when the server suggests it. */
  maxHistoryEvents?: number;
}

export interface RegistryCompany {
  company: CompanySnapshot;
  /** True once the enrollment workflow (invitation and reminders) has been started for the company. */
  invitationStarted: boolean;
  /**
   * Id of the enrollment workflow still sending the invitation and its reminders, if one is. It is
   * cleared when enrollment completes, when the last reminder is out, and when no complaint of the
   * company is open any more, so the next complaint opened for the company invites again.
   */
  invitationWorkflowId?: string;
}

export interface RegistryState {
  /** Number part of the next complaint number, e.g. 1001 for `C-1001`. */
  nextNumber: number;
  /** Companies keyed by normalized name (trimmed, single spaces, lower case). */
  companies: Record<string, RegistryCompany>;
  /** Open complaints keyed by complaint number. */
  open: Record<string, ComplaintSummary>;
  /**
   * Results of the latest `openComplaint` requests by key, so a request repeated after
   * continue-as-new opens nothing new.
   */
  recentOpenings: { key: string; result: OpenComplaintResult }[];
}

export function enrollmentWorkflowId(companyId: string): string {
  return `enrollment-${companyId}`;
}

export interface EnrollmentInput {
  companyId: string;
  companyName: string;
  invited: Contact;
  /** The complaint that caused the invitation; its number and summary go into the invitation email. */
  complaintNumber: string;
  summary: string;
}

/** Sent by the registry workflow to the enrollment workflow when the invited user accepts. */
export const enrollmentAccepted = defineSignal('enrollmentAccepted');

/** Id of the enrollment workflow that invites a company's first user about one complaint. */
export function invitationWorkflowId(companyId: string, complaintNumber: string): string {
  return `${enrollmentWorkflowId(companyId)}-${complaintNumber}`;
}

/**
 * Sent by the registry workflow to the enrollment workflow when every complaint of the company has
 * closed before enrollment, so no reminder asks the company to respond to a closed complaint.
 */
export const invitationWithdrawn = defineSignal('invitationWithdrawn');

export interface InvitationEndedInput {
  companyId: string;
  workflowId: string;
}
/** Sent by the enrollment workflow to the registry workflow when its last reminder is out unanswered. */
export const invitationEnded = defineSignal<[InvitationEndedInput]>('invitationEnded');

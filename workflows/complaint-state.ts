import type {
  Actor,
  CloseDetails,
  CompanySnapshot,
  CompanyUser,
  ComplaintStatus,
  ComplaintSummary,
  DraftVersion,
  ExtensionRequest,
  InformationRequest,
  TimelineEntry,
} from '../domain/types.ts';
import type { ComplaintInput } from './messages.ts';

/** IR states in which the company owes a response. */
export const WAITING_ON_COMPANY: ReadonlySet<InformationRequest['status']> = new Set(['Open', 'ReturnedForUpdate']);

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function pendingExtension(ir: InformationRequest): ExtensionRequest | undefined {
  return ir.extensions.find((extension) => extension.decision === undefined);
}

/** Returns the name the timeline shows for an actor. */
export function actorLabel(actor: Actor | { kind: 'system' }): string {
  if (actor.kind === 'agency') return actor.name ?? actor.slackUserId;
  if (actor.kind === 'company') return normalizeEmail(actor.email);
  return 'sesflow';
}

/**
 * The state of one complaint and the changes the workflow makes to it. Rule checks live in
 * `complaint-rules.ts`; this class applies changes that already passed them.
 */
export class ComplaintState {
  readonly number: string;
  readonly summary: string;
  readonly openedAt: string;
  company: CompanySnapshot;
  status: ComplaintStatus;
  poc?: string;
  helpers: string[] = [];
  irs: InformationRequest[] = [];
  closed?: CloseDetails;
  timeline: TimelineEntry[] = [];
  /** Deadline notices already handled, as `IR-<n>:<kind>:<dueAt>`. */
  readonly handledNotices = new Set<string>();
  /** When the complaint entered AwaitingPoc; reminders to assign a POC count business days from it. */
  awaitingPocSince?: string;
  /** The number of the last reminder to assign a POC that was sent, 0 before the first. */
  pocReminders = 0;
  /** Bumped on every change, so waiters such as the deadline timer can re-arm. */
  version = 0;

  constructor(input: ComplaintInput, openedAt: string) {
    this.number = input.number;
    this.summary = input.summary;
    this.openedAt = openedAt;
    this.company = input.company;
    this.status = input.company.enrolled ? 'AwaitingPoc' : 'EnrollmentPending';
    if (this.status === 'AwaitingPoc') this.awaitingPocSince = openedAt;
  }

  get isClosed(): boolean {
    return this.status === 'Closed';
  }

  findUser(email: string): CompanyUser | undefined {
    const target = normalizeEmail(email);
    return this.company.users.find((user) => normalizeEmail(user.email) === target);
  }

  complaintsContact(): CompanyUser | undefined {
    if (!this.company.enrolled) return undefined;
    return this.company.users.find((user) => user.role === 'ComplaintsContact');
  }

  findIr(number: number): InformationRequest | undefined {
    return this.irs.find((ir) => ir.number === number);
  }

  latestDraft(ir: InformationRequest): DraftVersion | undefined {
    return ir.drafts[ir.drafts.length - 1];
  }

  /** Returns the earliest due date among IRs waiting on the company. */
  nextDueAt(): string | undefined {
    const dueDates = this.irs.filter((ir) => WAITING_ON_COMPANY.has(ir.status)).map((ir) => ir.dueAt);
    dueDates.sort((a, b) => Date.parse(a) - Date.parse(b));
    return dueDates[0];
  }

  summaryLine(): ComplaintSummary {
    return {
      number: this.number,
      companyId: this.company.id,
      companyName: this.company.name,
      status: this.status,
      nextDueAt: this.nextDueAt(),
    };
  }

  addTimeline(at: string, actor: Actor | { kind: 'system' }, event: string, extra: Partial<TimelineEntry> = {}): void {
    this.timeline.push({ at, actor: actorLabel(actor), event, ...extra });
    this.version += 1;
  }

  setCompany(company: CompanySnapshot): void {
    this.company = company;
    this.version += 1;
  }

  setStatus(status: ComplaintStatus, at: string): void {
    this.status = status;
    if (status === 'AwaitingPoc') this.awaitingPocSince = at;
    this.version += 1;
  }

  assignPoc(email: string): void {
    this.poc = normalizeEmail(email);
    this.helpers = this.helpers.filter((helper) => helper !== this.poc);
    this.status = 'Open';
    this.version += 1;
  }

  addHelper(email: string): void {
    this.helpers.push(normalizeEmail(email));
    this.version += 1;
  }

  createIr(question: string, dueAt: string, createdAt: string): InformationRequest {
    const ir: InformationRequest = {
      number: this.irs.length + 1,
      question: question.trim(),
      status: 'Open',
      createdAt,
      dueAt,
      previousDueDates: [],
      drafts: [],
      submissions: [],
      extensions: [],
    };
    this.irs.push(ir);
    this.version += 1;
    return ir;
  }

  saveDraft(ir: InformationRequest, author: string, text: string, restricted: boolean, savedAt: string): DraftVersion {
    const draft: DraftVersion = { version: ir.drafts.length + 1, author, text, restricted, savedAt };
    ir.drafts.push(draft);
    this.version += 1;
    return draft;
  }

  submit(ir: InformationRequest, draft: DraftVersion, submittedAt: string): void {
    ir.submissions.push({ version: draft.version, submittedAt, restricted: draft.restricted });
    ir.status = 'Sent';
    this.version += 1;
  }

  /** Moves an IR's due date, keeping the old one in its history. */
  moveDue(ir: InformationRequest, dueAt: string): void {
    if (ir.dueAt !== dueAt) {
      ir.previousDueDates.push(ir.dueAt);
      ir.dueAt = dueAt;
    }
    this.version += 1;
  }

  returnForUpdate(ir: InformationRequest, dueAt: string): void {
    ir.status = 'ReturnedForUpdate';
    this.moveDue(ir, dueAt);
  }

  requestExtension(ir: InformationRequest, request: ExtensionRequest): void {
    ir.extensions.push(request);
    this.version += 1;
  }

  /** Records the decision on the pending extension and, when approved, moves the due date. */
  decideExtension(
    ir: InformationRequest,
    decision: Required<Pick<ExtensionRequest, 'decision' | 'decidedAt'>> & { reason?: string; dueAt: string },
  ): void {
    const pending = pendingExtension(ir);
    if (pending) {
      pending.decision = decision.decision;
      pending.decidedAt = decision.decidedAt;
      if (decision.reason) pending.decisionReason = decision.reason;
    }
    if (decision.decision === 'approved') this.moveDue(ir, decision.dueAt);
    else this.version += 1;
  }

  close(details: CloseDetails): void {
    this.closed = details;
    this.status = 'Closed';
    for (const ir of this.irs) ir.status = 'Closed';
    this.version += 1;
  }
}

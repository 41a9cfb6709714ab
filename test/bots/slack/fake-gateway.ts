/**
 * A stand-in for `Gateway` in Slack bot tests: it records each call's input and returns canned
 * results, or throws the `GatewayError` a test sets for an update, query or method. Like `Gateway`,
 * it rejects update inputs with a text over `MAX_TEXT_LENGTH` before recording them.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { GatewayError, checkTextLengths } from '../../../bots/gateway.ts';
import type { SlackGateway } from '../../../bots/slack/slack-gateway.ts';
import type { ErrorCode } from '../../../domain/errors.ts';
import type { Actor, ComplaintSummary, ComplaintView } from '../../../domain/types.ts';
import type { ExportInput } from '../../../workflows/export.ts';
import type { OpenComplaintInput, OpenComplaintResult, UserLookup } from '../../../workflows/messages.ts';

export interface GatewayCall {
  /** `openComplaint`, `complaintStatus`, ... or, for updates, the update's name (`createIr`, `addUser`). */
  name: string;
  complaint?: string;
  input: unknown;
}

/** Results of the complaint and registry updates, by update name. */
const UPDATE_RESULTS: Record<string, unknown> = {
  createIr: { ir: 1, dueAt: '2027-01-15T23:00:00.000Z' },
  sendBack: { ir: 1, dueAt: '2027-01-22T23:00:00.000Z' },
  closeComplaint: { closedAt: '2026-12-01T15:00:00.000Z' },
  assignPoc: { poc: 'pat@acme.test' },
  assignHelper: { helper: 'hal@acme.test' },
  saveDraft: { ir: 1, version: 2, restricted: false },
  submitResponse: { ir: 1, version: 2, submittedAt: '2026-12-02T15:00:00.000Z' },
  requestExtension: { ir: 1 },
  decideExtension: { ir: 1, dueAt: '2027-01-29T23:00:00.000Z' },
  addUser: { companyId: 'company-acme', email: 'new@acme.test' },
};

export class FakeGateway implements SlackGateway {
  readonly calls: GatewayCall[] = [];
  /** Company users by lower-case email, as `findUser` returns them. */
  readonly users = new Map<string, UserLookup>();
  /** Errors to throw, by call name (`openComplaint`) or update name (`createIr`). */
  readonly failures = new Map<string, Error>();
  /** When set, every call waits for this promise before it returns. */
  hold: Promise<void> | undefined;
  openResult: OpenComplaintResult = {
    number: 'C-1042',
    workflowId: 'complaint-C-1042',
    companyId: 'company-acme',
    status: 'EnrollmentPending',
    companyCreated: true,
  };
  statusResult: ComplaintView | undefined;
  listResult: ComplaintSummary[] = [];
  exportRows = 3;

  fail(name: string, code: ErrorCode, message: string): void {
    this.failures.set(name, new GatewayError(code, message));
  }

  callsNamed(name: string): GatewayCall[] {
    return this.calls.filter((call) => call.name === name);
  }

  async openComplaint(input: OpenComplaintInput): Promise<OpenComplaintResult> {
    checkTextLengths(input);
    await this.enter('openComplaint', input);
    return this.openResult;
  }

  async registryUpdate<Ret, Input extends { key: string }>(
    definition: UpdateDefinition<Ret, [Input]>,
    input: Input,
  ): Promise<Ret> {
    checkTextLengths(input);
    await this.enter(definition.name, input);
    return UPDATE_RESULTS[definition.name] as Ret;
  }

  async complaintUpdate<Ret, Input extends { key: string }>(
    number: string,
    definition: UpdateDefinition<Ret, [Input]>,
    input: Input,
  ): Promise<Ret> {
    checkTextLengths(input);
    await this.enter(definition.name, input, number);
    return UPDATE_RESULTS[definition.name] as Ret;
  }

  async complaintStatus(number: string, actor: Actor): Promise<ComplaintView> {
    await this.enter('complaintStatus', actor, number);
    if (!this.statusResult) throw new Error('FakeGateway.statusResult is not set');
    return this.statusResult;
  }

  async findUser(email: string): Promise<UserLookup | null> {
    await this.enter('findUser', email);
    return this.users.get(email.toLowerCase()) ?? null;
  }

  async listOpen(actor: Actor): Promise<ComplaintSummary[]> {
    await this.enter('listOpen', actor);
    return this.listResult;
  }

  async exportComplaints(input: ExportInput): Promise<{ rows: number }> {
    await this.enter('exportComplaints', input);
    return { rows: this.exportRows };
  }

  private async enter(name: string, input: unknown, complaint?: string): Promise<void> {
    this.calls.push({ name, input, ...(complaint ? { complaint } : {}) });
    if (this.hold) await this.hold;
    const failure = this.failures.get(name);
    if (failure) throw failure;
  }
}

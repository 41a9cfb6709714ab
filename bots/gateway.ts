/**
 * The bots' one door into Temporal: it turns a parsed command into a workflow update or query
 * and turns Temporal's failures into `GatewayError`s with the stable codes of `domain/errors.ts`.
 */
import {
  QueryNotRegisteredError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { ErrorCode, errorCodeOf } from '../domain/errors.ts';
import { MAX_TEXT_LENGTH } from '../domain/limits.ts';
import type { Actor, ComplaintSummary, ComplaintView } from '../domain/types.ts';
import {
  REGISTRY_WORKFLOW_ID,
  TASK_QUEUE,
  complaintStatus,
  complaintWorkflowId,
  findUser,
  listOpen,
  openComplaint,
  type OpenComplaintInput,
  type OpenComplaintResult,
  type UserLookup,
  WorkflowType,
} from '../workflows/messages.ts';
import type { ExportInput } from '../workflows/export.ts';

/** A command that could not be applied, with the code a bot maps to a reply. */
export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Update inputs always carry the request key, which doubles as the Temporal update id. */
type Keyed = { key: string };

export { MAX_TEXT_LENGTH };

/** Names of the text fields of update inputs, as the rejection names them. */
const TEXT_FIELD_NAMES: Record<string, string> = {
  text: 'response text',
  question: 'question',
  note: 'note',
  summary: 'summary',
  reason: 'reason',
  companyName: 'company name',
  name: 'name',
};

/** Rejects an update input with a text field longer than `MAX_TEXT_LENGTH` before it reaches Temporal. */
export function checkTextLengths(input: object): void {
  for (const [field, value] of Object.entries(input)) {
    if (typeof value !== 'string' || value.length <= MAX_TEXT_LENGTH) continue;
    const name = TEXT_FIELD_NAMES[field] ?? field;
    throw new GatewayError(
      ErrorCode.InvalidInput,
      `The ${name} is ${value.length.toLocaleString('en-US')} characters long, over the limit of ` +
        `${MAX_TEXT_LENGTH.toLocaleString('en-US')}. Shorten it and send it again.`,
    );
  }
}

export class Gateway {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string = TASK_QUEUE,
  ) {}

  /** Opens a complaint through the registry workflow, starting the registry if it is not running. */
  async openComplaint(input: OpenComplaintInput): Promise<OpenComplaintResult> {
    checkTextLengths(input);
    const startWorkflowOperation = new WithStartWorkflowOperation(WorkflowType.registry, {
      workflowId: REGISTRY_WORKFLOW_ID,
      taskQueue: this.taskQueue,
      // The embedded dev server and `sesflow migrate` register the ComplaintStatus search attribute.
      args: [{ searchAttributes: true }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return this.translate(REGISTRY_WORKFLOW_ID, () =>
      this.client.workflow.executeUpdateWithStart(openComplaint, {
        args: [input],
        updateId: input.key,
        startWorkflowOperation,
      }),
    );
  }

  /** Applies an update to the registry workflow (enrollment, company users). */
  async registryUpdate<Ret, Input extends Keyed>(
    definition: UpdateDefinition<Ret, [Input]>,
    input: Input,
  ): Promise<Ret> {
    checkTextLengths(input);
    const handle = this.client.workflow.getHandle(REGISTRY_WORKFLOW_ID);
    return this.translate(REGISTRY_WORKFLOW_ID, () =>
      handle.executeUpdate(definition, { args: [input], updateId: input.key }),
    );
  }

  /** Applies an update to one complaint's workflow. */
  async complaintUpdate<Ret, Input extends Keyed>(
    number: string,
    definition: UpdateDefinition<Ret, [Input]>,
    input: Input,
  ): Promise<Ret> {
    checkTextLengths(input);
    const workflowId = complaintWorkflowId(number);
    const handle = this.client.workflow.getHandle(workflowId);
    try {
      return await this.translate(workflowId, () =>
        handle.executeUpdate(definition, { args: [input], updateId: input.key }),
      );
    } catch (error) {
      throw await this.explainClosed(number, error);
    }
  }

  /**
   * A closed complaint's workflow has completed, and Temporal rejects updates to a completed
   * workflow without the workflow's error code. Its status query still returns the complaint, so a rejection
   * that carries no rule code is reported as `ComplaintClosed` when the complaint is closed.
   */
  private async explainClosed(number: string, error: unknown): Promise<unknown> {
    const uncoded = !(error instanceof GatewayError) || error.code === ErrorCode.ComplaintNotFound;
    if (!uncoded) return error;
    try {
      const view = await this.client.workflow
        .getHandle(complaintWorkflowId(number))
        .query(complaintStatus, { kind: 'agency', slackUserId: 'sesflow' });
      if (view.status === 'Closed') {
        return new GatewayError(ErrorCode.ComplaintClosed, `Complaint ${number} is closed.`, { cause: error });
      }
    } catch {
      // The workflow does not exist or its query failed, so the original error is the better report.
    }
    return error;
  }

  async complaintStatus(number: string, actor: Actor): Promise<ComplaintView> {
    return this.query(complaintWorkflowId(number), complaintStatus, actor);
  }

  async findUser(email: string): Promise<UserLookup | null> {
    return this.query(REGISTRY_WORKFLOW_ID, findUser, email.toLowerCase());
  }

  async listOpen(actor: Actor): Promise<ComplaintSummary[]> {
    try {
      return await this.query(REGISTRY_WORKFLOW_ID, listOpen, actor);
    } catch (error) {
      // No registry yet means no complaint was ever opened.
      if (error instanceof GatewayError && error.code === ErrorCode.ComplaintNotFound) return [];
      throw error;
    }
  }

  /** Runs the export workflow, which posts the CSV to the caller in Slack, and returns its row count. */
  async exportComplaints(input: ExportInput): Promise<{ rows: number }> {
    return this.translate('export', () =>
      this.client.workflow.execute(WorkflowType.exportComplaints, {
        workflowId: `export-${input.key}`,
        taskQueue: this.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    );
  }

  private async query<Ret, Arg>(workflowId: string, definition: QueryDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
    const handle = this.client.workflow.getHandle(workflowId);
    return this.translate(workflowId, () => handle.query(definition, arg));
  }

  private async translate<T>(workflowId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toGatewayError(workflowId, error);
    }
  }
}

function toGatewayError(workflowId: string, error: unknown): Error {
  if (error instanceof QueryNotRegisteredError && /is not a user of/.test(error.message)) {
    // A query handler's rejection reaches the client as this error, without the rejection's code. The
    // one query that rejects is the complaint status, for a user of another company.
    return new GatewayError(ErrorCode.NotCompanyUser, error.message, { cause: error });
  }
  if (error instanceof WorkflowNotFoundError) {
    const number = workflowId.replace(/^complaint-/, '');
    return new GatewayError(ErrorCode.ComplaintNotFound, `Complaint ${number} was not found.`, { cause: error });
  }
  const code = errorCodeOf(error);
  if (code) {
    const cause = error instanceof WorkflowUpdateFailedError ? error.cause : error;
    const message = cause instanceof Error ? cause.message : String(cause);
    return new GatewayError(code, message, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

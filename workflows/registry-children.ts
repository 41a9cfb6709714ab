/**
 * The registry's side of its child workflows: starting complaints under unused numbers, starting
 * and stopping company invitations, and sending company changes to open complaints. Every method
 * runs under the registry's lock, after the change that caused it has been applied to the state.
 */
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  startChild,
  WorkflowIdReusePolicy,
  type SignalDefinition,
} from '@temporalio/workflow';
import type { ComplaintStatus } from '../domain/types.ts';
import { complaint } from './complaint.ts';
import { COMPLAINT_STATUS_ATTRIBUTE } from './complaint-effects.ts';
import { enrollment } from './enrollment.ts';
import {
  companyChanged,
  complaintWorkflowId,
  enrollmentAccepted,
  invitationWithdrawn,
  invitationWorkflowId,
  type ComplaintInput,
  type RegistryCompany,
} from './messages.ts';
import type { RegistryDirectory } from './registry-directory.ts';

/**
 * How many numbers one opening tries before it fails. A number is taken only when the registry's
 * state is behind the complaints that exist, for example after the registry was started afresh.
 */
export const MAX_TAKEN_NUMBERS = 25;

export class RegistryChildren {
  /** Complaints applied to the directory whose workflows are not started yet. */
  private readonly starting = new Set<string>();

  constructor(
    private readonly directory: RegistryDirectory,
    private readonly searchAttributes: boolean,
  ) {}

  /** Marks a number applied to the directory, so company changes skip it until its workflow runs. */
  reserve(number: string): void {
    this.starting.add(number);
  }

  /**
   * Starts the complaint workflow and returns the number it runs under. A complaint number is never
   * used twice, not even after its complaint closed, so a taken number moves the complaint on to
   * the next free one.
   */
  async startComplaint(input: ComplaintInput, status: ComplaintStatus): Promise<string> {
    let number = input.number;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await startChild(complaint, {
          workflowId: complaintWorkflowId(number),
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: this.searchAttributes
            ? [{ key: COMPLAINT_STATUS_ATTRIBUTE, value: status }]
            : undefined,
          args: [{ ...input, number }],
        });
        this.starting.delete(number);
        return number;
      } catch (error) {
        // No complaint runs under this number, so it must not show as open.
        this.starting.delete(number);
        this.directory.removeOpen(number);
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        if (attempt >= MAX_TAKEN_NUMBERS) {
          throw ApplicationFailure.nonRetryable(
            `Complaint numbers up to ${number} are taken by existing workflows; the registry's next number is behind.`,
          );
        }
        log.warn('complaint number taken by an existing workflow, trying the next one', { number });
        number = this.directory.allocateNumber();
        this.directory.setOpen({
          number,
          companyId: input.company.id,
          companyName: input.company.name,
          status,
        });
        this.starting.add(number);
      }
    }
  }

  /** Starts the invitation about `complaintNumber` unless the company is enrolled or is already being invited. */
  async invite(entry: RegistryCompany, complaintNumber: string, summary: string): Promise<void> {
    const { company } = entry;
    if (company.enrolled || entry.invitationWorkflowId) return;
    const workflowId = invitationWorkflowId(company.id, complaintNumber);
    entry.invitationWorkflowId = workflowId;
    entry.invitationStarted = true;
    try {
      await startChild(enrollment, {
        workflowId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [
          {
            companyId: company.id,
            companyName: company.name,
            invited: company.invited,
            complaintNumber,
            summary,
          },
        ],
      });
    } catch (error) {
      entry.invitationWorkflowId = undefined;
      log.error('invitation workflow not started', { companyId: company.id, workflowId, error });
    }
  }

  /** Stops the company's invitation reminders when none of its complaints is open any more. */
  async withdrawInvitationIfUnneeded(companyId: string): Promise<void> {
    const entry = this.directory.companyById(companyId);
    if (!entry?.invitationWorkflowId || entry.company.enrolled) return;
    if (this.directory.openComplaintsOf(companyId).length > 0) return;
    await this.stopInvitation(entry, invitationWithdrawn);
  }

  /** Stops the company's invitation reminders because the invited user accepted. */
  async endInvitationOnAcceptance(entry: RegistryCompany): Promise<void> {
    if (entry.invitationWorkflowId) await this.stopInvitation(entry, enrollmentAccepted);
  }

  /** Sends the company's current snapshot to each of its open complaints. */
  async announceCompany(entry: RegistryCompany): Promise<void> {
    for (const summary of this.directory.openComplaintsOf(entry.company.id)) {
      // A complaint still starting gets a snapshot at least this new as its input.
      if (this.starting.has(summary.number)) continue;
      try {
        await getExternalWorkflowHandle(complaintWorkflowId(summary.number)).signal(companyChanged, entry.company);
      } catch (error) {
        log.warn('company update not delivered to complaint', { complaint: summary.number, error });
      }
    }
  }

  private async stopInvitation(entry: RegistryCompany, signal: SignalDefinition<[]>): Promise<void> {
    const workflowId = entry.invitationWorkflowId;
    if (!workflowId) return;
    entry.invitationWorkflowId = undefined;
    try {
      await getExternalWorkflowHandle(workflowId).signal(signal);
    } catch (error) {
      // The workflow ends after its last reminder; nothing is left to stop then.
      log.info('invitation workflow not running', { companyId: entry.company.id, workflowId, error });
    }
  }
}

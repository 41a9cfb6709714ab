/**
 * Side effects of complaint changes: the record activity, emails, agency notices, the registry's
 * open-complaint index and the `ComplaintStatus` search attribute. Every activity
 * key is derived from the key of the request that caused it, so a retried or replayed change sends
 * each message once.
 */
import { defineSearchAttributeKey } from '@temporalio/common';
import { getExternalWorkflowHandle, log, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Notice, RecordEvent } from '../activities/contract.ts';
import type { Actor, Contact } from '../domain/types.ts';
import { notifyAgencyLogged, record, sendEmailLogged } from './activities.ts';
import type { ComplaintState } from './complaint-state.ts';
import { complaintChanged, REGISTRY_WORKFLOW_ID } from './messages.ts';

export const COMPLAINT_STATUS_ATTRIBUTE = defineSearchAttributeKey('ComplaintStatus', 'KEYWORD');

type WithoutSharedFields<Event> = Event extends unknown
  ? Omit<Event, 'key' | 'at' | 'actor' | 'complaintNumber' | 'companyId'>
  : never;

/** A record event without the fields every complaint record shares; one member per event type. */
export type ComplaintRecord = WithoutSharedFields<RecordEvent>;

export class ComplaintEffects {
  private lastSummary = '';
  /** Set only when the starter gave the workflow the attribute, which proves it is registered. */
  private readonly searchAttributes: boolean;

  /** The registry that started this complaint; the standard registry id when started some other way. */
  private readonly registryId: string;

  constructor(private readonly state: ComplaintState) {
    this.registryId = workflowInfo().parent?.workflowId ?? REGISTRY_WORKFLOW_ID;
    this.searchAttributes = workflowInfo().typedSearchAttributes.get(COMPLAINT_STATUS_ATTRIBUTE) !== undefined;
  }

  async record(key: string, at: string, actor: Actor | { kind: 'system' }, event: ComplaintRecord): Promise<void> {
    const base = {
      key: `${key}:${event.type}`,
      at,
      actor,
      complaintNumber: this.state.number,
      companyId: this.state.company.id,
    };
    await record({ ...base, ...event } as RecordEvent);
  }

  async email(key: string, to: Contact | string, notice: Notice, ir?: number): Promise<void> {
    const contact = typeof to === 'string' ? { email: to } : to;
    await sendEmailLogged({
      key: `${key}:email:${notice.kind}:${ir === undefined ? '' : `IR-${ir}:`}${contact.email}`,
      to: contact,
      complaintNumber: this.state.number,
      companyId: this.state.company.id,
      ir,
      notice,
    });
  }

  async notifyAgency(key: string, notice: Notice): Promise<void> {
    await notifyAgencyLogged({ key: `${key}:agency:${notice.kind}`, complaintNumber: this.state.number, notice });
  }

  /** Tells the registry and the search attribute about a new status or next due date, if either changed. */
  async syncSummary(): Promise<void> {
    const summary = this.state.summaryLine();
    const serialized = JSON.stringify(summary);
    if (serialized === this.lastSummary) return;
    this.lastSummary = serialized;

    if (this.searchAttributes) upsertSearchAttributes([{ key: COMPLAINT_STATUS_ATTRIBUTE, value: summary.status }]);
    try {
      await getExternalWorkflowHandle(this.registryId).signal(complaintChanged, summary);
    } catch (error) {
      // Without a running registry the complaint still works, but `/ses list` misses this change
      // until a later one gets through.
      log.warn('registry signal failed', { complaint: this.state.number, error });
    }
  }
}

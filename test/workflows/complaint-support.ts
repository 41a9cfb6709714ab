/** Steps the complaint tests share: driving a complaint to a state and reading rejections. */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { errorCodeOf } from '../../domain/errors.ts';
import type { ComplaintView, DueSpec } from '../../domain/types.ts';
import {
  assignHelper,
  assignPoc,
  complaintStatus,
  createIr,
  saveDraft,
  submitResponse,
} from '../../workflows/messages.ts';
import type { RecordEvent } from '../../activities/contract.ts';
import { agency, companyActor, nextKey, startComplaint, type ActivityRecorder } from './harness.ts';

export const CONTACT = 'contact@acme.test';
export const POC = 'poc@acme.test';
export const HELPER = 'helper@acme.test';
export const OTHER_USER = 'other@acme.test';
export const TEN_DAYS: DueSpec = { kind: 'businessDays', days: 10 };

/**
 * Returns whether an update entered the workflow's history. A validator's rejection leaves no
 * event, but an update that was accepted and then failed in its handler leaves two. The client's
 * `startUpdate` returns a handle for both alike, so tests tell them apart here.
 */
export async function updateInHistory(handle: WorkflowHandle, updateId: string): Promise<boolean> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).some(
    (event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === updateId,
  );
}

/** Runs `action` and returns the error code and message it was rejected with. */
export async function rejectionOf(action: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  try {
    await action;
  } catch (error) {
    let message = (error as Error).message;
    let cause: unknown = (error as Error).cause;
    while (cause instanceof Error) {
      message = cause.message;
      cause = cause.cause;
    }
    return { code: errorCodeOf(error), message };
  }
  throw new Error('expected a rejection, but the action succeeded');
}

export function statusFor(handle: WorkflowHandle, actor = agency): Promise<ComplaintView> {
  return handle.query(complaintStatus, actor);
}

/** Starts a complaint of an enrolled company and assigns `poc@acme.test` as its POC. */
export async function openWithPoc(env: TestWorkflowEnvironment): Promise<{ number: string; handle: WorkflowHandle }> {
  const started = await startComplaint(env);
  await started.handle.executeUpdate(assignPoc, {
    args: [{ key: nextKey('poc'), actor: companyActor(CONTACT), email: POC }],
  });
  return started;
}

/** Like `openWithPoc`, plus `helper@acme.test` as helper and IR-1 due in ten business days. */
export async function openWithIr(env: TestWorkflowEnvironment): Promise<{ number: string; handle: WorkflowHandle }> {
  const started = await openWithPoc(env);
  await started.handle.executeUpdate(assignHelper, {
    args: [{ key: nextKey('helper'), actor: companyActor(POC), email: HELPER }],
  });
  await started.handle.executeUpdate(createIr, {
    args: [{ key: nextKey('ir'), actor: agency, question: 'Why was the payment taken twice?', due: TEN_DAYS }],
  });
  return started;
}

/** Like `openWithIr`, with IR-1's response submitted by the POC. */
export async function openWithSubmittedIr(
  env: TestWorkflowEnvironment,
): Promise<{ number: string; handle: WorkflowHandle }> {
  const started = await openWithIr(env);
  await started.handle.executeUpdate(saveDraft, {
    args: [{ key: nextKey('draft'), actor: companyActor(POC), ir: 1, text: 'We refunded it.', restricted: false }],
  });
  await started.handle.executeUpdate(submitResponse, {
    args: [{ key: nextKey('submit'), actor: companyActor(POC), ir: 1 }],
  });
  return started;
}

/** Polls `check` until it returns without throwing; for effects that follow a workflow start or signal. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Runs `action` while `record` calls of `type` wait, so the handler that makes such a call holds
 * the workflow's lock meanwhile. The calls are released even when `action` throws.
 */
export async function withRecordsBlocked<T>(
  recorder: ActivityRecorder,
  type: RecordEvent['type'],
  action: () => Promise<T>,
): Promise<T> {
  const release = recorder.blockRecords(type);
  try {
    return await action();
  } finally {
    release();
  }
}

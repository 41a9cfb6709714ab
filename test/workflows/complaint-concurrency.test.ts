/**
 * Updates that arrive while another update's activities are still running. Each test holds one
 * handler at its record activity, so the updates sent meanwhile queue behind it. A validator must
 * see every update accepted before it, so an update the handler could not apply is rejected
 * before it enters history.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import {
  assignPoc,
  closeComplaint,
  companyChanged,
  createIr,
  saveDraft,
  submitResponse,
} from '../../workflows/messages.ts';
import {
  CONTACT,
  HELPER,
  openWithIr,
  POC,
  rejectionOf,
  statusFor,
  TEN_DAYS,
  updateInHistory,
  withRecordsBlocked,
} from './complaint-support.ts';
import { agency, companyActor, nextKey, pendingCompany, startComplaint, useHarness } from './harness.ts';

const harness = useHarness();

const poc = companyActor(POC);
const ACCEPTED = WorkflowUpdateStage.ACCEPTED;

describe('complaint concurrency', () => {
  it('update queued behind a close is rejected unaccepted', async () => {
    const { handle } = await openWithIr(harness.env);

    const { creating, closing, drafting } = await withRecordsBlocked(harness.recorder, 'IrCreated', async () => {
      const creating = await handle.startUpdate(createIr, {
        args: [{ key: nextKey(), actor: agency, question: 'Send the contract.', due: TEN_DAYS }],
        waitForStage: ACCEPTED,
      });
      const closing = await handle.startUpdate(closeComplaint, {
        args: [{ key: nextKey(), actor: agency, reason: 'explanation', visibleToCompany: true, note: 'Done.' }],
        waitForStage: ACCEPTED,
      });
      const drafting = await handle.startUpdate(saveDraft, {
        args: [{ key: nextKey(), actor: poc, ir: 1, text: 'Late draft.', restricted: false }],
        waitForStage: ACCEPTED,
      });
      return { creating, closing, drafting };
    });

    expect((await rejectionOf(drafting.result())).code).toBe('ComplaintClosed');
    expect((await creating.result()).ir).toBe(2);
    expect(typeof (await closing.result()).closedAt).toBe('string');
    await handle.result();
    expect(await updateInHistory(handle, drafting.updateId)).toBe(false);
    expect(await updateInHistory(handle, closing.updateId)).toBe(true);
  });

  it('second submit queued behind the first is rejected unaccepted', async () => {
    const { handle } = await openWithIr(harness.env);
    await handle.executeUpdate(saveDraft, {
      args: [{ key: nextKey(), actor: poc, ir: 1, text: 'Answer.', restricted: false }],
    });

    const { creating, first, second } = await withRecordsBlocked(harness.recorder, 'IrCreated', async () => {
      const creating = await handle.startUpdate(createIr, {
        args: [{ key: nextKey(), actor: agency, question: 'Send the ledger.', due: TEN_DAYS }],
        waitForStage: ACCEPTED,
      });
      const first = await handle.startUpdate(submitResponse, {
        args: [{ key: nextKey(), actor: poc, ir: 1 }],
        waitForStage: ACCEPTED,
      });
      const second = await handle.startUpdate(submitResponse, {
        args: [{ key: nextKey(), actor: poc, ir: 1, text: 'Answer again.' }],
        waitForStage: ACCEPTED,
      });
      return { creating, first, second };
    });

    expect((await rejectionOf(second.result())).code).toBe('IrNotOpen');
    await creating.result();
    expect((await first.result()).version).toBe(1);
    expect((await statusFor(handle)).irs[0]?.submissions).toHaveLength(1);
    expect(await updateInHistory(handle, second.updateId)).toBe(false);
  });

  it('assignPoc right after enrollment is accepted while the lock is held', async () => {
    const company = pendingCompany('company-concurrent');
    const { number, handle } = await startComplaint(harness.env, company);
    const users = [
      { email: 'first@pending.test', role: 'ComplaintsContact' as const },
      { email: 'poc@pending.test', role: 'User' as const },
    ];

    const { creating, assigning } = await withRecordsBlocked(harness.recorder, 'IrCreated', async () => {
      const creating = await handle.startUpdate(createIr, {
        args: [{ key: nextKey(), actor: agency, question: 'Send the file.', due: TEN_DAYS }],
        waitForStage: ACCEPTED,
      });
      await handle.signal(companyChanged, { ...company, enrolled: true, users });
      const assigning = await handle.startUpdate(assignPoc, {
        args: [{ key: nextKey(), actor: companyActor('first@pending.test'), email: 'poc@pending.test' }],
        waitForStage: ACCEPTED,
      });
      return { creating, assigning };
    });

    await creating.result();
    expect(await assigning.result()).toEqual({ poc: 'poc@pending.test' });
    const view = await statusFor(handle);
    expect(view.status).toBe('Open');
    expect(view.poc).toBe('poc@pending.test');
    // The POC gets the IR once, from the assignment, and not again from the IR's own notice.
    expect(harness.recorder.emailsOf(number, 'newIr').map((call) => call.request.to.email)).toEqual([
      'poc@pending.test',
    ]);
    const statuses = harness.recorder
      .recordsOf(number)
      .flatMap((event) => (event.type === 'StatusChanged' ? [event.status] : []));
    expect(statuses).toEqual(['AwaitingPoc', 'Open']);
  });

  it('IR created while a POC assignment runs reaches the POC once', async () => {
    const { number, handle } = await startComplaint(harness.env);

    const { assigning, creating } = await withRecordsBlocked(harness.recorder, 'PocAssigned', async () => {
      const assigning = await handle.startUpdate(assignPoc, {
        args: [{ key: nextKey(), actor: companyActor(CONTACT), email: HELPER }],
        waitForStage: ACCEPTED,
      });
      const creating = await handle.startUpdate(createIr, {
        args: [{ key: nextKey(), actor: agency, question: 'Send the notes.', due: TEN_DAYS }],
        waitForStage: ACCEPTED,
      });
      return { assigning, creating };
    });

    await assigning.result();
    await creating.result();
    expect(harness.recorder.emailsOf(number, 'newIr').map((call) => call.request.to.email)).toEqual([HELPER]);
  });

  it('same update id twice applies once', async () => {
    const { handle } = await openWithIr(harness.env);
    const input = { key: nextKey('email-message'), actor: poc, ir: 1, text: 'Once.', restricted: false };

    const first = await handle.executeUpdate(saveDraft, { args: [input], updateId: input.key });
    const again = await handle.executeUpdate(saveDraft, { args: [input], updateId: input.key });

    expect(again).toEqual(first);
    expect((await statusFor(handle)).irs[0]?.drafts).toHaveLength(1);
  });
});

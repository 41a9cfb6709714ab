import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeComplaint, createIr, saveDraft, submitResponse } from '../../workflows/messages.ts';
import { CONTACT, HELPER, openWithIr, OTHER_USER, POC, rejectionOf, statusFor, TEN_DAYS } from './complaint-support.ts';
import {
  agency,
  companyActor,
  nextKey,
  pendingCompany,
  startComplaint,
  startHarness,
  type Harness,
} from './harness.ts';

let harness: Harness;
/** A complaint whose IR-1 has an open draft (v1), a restricted draft (v2) and a restricted submission. */
let handle: WorkflowHandle;

beforeAll(async () => {
  harness = await startHarness();
  ({ handle } = await openWithIr(harness.env));
  const poc = companyActor(POC);
  await handle.executeUpdate(saveDraft, {
    args: [{ key: nextKey(), actor: companyActor(HELPER), ir: 1, text: 'Public outline.', restricted: false }],
  });
  await handle.executeUpdate(saveDraft, {
    args: [{ key: nextKey(), actor: poc, ir: 1, text: 'Account 1234 belongs to a minor.', restricted: true }],
  });
  await handle.executeUpdate(submitResponse, { args: [{ key: nextKey(), actor: poc, ir: 1 }] });
});

afterAll(async () => {
  await harness?.stop();
});

function restrictedTextIn(view: unknown): boolean {
  return JSON.stringify(view).includes('Account 1234');
}

describe('complaintStatus visibility', () => {
  it('agency sees restricted drafts and timeline', async () => {
    const view = await statusFor(handle, agency);
    expect(view.irs[0]?.drafts.map((draft) => draft.version)).toEqual([1, 2]);
    expect(restrictedTextIn(view)).toBe(true);
    expect(view.timeline.some((entry) => entry.restricted)).toBe(true);
  });

  it('POC sees restricted drafts and timeline', async () => {
    const view = await statusFor(handle, companyActor(POC));
    expect(view.irs[0]?.drafts.map((draft) => draft.version)).toEqual([1, 2]);
    expect(view.timeline.some((entry) => entry.restricted)).toBe(true);
  });

  it('helper never sees restricted text', async () => {
    const view = await statusFor(handle, companyActor(HELPER));
    expect(view.irs[0]?.drafts.map((draft) => draft.version)).toEqual([1]);
    expect(restrictedTextIn(view)).toBe(false);
    expect(view.timeline.some((entry) => entry.restricted)).toBe(false);
    expect(view.irs[0]?.submissions).toHaveLength(1);
  });

  it('other company users never see restricted text', async () => {
    for (const email of [CONTACT, OTHER_USER]) {
      const view = await statusFor(handle, companyActor(email));
      expect(restrictedTextIn(view)).toBe(false);
      expect(view.timeline.some((entry) => entry.restricted)).toBe(false);
    }
  });

  // A failed query reaches the client as an error message only; Temporal drops the failure type.
  it('user of another company is rejected', async () => {
    const { message } = await rejectionOf(statusFor(handle, companyActor('someone@elsewhere.test')));
    expect(message).toContain('someone@elsewhere.test is not a user of Acme Lending');
  });

  it('company sees no IRs while enrollment is pending', async () => {
    const { handle: pending } = await startComplaint(harness.env, pendingCompany('company-view'));
    await pending.executeUpdate(createIr, {
      args: [{ key: nextKey(), actor: agency, question: 'Send the ledger.', due: TEN_DAYS }],
    });

    const companyView = await statusFor(pending, companyActor('first@pending.test'));
    expect(companyView.status).toBe('EnrollmentPending');
    expect(companyView.irs).toEqual([]);
    expect(companyView.nextDueAt).toBeUndefined();
    expect(JSON.stringify(companyView)).not.toContain('ledger');
    expect(companyView.timeline.every((entry) => entry.ir === undefined)).toBe(true);

    const agencyView = await statusFor(pending, agency);
    expect(agencyView.irs).toHaveLength(1);
    expect(agencyView.nextDueAt).toBe(agencyView.irs[0]?.dueAt);
  });

  it('company sees closing details only when visible', async () => {
    const { handle: hidden } = await openWithIr(harness.env);
    await hidden.executeUpdate(closeComplaint, {
      args: [{ key: nextKey(), actor: agency, reason: 'invalid', visibleToCompany: false, note: 'Internal.' }],
    });
    const { handle: shown } = await openWithIr(harness.env);
    await shown.executeUpdate(closeComplaint, {
      args: [{ key: nextKey(), actor: agency, reason: 'explanation', visibleToCompany: true, note: 'Explained.' }],
    });

    expect((await statusFor(hidden, companyActor(POC))).closed).toBeUndefined();
    expect((await statusFor(hidden, agency)).closed?.note).toBe('Internal.');
    expect((await statusFor(shown, companyActor(POC))).closed?.note).toBe('Explained.');
  });

  it('hidden closing reason stays out of the company timeline', async () => {
    const { handle: hidden } = await openWithIr(harness.env);
    await hidden.executeUpdate(closeComplaint, {
      args: [{ key: nextKey(), actor: agency, reason: 'referred', visibleToCompany: false, note: 'To the AG.' }],
    });

    const companyEvents = (await statusFor(hidden, companyActor(POC))).timeline.map((entry) => entry.event);
    expect(companyEvents).toContain('Complaint closed');
    expect(companyEvents.some((event) => event.includes('referred'))).toBe(false);
    expect((await statusFor(hidden, agency)).closed?.reason).toBe('referred');
  });
});

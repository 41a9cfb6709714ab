import { WorkflowUpdateStage, type WorkflowHandle, type WorkflowUpdateHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH } from '../../domain/limits.ts';
import {
  assignHelper,
  assignPoc,
  closeComplaint,
  createIr,
  decideExtension,
  requestExtension,
  saveDraft,
  sendBack,
  submitResponse,
  type CloseInput,
} from '../../workflows/messages.ts';
import {
  CONTACT,
  HELPER,
  openWithIr,
  openWithPoc,
  openWithSubmittedIr,
  OTHER_USER,
  POC,
  rejectionOf,
  statusFor,
  TEN_DAYS,
} from './complaint-support.ts';
import { agency, companyActor, nextKey, pendingCompany, startComplaint, useHarness } from './harness.ts';

const harness = useHarness();

const contact = companyActor(CONTACT);
const poc = companyActor(POC);
const helper = companyActor(HELPER);
const outsider = companyActor('someone@elsewhere.test');

function draft(handle: WorkflowHandle, actor = poc, text = 'Draft text.', restricted = false, ir = 1) {
  return handle.executeUpdate(saveDraft, { args: [{ key: nextKey(), actor, ir, text, restricted }] });
}

describe('complaint rules: closed complaint', () => {
  let handle: WorkflowHandle;
  let closing: WorkflowUpdateHandle<{ closedAt: string }>;
  let release: () => void;

  // The close handler is held at its record activity, so the workflow stays open while the
  // updates below arrive. Once the workflow completes, Temporal itself rejects every update.
  beforeAll(async () => {
    ({ handle } = await openWithSubmittedIr(harness.env));
    release = harness.recorder.blockRecords('ComplaintClosed');
    closing = await handle.startUpdate(closeComplaint, {
      args: [{ key: nextKey(), actor: agency, reason: 'explanation', visibleToCompany: true, note: 'Done.' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
  });

  afterAll(async () => {
    release();
    await closing.result();
    await handle.result();
  });

  const updates: [string, () => Promise<unknown>][] = [
    ['assignPoc', () => handle.executeUpdate(assignPoc, { args: [{ key: nextKey(), actor: contact, email: POC }] })],
    [
      'assignHelper',
      () => handle.executeUpdate(assignHelper, { args: [{ key: nextKey(), actor: poc, email: OTHER_USER }] }),
    ],
    [
      'createIr',
      () =>
        handle.executeUpdate(createIr, { args: [{ key: nextKey(), actor: agency, question: 'Q?', due: TEN_DAYS }] }),
    ],
    ['saveDraft', () => draft(handle)],
    [
      'submitResponse',
      () => handle.executeUpdate(submitResponse, { args: [{ key: nextKey(), actor: poc, ir: 1, text: 'x' }] }),
    ],
    [
      'sendBack',
      () =>
        handle.executeUpdate(sendBack, { args: [{ key: nextKey(), actor: agency, ir: 1, due: TEN_DAYS, note: 'n' }] }),
    ],
    [
      'requestExtension',
      () =>
        handle.executeUpdate(requestExtension, { args: [{ key: nextKey(), actor: poc, ir: 1, days: 2, reason: 'r' }] }),
    ],
    [
      'decideExtension',
      () => handle.executeUpdate(decideExtension, { args: [{ key: nextKey(), actor: agency, ir: 1, approve: true }] }),
    ],
    [
      'closeComplaint',
      () =>
        handle.executeUpdate(closeComplaint, {
          args: [{ key: nextKey(), actor: agency, reason: 'explanation', visibleToCompany: true, note: 'Again.' }],
        }),
    ],
  ];

  it.each(updates)('%s after closing is rejected with ComplaintClosed', async (_name, update) => {
    const { code, message } = await rejectionOf(update());
    expect(code).toBe('ComplaintClosed');
    expect(message).toMatch(/^Complaint C-\d+ is closed\.$/);
  });
});

describe('complaint rules: completed workflow', () => {
  // Servers word this failure differently, so a bot detects a closed complaint by querying its status.
  it('update after the workflow completed fails without a rule code', async () => {
    const { handle } = await openWithPoc(harness.env);
    await handle.executeUpdate(closeComplaint, {
      args: [{ key: nextKey(), actor: agency, reason: 'explanation', visibleToCompany: true, note: 'Done.' }],
    });
    await handle.result();

    const { code } = await rejectionOf(
      handle.executeUpdate(createIr, { args: [{ key: nextKey(), actor: agency, question: 'Q?', due: TEN_DAYS }] }),
    );
    expect(code).toBeUndefined();
    expect((await statusFor(handle)).status).toBe('Closed');
  });
});

describe('complaint rules: actors', () => {
  it('company user of another company is rejected with NotCompanyUser', async () => {
    const { handle } = await openWithIr(harness.env);
    const { code, message } = await rejectionOf(draft(handle, outsider));
    expect(code).toBe('NotCompanyUser');
    expect(message).toContain('someone@elsewhere.test is not a user of Acme Lending');
  });

  it('agency staff on a company action is rejected with NotCompanyUser', async () => {
    const { handle } = await openWithPoc(harness.env);
    const { code } = await rejectionOf(
      handle.executeUpdate(assignPoc, { args: [{ key: nextKey(), actor: agency, email: POC }] }),
    );
    expect(code).toBe('NotCompanyUser');
  });

  it.each([
    [
      'createIr',
      (h: WorkflowHandle) =>
        h.executeUpdate(createIr, { args: [{ key: nextKey(), actor: poc, question: 'Q?', due: TEN_DAYS }] }),
    ],
    [
      'sendBack',
      (h: WorkflowHandle) =>
        h.executeUpdate(sendBack, { args: [{ key: nextKey(), actor: poc, ir: 1, due: TEN_DAYS, note: 'n' }] }),
    ],
    [
      'decideExtension',
      (h: WorkflowHandle) =>
        h.executeUpdate(decideExtension, { args: [{ key: nextKey(), actor: poc, ir: 1, approve: true }] }),
    ],
    [
      'closeComplaint',
      (h: WorkflowHandle) =>
        h.executeUpdate(closeComplaint, {
          args: [{ key: nextKey(), actor: contact, reason: 'explanation', visibleToCompany: true, note: '' }],
        }),
    ],
  ])('%s by a company user is rejected with NotAgencyStaff', async (_name, update) => {
    const { handle } = await openWithSubmittedIr(harness.env);
    const { code } = await rejectionOf(update(handle));
    expect(code).toBe('NotAgencyStaff');
  });
});

describe('complaint rules: enrollment pending', () => {
  it('assignPoc before enrollment is rejected with EnrollmentPending', async () => {
    const { handle } = await startComplaint(harness.env, pendingCompany('company-rules-1'));
    const invited = companyActor('first@pending.test');
    const { code, message } = await rejectionOf(
      handle.executeUpdate(assignPoc, { args: [{ key: nextKey(), actor: invited, email: 'first@pending.test' }] }),
    );
    expect(code).toBe('EnrollmentPending');
    expect(message).toContain('Pending Bank');
  });

  it('saveDraft before enrollment is rejected with EnrollmentPending', async () => {
    const { handle } = await startComplaint(harness.env, pendingCompany('company-rules-2'));
    await handle.executeUpdate(createIr, { args: [{ key: nextKey(), actor: agency, question: 'Q?', due: TEN_DAYS }] });
    const { code } = await rejectionOf(draft(handle, companyActor('first@pending.test')));
    expect(code).toBe('EnrollmentPending');
  });
});

describe('complaint rules: POC and helpers', () => {
  it('assignPoc by a user who is not the Complaints Contact is rejected', async () => {
    const { handle } = await startComplaint(harness.env);
    const { code } = await rejectionOf(
      handle.executeUpdate(assignPoc, { args: [{ key: nextKey(), actor: poc, email: POC }] }),
    );
    expect(code).toBe('NotComplaintsContact');
  });

  it('assignPoc of an unknown user is rejected with UserNotFound', async () => {
    const { handle } = await startComplaint(harness.env);
    const { code, message } = await rejectionOf(
      handle.executeUpdate(assignPoc, { args: [{ key: nextKey(), actor: contact, email: 'Ghost@acme.test' }] }),
    );
    expect(code).toBe('UserNotFound');
    expect(message).toContain('ghost@acme.test is not a user of Acme Lending');
    expect(message).toContain('USER ghost@acme.test');
    expect(message).toContain('POC ghost@acme.test');
  });

  it('assignPoc of an unknown user from Slack names the Slack command', async () => {
    const { number, handle } = await startComplaint(harness.env);
    const viaSlack = { kind: 'company' as const, email: CONTACT, via: 'slack' as const };
    const { code, message } = await rejectionOf(
      handle.executeUpdate(assignPoc, { args: [{ key: nextKey(), actor: viaSlack, email: 'ghost@acme.test' }] }),
    );
    expect(code).toBe('UserNotFound');
    expect(message).toContain('/ses add-user ghost@acme.test');
    expect(message).toContain(`/ses assign-poc ${number} ghost@acme.test`);
  });

  it('assignPoc of an invalid email is rejected with InvalidInput', async () => {
    const { handle } = await startComplaint(harness.env);
    const { code } = await rejectionOf(
      handle.executeUpdate(assignPoc, { args: [{ key: nextKey(), actor: contact, email: 'not-an-email' }] }),
    );
    expect(code).toBe('InvalidInput');
  });

  it('assignHelper before a POC exists is rejected with PocNotAssigned', async () => {
    const { handle } = await startComplaint(harness.env);
    const { code } = await rejectionOf(
      handle.executeUpdate(assignHelper, { args: [{ key: nextKey(), actor: contact, email: HELPER }] }),
    );
    expect(code).toBe('PocNotAssigned');
  });

  it('assignHelper by a user who is not the POC is rejected with NotPoc', async () => {
    const { handle } = await openWithPoc(harness.env);
    const { code } = await rejectionOf(
      handle.executeUpdate(assignHelper, { args: [{ key: nextKey(), actor: contact, email: HELPER }] }),
    );
    expect(code).toBe('NotPoc');
  });

  it('assignHelper of the POC is rejected with InvalidInput', async () => {
    const { handle } = await openWithPoc(harness.env);
    const { code, message } = await rejectionOf(
      handle.executeUpdate(assignHelper, { args: [{ key: nextKey(), actor: poc, email: POC }] }),
    );
    expect(code).toBe('InvalidInput');
    expect(message).toContain('poc@acme.test is the POC');
  });

  it('assignHelper of an unknown user is rejected with UserNotFound', async () => {
    const { handle } = await openWithPoc(harness.env);
    const { code, message } = await rejectionOf(
      handle.executeUpdate(assignHelper, { args: [{ key: nextKey(), actor: poc, email: 'x@acme.test' }] }),
    );
    expect(code).toBe('UserNotFound');
    expect(message).toContain('x@acme.test is not a user of Acme Lending');
    expect(message).toContain(`Complaints Contact (${CONTACT})`);
    expect(message).toContain('USER x@acme.test');
  });
});

describe('complaint rules: information requests', () => {
  it('createIr with an empty question is rejected with InvalidInput', async () => {
    const { handle } = await openWithPoc(harness.env);
    const { code } = await rejectionOf(
      handle.executeUpdate(createIr, { args: [{ key: nextKey(), actor: agency, question: '  ', due: TEN_DAYS }] }),
    );
    expect(code).toBe('InvalidInput');
  });

  it('createIr with a weekend due date is rejected with InvalidDueDate', async () => {
    const { handle } = await openWithPoc(harness.env);
    const { code, message } = await rejectionOf(
      handle.executeUpdate(createIr, {
        args: [{ key: nextKey(), actor: agency, question: 'Q?', due: { kind: 'date', date: '2099-01-03' } }],
      }),
    );
    expect(code).toBe('InvalidDueDate');
    expect(message).toContain('2099-01-03 is a Saturday');
  });

  it('saveDraft by a user who is neither POC nor helper is rejected', async () => {
    const { handle } = await openWithIr(harness.env);
    const { code } = await rejectionOf(draft(handle, companyActor(OTHER_USER)));
    expect(code).toBe('NotPocOrHelper');
  });

  it('saveDraft on a missing IR is rejected with IrNotFound', async () => {
    const { number, handle } = await openWithIr(harness.env);
    const { code, message } = await rejectionOf(draft(handle, poc, 'Text.', false, 3));
    expect(code).toBe('IrNotFound');
    expect(message).toBe(`IR-3 was not found on complaint ${number}.`);
  });

  it('saveDraft on a sent IR is rejected with IrNotOpen', async () => {
    const { handle } = await openWithSubmittedIr(harness.env);
    const { code } = await rejectionOf(draft(handle));
    expect(code).toBe('IrNotOpen');
  });

  it('saveDraft with empty text is rejected with InvalidInput', async () => {
    const { handle } = await openWithIr(harness.env);
    const { code } = await rejectionOf(draft(handle, poc, ' '));
    expect(code).toBe('InvalidInput');
  });

  it('saveDraft restricted by a helper is rejected with RestrictedDraft', async () => {
    const { handle } = await openWithIr(harness.env);
    const { code } = await rejectionOf(draft(handle, helper, 'Secret.', true));
    expect(code).toBe('RestrictedDraft');
  });

  it('saveDraft by a helper over a restricted draft is rejected', async () => {
    const { handle } = await openWithIr(harness.env);
    await draft(handle, poc, 'Secret.', true);
    const { code } = await rejectionOf(draft(handle, helper, 'Overwrite.'));
    expect(code).toBe('RestrictedDraft');
    expect((await statusFor(handle)).irs[0]?.drafts).toHaveLength(1);
  });

  it('submitResponse by a helper is rejected with NotPoc', async () => {
    const { handle } = await openWithIr(harness.env);
    await draft(handle, helper);
    const { code } = await rejectionOf(
      handle.executeUpdate(submitResponse, { args: [{ key: nextKey(), actor: helper, ir: 1 }] }),
    );
    expect(code).toBe('NotPoc');
  });

  it('submitResponse without a draft is rejected with NoDraft', async () => {
    const { handle } = await openWithIr(harness.env);
    const { code } = await rejectionOf(
      handle.executeUpdate(submitResponse, { args: [{ key: nextKey(), actor: poc, ir: 1 }] }),
    );
    expect(code).toBe('NoDraft');
  });

  it('submitResponse after sendBack without a new draft is rejected with NoDraft', async () => {
    const { handle } = await openWithSubmittedIr(harness.env);
    await handle.executeUpdate(sendBack, {
      args: [{ key: nextKey(), actor: agency, ir: 1, due: TEN_DAYS, note: 'More.' }],
    });
    const { code } = await rejectionOf(
      handle.executeUpdate(submitResponse, { args: [{ key: nextKey(), actor: poc, ir: 1 }] }),
    );
    expect(code).toBe('NoDraft');
  });

  it('submitResponse on a sent IR is rejected with IrNotOpen', async () => {
    const { handle } = await openWithSubmittedIr(harness.env);
    const { code } = await rejectionOf(
      handle.executeUpdate(submitResponse, { args: [{ key: nextKey(), actor: poc, ir: 1, text: 'Again.' }] }),
    );
    expect(code).toBe('IrNotOpen');
  });

  it('sendBack of an open IR is rejected with IrNotSent', async () => {
    const { handle } = await openWithIr(harness.env);
    const { code, message } = await rejectionOf(
      handle.executeUpdate(sendBack, { args: [{ key: nextKey(), actor: agency, ir: 1, due: TEN_DAYS, note: 'n' }] }),
    );
    expect(code).toBe('IrNotSent');
    expect(message).toContain('IR-1');
  });

  it('createIr with an oversized question is rejected', async () => {
    const { handle } = await openWithPoc(harness.env);
    const { code, message } = await rejectionOf(
      handle.executeUpdate(createIr, {
        args: [{ key: nextKey(), actor: agency, question: 'x'.repeat(MAX_TEXT_LENGTH + 1), due: TEN_DAYS }],
      }),
    );
    expect(code).toBe('InvalidInput');
    expect(message).toContain(String(MAX_TEXT_LENGTH));
  });

  it('sendBack with a bad due date is rejected with InvalidDueDate', async () => {
    const { handle } = await openWithSubmittedIr(harness.env);
    const { code } = await rejectionOf(
      handle.executeUpdate(sendBack, {
        args: [{ key: nextKey(), actor: agency, ir: 1, due: { kind: 'businessDays', days: 0 }, note: 'n' }],
      }),
    );
    expect(code).toBe('InvalidDueDate');
  });
});

describe('complaint rules: extensions', () => {
  const extend = (handle: WorkflowHandle, actor = poc, days = 5) =>
    handle.executeUpdate(requestExtension, { args: [{ key: nextKey(), actor, ir: 1, days, reason: 'Need records.' }] });

  it('requestExtension by a helper is rejected with NotPoc', async () => {
    const { handle } = await openWithIr(harness.env);
    const { code } = await rejectionOf(extend(handle, helper));
    expect(code).toBe('NotPoc');
  });

  it('requestExtension while one is pending is rejected with ExtensionPending', async () => {
    const { handle } = await openWithIr(harness.env);
    await extend(handle);
    const { code } = await rejectionOf(extend(handle));
    expect(code).toBe('ExtensionPending');
  });

  it('requestExtension after a decision is accepted again', async () => {
    const { handle } = await openWithIr(harness.env);
    await extend(handle);
    await handle.executeUpdate(decideExtension, { args: [{ key: nextKey(), actor: agency, ir: 1, approve: false }] });
    await extend(handle, poc, 2);
    expect((await statusFor(handle)).irs[0]?.extensions.map((extension) => extension.days)).toEqual([5, 2]);
  });

  it.each([0, 31, 2.5])('requestExtension of %s days is rejected with InvalidInput', async (days) => {
    const { handle } = await openWithIr(harness.env);
    const { code, message } = await rejectionOf(extend(handle, poc, days));
    expect(code).toBe('InvalidInput');
    expect(message).toContain(String(days));
  });

  it('decideExtension approving an earlier due date is rejected', async () => {
    const { handle } = await openWithIr(harness.env);
    await extend(handle);
    const { code, message } = await rejectionOf(
      handle.executeUpdate(decideExtension, {
        args: [{ key: nextKey(), actor: agency, ir: 1, approve: true, due: { kind: 'businessDays', days: 1 } }],
      }),
    );
    expect(code).toBe('InvalidDueDate');
    expect(message).toContain('later than');
  });

  it('decideExtension approving for a submitted response is rejected', async () => {
    const { handle } = await openWithIr(harness.env);
    await extend(handle);
    await handle.executeUpdate(submitResponse, { args: [{ key: nextKey(), actor: poc, ir: 1, text: 'Answer.' }] });
    const { code } = await rejectionOf(
      handle.executeUpdate(decideExtension, { args: [{ key: nextKey(), actor: agency, ir: 1, approve: true }] }),
    );
    expect(code).toBe('IrNotOpen');
    await handle.executeUpdate(decideExtension, { args: [{ key: nextKey(), actor: agency, ir: 1, approve: false }] });
    expect((await statusFor(handle)).irs[0]?.extensions[0]?.decision).toBe('denied');
  });

  it('decideExtension without a request is rejected with NoExtensionPending', async () => {
    const { handle } = await openWithIr(harness.env);
    const { code } = await rejectionOf(
      handle.executeUpdate(decideExtension, { args: [{ key: nextKey(), actor: agency, ir: 1, approve: true }] }),
    );
    expect(code).toBe('NoExtensionPending');
  });
});

describe('complaint rules: closing', () => {
  const close = (handle: WorkflowHandle, reason: string, amount?: string) =>
    handle.executeUpdate(closeComplaint, {
      // The cast lets the test send a reason a bot could pass through unchecked.
      args: [
        { key: nextKey(), actor: agency, reason: reason as 'explanation', amount, visibleToCompany: true, note: '' },
      ],
    });

  it('closeComplaint with monetary relief and no amount is rejected', async () => {
    const { handle } = await openWithPoc(harness.env);
    const { code, message } = await rejectionOf(close(handle, 'monetary-relief'));
    expect(code).toBe('InvalidInput');
    expect(message).toContain('amount');
  });

  it.each(['12,50', 'abc', '1.234', '-5'])('closeComplaint with amount %s is rejected', async (amount) => {
    const { handle } = await openWithPoc(harness.env);
    const { code, message } = await rejectionOf(close(handle, 'monetary-relief', amount));
    expect(code).toBe('InvalidInput');
    expect(message).toContain(amount);
  });

  it('closeComplaint without a note is rejected', async () => {
    const { handle } = await openWithPoc(harness.env);
    const { code, message } = await rejectionOf(
      handle.executeUpdate(closeComplaint, {
        // The cast lets the test send what a client other than the bots could send.
        args: [
          { key: nextKey(), actor: agency, reason: 'explanation', visibleToCompany: true } as unknown as CloseInput,
        ],
      }),
    );
    expect(code).toBe('InvalidInput');
    expect(message).toContain('note');
  });

  it('closeComplaint with an unknown reason is rejected', async () => {
    const { handle } = await openWithPoc(harness.env);
    const { code, message } = await rejectionOf(close(handle, 'bored'));
    expect(code).toBe('InvalidInput');
    expect(message).toContain('"bored" is not a closing reason');
  });

  it('closeComplaint while enrollment is pending is accepted', async () => {
    const { handle } = await startComplaint(harness.env, pendingCompany('company-rules-close'));
    await close(handle, 'referred');
    expect((await statusFor(handle)).status).toBe('Closed');
  });
});

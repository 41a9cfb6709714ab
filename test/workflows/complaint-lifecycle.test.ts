import { describe, expect, it } from 'vitest';
import { addBusinessDays, easternDate, easternInstant, resolveDue } from '../../domain/hours.ts';
import {
  assignPoc,
  closeComplaint,
  companyChanged,
  createIr,
  decideExtension,
  requestExtension,
  saveDraft,
  sendBack,
  submitResponse,
} from '../../workflows/messages.ts';
import {
  CONTACT,
  eventually,
  HELPER,
  openWithIr,
  openWithPoc,
  openWithSubmittedIr,
  OTHER_USER,
  POC,
  statusFor,
  TEN_DAYS,
} from './complaint-support.ts';
import {
  agency,
  companyActor,
  enrolledCompany,
  nextKey,
  pendingCompany,
  startComplaint,
  useHarness,
} from './harness.ts';

const harness = useHarness();

describe('complaint lifecycle', () => {
  it('start of enrolled company awaits POC', async () => {
    const { number, handle } = await startComplaint(harness.env);
    const { recorder } = harness;

    await eventually(() => expect(recorder.emailsOf(number, 'assignPocRequest')).toHaveLength(1));
    expect((await statusFor(handle)).status).toBe('AwaitingPoc');
    expect(recorder.emailsOf(number, 'assignPocRequest')[0]?.request.to.email).toBe(CONTACT);
    expect(recorder.agencyNoticesOf(number, 'complaintOpened')).toHaveLength(1);
    expect(recorder.recordsOf(number).map((event) => event.type)).toEqual(['ComplaintOpened']);
  });

  it('start of pending company waits for enrollment', async () => {
    const company = pendingCompany();
    const { number, handle } = await startComplaint(harness.env, company);
    const { recorder } = harness;

    await eventually(() => expect(recorder.agencyNoticesOf(number, 'complaintOpened')).toHaveLength(1));
    expect((await statusFor(handle)).status).toBe('EnrollmentPending');
    expect(recorder.agencyNoticesOf(number, 'complaintOpened')[0]?.notice).toMatchObject({ enrollmentPending: true });
    expect(recorder.emailsOf(number, 'assignPocRequest')).toHaveLength(0);

    const enrolled = {
      ...company,
      enrolled: true,
      users: [{ email: 'first@pending.test', role: 'ComplaintsContact' as const }],
    };
    await handle.signal(companyChanged, enrolled);
    await eventually(() => expect(recorder.emailsOf(number, 'assignPocRequest')).toHaveLength(1));
    expect((await statusFor(handle)).status).toBe('AwaitingPoc');
    expect(recorder.emailsOf(number, 'assignPocRequest')[0]?.request.to.email).toBe('first@pending.test');
    expect(recorder.recordsOf(number).some((event) => event.type === 'StatusChanged')).toBe(true);
  });

  it('assignPoc moves complaint to Open', async () => {
    const { number, handle } = await openWithPoc(harness.env);

    const view = await statusFor(handle);
    expect(view.status).toBe('Open');
    expect(view.poc).toBe(POC);
    expect(harness.recorder.emailsOf(number, 'pocAssigned').map((call) => call.request.to.email)).toEqual([POC]);
    expect(harness.recorder.recordsOf(number).map((event) => event.type)).toContain('PocAssigned');
  });

  it('assignPoc again replaces POC and sends open IRs', async () => {
    const { number, handle } = await openWithIr(harness.env);

    await handle.executeUpdate(assignPoc, { args: [{ key: nextKey(), actor: companyActor(CONTACT), email: HELPER }] });

    const view = await statusFor(handle);
    expect(view.poc).toBe(HELPER);
    expect(view.helpers).toEqual([]);
    expect(harness.recorder.emailsTo(HELPER, 'newIr').filter((email) => email.complaintNumber === number)).toHaveLength(
      1,
    );
  });

  it('IRs created during enrollment reach the POC once assigned', async () => {
    const company = pendingCompany('company-late');
    const { number, handle } = await startComplaint(harness.env, company);
    const created = await handle.executeUpdate(createIr, {
      args: [{ key: nextKey(), actor: agency, question: 'Send the loan file.', due: TEN_DAYS }],
    });
    expect(created.ir).toBe(1);
    expect(harness.recorder.emailsOf(number, 'newIr')).toHaveLength(0);

    const users = [
      { email: 'first@pending.test', role: 'ComplaintsContact' as const },
      { email: 'poc@pending.test', role: 'User' as const },
    ];
    await handle.signal(companyChanged, { ...company, enrolled: true, users });
    await eventually(async () => expect((await statusFor(handle)).status).toBe('AwaitingPoc'));
    await handle.executeUpdate(assignPoc, {
      args: [{ key: nextKey(), actor: companyActor('first@pending.test'), email: 'poc@pending.test' }],
    });

    const newIr = harness.recorder.emailsOf(number, 'newIr');
    expect(newIr.map((call) => call.request.to.email)).toEqual(['poc@pending.test']);
    expect(newIr[0]?.request.notice).toMatchObject({ ir: 1, question: 'Send the loan file.' });
  });

  it('assignHelper adds helper and emails them', async () => {
    const { number, handle } = await openWithIr(harness.env);

    expect((await statusFor(handle)).helpers).toEqual([HELPER]);
    expect(harness.recorder.emailsOf(number, 'helperAdded').map((call) => call.request.to.email)).toEqual([HELPER]);
  });

  it('createIr opens IR with resolved due date', async () => {
    const before = new Date(await harness.env.currentTimeMs());
    const { number, handle } = await openWithIr(harness.env);

    const [ir] = (await statusFor(handle)).irs;
    expect(ir?.status).toBe('Open');
    expect(ir?.dueAt).toBe(resolveDue(TEN_DAYS, before).toISOString());
    expect(harness.recorder.emailsOf(number, 'newIr').map((call) => call.request.to.email)).toEqual([POC]);
    expect(harness.recorder.agencyNoticesOf(number, 'newIr')).toHaveLength(1);
    expect(harness.recorder.recordsOf(number).find((event) => event.type === 'IrCreated')).toMatchObject({ ir: 1 });
  });

  it('saveDraft keeps versions and emails the author', async () => {
    const { number, handle } = await openWithIr(harness.env);

    const first = await handle.executeUpdate(saveDraft, {
      args: [{ key: nextKey(), actor: companyActor(HELPER), ir: 1, text: 'First try.', restricted: false }],
    });
    const second = await handle.executeUpdate(saveDraft, {
      args: [{ key: nextKey(), actor: companyActor(POC), ir: 1, text: 'Private detail.', restricted: true }],
    });

    expect(first).toEqual({ ir: 1, version: 1, restricted: false });
    expect(second).toEqual({ ir: 1, version: 2, restricted: true });
    const drafts = (await statusFor(handle)).irs[0]?.drafts ?? [];
    expect(drafts.map((draft) => draft.author)).toEqual([HELPER, POC]);
    expect(harness.recorder.emailsOf(number, 'draftSaved').map((call) => call.request.to.email)).toEqual([HELPER, POC]);
    const saved = harness.recorder.recordsOf(number).filter((event) => event.type === 'DraftSaved');
    expect(saved.map((event) => (event.type === 'DraftSaved' ? event.text : ''))).toEqual([
      'First try.',
      'Private detail.',
    ]);
  });

  it('submitResponse sends latest draft', async () => {
    const { number, handle } = await openWithSubmittedIr(harness.env);

    const ir = (await statusFor(handle)).irs[0];
    expect(ir?.status).toBe('Sent');
    expect(ir?.submissions.map((submission) => submission.version)).toEqual([1]);
    expect(harness.recorder.emailsOf(number, 'submissionReceipt').map((call) => call.request.to.email)).toEqual([POC]);
    const [notice] = harness.recorder.agencyNoticesOf(number, 'responseSubmitted');
    expect(notice?.notice).toMatchObject({ ir: 1, version: 1, text: 'We refunded it.', poc: POC });
  });

  it('submitResponse with text saves it as a draft first', async () => {
    const { number, handle } = await openWithIr(harness.env);

    const result = await handle.executeUpdate(submitResponse, {
      args: [{ key: nextKey(), actor: companyActor(POC), ir: 1, text: 'Answer in the reply.' }],
    });

    expect(result.version).toBe(1);
    const ir = (await statusFor(handle)).irs[0];
    expect(ir?.drafts.map((draft) => draft.text)).toEqual(['Answer in the reply.']);
    expect(ir?.status).toBe('Sent');
    expect(harness.recorder.recordsOf(number).map((event) => event.type)).toEqual(
      expect.arrayContaining(['DraftSaved', 'ResponseSubmitted']),
    );
  });

  it('sendBack returns IR with a new due date', async () => {
    const { number, handle } = await openWithSubmittedIr(harness.env);
    const originalDue = (await statusFor(handle)).irs[0]?.dueAt;

    const result = await handle.executeUpdate(sendBack, {
      args: [{ key: nextKey(), actor: agency, ir: 1, due: { kind: 'businessDays', days: 5 }, note: 'Add the dates.' }],
    });

    const ir = (await statusFor(handle)).irs[0];
    expect(ir?.status).toBe('ReturnedForUpdate');
    expect(ir?.dueAt).toBe(result.dueAt);
    expect(ir?.previousDueDates).toEqual([originalDue]);
    const [email] = harness.recorder.emailsOf(number, 'returnedForUpdate');
    expect(email?.request.to.email).toBe(POC);
    expect(email?.request.notice).toMatchObject({ ir: 1, note: 'Add the dates.', dueAt: result.dueAt });
  });

  it('submitResponse after sendBack sends the new version', async () => {
    const { handle } = await openWithSubmittedIr(harness.env);
    await handle.executeUpdate(sendBack, {
      args: [{ key: nextKey(), actor: agency, ir: 1, due: TEN_DAYS, note: 'Add the dates.' }],
    });
    await handle.executeUpdate(saveDraft, {
      args: [{ key: nextKey(), actor: companyActor(POC), ir: 1, text: 'Refunded on May 2.', restricted: false }],
    });

    const result = await handle.executeUpdate(submitResponse, {
      args: [{ key: nextKey(), actor: companyActor(POC), ir: 1 }],
    });

    expect(result.version).toBe(2);
    const ir = (await statusFor(handle)).irs[0];
    expect(ir?.status).toBe('Sent');
    expect(ir?.submissions.map((submission) => submission.version)).toEqual([1, 2]);
  });

  it('requestExtension notifies the agency', async () => {
    const { number, handle } = await openWithIr(harness.env);

    await handle.executeUpdate(requestExtension, {
      args: [{ key: nextKey(), actor: companyActor(POC), ir: 1, days: 5, reason: 'Records are archived.' }],
    });

    const [extension] = (await statusFor(handle)).irs[0]?.extensions ?? [];
    expect(extension).toMatchObject({ days: 5, reason: 'Records are archived.', requestedBy: POC });
    expect(extension?.decision).toBeUndefined();
    const [notice] = harness.recorder.agencyNoticesOf(number, 'extensionRequested');
    expect(notice?.notice).toMatchObject({ ir: 1, days: 5, requestedBy: POC });
  });

  it('decideExtension approve adds the requested business days', async () => {
    const { number, handle } = await openWithIr(harness.env);
    const originalDue = (await statusFor(handle)).irs[0]?.dueAt ?? '';
    await handle.executeUpdate(requestExtension, {
      args: [{ key: nextKey(), actor: companyActor(POC), ir: 1, days: 5, reason: 'Records are archived.' }],
    });

    const result = await handle.executeUpdate(decideExtension, {
      args: [{ key: nextKey(), actor: agency, ir: 1, approve: true }],
    });

    const expected = easternInstant(addBusinessDays(easternDate(new Date(originalDue)), 5), 18).toISOString();
    expect(result.dueAt).toBe(expected);
    const ir = (await statusFor(handle)).irs[0];
    expect(ir?.dueAt).toBe(expected);
    expect(ir?.previousDueDates).toEqual([originalDue]);
    expect(ir?.extensions[0]?.decision).toBe('approved');
    const [email] = harness.recorder.emailsOf(number, 'extensionDecided');
    expect(email?.request.notice).toMatchObject({ approved: true, dueAt: expected });
  });

  it('decideExtension approve with a due date uses it', async () => {
    const { handle } = await openWithIr(harness.env);
    await handle.executeUpdate(requestExtension, {
      args: [{ key: nextKey(), actor: companyActor(POC), ir: 1, days: 5, reason: 'Records are archived.' }],
    });
    const due = { kind: 'businessDays' as const, days: 30 };
    const now = new Date(await harness.env.currentTimeMs());

    const result = await handle.executeUpdate(decideExtension, {
      args: [{ key: nextKey(), actor: agency, ir: 1, approve: true, due }],
    });

    expect(result.dueAt).toBe(resolveDue(due, now).toISOString());
  });

  it('decideExtension deny keeps the due date', async () => {
    const { number, handle } = await openWithIr(harness.env);
    const originalDue = (await statusFor(handle)).irs[0]?.dueAt;
    await handle.executeUpdate(requestExtension, {
      args: [{ key: nextKey(), actor: companyActor(POC), ir: 1, days: 5, reason: 'Records are archived.' }],
    });

    await handle.executeUpdate(decideExtension, {
      args: [{ key: nextKey(), actor: agency, ir: 1, approve: false, reason: 'The file is short.' }],
    });

    const ir = (await statusFor(handle)).irs[0];
    expect(ir?.dueAt).toBe(originalDue);
    expect(ir?.previousDueDates).toEqual([]);
    expect(ir?.extensions[0]).toMatchObject({ decision: 'denied', decisionReason: 'The file is short.' });
    const [email] = harness.recorder.emailsOf(number, 'extensionDecided');
    expect(email?.request.notice).toMatchObject({ approved: false, reason: 'The file is short.' });
  });

  it('closeComplaint closes IRs and completes the workflow', async () => {
    const { number, handle } = await openWithIr(harness.env);

    await handle.executeUpdate(closeComplaint, {
      args: [
        {
          key: nextKey(),
          actor: agency,
          reason: 'monetary-relief',
          amount: '250.00',
          visibleToCompany: true,
          note: 'Refund made.',
        },
      ],
    });
    await handle.result();

    const view = await statusFor(handle);
    expect(view.status).toBe('Closed');
    expect(view.irs.map((ir) => ir.status)).toEqual(['Closed']);
    expect(view.closed).toMatchObject({ reason: 'monetary-relief', amount: '250.00', closedBy: 'Alex Agent' });
    const notices = harness.recorder.emailsOf(number, 'closureNotice');
    expect(notices.map((call) => call.request.to.email).sort()).toEqual([CONTACT, POC]);
    expect(notices[0]?.request.notice).toEqual({
      kind: 'closureNotice',
      reason: 'monetary-relief',
      amount: '250.00',
      note: 'Refund made.',
    });
    expect(harness.recorder.agencyNoticesOf(number, 'closureNotice')).toHaveLength(1);
    expect(harness.recorder.recordsOf(number).map((event) => event.type)).toContain('ComplaintClosed');
  });

  it('closeComplaint hides details the company may not see', async () => {
    const { number, handle } = await openWithPoc(harness.env);

    await handle.executeUpdate(closeComplaint, {
      args: [{ key: nextKey(), actor: agency, reason: 'invalid', visibleToCompany: false, note: 'Internal note.' }],
    });

    const notices = harness.recorder.emailsOf(number, 'closureNotice');
    expect(notices).toHaveLength(2);
    for (const call of notices) expect(call.request.notice).toEqual({ kind: 'closureNotice' });
    const [agencyNotice] = harness.recorder.agencyNoticesOf(number, 'closureNotice');
    expect(agencyNotice?.notice).toMatchObject({ reason: 'invalid', note: 'Internal note.' });
  });

  it('closeComplaint before enrollment emails nobody at the company', async () => {
    const { number, handle } = await startComplaint(harness.env, pendingCompany('company-never'));

    await handle.executeUpdate(closeComplaint, {
      args: [{ key: nextKey(), actor: agency, reason: 'duplicate', visibleToCompany: true, note: 'Same as C-1.' }],
    });
    await handle.result();

    expect(harness.recorder.emailsOf(number, 'closureNotice')).toHaveLength(0);
    expect(harness.recorder.agencyNoticesOf(number, 'closureNotice')).toHaveLength(1);
  });

  it('activity keys are unique within a complaint', async () => {
    const { number, handle } = await openWithSubmittedIr(harness.env);
    await handle.executeUpdate(closeComplaint, {
      args: [{ key: nextKey(), actor: agency, reason: 'explanation', visibleToCompany: true, note: 'Explained.' }],
    });

    const keys = [
      ...harness.recorder.emails
        .filter((call) => call.request.complaintNumber === number)
        .map((call) => call.request.key),
      ...harness.recorder.recordsOf(number).map((event) => event.key),
      ...harness.recorder.agencyNoticesOf(number).map((notice) => notice.key),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('companyChanged adds users the complaint accepts', async () => {
    const company = enrolledCompany('company-grow');
    const { handle } = await startComplaint(harness.env, company);
    const users = [...company.users, { email: 'new@acme.test', role: 'User' as const }];
    await handle.signal(companyChanged, { ...company, users });

    await handle.executeUpdate(assignPoc, {
      args: [{ key: nextKey(), actor: companyActor(CONTACT), email: 'new@acme.test' }],
    });

    expect((await statusFor(handle, companyActor(OTHER_USER))).poc).toBe('new@acme.test');
  });
});

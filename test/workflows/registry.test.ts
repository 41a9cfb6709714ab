import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEmail, type RenderContext } from '../../activities/email-templates.ts';
import type { Actor } from '../../domain/types.ts';
import { nextInvitationReminder } from '../../workflows/enrollment.ts';
import {
  acceptEnrollment,
  addUser,
  assignPoc,
  closeComplaint,
  complaintWorkflowId,
  createIr,
  findUser,
  listOpen,
  openComplaint,
  REGISTRY_WORKFLOW_ID,
  TASK_QUEUE,
  type OpenComplaintResult,
  type RegistryInput,
} from '../../workflows/messages.ts';
import { emptyRegistryState, FIRST_COMPLAINT_NUMBER } from '../../workflows/registry-directory.ts';
import {
  eventually,
  rejectionOf,
  statusFor,
  TEN_DAYS,
  updateInHistory,
  withRecordsBlocked,
} from './complaint-support.ts';
import { agency, companyActor, nextKey, startHarness, type Harness } from './harness.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const renderContext: RenderContext = { complaintNumber: 'C-1', formatTime: (iso) => iso };

let harness: Harness;
let registry: WorkflowHandle;
let numberBase = FIRST_COMPLAINT_NUMBER;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.stop();
});

/**
 * Starts a fresh registry for one test. Complaints report to the registry that started them, so
 * each test gets its own registry id. Each also gets its own range of complaint numbers, because
 * complaints of earlier tests keep running. The first one starts empty, as in production.
 */
async function startRegistry(input: RegistryInput = {}): Promise<WorkflowHandle> {
  const state = numberBase === FIRST_COMPLAINT_NUMBER ? undefined : { ...emptyRegistryState(), nextNumber: numberBase };
  registry = await harness.env.client.workflow.start('registry', {
    taskQueue: TASK_QUEUE,
    workflowId: numberBase === FIRST_COMPLAINT_NUMBER ? REGISTRY_WORKFLOW_ID : `${REGISTRY_WORKFLOW_ID}-${numberBase}`,
    args: [{ ...input, state }],
  });
  numberBase += 1000;
  return registry;
}

function open(companyName: string, contactEmail: string, options: { key?: string; actor?: Actor } = {}) {
  return registry.executeUpdate(openComplaint, {
    args: [
      {
        key: options.key ?? nextKey('open'),
        actor: options.actor ?? agency,
        companyName,
        contact: { email: contactEmail, name: 'First User' },
        summary: 'Fees charged after the account was closed.',
      },
    ],
  });
}

function accept(companyId: string, email: string) {
  return registry.executeUpdate(acceptEnrollment, {
    args: [{ key: nextKey('accept'), actor: companyActor(email), companyId }],
  });
}

function invitationsOf(companyId: string) {
  return harness.recorder.emails.filter(
    (call) => call.request.companyId === companyId && call.request.notice.kind === 'invitation',
  );
}

function complaintHandle(result: OpenComplaintResult): WorkflowHandle {
  return harness.env.client.workflow.getHandle(complaintWorkflowId(result.number));
}

describe('registry openComplaint', () => {
  it('openComplaint numbers complaints from C-1001', async () => {
    await startRegistry();
    const first = await open('Acme  Lending', 'Jane@Acme.test');
    const second = await open('acme lending', 'jane@acme.test');

    expect(first).toMatchObject({
      number: 'C-1001',
      workflowId: 'complaint-C-1001',
      status: 'EnrollmentPending',
      companyCreated: true,
    });
    expect(second).toMatchObject({ number: 'C-1002', companyCreated: false, companyId: first.companyId });
    expect((await statusFor(complaintHandle(second))).status).toBe('EnrollmentPending');
    const created = harness.recorder.records.filter(
      (call) => call.request.type === 'CompanyCreated' && call.request.companyId === first.companyId,
    );
    expect(created).toHaveLength(1);
    expect(await registry.query(findUser, 'jane@acme.test')).toEqual({
      companyId: first.companyId,
      companyName: 'Acme Lending',
      enrolled: false,
      role: 'User',
    });
  });

  it('openComplaint sends the invitation once per company', async () => {
    await startRegistry();
    const first = await open('Invite Co', 'first@invite.test');
    await open('Invite Co', 'first@invite.test');

    const [invitation] = await eventually(() => {
      const sent = invitationsOf(first.companyId);
      expect(sent).toHaveLength(1);
      return sent;
    });
    expect(invitation?.request.to.email).toBe('first@invite.test');
    expect(invitation?.request.complaintNumber).toBe(first.number);
  });

  it('openComplaint with a repeated key returns the first result', async () => {
    await startRegistry();
    const first = await open('Repeat Co', 'a@repeat.test', { key: 'slack-event-1' });
    const again = await open('Repeat Co', 'a@repeat.test', { key: 'slack-event-1' });
    expect(again).toEqual(first);
    expect(await registry.query(listOpen, agency)).toHaveLength(1);
  });

  it('openComplaint for a known company keeps its invited user', async () => {
    await startRegistry();
    const first = await open('Known Co', 'first@known.test');
    const second = await open('Known Co', 'someone-else@known.test');
    expect(second.companyId).toBe(first.companyId);
    expect(await registry.query(findUser, 'someone-else@known.test')).toBeNull();
  });

  it('openComplaint for an enrolled company awaits the POC', async () => {
    await startRegistry();
    const first = await open('Enrolled Co', 'cc@enrolled.test');
    await accept(first.companyId, 'cc@enrolled.test');

    const second = await open('Enrolled Co', 'cc@enrolled.test');

    expect(second.status).toBe('AwaitingPoc');
    await eventually(() =>
      expect(harness.recorder.emailsOf(second.number, 'assignPocRequest').map((call) => call.request.to.email)).toEqual(
        ['cc@enrolled.test'],
      ),
    );
  });

  it.each([
    ['NotAgencyStaff', 'Co', 'a@co.test', 'summary', companyActor('a@co.test')],
    ['InvalidInput', '  ', 'a@co.test', 'summary', agency],
    ['InvalidInput', 'Co', 'not-an-email', 'summary', agency],
    ['InvalidInput', 'Co', 'a@co.test', ' ', agency],
  ])(
    'openComplaint is rejected with %s for company "%s", contact %s, summary "%s"',
    async (code, company, email, summary, actor) => {
      await startRegistry();
      const result = await rejectionOf(
        registry.executeUpdate(openComplaint, {
          args: [{ key: nextKey(), actor, companyName: company, contact: { email }, summary }],
        }),
      );
      expect(result.code).toBe(code);
    },
  );

  it('openComplaint skips a number whose workflow id is taken', async () => {
    await startRegistry();
    const taken = `C-${numberBase - 1000}`;
    // Any running workflow holds the id; a registry runs until it is terminated.
    await harness.env.client.workflow.start('registry', {
      taskQueue: TASK_QUEUE,
      workflowId: complaintWorkflowId(taken),
      args: [{}],
    });

    const opened = await open('Taken Co', 'cc@taken.test');

    expect(opened.number).toBe(`C-${numberBase - 999}`);
    expect((await registry.query(listOpen, agency)).map((summary) => summary.number)).toEqual([opened.number]);
    expect((await statusFor(complaintHandle(opened))).number).toBe(opened.number);
    const next = await open('Taken Co', 'cc@taken.test');
    expect(next.number).toBe(`C-${numberBase - 998}`);
  });

  it('openComplaint never reuses the number of a closed complaint', async () => {
    await startRegistry();
    const closed = await open('Reuse Co', 'cc@reuse.test');
    await complaintHandle(closed).executeUpdate(closeComplaint, {
      args: [{ key: nextKey(), actor: agency, reason: 'duplicate', visibleToCompany: false, note: '' }],
    });
    await complaintHandle(closed).result();
    const closedNumber = Number(closed.number.slice(2));

    // A registry started again without its state numbers from the closed complaint's number.
    registry = await harness.env.client.workflow.start('registry', {
      taskQueue: TASK_QUEUE,
      workflowId: `${REGISTRY_WORKFLOW_ID}-restarted-${closedNumber}`,
      args: [{ state: { ...emptyRegistryState(), nextNumber: closedNumber } }],
    });
    const next = await open('Reuse Co', 'cc@reuse.test');

    expect(next.number).toBe(`C-${closedNumber + 1}`);
    const view = await statusFor(complaintHandle(closed));
    expect(view.status).toBe('Closed');
    expect(view.closed?.reason).toBe('duplicate');
  });

  it('openComplaint with the contact of a queued new company is rejected unaccepted', async () => {
    await startRegistry();
    const startOpen = (companyName: string, email: string) =>
      registry.startUpdate(openComplaint, {
        args: [{ key: nextKey(), actor: agency, companyName, contact: { email }, summary: 'Fees.' }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });

    const { first, second, third } = await withRecordsBlocked(harness.recorder, 'CompanyCreated', async () => {
      const first = await startOpen('Queue One Co', 'a@queue-one.test');
      const second = await startOpen('Queue Two Co', 'shared@queue.test');
      return { first, second, third: await startOpen('Queue Three Co', 'shared@queue.test') };
    });

    expect((await rejectionOf(third.result())).code).toBe('UserExists');
    expect(await updateInHistory(registry, third.updateId)).toBe(false);
    await first.result();
    expect((await second.result()).companyCreated).toBe(true);
    expect((await registry.query(findUser, 'shared@queue.test'))?.companyName).toBe('Queue Two Co');
  });

  it('openComplaint with a contact of another company is rejected', async () => {
    await startRegistry();
    await open('Owner Co', 'shared@owner.test');
    const { code, message } = await rejectionOf(open('Other Co', 'shared@owner.test'));
    expect(code).toBe('UserExists');
    expect(message).toContain('Owner Co');
  });
});

describe('registry enrollment', () => {
  it('acceptEnrollment moves waiting complaints to AwaitingPoc', async () => {
    await startRegistry();
    const first = await open('Accept Co', 'cc@accept.test');
    const second = await open('Accept Co', 'cc@accept.test');

    const result = await accept(first.companyId, 'CC@accept.test');

    expect(result).toEqual({
      companyId: first.companyId,
      companyName: 'Accept Co',
      complaints: [first.number, second.number],
    });
    for (const opened of [first, second]) {
      await eventually(async () => expect((await statusFor(complaintHandle(opened))).status).toBe('AwaitingPoc'));
      expect(harness.recorder.emailsOf(opened.number, 'assignPocRequest')).toHaveLength(1);
    }
    expect((await registry.query(findUser, 'cc@accept.test'))?.role).toBe('ComplaintsContact');
    expect(harness.recorder.emailsTo('cc@accept.test', 'enrollmentCompleted')).toHaveLength(1);
    const completed = harness.recorder.records.filter(
      (call) => call.request.type === 'EnrollmentCompleted' && call.request.companyId === first.companyId,
    );
    expect(completed).toHaveLength(1);
    await eventually(async () =>
      expect((await registry.query(listOpen, agency)).map((summary) => summary.status)).toEqual([
        'AwaitingPoc',
        'AwaitingPoc',
      ]),
    );
  });

  it('acceptEnrollment by someone not invited is rejected', async () => {
    await startRegistry();
    const { companyId } = await open('Guarded Co', 'cc@guarded.test');
    expect((await rejectionOf(accept(companyId, 'intruder@guarded.test'))).code).toBe('NotInvited');
    const byAgency = registry.executeUpdate(acceptEnrollment, { args: [{ key: nextKey(), actor: agency, companyId }] });
    expect((await rejectionOf(byAgency)).code).toBe('NotInvited');
  });

  it('acceptEnrollment twice is rejected with AlreadyEnrolled', async () => {
    await startRegistry();
    const { companyId } = await open('Twice Co', 'cc@twice.test');
    await accept(companyId, 'cc@twice.test');
    expect((await rejectionOf(accept(companyId, 'cc@twice.test'))).code).toBe('AlreadyEnrolled');
  });

  it('acceptEnrollment of an unknown company is rejected', async () => {
    await startRegistry();
    const { code, message } = await rejectionOf(accept('no-such-company', 'cc@nowhere.test'));
    expect(code).toBe('CompanyNotFound');
    expect(message).toContain('no-such-company');
  });

  it('enrollment reminds every three business days, three times', async () => {
    await startRegistry();
    const { companyId } = await open('Slow Co', 'cc@slow.test');
    await eventually(() => expect(invitationsOf(companyId)).toHaveLength(1));

    await harness.env.sleep(30 * DAY);

    const sent = await eventually(() => {
      const invitations = invitationsOf(companyId);
      expect(invitations).toHaveLength(4);
      return invitations;
    });
    for (let index = 1; index < sent.length; index += 1) {
      const expected = nextInvitationReminder(new Date(sent[index - 1]?.scheduledAt ?? 0)).getTime();
      expect(sent[index]?.scheduledAt).toBeGreaterThanOrEqual(expected);
      expect(sent[index]?.scheduledAt).toBeLessThan(expected + MINUTE);
    }
    expect(new Set(sent.map((call) => call.request.key)).size).toBe(4);
    expect(sent.map((call) => (call.request.notice.kind === 'invitation' ? call.request.notice.reminder : -1))).toEqual(
      [undefined, 1, 2, 3],
    );
    const subjects = sent.map((call) => renderEmail(call.request.notice, renderContext).subject);
    expect(subjects[0]).toBe('[C-1] Enroll Slow Co to respond to a consumer complaint');
    expect(subjects.slice(1).every((subject) => subject.startsWith('[C-1] Reminder: enroll Slow Co'))).toBe(true);
  });

  it('openComplaint after the invitation expired invites again', async () => {
    await startRegistry();
    const first = await open('Lapsed Co', 'cc@lapsed.test');
    await harness.env.sleep(30 * DAY);
    await eventually(() => expect(invitationsOf(first.companyId)).toHaveLength(4));

    const second = await open('Lapsed Co', 'cc@lapsed.test');

    const fresh = await eventually(() => {
      const sent = invitationsOf(first.companyId);
      expect(sent).toHaveLength(5);
      return sent[4];
    });
    expect(fresh?.request.complaintNumber).toBe(second.number);
    expect(fresh?.request.notice).toEqual({
      kind: 'invitation',
      companyName: 'Lapsed Co',
      summary: 'Fees charged after the account was closed.',
    });
  });

  it('invitation reminders stop when no pending complaint is left', async () => {
    await startRegistry();
    const kept = await open('Half Co', 'cc@half.test');
    const closedHalf = await open('Half Co', 'cc@half.test');
    const gone = await open('Gone Co', 'cc@gone.test');
    for (const opened of [closedHalf, gone]) {
      await complaintHandle(opened).executeUpdate(closeComplaint, {
        args: [{ key: nextKey(), actor: agency, reason: 'duplicate', visibleToCompany: false, note: '' }],
      });
    }

    await harness.env.sleep(30 * DAY);

    await eventually(() => expect(invitationsOf(kept.companyId)).toHaveLength(4));
    expect(invitationsOf(gone.companyId)).toHaveLength(1);
    const reopened = await open('Gone Co', 'cc@gone.test');
    await eventually(() => expect(invitationsOf(gone.companyId)).toHaveLength(2));
    expect(invitationsOf(gone.companyId)[1]?.request.complaintNumber).toBe(reopened.number);
  });

  it('enrollment reminders stop once accepted', async () => {
    await startRegistry();
    const { companyId } = await open('Quick Co', 'cc@quick.test');
    await eventually(() => expect(invitationsOf(companyId)).toHaveLength(1));
    await accept(companyId, 'cc@quick.test');

    await harness.env.sleep(30 * DAY);

    expect(invitationsOf(companyId)).toHaveLength(1);
  });
});

describe('registry users', () => {
  async function enrolledCompanyId(name: string, contact: string): Promise<OpenComplaintResult> {
    const opened = await open(name, contact);
    await accept(opened.companyId, contact);
    return opened;
  }

  it('addUser adds a user the complaints accept', async () => {
    await startRegistry();
    const opened = await enrolledCompanyId('Grow Co', 'cc@grow.test');

    const result = await registry.executeUpdate(addUser, {
      args: [
        {
          key: nextKey(),
          actor: companyActor('cc@grow.test'),
          companyId: opened.companyId,
          email: 'New@grow.test',
          name: 'Nia',
        },
      ],
    });

    expect(result).toEqual({ companyId: opened.companyId, email: 'new@grow.test' });
    expect((await registry.query(findUser, 'new@grow.test'))?.role).toBe('User');
    expect(harness.recorder.emailsTo('new@grow.test', 'userAdded')).toHaveLength(1);
    await eventually(() =>
      complaintHandle(opened).executeUpdate(assignPoc, {
        args: [{ key: nextKey(), actor: companyActor('cc@grow.test'), email: 'new@grow.test' }],
      }),
    );
    expect((await statusFor(complaintHandle(opened))).poc).toBe('new@grow.test');
  });

  it('addUser by a user who is not the Complaints Contact is rejected', async () => {
    await startRegistry();
    const opened = await open('Before Co', 'cc@before.test');
    const beforeEnrollment = registry.executeUpdate(addUser, {
      args: [
        { key: nextKey(), actor: companyActor('cc@before.test'), companyId: opened.companyId, email: 'x@before.test' },
      ],
    });
    expect((await rejectionOf(beforeEnrollment)).code).toBe('NotComplaintsContact');
  });

  it('addUser queued behind another is checked before acceptance', async () => {
    await startRegistry();
    const opened = await enrolledCompanyId('Queue Co', 'cc@queue.test');
    const startAdd = (email: string) =>
      registry.startUpdate(addUser, {
        args: [{ key: nextKey(), actor: companyActor('cc@queue.test'), companyId: opened.companyId, email }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });

    const { first, second, third } = await withRecordsBlocked(harness.recorder, 'UserAdded', async () => {
      const first = await startAdd('one@queue.test');
      const second = await startAdd('two@queue.test');
      return { first, second, third: await startAdd('two@queue.test') };
    });

    expect((await rejectionOf(third.result())).code).toBe('UserExists');
    expect(await updateInHistory(registry, third.updateId)).toBe(false);
    expect((await first.result()).email).toBe('one@queue.test');
    expect((await second.result()).email).toBe('two@queue.test');
  });

  it('addUser of an existing user is rejected with UserExists', async () => {
    await startRegistry();
    const own = await enrolledCompanyId('Own Co', 'cc@own.test');
    await open('Far Co', 'cc@far.test');
    const add = (email: string) =>
      registry.executeUpdate(addUser, {
        args: [{ key: nextKey(), actor: companyActor('cc@own.test'), companyId: own.companyId, email }],
      });

    expect((await rejectionOf(add('CC@own.test'))).code).toBe('UserExists');
    const { code, message } = await rejectionOf(add('cc@far.test'));
    expect(code).toBe('UserExists');
    expect(message).toContain('Far Co');
    expect((await rejectionOf(add('bad address'))).code).toBe('InvalidInput');
  });
});

describe('registry queries', () => {
  it('listOpen shows each actor what they may see', async () => {
    await startRegistry();
    const a = await open('Alpha Co', 'cc@alpha.test');
    await accept(a.companyId, 'cc@alpha.test');
    const b = await open('Beta Co', 'cc@beta.test');
    await complaintHandle(a).executeUpdate(createIr, {
      args: [{ key: nextKey(), actor: agency, question: 'Q?', due: TEN_DAYS }],
    });
    await complaintHandle(b).executeUpdate(createIr, {
      args: [{ key: nextKey(), actor: agency, question: 'Q?', due: TEN_DAYS }],
    });

    await eventually(async () => {
      const all = await registry.query(listOpen, agency);
      expect(all.map((summary) => summary.number)).toEqual([a.number, b.number]);
      expect(all.every((summary) => summary.nextDueAt !== undefined)).toBe(true);
    });
    const alpha = await registry.query(listOpen, companyActor('cc@alpha.test'));
    expect(alpha.map((summary) => summary.number)).toEqual([a.number]);
    expect(alpha[0]?.nextDueAt).toBeDefined();
    const beta = await registry.query(listOpen, companyActor('cc@beta.test'));
    expect(beta.map((summary) => summary.number)).toEqual([b.number]);
    expect(beta[0]?.nextDueAt).toBeUndefined();
    expect(await registry.query(listOpen, companyActor('nobody@unknown.test'))).toEqual([]);
  });

  it('closed complaints leave listOpen', async () => {
    await startRegistry();
    const kept = await open('Close Co', 'cc@close.test');
    const closed = await open('Close Co', 'cc@close.test');

    await complaintHandle(closed).executeUpdate(closeComplaint, {
      args: [{ key: nextKey(), actor: agency, reason: 'duplicate', visibleToCompany: false, note: '' }],
    });

    await eventually(async () =>
      expect((await registry.query(listOpen, agency)).map((summary) => summary.number)).toEqual([kept.number]),
    );
  });

  it('findUser of an unknown email is null', async () => {
    await startRegistry();
    expect(await registry.query(findUser, 'nobody@unknown.test')).toBeNull();
  });
});

describe('registry continue-as-new', () => {
  // NOTE: under load, the opening sent right after the continue-as-new has once failed with
  // "Completed workflow" from the time-skipping test server (about 1 in 10 full-suite runs), so
  // this test gets one retry. Whether a production server routes such an update to the new run is
  // not yet checked.
  it('registry carries numbers and companies into the new run', { retry: 1 }, async () => {
    await startRegistry({ maxHistoryEvents: 40 });
    const firstRunId = (await registry.describe()).runId;
    const opened: OpenComplaintResult[] = [];
    for (let index = 0; index < 6; index += 1) opened.push(await open('Long Co', 'cc@long.test'));

    await eventually(async () => expect((await registry.describe()).runId).not.toBe(firstRunId));
    const numbers = opened.map((result) => Number(result.number.slice(2)));
    expect(numbers).toEqual(numbers.map((_, index) => (numbers[0] ?? 0) + index));
    expect(new Set(opened.map((result) => result.companyId)).size).toBe(1);

    const next = await open('Long Co', 'cc@long.test');
    expect(Number(next.number.slice(2))).toBe((numbers[5] ?? 0) + 1);
    expect(next.companyCreated).toBe(false);
    expect((await registry.query(findUser, 'cc@long.test'))?.companyId).toBe(next.companyId);
    expect(await registry.query(listOpen, agency)).toHaveLength(7);
    expect(invitationsOf(next.companyId)).toHaveLength(1);
  });
});

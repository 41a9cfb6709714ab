import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../domain/errors.ts';
import type { ComplaintView } from '../../../domain/types.ts';
import { GatewayError, MAX_TEXT_LENGTH } from '../../../bots/gateway.ts';
import { ERROR_REPLIES } from '../../../bots/slack/replies.ts';
import { repliesTo, startSlackHarness, type SlackHarness } from '../../support/slack.ts';
import { FakeGateway } from './fake-gateway.ts';

const STAFF = 'U0STAFF';
const DOMAIN_STAFF = 'U0DOMAIN';
const JANE = 'U0JANE';
const PENDING = 'U0PEND';
const STRANGER = 'U0STRANGER';
const NO_EMAIL = 'U0NOMAIL';
const GHOST = 'U0GHOST';
const CACHED = 'U0CACHED';

const users = [
  { id: STAFF, name: 'Sam Staff', email: 'sam@elsewhere.test' },
  { id: DOMAIN_STAFF, name: 'Dana Domain', email: 'dana@agency.test' },
  { id: JANE, name: 'Jane Roe', email: 'Jane@Acme.test' },
  { id: PENDING, name: 'Pete Pending', email: 'pete@pending.test' },
  { id: STRANGER, name: 'Sol Stranger', email: 'sol@nowhere.test' },
  { id: NO_EMAIL, name: 'No Mail' },
  { id: CACHED, name: 'Cass Cached', email: 'cass@agency.test' },
];

const staffActor = { kind: 'agency', slackUserId: STAFF, name: 'Sam Staff' };
const janeActor = { kind: 'company', email: 'jane@acme.test', via: 'slack' };

let gateway: FakeGateway;
let harness: SlackHarness;

beforeAll(async () => {
  gateway = new FakeGateway();
  harness = await startSlackHarness({
    gateway,
    users,
    staff: `${STAFF},@agency.test`,
    // Friday 10:00 AM Eastern Time, during Full Access.
    now: () => new Date('2027-01-15T15:00:00.000Z'),
  });
});

afterAll(async () => {
  await harness?.stop();
});

beforeEach(() => {
  gateway.calls.length = 0;
  gateway.failures.clear();
  gateway.hold = undefined;
  gateway.users.clear();
  gateway.users.set('jane@acme.test', {
    companyId: 'company-acme',
    companyName: 'Acme Lending',
    enrolled: true,
    role: 'ComplaintsContact',
  });
  gateway.users.set('pete@pending.test', {
    companyId: 'company-pending',
    companyName: 'Pending Bank',
    enrolled: false,
    role: 'User',
  });
});

describe('Slack receiver', () => {
  it('rejects a bad signature with 401', async () => {
    const result = await harness.command('list', STAFF, { headers: { 'x-slack-signature': 'v0=deadbeef' } });
    expect(result.status).toBe(401);
    expect(gateway.calls).toEqual([]);
  });

  it('rejects a stale timestamp with 401', async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const result = await harness.command('list', STAFF, { timestamp: sixMinutesAgo });
    expect(result.status).toBe(401);
    expect(gateway.calls).toEqual([]);
  });

  it('acks before the gateway answers, then replies', async () => {
    let release = () => {};
    gateway.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const result = await harness.command('ir C-1042 due=5 Why?', STAFF);
    expect(result.status).toBe(200);
    expect(result.elapsedMs).toBeLessThan(1_000);
    await waitUntil(() => gateway.callsNamed('createIr').length === 1);
    expect(repliesTo(harness.recorder, result.responseUrl)).toEqual([]);

    release();
    expect(await result.reply()).toMatch(/^Created \*IR-1\* on C-1042, due /);
  });

  it('reuses the key when Slack retries a request', async () => {
    const first = await harness.command('submit C-1042 IR-1', JANE);
    await first.reply();
    const retry = await harness.command('submit C-1042 IR-1', JANE, {
      triggerId: first.triggerId,
      responseUrl: first.responseUrl,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await waitUntil(() => gateway.callsNamed('submitResponse').length === 2);

    const keys = gateway.callsNamed('submitResponse').map((call) => (call.input as { key: string }).key);
    expect(keys).toEqual([`slack:${first.triggerId}`, `slack:${first.triggerId}`]);
  });

  it('caches users.info per user', async () => {
    await (await harness.command('list', CACHED)).reply();
    await (await harness.command('list', CACHED)).reply();
    const lookups = harness.recorder.calls.filter((c) => c.method === 'users.info' && c.args.user === CACHED);
    expect(lookups).toHaveLength(1);
  });
});

describe('/ses agency commands', () => {
  const cases: [string, string, string | undefined, Record<string, unknown>][] = [
    [
      'new company="Acme Lending" contact="Jane Roe <jane@acme.test>" Fees charged twice',
      'openComplaint',
      undefined,
      {
        companyName: 'Acme Lending',
        contact: { email: 'jane@acme.test', name: 'Jane Roe' },
        summary: 'Fees charged twice',
      },
    ],
    [
      'ir C-1042 due=2027-01-15 Why was the fee charged?',
      'createIr',
      'C-1042',
      { question: 'Why was the fee charged?', due: { kind: 'date', date: '2027-01-15' } },
    ],
    [
      'sendback C-1042 IR-1 due=5 Add the statement',
      'sendBack',
      'C-1042',
      { ir: 1, due: { kind: 'businessDays', days: 5 }, note: 'Add the statement' },
    ],
    [
      'close C-1042 reason=monetary-relief amount=250 visible=yes Refunded',
      'closeComplaint',
      'C-1042',
      { reason: 'monetary-relief', amount: '250.00', visibleToCompany: true, note: 'Refunded' },
    ],
    [
      'extension C-1042 IR-1 approve due=3',
      'decideExtension',
      'C-1042',
      { ir: 1, approve: true, due: { kind: 'businessDays', days: 3 } },
    ],
    [
      'extension C-1042 IR-1 deny Enough time',
      'decideExtension',
      'C-1042',
      { ir: 1, approve: false, reason: 'Enough time' },
    ],
    ['export status=all', 'exportComplaints', undefined, { status: 'all', channel: STAFF }],
  ];

  it.each(cases)('%s calls %s', async (text, name, complaint, fields) => {
    const result = await harness.command(text, STAFF);
    const reply = await result.reply();
    const calls = gateway.callsNamed(name);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.complaint).toBe(complaint);
    expect(calls[0]?.input).toEqual({ key: `slack:${result.triggerId}`, actor: staffActor, ...fields });
    expect(reply).not.toMatch(/warning/);
  });

  it('new replies with the complaint number and the invitation', async () => {
    const reply = await (await harness.command('new company=Acme contact=jane@acme.test Late fee', STAFF)).reply();
    expect(reply).toBe(
      'Opened *C-1042* for Acme. jane@acme.test was invited to enroll Acme. The company has not completed enrollment yet.',
    );
  });

  it('new says when the company was already registered', async () => {
    gateway.openResult = { ...gateway.openResult, status: 'AwaitingPoc', companyCreated: false };
    try {
      const reply = await (await harness.command('new company=Acme contact=sue@acme.test Fee', STAFF)).reply();
      expect(reply).toBe(
        "Opened *C-1042* for Acme. Acme was already registered, so sue@acme.test was not invited; the company's users handle the complaint.",
      );
    } finally {
      gateway.openResult = { ...gateway.openResult, status: 'EnrollmentPending', companyCreated: true };
    }
  });

  it('new escapes Slack markup in the company name', async () => {
    const text = 'new company="<!channel> Corp" contact=jane@acme.test Late fee';
    const reply = await (await harness.command(text, STAFF)).reply();
    expect(reply).toContain('Opened *C-1042* for &lt;!channel&gt; Corp.');
    expect(reply).not.toContain('<!channel>');
  });

  it('export replies with the row count', async () => {
    gateway.exportRows = 1;
    const reply = await (await harness.command('export', STAFF)).reply();
    expect(reply).toBe('Sent you a CSV file of 1 open complaint.');
  });

  it('status renders the complaint view', async () => {
    gateway.statusResult = complaintView();
    const result = await harness.command('status c-1042', STAFF);
    const reply = await result.reply();
    expect(gateway.callsNamed('complaintStatus')[0]).toEqual({
      name: 'complaintStatus',
      complaint: 'C-1042',
      input: staffActor,
    });
    expect(reply).toContain('*C-1042* · Acme Lending · *Open*');
    expect(reply).toContain('POC: pat@acme.test · Helpers: hal@acme.test');
    expect(reply).toContain('*IR-1* · Sent · due ');
    expect(reply).toContain('Why &lt;exactly&gt; was the fee charged?');
    expect(reply).toContain('Submitted v1 ');
    expect(reply).toContain('jane@acme.test: Response submitted (IR-1)');
  });

  it('list renders open complaints soonest due first', async () => {
    gateway.listResult = [
      { number: 'C-2', companyId: 'b', companyName: 'Beta', status: 'AwaitingPoc' },
      { number: 'C-1', companyId: 'a', companyName: 'Acme', status: 'Open', nextDueAt: '2027-01-15T23:00:00.000Z' },
    ];
    const reply = await (await harness.command('list', STAFF)).reply();
    expect(gateway.callsNamed('listOpen')[0]?.input).toEqual(staffActor);
    expect(reply).toMatch(/^\*Open complaints \(2\)\*/);
    expect(reply.indexOf('C-1')).toBeLessThan(reply.indexOf('C-2'));
    expect(reply).toContain('*C-2* · Beta · AwaitingPoc · nothing due');
  });
});

describe('/ses company commands', () => {
  const cases: [string, string, string | undefined, Record<string, unknown>][] = [
    ['assign-poc C-1042 pat@acme.test', 'assignPoc', 'C-1042', { email: 'pat@acme.test' }],
    ['assign-helper C-1042 hal@acme.test', 'assignHelper', 'C-1042', { email: 'hal@acme.test' }],
    [
      'draft C-1042 IR-1 restricted Account 123',
      'saveDraft',
      'C-1042',
      { ir: 1, text: 'Account 123', restricted: true },
    ],
    ['submit C-1042 IR-1', 'submitResponse', 'C-1042', { ir: 1 }],
    [
      'extend C-1042 IR-1 days=5 Records are late',
      'requestExtension',
      'C-1042',
      { ir: 1, days: 5, reason: 'Records are late' },
    ],
    [
      'add-user bob@acme.test Bob Smith',
      'addUser',
      undefined,
      { companyId: 'company-acme', email: 'bob@acme.test', name: 'Bob Smith' },
    ],
  ];

  it.each(cases)('%s calls %s', async (text, name, complaint, fields) => {
    const result = await harness.command(text, JANE);
    const reply = await result.reply();
    const calls = gateway.callsNamed(name);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.complaint).toBe(complaint);
    expect(calls[0]?.input).toEqual({ key: `slack:${result.triggerId}`, actor: janeActor, ...fields });
    expect(reply).not.toMatch(/warning/);
  });

  it('draft tells who submits it', async () => {
    const reply = await (await harness.command('draft C-1042 IR-1 Our answer', JANE)).reply();
    expect(reply).toBe(
      'Saved draft v2 of the response to IR-1 on C-1042. The POC submits it with `/ses submit C-1042 IR-1`.',
    );
  });

  it('status shows a company user the draft text', async () => {
    const view = complaintView();
    const drafts = [
      {
        version: 2,
        author: 'hal@acme.test',
        text: 'Working text',
        restricted: false,
        savedAt: '2026-11-11T15:00:00.000Z',
      },
    ];
    gateway.statusResult = { ...view, irs: view.irs.map((ir) => ({ ...ir, drafts })) };
    const reply = await (await harness.command('status C-1042', JANE)).reply();
    expect(reply).toContain('Draft v2 by hal@acme.test');
    expect(reply).toContain('> Working text');
  });

  it('rejects a draft over the length limit without an update', async () => {
    const reply = await (await harness.command(`draft C-1042 IR-1 ${'x'.repeat(MAX_TEXT_LENGTH + 1)}`, JANE)).reply();
    expect(reply).toContain('The response text is 20,001 characters long, over the limit of 20,000.');
    expect(gateway.callsNamed('saveDraft')).toEqual([]);
  });

  it('list uses the company actor', async () => {
    gateway.listResult = [];
    const reply = await (await harness.command('list', JANE)).reply();
    expect(gateway.callsNamed('listOpen')[0]?.input).toEqual(janeActor);
    expect(reply).toBe('Your company has no open complaints.');
  });
});

describe('/ses callers', () => {
  it('treats an email domain listed in SES_AGENCY_STAFF as agency staff', async () => {
    const result = await harness.command('ir C-1042 due=5 Why?', DOMAIN_STAFF);
    await result.reply();
    expect((gateway.callsNamed('createIr')[0]?.input as { actor: unknown }).actor).toEqual({
      kind: 'agency',
      slackUserId: DOMAIN_STAFF,
      name: 'Dana Domain',
    });
  });

  it('keeps company users from agency commands', async () => {
    const reply = await (await harness.command('ir C-1042 due=5 Why?', JANE)).reply();
    expect(reply).toContain(ERROR_REPLIES.NotAgencyStaff.sentence);
    expect(gateway.callsNamed('createIr')).toEqual([]);
  });

  it('keeps agency staff from company commands', async () => {
    const reply = await (await harness.command('draft C-1042 IR-1 text', STAFF)).reply();
    expect(reply).toContain('`/ses draft` is for company users');
    expect(gateway.callsNamed('saveDraft')).toEqual([]);
  });

  it('tells an unknown user they are not registered', async () => {
    const reply = await (await harness.command('status C-1042', STRANGER)).reply();
    expect(reply).toContain('You are not registered with sesflow');
    expect(reply).toContain('sol@nowhere.test');
    expect(gateway.callsNamed('complaintStatus')).toEqual([]);
  });

  it('tells a user of a company still enrolling to wait', async () => {
    const reply = await (await harness.command('list', PENDING)).reply();
    expect(reply).toContain(ERROR_REPLIES.EnrollmentPending.sentence);
    expect(reply).toContain('Pending Bank');
  });

  it('tells a user without a profile email why they are unknown', async () => {
    const reply = await (await harness.command('list', NO_EMAIL)).reply();
    expect(reply).toContain('has no email address');
  });

  it('reports a failed users.info lookup', async () => {
    const reply = await (await harness.command('list', GHOST)).reply();
    expect(reply).toContain('could not read your Slack profile');
  });
});

describe('/ses hours', () => {
  it.each([STAFF, JANE, STRANGER])('replies with the access level to %s', async (userId) => {
    const reply = await (await harness.command('hours', userId)).reply();
    expect(reply).toBe(
      'Support access now: *Full Access* (weekday hours) until Fri, Jan 15, 2027, 6:00 PM ET, then Limited Access.',
    );
    expect(gateway.calls.filter((call) => call.name !== 'findUser')).toEqual([]);
  });
});

describe('/ses help', () => {
  it('lists agency commands for agency staff', async () => {
    const reply = await (await harness.command('help', STAFF)).reply();
    expect(reply).toMatch(/^Commands for agency staff:/);
    expect(reply).toContain('/ses new');
    expect(reply).toContain('/ses export');
    expect(reply).not.toContain('/ses draft');
  });

  it('lists company commands for company users', async () => {
    const reply = await (await harness.command('', JANE)).reply();
    expect(reply).toMatch(/^Commands for company users:/);
    expect(reply).toContain('/ses draft');
    expect(reply).toContain('/ses add-user');
    expect(reply).not.toContain('/ses new');
  });

  it('lists only help and hours for unknown users', async () => {
    const reply = await (await harness.command('help', STRANGER)).reply();
    expect(reply).toContain('not registered');
    expect(reply).toContain('/ses hours');
    expect(reply).not.toContain('/ses status');
  });

  it('shows the usage of one command', async () => {
    const reply = await (await harness.command('help extend', JANE)).reply();
    expect(reply).toMatch(/^`\/ses extend C-1042 IR-1 days=5 <reason>`/);
  });
});

describe('/ses errors', () => {
  // A company user gets one reply for both of these; see the tests below.
  const privateCodes: string[] = [ErrorCode.NotCompanyUser, ErrorCode.ComplaintNotFound];
  const codes = Object.values(ErrorCode).filter((code) => !privateCodes.includes(code));

  it.each(codes)('replies to %s with its sentence and the message', async (code) => {
    gateway.fail('saveDraft', code, `Detail for ${code}.`);
    const reply = await (await harness.command('draft C-2077 IR-3 Our answer', JANE)).reply();
    expect(reply).toContain(ERROR_REPLIES[code].sentence);
    expect(reply).toContain(`Detail for ${code}.`);
    const fix = ERROR_REPLIES[code].fix;
    if (typeof fix === 'function') expect(reply).toContain(fix({ complaint: 'C-2077', ir: 3 }));
    if (typeof fix === 'string') expect(reply).toContain(fix);
  });

  it('hides the company of another company complaint', async () => {
    const message = 'jane@acme.test is not a user of Beta Bank, the company of complaint C-2077.';
    gateway.failures.set('complaintStatus', new GatewayError(ErrorCode.NotCompanyUser, message));
    const otherCompany = await (await harness.command('status C-2077', JANE)).reply();
    gateway.failures.set(
      'complaintStatus',
      new GatewayError(ErrorCode.ComplaintNotFound, 'Complaint C-2077 was not found.'),
    );
    const missing = await (await harness.command('status C-2077', JANE)).reply();

    expect(otherCompany).toBe(
      ":warning: Complaint C-2077 was not found among your company's complaints.\nCheck the number with `/ses list`.",
    );
    expect(missing).toBe(otherCompany);
  });

  it('tells agency staff a complaint was not found', async () => {
    gateway.fail('createIr', ErrorCode.ComplaintNotFound, 'Complaint C-9 was not found.');
    const reply = await (await harness.command('ir C-9 due=5 Why?', STAFF)).reply();
    expect(reply).toContain(ERROR_REPLIES.ComplaintNotFound.sentence);
    expect(reply).toContain('Complaint C-9 was not found.');
  });

  it('names the complaint and IR in the next step', async () => {
    gateway.fail('submitResponse', ErrorCode.NoDraft, 'IR-3 on complaint C-2077 has no new draft to submit.');
    const reply = await (await harness.command('submit C-2077 IR-3', JANE)).reply();
    expect(reply).toContain('Save one first with `/ses draft C-2077 IR-3 <text>`.');
    expect(reply).not.toContain('C-1042');
  });

  it('escapes Slack markup in a rejection message', async () => {
    gateway.fail('addUser', ErrorCode.UserExists, 'bob@acme.test is already a user of <!channel> Corp.');
    const reply = await (await harness.command('add-user bob@acme.test', JANE)).reply();
    expect(reply).toContain('&lt;!channel&gt; Corp');
    expect(reply).not.toContain('<!channel>');
  });

  it('shows the usage line for an invalid due date', async () => {
    gateway.fail('createIr', ErrorCode.InvalidDueDate, 'The due date 2020-01-01 is in the past.');
    const reply = await (await harness.command('ir C-1042 due=2020-01-01 Why?', STAFF)).reply();
    expect(reply).toContain('Usage: `/ses ir C-1042 due=2027-01-15 <question>');
  });

  it('replies to a syntax error with the problem and the usage', async () => {
    const reply = await (await harness.command('close C-1042 reason=paid Done', STAFF)).reply();
    expect(reply).toContain('`/ses close`: Reason "paid" is invalid');
    expect(reply).toContain('Usage: `/ses close C-1042 reason=explanation');
    expect(gateway.calls).toEqual([]);
  });

  it('keeps the case of an option name in a syntax error', async () => {
    const reply = await (await harness.command('ir C-1042 Why?', STAFF)).reply();
    expect(reply).toContain('`/ses ir`: due= is missing;');
  });

  it('replies to an unexpected failure without details', async () => {
    gateway.failures.set('listOpen', new Error('connect ECONNREFUSED 127.0.0.1:7233'));
    const reply = await (await harness.command('list', STAFF)).reply();
    expect(reply).toContain('`/ses list` failed because of an internal error');
    expect(reply).not.toContain('ECONNREFUSED');
  });
});

describe('/ses forms', () => {
  it('opens the form for a bare agency command', async () => {
    const result = await harness.command('ir', STAFF, { channelId: 'C0FORMS' });
    const call = await harness.recorder.waitFor(
      (c) => c.method === 'views.open' && c.args.trigger_id === result.triggerId,
    );
    const view = call.args.view as { callback_id: string; private_metadata: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe('ses_form:ir');
    expect(view.blocks.map((block) => block.block_id)).toEqual(['complaint', 'due', 'question']);
    expect(JSON.parse(view.private_metadata)).toEqual({ channel: 'C0FORMS', responseUrl: result.responseUrl });
    expect(repliesTo(harness.recorder, result.responseUrl)).toEqual([]);
  });

  it('does not open an agency form for a company user', async () => {
    const result = await harness.command('close', JANE);
    expect(await result.reply()).toContain(ERROR_REPLIES.NotAgencyStaff.sentence);
    expect(
      harness.recorder.calls.some((c) => c.method === 'views.open' && c.args.trigger_id === result.triggerId),
    ).toBe(false);
  });

  it('runs a submitted form like the typed command', async () => {
    const responseUrl = harness.recorder.responseUrl();
    const view = submittedView('V0SUBMIT', 'ir', responseUrl, {
      complaint: text('c-1042'),
      due: text('2027-01-15'),
      question: text('Why was the fee charged?'),
    });
    const result = await harness.submitView(view, STAFF);
    expect(result.status).toBe(200);
    expect(result.ack).toBeUndefined();

    const reply = await harness.recorder.waitFor(
      (c) => c.method === 'response_url' && responseUrl.endsWith(c.target ?? '-'),
    );
    expect(String(reply.args.text)).toMatch(/^Created \*IR-1\* on C-1042/);
    expect(gateway.callsNamed('createIr')[0]).toEqual({
      name: 'createIr',
      complaint: 'C-1042',
      input: {
        key: 'slack:V0SUBMIT',
        actor: staffActor,
        question: 'Why was the fee charged?',
        due: { kind: 'date', date: '2027-01-15' },
      },
    });
  });

  it('runs a submitted close form with its selects', async () => {
    const responseUrl = harness.recorder.responseUrl();
    const view = submittedView('V0CLOSE', 'close', responseUrl, {
      complaint: text('C-9'),
      reason: select('referred'),
      amount: text(''),
      visible: select('yes'),
      note: text('Sent to the state AG'),
    });
    await harness.submitView(view, STAFF);
    await waitUntil(() => gateway.callsNamed('closeComplaint').length === 1);
    expect(gateway.callsNamed('closeComplaint')[0]?.input).toEqual({
      key: 'slack:V0CLOSE',
      actor: staffActor,
      reason: 'referred',
      visibleToCompany: true,
      note: 'Sent to the state AG',
    });
  });

  it('returns field errors for an invalid form', async () => {
    const view = submittedView('V0INVALID', 'sendback', harness.recorder.responseUrl(), {
      complaint: text('1042'),
      ir: text('IR-1'),
      due: text('soon'),
      note: text(''),
    });
    const result = await harness.submitView(view, STAFF);
    expect(result.status).toBe(200);
    expect(result.ack).toEqual({
      response_action: 'errors',
      errors: {
        complaint: expect.stringMatching(/"1042" is not a complaint number/),
        due: expect.stringMatching(/Due "soon" is invalid/),
        note: 'What to update is missing.',
      },
    });
    expect(gateway.calls).toEqual([]);
  });
});

function text(value: string) {
  return { value: { type: 'plain_text_input', value } };
}

function select(value: string) {
  return { value: { type: 'static_select', selected_option: { value, text: { type: 'plain_text', text: value } } } };
}

function submittedView(id: string, form: string, responseUrl: string, values: Record<string, unknown>) {
  return {
    id,
    callback_id: `ses_form:${form}`,
    team_id: 'T0SESFLOW',
    app_id: 'A0SESFLOW',
    bot_id: 'BBOTSES',
    type: 'modal',
    title: { type: 'plain_text', text: form },
    blocks: [],
    close: null,
    submit: null,
    hash: 'hash',
    private_metadata: JSON.stringify({ channel: 'C0FORMS', responseUrl }),
    root_view_id: id,
    previous_view_id: null,
    clear_on_close: false,
    notify_on_close: false,
    state: { values },
  };
}

function complaintView(): ComplaintView {
  return {
    number: 'C-1042',
    status: 'Open',
    summary: 'Fees charged twice',
    company: { id: 'company-acme', name: 'Acme Lending', enrolled: true },
    poc: 'pat@acme.test',
    helpers: ['hal@acme.test'],
    openedAt: '2026-11-02T15:00:00.000Z',
    irs: [
      {
        number: 1,
        question: 'Why <exactly> was the fee charged?',
        status: 'Sent',
        createdAt: '2026-11-02T15:05:00.000Z',
        dueAt: '2026-11-16T23:00:00.000Z',
        previousDueDates: [],
        drafts: [],
        submissions: [{ version: 1, submittedAt: '2026-11-10T15:00:00.000Z', restricted: false }],
        extensions: [],
      },
    ],
    timeline: [
      { at: '2026-11-02T15:00:00.000Z', actor: 'Sam Staff', event: 'Complaint opened' },
      { at: '2026-11-10T15:00:00.000Z', actor: 'jane@acme.test', event: 'Response submitted', ir: 1 },
    ],
    nextDueAt: '2026-11-16T23:00:00.000Z',
  };
}

async function waitUntil(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../activities/contract.ts';
import { createMemoryNotificationStore, createSlackActivities } from '../../activities/slack.ts';
import { renderAgencyNotice } from '../../bots/slack/agency-notices.ts';
import { startSlackRecorder, type SlackRecorder } from '../../infra/slack-recorder.ts';
import { TEST_BOT_TOKEN, testLogger } from '../support/slack.ts';

const AGENCY_CHANNEL = 'C0AGENCY';
const CSV = 'number,company,status\nC-1,Acme,Open\nC-2,Beta,Open\n';

let recorder: SlackRecorder;

beforeAll(async () => {
  recorder = await startSlackRecorder({ users: [], token: TEST_BOT_TOKEN });
});

afterAll(async () => {
  await recorder?.stop();
});

function client(token = TEST_BOT_TOKEN): WebClient {
  return new WebClient(token, { slackApiUrl: recorder.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
}

function activities(options: { token?: string; store?: ReturnType<typeof createMemoryNotificationStore> } = {}) {
  const store = options.store ?? createMemoryNotificationStore();
  const built: string[] = [];
  const slack = createSlackActivities({
    client: client(options.token),
    channel: AGENCY_CHANNEL,
    log: testLogger(),
    store,
    buildCsv: async (status) => {
      built.push(status);
      return { csv: CSV, rows: 2 };
    },
    now: () => new Date('2026-12-01T15:00:00Z'),
  });
  return { slack, store, built };
}

function postsWithKeyText(fragment: string) {
  return recorder.calls.filter(
    (call) => call.method === 'chat.postMessage' && String(call.args.text).includes(fragment),
  );
}

describe('notifyAgency', () => {
  it('posts the notice to the agency channel', async () => {
    const { slack, store } = activities();
    await slack.notifyAgency({
      key: 'notice-1',
      complaintNumber: 'C-1042',
      notice: {
        kind: 'responseSubmitted',
        ir: 1,
        version: 2,
        text: 'We refunded the fee.',
        restricted: false,
        poc: 'jane@acme.test',
      },
    });
    const post = await recorder.waitFor(
      (call) => call.method === 'chat.postMessage' && call.args.channel === AGENCY_CHANNEL,
    );
    expect(post.args.text).toBe('[C-1042] Response to IR-1 submitted by jane@acme.test (v2). "We refunded the fee."');
    expect(post.token).toBe(TEST_BOT_TOKEN);
    expect(store.sent.get('slack:agency:notice-1')).toMatch(/^\d+\.\d{6}$/);
  });

  it('posts once per key', async () => {
    const { slack } = activities();
    const request = {
      key: 'notice-twice',
      complaintNumber: 'C-77',
      notice: { kind: 'pocAssigned', poc: 'pat@twice.test' } satisfies Notice,
    };
    await slack.notifyAgency(request);
    await slack.notifyAgency(request);
    expect(postsWithKeyText('pat@twice.test')).toHaveLength(1);
  });

  it('posts again after a failed attempt', async () => {
    const store = createMemoryNotificationStore();
    const request = {
      key: 'notice-retry',
      complaintNumber: 'C-78',
      notice: { kind: 'pastDue', ir: 3, dueAt: '2026-11-16T23:00:00.000Z' } satisfies Notice,
    };
    await expect(activities({ token: 'xoxb-revoked', store }).slack.notifyAgency(request)).rejects.toThrow(
      /invalid_auth/,
    );
    expect(store.sent.has('slack:agency:notice-retry')).toBe(false);

    await activities({ store }).slack.notifyAgency(request);
    expect(store.sent.has('slack:agency:notice-retry')).toBe(true);
    expect(postsWithKeyText('[C-78] IR-3 is past due')).toHaveLength(2);
  });

  it('keeps restricted response text out of the channel', async () => {
    const { slack } = activities();
    await slack.notifyAgency({
      key: 'notice-restricted',
      complaintNumber: 'C-79',
      notice: {
        kind: 'responseSubmitted',
        ir: 1,
        version: 1,
        text: 'SSN 123-45-6789',
        restricted: true,
        poc: 'jane@acme.test',
      },
    });
    const [post] = postsWithKeyText('[C-79]');
    expect(post?.args.text).toContain('It is restricted: read it with `/ses status C-79`.');
    expect(post?.args.text).not.toContain('123-45-6789');
  });
});

describe('renderAgencyNotice', () => {
  const due = '2027-01-15T23:00:00.000Z';
  const notices: Record<Notice['kind'], Notice> = {
    invitation: { kind: 'invitation', companyName: 'Acme', summary: 'Fees' },
    enrollmentCompleted: { kind: 'enrollmentCompleted', companyName: 'Acme' },
    assignPocRequest: { kind: 'assignPocRequest', companyName: 'Acme', summary: 'Fees' },
    pocAssigned: { kind: 'pocAssigned', poc: 'pat@acme.test' },
    userAdded: { kind: 'userAdded', companyName: 'Acme', addedBy: 'jane@acme.test' },
    helperAdded: { kind: 'helperAdded', helper: 'hal@acme.test', poc: 'pat@acme.test' },
    newIr: { kind: 'newIr', ir: 1, question: 'Why <this>?', dueAt: due },
    draftSaved: { kind: 'draftSaved', ir: 1, version: 3, restricted: true, author: 'hal@acme.test' },
    submissionReceipt: { kind: 'submissionReceipt', ir: 1, version: 3, submittedAt: due },
    responseSubmitted: {
      kind: 'responseSubmitted',
      ir: 1,
      version: 3,
      text: 'Done',
      restricted: false,
      poc: 'pat@acme.test',
    },
    returnedForUpdate: { kind: 'returnedForUpdate', ir: 1, note: 'More', dueAt: due },
    extensionRequested: { kind: 'extensionRequested', ir: 1, days: 5, reason: 'Records', requestedBy: 'pat@acme.test' },
    extensionDecided: { kind: 'extensionDecided', ir: 1, approved: false, dueAt: due, reason: 'No' },
    reminder: { kind: 'reminder', ir: 1, dueAt: due },
    pastDue: { kind: 'pastDue', ir: 1, dueAt: due },
    complaintOpened: { kind: 'complaintOpened', companyName: 'Acme', summary: 'Fees', enrollmentPending: true },
    closureNotice: { kind: 'closureNotice', reason: 'explanation' },
  };

  const expected: Record<Notice['kind'], RegExp> = {
    invitation: /^\[C-5\] Enrollment invitation sent to Acme\.$/,
    enrollmentCompleted: /^\[C-5\] Acme completed enrollment\.$/,
    assignPocRequest: /^\[C-5\] Acme's Complaints Contact was asked to assign a POC\.$/,
    pocAssigned: /^\[C-5\] POC assigned: pat@acme\.test\.$/,
    userAdded: /^\[C-5\] User added to Acme by jane@acme\.test\.$/,
    helperAdded: /^\[C-5\] Helper hal@acme\.test added by POC pat@acme\.test\.$/,
    newIr: /^\[C-5\] IR-1 created, due .+: "Why &lt;this&gt;\?"$/,
    draftSaved: /^\[C-5\] Draft v3 of the response to IR-1 saved by hal@acme\.test \(restricted\)\.$/,
    submissionReceipt: /^\[C-5\] Response v3 to IR-1 received .+\.$/,
    responseSubmitted: /^\[C-5\] Response to IR-1 submitted by pat@acme\.test \(v3\)\. "Done"$/,
    returnedForUpdate: /^\[C-5\] IR-1 returned for updates, now due .+\.$/,
    extensionRequested: /^\[C-5\] pat@acme\.test asks for 5 more business days on IR-1: "Records" Decide with/,
    extensionDecided: /^\[C-5\] Extension for IR-1 denied; due .+\. "No"$/,
    reminder: /^\[C-5\] Reminder sent: IR-1 is due .+\.$/,
    pastDue: /^\[C-5\] IR-1 is past due; it was due .+\.$/,
    complaintOpened: /^\[C-5\] Complaint opened for Acme: "Fees" Enrollment is pending\.$/,
    closureNotice: /^\[C-5\] Complaint closed \(explanation\)\.$/,
  };

  it.each(Object.keys(notices) as Notice['kind'][])('renders %s', (kind) => {
    expect(renderAgencyNotice('C-5', notices[kind])).toMatch(expected[kind]);
  });
});

describe('exportComplaints', () => {
  it('uploads the CSV to the user and returns the row count', async () => {
    const { slack, built, store } = activities();
    const result = await slack.exportComplaints({ key: 'export-1', status: 'open', channel: 'U0STAFF' });
    expect(result).toEqual({ rows: 2 });
    expect(built).toEqual(['open']);

    const file = [...recorder.files.values()].find((candidate) => candidate.channel === 'DU0STAFF');
    expect(file?.content).toBe(CSV);
    expect(file?.filename).toBe('complaints-open-2026-12-01.csv');
    expect(file?.initialComment).toBe('2 complaints, status open.');
    expect(store.sent.get('slack:export:export-1')).toBe(file?.id);
  });

  it('uploads to a channel id without opening a conversation', async () => {
    const { slack } = activities();
    const opened = recorder.calls.filter((call) => call.method === 'conversations.open').length;
    await slack.exportComplaints({ key: 'export-2', status: 'all', channel: 'C0EXPORTS' });
    expect(recorder.calls.filter((call) => call.method === 'conversations.open')).toHaveLength(opened);
    expect([...recorder.files.values()].some((file) => file.channel === 'C0EXPORTS')).toBe(true);
  });

  it('uploads once per key', async () => {
    const { slack } = activities();
    await slack.exportComplaints({ key: 'export-3', status: 'closed', channel: 'C0ONCE' });
    const again = await slack.exportComplaints({ key: 'export-3', status: 'closed', channel: 'C0ONCE' });
    expect(again).toEqual({ rows: 2 });
    expect([...recorder.files.values()].filter((file) => file.channel === 'C0ONCE')).toHaveLength(1);
  });
});

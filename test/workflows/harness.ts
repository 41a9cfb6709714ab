/**
 * A time-skipping Temporal test server with one worker running sesflow's workflows, and in-memory
 * activities that record every call. One harness serves a whole test file.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import type {
  Activities,
  AgencyNoticeRequest,
  EmailRequest,
  ExportRequest,
  Notice,
  RecordEvent,
} from '../../activities/contract.ts';
import type { Actor, CompanySnapshot } from '../../domain/types.ts';
import { complaintWorkflowId, TASK_QUEUE, type ComplaintInput } from '../../workflows/messages.ts';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WORKFLOWS_PATH = path.join(ROOT, 'workflows/index.ts');
const TEST_SERVER = process.env.TEMPORAL_TEST_SERVER ?? path.join(ROOT, '.venv/bin/temporal-test-server');

/** One activity call, with the server time at which it was scheduled (skipped time included). */
export interface Call<T> {
  request: T;
  scheduledAt: number;
}

export class ActivityRecorder {
  records: Call<RecordEvent>[] = [];
  emails: Call<EmailRequest>[] = [];
  agencyNotices: Call<AgencyNoticeRequest>[] = [];
  exports: Call<ExportRequest>[] = [];

  private readonly blocked = new Map<RecordEvent['type'], Promise<void>>();

  /** Makes `record` calls of this type wait until the returned function is called. */
  blockRecords(type: RecordEvent['type']): () => void {
    let release = () => {};
    this.blocked.set(type, new Promise((resolve) => (release = resolve)));
    return () => {
      this.blocked.delete(type);
      release();
    };
  }

  readonly activities: Activities = {
    record: async (event) => {
      await this.blocked.get(event.type);
      this.records.push({ request: event, scheduledAt: scheduledAt() });
    },
    sendEmail: async (request) => {
      this.emails.push({ request, scheduledAt: scheduledAt() });
    },
    notifyAgency: async (request) => {
      this.agencyNotices.push({ request, scheduledAt: scheduledAt() });
    },
    exportComplaints: async (request) => {
      this.exports.push({ request, scheduledAt: scheduledAt() });
      return { rows: 3 };
    },
  };

  emailsTo(email: string, kind?: Notice['kind']): EmailRequest[] {
    return this.emails
      .map((call) => call.request)
      .filter((request) => request.to.email === email && (kind === undefined || request.notice.kind === kind));
  }

  emailsOf(complaintNumber: string, kind: Notice['kind']): Call<EmailRequest>[] {
    return this.emails.filter(
      (call) => call.request.complaintNumber === complaintNumber && call.request.notice.kind === kind,
    );
  }

  agencyNoticesOf(complaintNumber: string, kind?: Notice['kind']): AgencyNoticeRequest[] {
    return this.agencyNotices
      .map((call) => call.request)
      .filter(
        (request) =>
          request.complaintNumber === complaintNumber && (kind === undefined || request.notice.kind === kind),
      );
  }

  recordsOf(complaintNumber: string): RecordEvent[] {
    return this.records.map((call) => call.request).filter((event) => event.complaintNumber === complaintNumber);
  }
}

function scheduledAt(): number {
  return Context.current().info.currentAttemptScheduledTimestampMs;
}

export interface Harness {
  env: TestWorkflowEnvironment;
  recorder: ActivityRecorder;
  bundle: WorkflowBundle;
  stop(): Promise<void>;
}

let bundlePromise: Promise<WorkflowBundle> | undefined;

/** Bundles the workflows once per test file; the bundle takes about a second or two to build. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundlePromise ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  return bundlePromise;
}

export async function startHarness(): Promise<Harness> {
  try {
    Runtime.install({ logger: new DefaultLogger((process.env.TEST_LOG_LEVEL as 'WARN') ?? 'ERROR') });
  } catch {
    // Already installed by an earlier harness in this process.
  }
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEST_SERVER } },
  });
  const bundle = await workflowBundle();
  const recorder = new ActivityRecorder();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: bundle,
    activities: recorder.activities,
  });
  const running = worker.run();
  return {
    env,
    recorder,
    bundle,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

export const agency: Actor = { kind: 'agency', slackUserId: 'U-AGENT', name: 'Alex Agent' };

export function companyActor(email: string): Actor {
  return { kind: 'company', email, via: 'email' };
}

let keyCounter = 0;
/** Returns a fresh request key, like the ones bots derive from a Slack request or email Message-ID. */
export function nextKey(label = 'request'): string {
  keyCounter += 1;
  return `${label}-${keyCounter}`;
}

/** Returns an enrolled company with a Complaints Contact and three other users. */
export function enrolledCompany(id = 'company-acme'): CompanySnapshot {
  return {
    id,
    name: 'Acme Lending',
    enrolled: true,
    invited: { email: 'contact@acme.test', name: 'Casey Contact' },
    users: [
      { email: 'contact@acme.test', name: 'Casey Contact', role: 'ComplaintsContact' },
      { email: 'poc@acme.test', role: 'User' },
      { email: 'helper@acme.test', role: 'User' },
      { email: 'other@acme.test', role: 'User' },
    ],
  };
}

export function pendingCompany(id = 'company-pending'): CompanySnapshot {
  return {
    id,
    name: 'Pending Bank',
    enrolled: false,
    invited: { email: 'first@pending.test' },
    users: [{ email: 'first@pending.test', role: 'User' }],
  };
}

let complaintCounter = 5000;

/** Starts a complaint workflow directly, without the registry. */
export async function startComplaint(
  env: TestWorkflowEnvironment,
  company: CompanySnapshot = enrolledCompany(),
): Promise<{ number: string; handle: WorkflowHandle }> {
  complaintCounter += 1;
  const number = `C-${complaintCounter}`;
  const input: ComplaintInput = {
    key: nextKey('open'),
    number,
    summary: 'Consumer was charged twice for one loan payment.',
    openedBy: agency,
    company,
  };
  const handle = await env.client.workflow.start('complaint', {
    taskQueue: TASK_QUEUE,
    workflowId: complaintWorkflowId(number),
    args: [input],
  });
  return { number, handle };
}

/**
 * Starts a harness before the file's tests and stops it after them. The returned object forwards
 * to the started harness, so tests read `harness.env` as usual.
 */
export function useHarness(): Harness {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness();
  });
  afterAll(async () => {
    await started?.stop();
  });
  const current = (): Harness => {
    if (!started) throw new Error('the harness is not started; use it inside a test or hook');
    return started;
  };
  return {
    get env() {
      return current().env;
    },
    get recorder() {
      return current().recorder;
    },
    get bundle() {
      return current().bundle;
    },
    stop: () => current().stop(),
  };
}

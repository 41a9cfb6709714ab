import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type LogLevel,
  type WorkflowBundle,
} from '@temporalio/worker';
import type { Config } from '../lib/config.ts';
import { log } from '../lib/log.ts';
import { createActivities } from '../activities/index.ts';
import { TASK_QUEUE } from '../workflows/messages.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE_SCRIPT = fileURLToPath(new URL('./bundle-workflows.ts', import.meta.url));

/** How long a stopping worker lets running activities finish before it cancels them. */
const SHUTDOWN_GRACE_TIME = '10 seconds';

let bundle: Promise<WorkflowBundle> | undefined;
let runtimeInstalled = false;

const PINO_LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

function temporalLogger(level: LogLevel): DefaultLogger {
  const temporalLog = log.child({ component: 'temporal' });
  return new DefaultLogger(level, (entry) => temporalLog[PINO_LEVELS[entry.level]]({ ...entry.meta }, entry.message));
}

/**
 * Sends the Temporal SDK's own log lines (worker state, workflow `log`) through pino as JSON. The
 * runtime gets no shutdown signals: the CLI handles SIGTERM and SIGINT and stops the roles in
 * order, while the SDK's default handlers would start draining the worker on their own.
 */
function installRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: temporalLogger('INFO'), shutdownSignals: [] });
}

/** Bundles the workflow code once per process, in a child process; every worker of the process shares the bundle. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleInChildProcess();
  return bundle;
}

async function bundleInChildProcess(): Promise<WorkflowBundle> {
  const folder = await mkdtemp(path.join(tmpdir(), 'sesflow-bundle-'));
  const codePath = path.join(folder, 'workflows.js');
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', BUNDLE_SCRIPT, codePath],
      { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`bundling the workflow code failed: ${stderr.trim() || error.message}`));
        else resolve();
      },
    );
  });
  // Read the file into memory so the temporary folder can go at once.
  const code = await readFile(codePath, 'utf8');
  await rm(folder, { recursive: true, force: true });
  return { code };
}

export interface RunningWorker {
  /** Resolves with the error when the worker fails on its own; it never resolves after a requested stop. */
  failed: Promise<Error>;
  /** Stops polling, lets running activities finish (up to the grace time), then closes the connections. */
  stop(): Promise<void>;
}

/** Starts a worker on the sesflow task queue. */
export async function startWorker(options: {
  config: Config;
  temporalAddress: string;
  databaseUrl: string;
  databasePoolMax?: number;
  dataDir: string;
}): Promise<RunningWorker> {
  installRuntime();
  const activities = await createActivities(options);
  let connection: NativeConnection | undefined;
  let worker: Worker;
  try {
    connection = await NativeConnection.connect({ address: options.temporalAddress });
    worker = await Worker.create({
      connection,
      namespace: options.config.TEMPORAL_NAMESPACE,
      taskQueue: TASK_QUEUE,
      workflowBundle: await workflowBundle(),
      activities: activities.implementations,
      shutdownGraceTime: SHUTDOWN_GRACE_TIME,
    });
  } catch (error) {
    await connection?.close().catch(() => undefined);
    await activities.close().catch(() => undefined);
    throw error;
  }
  const workerConnection = connection;
  const running = worker.run();
  // run() rejects when the worker fails on its own, such as after losing the server for good.
  const failed = running.then(
    () => new Promise<never>(() => undefined),
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  log.info({ taskQueue: TASK_QUEUE, namespace: options.config.TEMPORAL_NAMESPACE }, 'worker started');

  return {
    failed,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await workerConnection.close();
      await activities.close();
      log.info({ taskQueue: TASK_QUEUE }, 'worker stopped');
    },
  };
}

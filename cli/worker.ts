import { fileURLToPath } from 'node:url';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  bundleWorkflowCode,
  type LogLevel,
  type WorkflowBundle,
} from '@temporalio/worker';
import type { Config } from '../lib/config.ts';
import { log } from '../lib/log.ts';
import { createActivities } from '../activities/index.ts';
import { TASK_QUEUE } from '../workflows/messages.ts';

const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

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

/** Sends the Temporal SDK's own log lines (worker state, workflow `log`) through pino as JSON. */
function installRuntimeLogger(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const temporalLog = log.child({ component: 'temporal' });
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry) =>
      temporalLog[PINO_LEVELS[entry.level]]({ ...entry.meta }, entry.message),
    ),
  });
}

/** Bundles the workflow code once per process; every worker of the process shares the bundle. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: temporalLogger('WARN') });
  return bundle;
}

/** Starts a worker on the sesflow task queue and returns the function that drains and stops it. */
export async function startWorker(options: {
  config: Config;
  temporalAddress: string;
  databaseUrl: string;
  databasePoolMax?: number;
  dataDir: string;
}): Promise<() => Promise<void>> {
  installRuntimeLogger();
  const activities = await createActivities(options);
  const connection = await NativeConnection.connect({ address: options.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: options.config.TEMPORAL_NAMESPACE,
    taskQueue: TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities: activities.implementations,
    shutdownGraceTime: '10 seconds',
  });
  const running = worker.run();
  log.info({ taskQueue: TASK_QUEUE }, 'worker started');

  return async () => {
    worker.shutdown();
    await running;
    await connection.close();
    await activities.close();
    log.info('worker stopped');
  };
}

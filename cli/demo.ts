/** `sesflow demo`: the main job on embedded defaults, printed as it happens. */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { log } from '../lib/log.ts';
import { startDemoEnvironment } from './demo-environment.ts';
import { runMainJob } from './main-job.ts';

/** Runs the main job in `.data/demo` (emptied first); returns 0 once the complaint is closed and its notice delivered. */
export async function runDemo(options: { keep: boolean }): Promise<number> {
  const dir = path.resolve(process.env.SES_DATA_DIR ?? '.data', 'demo');
  await rm(dir, { recursive: true, force: true });
  // The demo's own lines go to stdout; sesflow's JSON logs would bury them, so only warnings show.
  if (!process.env.LOG_LEVEL) log.level = 'warn';
  const started = Date.now();
  console.log('sesflow demo: starting Temporal, the database, Dovecot, the Slack Web API recorder and sesflow');
  const environment = await startDemoEnvironment({ dir, preferStandardPorts: true });
  try {
    console.log(`sesflow demo: services up after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (environment.services.temporalUiUrl) console.log(`Temporal UI: ${environment.services.temporalUiUrl}`);
    const result = await runMainJob(environment.people, (line) => console.log(line));
    const status = await environment.status(result.complaintNumber);
    for (const entry of status.timeline)
      console.log(`  timeline  ${entry.at}  ${entry.actor.padEnd(22)} ${entry.event}`);
    if (status.status !== 'Closed') {
      console.error(`sesflow demo: ${result.complaintNumber} is ${status.status}, expected Closed`);
      return 1;
    }
    console.log(`sesflow demo: ${result.complaintNumber} is Closed and the closure notice is in the contact's mailbox`);
    console.log(`sesflow demo: finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const url = environment.workflowUrl(result.complaintNumber);
    if (url) console.log(`Workflow in the Temporal UI: ${url}`);
    if (options.keep) {
      console.log('sesflow demo: --keep: everything keeps running; press Ctrl-C to stop');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
    }
    return 0;
  } finally {
    await environment.stop();
  }
}

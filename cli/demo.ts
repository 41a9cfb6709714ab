/** `sesflow demo`: the main job on embedded defaults, printed as it happens. */
import { log } from '../lib/log.ts';
import { claimDemoFolder } from './demo-folder.ts';
import { startDemoEnvironment, type DemoEnvironment } from './demo-environment.ts';
import { runMainJob, type MainJobResult } from './main-job.ts';
import type { StopSignal } from './signals.ts';

/** Exit status after Ctrl-C: 128 plus SIGINT's number, as shells report it. */
const INTERRUPTED_EXIT_CODE = 130;

/**
 * Runs the main job in `<SES_DATA_DIR>/demo` (emptied first). Returns 0 once the complaint is
 * closed and its notice delivered; with `keep`, only after `stopSignal` resolves.
 */
export async function runDemo(options: { keep: boolean; stopSignal: Promise<StopSignal> }): Promise<number> {
  // The demo's own lines go to stdout; sesflow's JSON logs would bury them, so only warnings show.
  if (!process.env.LOG_LEVEL) log.level = 'warn';
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  let interrupted = false;
  void options.stopSignal.then(() => {
    interrupted = true;
  });

  const folder = await claimDemoFolder(process.env.SES_DATA_DIR ?? '.data');
  if (folder.busyOwner) {
    console.log(
      `sesflow demo: another demo (process ${folder.busyOwner}) uses its folder; this one runs in ${folder.dir}`,
    );
  }
  let environment: DemoEnvironment | undefined;
  try {
    console.log('sesflow demo: starting Temporal, the database, Dovecot, the Slack Web API recorder and sesflow');
    environment = await startDemoEnvironment({ dir: folder.dir, preferStandardPorts: true });
    if (interrupted) return INTERRUPTED_EXIT_CODE;
    console.log(`sesflow demo: services up after ${seconds()} s`);
    if (environment.services.temporalUiUrl) console.log(`Temporal UI: ${environment.services.temporalUiUrl}`);

    const job = runMainJob(environment.people, (line) => console.log(line));
    // After an interrupt the job's pending waits fail as the services stop; that failure is expected.
    job.catch(() => undefined);
    const result = await Promise.race([job, options.stopSignal.then(() => undefined)]);
    if (!result) {
      console.log('sesflow demo: interrupted; stopping every service');
      return INTERRUPTED_EXIT_CODE;
    }
    const code = await report(environment, result, seconds());
    if (options.keep) {
      console.log('sesflow demo: --keep: every service keeps running; press Ctrl-C to stop');
      await options.stopSignal;
      console.log('sesflow demo: stopping every service');
    } else if (environment.services.temporalUiUrl) {
      console.log(
        'sesflow demo: the services stop now; run "npm run demo -- --keep" to browse the Temporal UI afterwards',
      );
    }
    return code;
  } finally {
    await environment?.stop();
    await folder.release();
  }
}

/** Prints the complaint's timeline and returns 0 when it is closed. */
async function report(environment: DemoEnvironment, result: MainJobResult, elapsed: string): Promise<number> {
  const status = await environment.status(result.complaintNumber);
  for (const entry of status.timeline) console.log(`  timeline  ${entry.at}  ${entry.actor.padEnd(22)} ${entry.event}`);
  if (status.status !== 'Closed') {
    console.error(`sesflow demo: ${result.complaintNumber} is ${status.status}, expected Closed`);
    return 1;
  }
  console.log(`sesflow demo: ${result.complaintNumber} is Closed and the closure notice is in the contact's mailbox`);
  console.log(`sesflow demo: finished in ${elapsed} s`);
  const url = environment.workflowUrl(result.complaintNumber);
  if (url) console.log(`Workflow in the Temporal UI: ${url}`);
  return 0;
}

/** `sesflow <command>`: one executable for every role, so a deployment runs as many of each as it needs. */
import { ConfigError, loadConfig } from '../lib/config.ts';
import { log } from '../lib/log.ts';
import { runDemo } from './demo.ts';
import { StartupError, messageOf } from './errors.ts';
import { runMigrate, runRoles, type Role } from './roles.ts';
import { listenForStopSignals } from './signals.ts';

const USAGE = `usage: sesflow <command>

commands:
  start     every role in one process: worker, Slack bot, email bot (embedded Temporal and database when unset)
  worker    the Temporal worker only (needs TEMPORAL_ADDRESS and DATABASE_URL)
  slack     the Slack bot only (needs TEMPORAL_ADDRESS and the Slack variables)
  email     the email bot only (needs TEMPORAL_ADDRESS, IMAP_URL, SMTP_URL and SES_BOT_ADDRESS)
  migrate   apply the database migrations (needs DATABASE_URL) and, with TEMPORAL_ADDRESS,
            register the search attributes, then exit
  demo      run one complaint from enrollment to closure on embedded services
            (--keep leaves them running until Ctrl-C)

Configuration comes from environment variables; the README lists them.`;

/** How long a finished process may wait for open handles to close before it exits anyway. */
const EXIT_GRACE_MS = 3_000;
/** The same after a failed start, whose half-opened clients may keep retrying. */
const FAILURE_EXIT_GRACE_MS = 500;

const ROLES: Record<string, Role[]> = {
  start: ['worker', 'slack', 'email'],
  worker: ['worker'],
  slack: ['slack'],
  email: ['email'],
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  const roles = ROLES[command];
  if (!roles && command !== 'demo' && command !== 'migrate') {
    console.error(`sesflow: unknown command "${command}"; run "sesflow help" for the list`);
    return 2;
  }
  const unknownOptions = rest.filter((option) => !(command === 'demo' && option === '--keep'));
  if (unknownOptions.length > 0) {
    console.error(`sesflow: unknown option "${unknownOptions[0]}" for "${command}"; run "sesflow help" for the list`);
    return 2;
  }

  const stopSignal = listenForStopSignals();
  if (command === 'demo') return runDemo({ keep: rest.includes('--keep'), stopSignal });
  const config = loadConfig();
  if (command === 'migrate') return runMigrate(config);
  return runRoles(config, roles ?? [], { embedded: command === 'start', stopSignal });
}

/** Prints the reason for a failed command as one line on stderr; unexpected errors are logged with their stack too. */
function reportFailure(error: unknown): void {
  if (error instanceof ConfigError || error instanceof StartupError) {
    log.fatal({ reason: error.message }, 'sesflow failed to start');
  } else {
    log.fatal({ err: error }, 'sesflow failed');
  }
  console.error(`sesflow: ${messageOf(error).replace(/\s*\n\s*/g, ' ')}`);
}

/**
 * Sets the exit status and lets the process end on its own, so pino's asynchronous writes to
 * stdout finish in order. A library that leaves a socket or timer open would keep the process
 * alive after its work is done, so an unreferenced timer forces the exit after `graceMs`.
 */
function exitWhenIdle(code: number, graceMs: number): void {
  process.exitCode = code;
  setTimeout(() => {
    // After a failed start the reason is already printed, and a half-opened client that lingers is expected.
    if (code === 0) log.warn({ graceMs }, 'an open handle kept the process alive after it finished; exiting');
    process.exit(code);
  }, graceMs).unref();
}

main(process.argv.slice(2)).then(
  (code) => exitWhenIdle(code, EXIT_GRACE_MS),
  (error: unknown) => {
    reportFailure(error);
    exitWhenIdle(1, FAILURE_EXIT_GRACE_MS);
  },
);

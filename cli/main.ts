/** `sesflow <command>`: one executable for every role, so a deployment runs as many of each as it needs. */
import { ConfigError, loadConfig } from '../lib/config.ts';
import { log } from '../lib/log.ts';
import { runDemo } from './demo.ts';
import { runMigrate, runRoles, type Role } from './roles.ts';

const USAGE = `usage: sesflow <command>

commands:
  start     every role in one process: worker, Slack bot, email bot (embedded Temporal and database when unset)
  worker    the Temporal worker only
  slack     the Slack bot only
  email     the email bot only
  migrate   apply the database migrations and register search attributes, then exit
  demo      run one complaint from enrollment to closure on embedded services (--keep leaves them running)`;

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
  if (command === 'demo') return runDemo({ keep: rest.includes('--keep') });

  const config = loadConfig();
  if (command === 'migrate') return runMigrate(config);
  const roles = ROLES[command];
  if (!roles) {
    console.error(`sesflow: unknown command "${command}"; run "sesflow help" for the list`);
    return 2;
  }
  return runRoles(config, roles, { embedded: command === 'start' });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`sesflow: ${error.message}`);
    } else {
      log.error({ err: error }, 'sesflow failed');
      console.error(`sesflow: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exitCode = 1;
  },
);

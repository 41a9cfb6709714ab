/**
 * Starts the roles of one sesflow process against Temporal and the database, embedded or
 * configured, and stops them in reverse order.
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { ConfigError, type Config } from '../lib/config.ts';
import { log } from '../lib/log.ts';
import { startDevServer } from '../infra/temporal.ts';
import { startEmbeddedDatabase } from '../infra/database.ts';
import { applyMigrations } from '../prisma/migrate.ts';
import { registerSearchAttributes } from './search-attributes.ts';
import { startWorker } from './worker.ts';
import { startSlackRole, startEmailRole } from './bots.ts';

export type Role = 'worker' | 'slack' | 'email';

export interface Services {
  temporalAddress: string;
  /** Temporal Web UI of the embedded dev server; unset when Temporal is configured. */
  temporalUiUrl?: string;
  slackPort?: number;
  stop(): Promise<void>;
}

type Stopper = () => Promise<void>;

/** Starts the roles; with `embedded`, unset Temporal and database variables start local servers. */
export async function startServices(
  config: Config,
  roles: Role[],
  options: { embedded: boolean; preferStandardPorts?: boolean },
): Promise<Services> {
  const stoppers: Stopper[] = [];
  const stop = async () => {
    for (const stopper of stoppers.reverse()) {
      await stopper().catch((error: unknown) => log.error({ err: error }, 'stopping a service failed'));
    }
  };
  const dataDir = path.resolve(config.SES_DATA_DIR);

  try {
    let temporalAddress = config.TEMPORAL_ADDRESS;
    let temporalUiUrl: string | undefined;
    if (!temporalAddress) {
      if (!options.embedded) throw new ConfigError(`TEMPORAL_ADDRESS is required for "sesflow ${roles.join(', ')}"`);
      const server = await startDevServer({
        dataDir: path.join(dataDir, 'temporal'),
        log,
        preferStandardPorts: options.preferStandardPorts ?? true,
      });
      stoppers.push(server.stop);
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
    }

    const connection = await Connection.connect({ address: temporalAddress });
    stoppers.push(() => connection.close());
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });

    let slackPort: number | undefined;
    if (roles.includes('worker')) {
      const database = await resolveDatabase(config, dataDir, options.embedded, stoppers);
      await applyMigrations(database.url, log);
      if (config.TEMPORAL_ADDRESS) await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
      stoppers.push(
        await startWorker({
          config,
          temporalAddress,
          databaseUrl: database.url,
          databasePoolMax: database.poolMax,
          dataDir,
        }),
      );
    }
    if (roles.includes('slack')) {
      const slack = await startSlackRole({ config, client, required: roles.length === 1 });
      if (slack) {
        stoppers.push(slack.stop);
        slackPort = slack.port;
      }
    }
    if (roles.includes('email')) {
      const stopEmail = await startEmailRole({ config, client, dataDir, required: roles.length === 1 });
      if (stopEmail) stoppers.push(stopEmail);
    }
    return { temporalAddress, temporalUiUrl, slackPort, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function resolveDatabase(
  config: Config,
  dataDir: string,
  embedded: boolean,
  stoppers: Stopper[],
): Promise<{ url: string; poolMax?: number }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL };
  if (!embedded) throw new ConfigError('DATABASE_URL is required for "sesflow worker"');
  const database = await startEmbeddedDatabase({ dataDir });
  stoppers.push(database.stop);
  return { url: database.url, poolMax: database.poolMax };
}

/** Runs the roles until SIGTERM or SIGINT, then stops them, letting in-flight work finish. */
export async function runRoles(config: Config, roles: Role[], options: { embedded: boolean }): Promise<number> {
  const services = await startServices(config, roles, options);
  log.info(
    { roles, temporal: services.temporalAddress, temporalUi: services.temporalUiUrl, slackPort: services.slackPort },
    'sesflow started',
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  log.info({ signal }, 'sesflow stopping');
  await services.stop();
  log.info('sesflow stopped');
  return 0;
}

/** `sesflow migrate`: applies the migrations and registers the search attributes on a configured cluster. */
export async function runMigrate(config: Config): Promise<number> {
  if (!config.DATABASE_URL) throw new ConfigError('DATABASE_URL is required for "sesflow migrate"');
  await applyMigrations(config.DATABASE_URL, log);
  if (config.TEMPORAL_ADDRESS) {
    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    try {
      await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
    } finally {
      await connection.close();
    }
  }
  log.info('migrations applied');
  return 0;
}

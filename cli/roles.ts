/**
 * Starts the roles of one sesflow process against Temporal and the database, embedded or
 * configured, and stops them in reverse order.
 */
import path from 'node:path';
import { Client, type Connection } from '@temporalio/client';
import { ConfigError, type Config } from '../lib/config.ts';
import { log } from '../lib/log.ts';
import { startDevServer } from '../infra/temporal.ts';
import { startEmbeddedDatabase } from '../infra/database.ts';
import { applyMigrations } from '../prisma/migrate.ts';
import { checkDatabase, connectTemporal } from './connect.ts';
import { checkRoleConfig, type Role } from './role-config.ts';
import { registerSearchAttributes } from './search-attributes.ts';
import type { StopSignal } from './signals.ts';
import { startWorker } from './worker.ts';
import { startSlackRole, startEmailRole } from './bots.ts';

export type { Role } from './role-config.ts';

export interface Services {
  temporalAddress: string;
  /** Temporal Web UI of the embedded dev server; unset when Temporal is configured. */
  temporalUiUrl?: string;
  slackPort?: number;
  /** Resolves with the error when a role fails after it started; never resolves otherwise. */
  failed: Promise<Error>;
  stop(): Promise<void>;
}

type Stopper = () => Promise<void>;

/** Starts the roles; with `embedded`, unset Temporal and database variables start local servers. */
export async function startServices(
  config: Config,
  roles: Role[],
  options: { embedded: boolean; preferStandardPorts?: boolean },
): Promise<Services> {
  const check = checkRoleConfig(config, roles, options);
  if (check.problems.length > 0) throw new ConfigError(check.problems.join('; '));
  for (const warning of check.warnings) log.warn({ roles }, warning);

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
      const server = await startDevServer({
        dataDir: path.join(dataDir, 'temporal'),
        log,
        preferStandardPorts: options.preferStandardPorts ?? true,
      });
      stoppers.push(server.stop);
      temporalAddress = server.address;
      temporalUiUrl = server.uiUrl;
    }

    const connection = await connectTemporal(temporalAddress, config.TEMPORAL_NAMESPACE);
    stoppers.push(() => connection.close());
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });

    let failed = new Promise<Error>(() => undefined);
    if (roles.includes('worker')) {
      const database = await resolveDatabase(config, dataDir, stoppers);
      await applyMigrations(database.url, log);
      if (config.TEMPORAL_ADDRESS) await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
      const worker = await startWorker({
        config,
        temporalAddress,
        databaseUrl: database.url,
        databasePoolMax: database.poolMax,
        dataDir,
      });
      stoppers.push(worker.stop);
      failed = worker.failed;
    }

    let slackPort: number | undefined;
    if (roles.includes('slack')) {
      const slack = await startSlackRole({ config, client });
      if (slack) {
        stoppers.push(slack.stop);
        slackPort = slack.port;
      }
    }
    if (roles.includes('email')) {
      const stopEmail = await startEmailRole({ config, client, dataDir });
      if (stopEmail) stoppers.push(stopEmail);
    }
    return { temporalAddress, temporalUiUrl, slackPort, failed, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Returns the configured database after a connection check, or starts the embedded one. */
async function resolveDatabase(
  config: Config,
  dataDir: string,
  stoppers: Stopper[],
): Promise<{ url: string; poolMax?: number }> {
  if (config.DATABASE_URL) {
    await checkDatabase(config.DATABASE_URL);
    return { url: config.DATABASE_URL };
  }
  const database = await startEmbeddedDatabase({ dataDir });
  stoppers.push(database.stop);
  return { url: database.url, poolMax: database.poolMax };
}

/**
 * Runs the roles until `stopSignal` resolves or a role fails, then stops them, letting in-flight
 * work finish. Returns the exit status: 0 after a signal, 1 after a failure.
 */
export async function runRoles(
  config: Config,
  roles: Role[],
  options: { embedded: boolean; stopSignal: Promise<StopSignal> },
): Promise<number> {
  const services = await startServices(config, roles, options);
  log.info(
    { roles, temporal: services.temporalAddress, temporalUi: services.temporalUiUrl, slackPort: services.slackPort },
    'sesflow started',
  );

  const outcome = await Promise.race([
    options.stopSignal.then((signal) => ({ signal, error: undefined })),
    services.failed.then((error) => ({ signal: undefined, error })),
  ]);
  if (outcome.error) log.error({ err: outcome.error }, 'a role failed; stopping the others');
  else log.info({ signal: outcome.signal }, 'sesflow stopping');
  await services.stop();
  log.info('sesflow stopped');
  return outcome.error ? 1 : 0;
}

/**
 * `sesflow migrate`: applies the migrations and, when `TEMPORAL_ADDRESS` is set, registers the
 * search attributes on that cluster.
 */
export async function runMigrate(config: Config): Promise<number> {
  if (!config.DATABASE_URL) throw new ConfigError('DATABASE_URL is required for "sesflow migrate"');
  await checkDatabase(config.DATABASE_URL);
  const applied = await applyMigrations(config.DATABASE_URL, log);
  if (config.TEMPORAL_ADDRESS) {
    const connection: Connection = await connectTemporal(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
    try {
      await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
    } finally {
      await connection.close();
    }
  } else {
    log.info('TEMPORAL_ADDRESS is unset, so no search attributes were registered');
  }
  log.info({ applied: applied.length }, 'migrations applied');
  return 0;
}

/**
 * Applies the Prisma-layout migrations in `prisma/migrations` with `pg` alone, because Prisma 7's
 * `migrate deploy` needs a native schema engine. Each migration is recorded in Prisma's
 * `_prisma_migrations` table with Prisma's columns, so `prisma migrate deploy` and
 * `prisma migrate status` keep working on a machine that has the engine.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { log as defaultLog } from '../lib/log.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The advisory lock key Prisma Migrate takes, so this runner and `prisma migrate deploy` exclude each other. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// The table as Prisma Migrate creates it on PostgreSQL.
const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`;

export interface Migration {
  name: string;
  sql: string;
  /** SHA-256 of migration.sql in hex, as Prisma computes it. */
  checksum: string;
}

/** The part of the pino logger the runner uses. */
export interface MigrationLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

interface RecordedMigration {
  checksum: string;
  finished_at: Date | null;
}

/** Thrown when migration.sql differs from the file that was applied to the database. */
export class MigrationChecksumError extends Error {
  override name = 'MigrationChecksumError';
}

/** Thrown when a migration is recorded as started but never finished, which only Prisma Migrate leaves behind. */
export class MigrationFailedError extends Error {
  override name = 'MigrationFailedError';
}

/** Reads every `<folder>/migration.sql` under `dir`, in folder-name order (the timestamp prefix). */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  const migrations: Migration[] = [];
  for (const name of folders) {
    const file = join(dir, name, 'migration.sql');
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!bytes) continue;
    migrations.push({ name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') });
  }
  return migrations;
}

/**
 * Applies the migrations not yet recorded in the database, each in its own transaction, and
 * returns the names it applied. Several processes may call it at once. On PostgreSQL an advisory
 * lock makes them take turns. PGlite shares one session among all connections, so the lock
 * excludes no one there, and each transaction checks the record again before it applies.
 */
export async function applyMigrations(
  databaseUrl: string,
  log: MigrationLogger = defaultLog,
  options: { migrationsDir?: string } = {},
): Promise<string[]> {
  const migrations = await readMigrations(options.migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      await warnAboutUnknownMigrations(client, migrations, log);

      const applied: string[] = [];
      for (const migration of migrations) {
        if (await applyOne(client, migration)) {
          applied.push(migration.name);
          log.info({ migration: migration.name }, 'applied database migration');
        }
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/** Applies one migration unless it is already recorded; returns true when it ran the SQL. */
async function applyOne(client: pg.Client, migration: Migration): Promise<boolean> {
  await client.query('BEGIN');
  try {
    const recorded = await findRecorded(client, migration.name);
    if (recorded) {
      checkRecorded(migration, recorded);
      await client.query('ROLLBACK');
      return false;
    }

    const startedAt = new Date();
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations"
         ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count")
       VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
      [randomUUID(), migration.checksum, migration.name, startedAt],
    );
    await client.query('COMMIT');
    return true;
  } catch (error) {
    // A failed ROLLBACK means the connection is gone, which discards the transaction anyway, so `error` is the cause.
    await client.query('ROLLBACK').catch(() => undefined);
    if (error instanceof MigrationChecksumError || error instanceof MigrationFailedError) throw error;
    throw new Error(`database migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function findRecorded(client: pg.Client, name: string): Promise<RecordedMigration | undefined> {
  const result = await client.query<RecordedMigration>(
    `SELECT "checksum", "finished_at" FROM "_prisma_migrations"
      WHERE "migration_name" = $1 AND "rolled_back_at" IS NULL
      ORDER BY "started_at" DESC LIMIT 1`,
    [name],
  );
  return result.rows[0];
}

function checkRecorded(migration: Migration, recorded: RecordedMigration): void {
  if (!recorded.finished_at) {
    throw new MigrationFailedError(
      `database migration ${migration.name} is recorded as started but not finished; ` +
        'fix the database by hand, then mark it with `prisma migrate resolve --applied` or `--rolled-back`',
    );
  }
  if (recorded.checksum !== migration.checksum) {
    throw new MigrationChecksumError(
      `database migration ${migration.name} was changed after it was applied ` +
        `(recorded checksum ${recorded.checksum}, file checksum ${migration.checksum}); ` +
        'restore the original migration.sql and put the change in a new migration',
    );
  }
}

/** Logs migrations the database has but this code does not, which means the database is newer than the code. */
async function warnAboutUnknownMigrations(
  client: pg.Client,
  migrations: Migration[],
  log: Pick<MigrationLogger, 'warn'>,
): Promise<void> {
  const known = new Set(migrations.map((migration) => migration.name));
  const result = await client.query<{ migration_name: string }>(
    'SELECT DISTINCT "migration_name" FROM "_prisma_migrations" WHERE "rolled_back_at" IS NULL',
  );
  const unknown = result.rows.map((row) => row.migration_name).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    log.warn({ migrations: unknown }, 'database has migrations this version of sesflow does not know');
  }
}

/**
 * The two databases sesflow runs on, started fresh for a test file: embedded PGlite in its own
 * temp folder, and a new database on the machine's PostgreSQL (TEST_POSTGRES_URL, default
 * postgresql://postgres@127.0.0.1:5432/test), dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../infra/database.ts';

export const DATABASE_KINDS = ['pglite', 'postgresql'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export interface TestDatabase {
  url: string;
  poolMax: number;
  stop(): Promise<void>;
}

const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export function startTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  return kind === 'pglite' ? startPglite() : createPostgresDatabase();
}

async function startPglite(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sesflow-db-'));
  const database = await startEmbeddedDatabase({ dataDir });
  return {
    url: database.url,
    poolMax: database.poolMax,
    async stop() {
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `sesflow_test_${randomBytes(6).toString('hex')}`;
  await runAdmin(`CREATE DATABASE "${name}"`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    poolMax: 10,
    stop: () => runAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function runAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs one query on a short-lived connection and returns its rows. */
export async function queryRows<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Creates a logger that stores its lines, for tests that check logging. */
export function memoryLogger() {
  const lines: { level: 'info' | 'warn'; fields: object; message: string }[] = [];
  return {
    lines,
    info: (fields: object, message: string) => void lines.push({ level: 'info', fields, message }),
    warn: (fields: object, message: string) => void lines.push({ level: 'warn', fields, message }),
  };
}

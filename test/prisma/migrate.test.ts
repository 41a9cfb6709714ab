import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyMigrations, MIGRATIONS_DIR, MigrationChecksumError, readMigrations } from '../../prisma/migrate.ts';
import { DATABASE_KINDS, memoryLogger, queryRows, startTestDatabase, type TestDatabase } from './databases.ts';

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'sesflow-migrations-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Copies the real migrations into a new folder that a test may change. */
async function copyMigrations(): Promise<string> {
  const dir = await mkdtemp(join(scratch, 'copy-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

test('readMigrations lists folders in order with sha256 checksums', async () => {
  const migrations = await readMigrations();
  const folders = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((entry) => entry.isDirectory());

  expect(migrations.length).toBe(folders.length);
  expect(migrations.length).toBeGreaterThan(0);
  expect(migrations.map((migration) => migration.name)).toEqual(folders.map((folder) => folder.name).sort());
  for (const migration of migrations) {
    const bytes = await readFile(join(MIGRATIONS_DIR, migration.name, 'migration.sql'));
    expect(migration.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
  }
});

describe.each(DATABASE_KINDS)('applyMigrations on %s', (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await startTestDatabase(kind);
  });

  afterAll(async () => {
    await database?.stop();
  });

  // First in this block, so it runs on an empty database and races on creating _prisma_migrations too.
  test('concurrent appliers apply each migration once', async () => {
    const expected = (await readMigrations()).map((migration) => migration.name);

    const results = await Promise.all([1, 2, 3, 4].map(() => applyMigrations(database.url, memoryLogger())));

    expect(results.flat().sort()).toEqual(expected);
    const rows = await queryRows<{ migration_name: string }>(
      database.url,
      'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(expected);
  });

  test('migrations are recorded with Prisma columns', async () => {
    await applyMigrations(database.url, memoryLogger());
    const migrations = await readMigrations();

    const rows = await queryRows<MigrationRow>(
      database.url,
      'SELECT * FROM _prisma_migrations ORDER BY migration_name',
    );

    expect(rows).toHaveLength(migrations.length);
    for (const [index, migration] of migrations.entries()) {
      const row = rows[index] as MigrationRow;
      expect(row.migration_name).toBe(migration.name);
      expect(row.checksum).toBe(migration.checksum);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect((row.finished_at as Date).getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
  });

  test('second run applies nothing', async () => {
    await applyMigrations(database.url, memoryLogger());
    const logger = memoryLogger();

    const applied = await applyMigrations(database.url, logger);

    expect(applied).toEqual([]);
    expect(logger.lines).toEqual([]);
  });

  test('schema tables exist after migrating', async () => {
    await applyMigrations(database.url, memoryLogger());

    const rows = await queryRows<{ table_name: string }>(
      database.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );

    const tables = rows.map((row) => row.table_name);
    for (const table of ['audit_event', 'company', 'complaint', 'information_request', 'notification']) {
      expect(tables).toContain(table);
    }
  });

  test('changed migration is rejected with its name', async () => {
    await applyMigrations(database.url, memoryLogger());
    const dir = await copyMigrations();
    const [first] = await readMigrations(dir);
    if (!first) throw new Error('no migrations to change');
    const file = join(dir, first.name, 'migration.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- changed after it was applied\n`);

    const run = applyMigrations(database.url, memoryLogger(), { migrationsDir: dir });

    await expect(run).rejects.toBeInstanceOf(MigrationChecksumError);
    await expect(run).rejects.toThrow(first.name);
  });

  test('failed migration rolls back and is not recorded', async () => {
    await applyMigrations(database.url, memoryLogger());
    const dir = await copyMigrations();
    const name = '29991231000000_broken';
    await mkdir(join(dir, name));
    await writeFile(
      join(dir, name, 'migration.sql'),
      'CREATE TABLE "half_done" ("id" INTEGER);\nSELECT * FROM "no_such_table";\n',
    );

    await expect(applyMigrations(database.url, memoryLogger(), { migrationsDir: dir })).rejects.toThrow(
      `database migration ${name} failed and was rolled back`,
    );

    const tables = await queryRows(
      database.url,
      "SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'",
    );
    expect(tables).toEqual([]);
    const recorded = await queryRows(database.url, 'SELECT 1 FROM _prisma_migrations WHERE migration_name = $1', [
      name,
    ]);
    expect(recorded).toEqual([]);
  });

  test('new migration applies after earlier ones', async () => {
    await applyMigrations(database.url, memoryLogger());
    const dir = await copyMigrations();
    const name = '29991231000001_add_probe';
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'migration.sql'), 'CREATE TABLE "migration_probe" ("id" INTEGER);\n');
    const logger = memoryLogger();

    const applied = await applyMigrations(database.url, logger, { migrationsDir: dir });

    expect(applied).toEqual([name]);
    expect(logger.lines).toContainEqual({
      level: 'info',
      fields: { migration: name },
      message: 'applied database migration',
    });
  });

  test('unknown recorded migration is logged as a warning', async () => {
    await applyMigrations(database.url, memoryLogger());
    await queryRows(
      database.url,
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count)
       VALUES ('00000000-0000-4000-8000-000000000001', 'x', now(), '29991231000002_from_newer_code', 1)`,
    );
    const logger = memoryLogger();

    const applied = await applyMigrations(database.url, logger);

    expect(applied).toEqual([]);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]?.level).toBe('warn');
    expect(JSON.stringify(logger.lines[0]?.fields)).toContain('29991231000002_from_newer_code');
  });
});

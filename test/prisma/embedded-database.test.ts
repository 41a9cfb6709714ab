import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmbeddedDatabase } from '../../infra/database.ts';
import { type PgliteServer, servePglite } from '../../infra/pglite-server.ts';
import { queryRows } from './databases.ts';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'sesflow-embedded-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('startEmbeddedDatabase', () => {
  test('data survives a restart', async () => {
    const dataDir = await mkdtemp(join(scratch, 'restart-'));
    const first = await startEmbeddedDatabase({ dataDir });
    await queryRows(first.url, 'CREATE TABLE kept (value TEXT)');
    await queryRows(first.url, 'INSERT INTO kept VALUES ($1)', ['still here']);
    await first.stop();

    const second = await startEmbeddedDatabase({ dataDir });
    try {
      expect(await queryRows(second.url, 'SELECT value FROM kept')).toEqual([{ value: 'still here' }]);
    } finally {
      await second.stop();
    }
  });

  test('second open in one process is rejected', async () => {
    const dataDir = await mkdtemp(join(scratch, 'twice-'));
    const database = await startEmbeddedDatabase({ dataDir });
    try {
      await expect(startEmbeddedDatabase({ dataDir })).rejects.toThrow('is already open in this process');
    } finally {
      await database.stop();
    }
  });

  test('folder of a live process is rejected', async () => {
    const dataDir = await mkdtemp(join(scratch, 'live-'));
    const owner = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      await startEmbeddedDatabase({ dataDir }).then((database) => database.stop());
      await writeFile(join(dataDir, 'pglite', 'sesflow.pid'), String(owner.pid));

      await expect(startEmbeddedDatabase({ dataDir })).rejects.toThrow(`is in use by process ${owner.pid}`);
    } finally {
      owner.kill();
    }
  });

  test('lock of an exited process is replaced', async () => {
    const dataDir = await mkdtemp(join(scratch, 'stale-'));
    await startEmbeddedDatabase({ dataDir }).then((database) => database.stop());
    const exited = spawnSync('true');
    await writeFile(join(dataDir, 'pglite', 'sesflow.pid'), String(exited.pid));

    const database = await startEmbeddedDatabase({ dataDir });
    await database.stop();
  });
});

describe('servePglite', () => {
  let db: PGlite;
  let server: PgliteServer;
  let url: string;

  beforeAll(async () => {
    db = await PGlite.create();
    server = await servePglite(db, { maxConnections: 6 });
    url = `postgresql://postgres@127.0.0.1:${server.port}/postgres`;
    await queryRows(url, 'CREATE TABLE numbers (n INTEGER)');
  });

  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  test('connections get their own results beside transactions', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    const wrong: unknown[] = [];
    try {
      await Promise.all(
        Array.from({ length: 300 }, async (_, i) => {
          const client = await pool.connect();
          try {
            if (i % 3 === 0) {
              await client.query('BEGIN');
              await client.query('INSERT INTO numbers VALUES ($1)', [i]);
              const { rows } = await client.query('SELECT $1::int AS n, true AS in_transaction', [i]);
              if (rows[0]?.n !== i || rows[0]?.in_transaction !== true) wrong.push(rows[0]);
              await client.query(i % 2 ? 'COMMIT' : 'ROLLBACK');
            } else {
              const sql = i % 2 ? 'SELECT $1::int AS n' : 'SELECT $1::int AS n, true AS even';
              const { rows } = await client.query(sql, [i]);
              if (rows[0]?.n !== i || (i % 2 === 0) !== 'even' in (rows[0] ?? {})) wrong.push(rows[0]);
            }
          } finally {
            client.release();
          }
        }),
      );
    } finally {
      await pool.end();
    }

    expect(wrong).toEqual([]);
    // Of the 100 transactions (i divisible by 3), the 50 with odd i commit.
    expect(await queryRows(url, 'SELECT count(*)::int AS count FROM numbers')).toEqual([{ count: 50 }]);
  });

  test('closed connection has its transaction rolled back', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('INSERT INTO numbers VALUES (-1)');
    await client.end();

    expect(await queryRows(url, 'SELECT count(*)::int AS count FROM numbers WHERE n = -1')).toEqual([{ count: 0 }]);
  });

  test('query error leaves the connection usable', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await expect(client.query('SELEC $1', [1])).rejects.toThrow('syntax error');
      expect((await client.query('SELECT $1::text AS ok', ['yes'])).rows).toEqual([{ ok: 'yes' }]);
    } finally {
      await client.end();
    }
  });

  test('connections beyond the limit are rejected', async () => {
    const clients = Array.from({ length: 6 }, () => new pg.Client({ connectionString: url }));
    await Promise.all(clients.map((client) => client.connect()));
    try {
      const extra = new pg.Client({ connectionString: url });
      await expect(extra.connect()).rejects.toThrow('too many connections to the embedded database (max 6)');
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });
});

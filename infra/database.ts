/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) with its data on disk,
 * served over the PostgreSQL wire protocol on 127.0.0.1 so the code that talks to a real
 * PostgreSQL (`pg`, Prisma's pg adapter) talks to it unchanged.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { log } from '../lib/log.ts';
import { servePglite } from './pglite-server.ts';

/** Pool size for a Prisma client on the embedded database; PGlite runs one request at a time, so more buys nothing. */
export const EMBEDDED_POOL_MAX = 4;

/**
 * Connections the server accepts. Every client pool in the process opens its own connections, and
 * the pg adapter reconnects at once after an error, so this must exceed the sum of the pools' `max`.
 */
const DEFAULT_MAX_CONNECTIONS = 64;

export interface EmbeddedDatabase {
  /** A `postgresql://` URL for `pg` and Prisma. */
  url: string;
  /** The pool size to pass to `createPrisma` for this database. */
  poolMax: number;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** The data folder of sesflow; the database lives in `<dataDir>/pglite`. */
  dataDir: string;
  maxConnections?: number;
}

/**
 * Opens (creating on first use) the PGlite database in `<dataDir>/pglite` and serves it on a free
 * port of 127.0.0.1. Rejects when another live process has the same folder open, because two PGlite
 * instances on one folder corrupt it.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const folder = resolve(options.dataDir, 'pglite');
  await mkdir(folder, { recursive: true });
  const unlock = await lockFolder(folder);

  let db: PGlite | undefined;
  try {
    const startedAt = performance.now();
    db = await openPglite(folder);
    const server = await servePglite(db, {
      host: '127.0.0.1',
      port: 0,
      maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    });
    const address = `${server.host}:${server.port}`;
    log.info({ folder, address, ms: Math.round(performance.now() - startedAt) }, 'embedded database started');

    const opened = db;
    let stopped = false;
    return {
      url: `postgresql://postgres@${address}/postgres`,
      poolMax: EMBEDDED_POOL_MAX,
      async stop() {
        if (stopped) return;
        stopped = true;
        await server.stop();
        await opened.close();
        await unlock();
        log.info({ folder }, 'embedded database stopped');
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    await unlock();
    throw error;
  }
}

/**
 * Opens PGlite on `folder`. Creating a new database (initdb) grows PGlite's WebAssembly memory to
 * about 800 MiB resident, and WebAssembly memory is never returned, so a new database is created
 * in a short-lived child process. Opened afterwards, this process's instance stays near 340 MiB
 * (PGlite 0.5.14, measured on this project's 2-core x86_64 machine).
 */
async function openPglite(folder: string): Promise<PGlite> {
  if (!existsSync(join(folder, 'PG_VERSION'))) await createInChildProcess(folder);
  return PGlite.create(folder);
}

const CREATE_SCRIPT = `
const { PGlite } = await import('@electric-sql/pglite');
const db = await PGlite.create(process.argv[1]);
await db.close();
`;

async function createInChildProcess(folder: string): Promise<void> {
  await new Promise<void>((resolvePromise, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '--eval', CREATE_SCRIPT, folder],
      { cwd: fileURLToPath(new URL('..', import.meta.url)) },
      (error, _stdout, stderr) => {
        if (error)
          reject(new Error(`creating the embedded database in ${folder} failed: ${stderr.trim() || error.message}`));
        else resolvePromise();
      },
    );
  });
}

/** Folders this process has open. A lock file with this process's pid is stale unless listed here, because containers reuse pid 1. */
const openFolders = new Set<string>();

/** Claims `folder` with a file holding this process id; returns the function that releases it. */
async function lockFolder(folder: string): Promise<() => Promise<void>> {
  if (openFolders.has(folder)) throw new Error(`embedded database ${folder} is already open in this process`);
  const file = join(folder, 'sesflow.pid');
  const release = async () => {
    openFolders.delete(folder);
    await rm(file, { force: true });
  };

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      openFolders.add(folder);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }

    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `embedded database ${folder} is in use by process ${owner}; stop that process or set DATABASE_URL to a PostgreSQL server`,
      );
    }
    log.warn({ folder, owner }, 'removing the lock of an embedded database whose process has exited');
    await release();
  }
  throw new Error(`could not lock embedded database ${folder}: another process claimed it at the same time`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

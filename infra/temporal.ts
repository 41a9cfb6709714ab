/**
 * The embedded Temporal server: the `temporal` CLI's dev server, with its Web UI, run as a
 * child process when `TEMPORAL_ADDRESS` is unset.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Logger } from '../lib/log.ts';
import { freePort, preferredOrFreePort } from '../lib/ports.ts';

/** Search attributes sesflow's workflows set; a cluster must register them too (`sesflow migrate` does). */
export const SEARCH_ATTRIBUTES = { ComplaintStatus: 'Keyword' } as const;

/** How long the dev server may take to respond. Its first start on a new database takes a few seconds. */
const START_TIMEOUT_MS = 60_000;

export interface DevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/** Finds the Temporal CLI: `TEMPORAL_CLI`, then `temporal` on PATH, then the project's `.venv`. */
export function temporalCliPath(): string {
  if (process.env.TEMPORAL_CLI) return process.env.TEMPORAL_CLI;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'temporal');
    if (dir && existsSync(candidate)) return candidate;
  }
  const local = path.resolve('.venv/bin/temporal');
  if (existsSync(local)) return local;
  throw new Error('the temporal CLI was not found: run scripts/setup.sh or set TEMPORAL_CLI');
}

/** The dev server process exited before it responded, typically because a port was taken. */
class DevServerExitedError extends Error {
  override name = 'DevServerExitedError';
}

/**
 * Starts the dev server with its data in `dataDir`. `preferStandardPorts` tries 7233 and 8233
 * first. Another process may take them between the check and the bind, so when the server exits
 * at start, it starts once more on ports the OS picks.
 */
export async function startDevServer(options: {
  dataDir: string;
  log: Logger;
  preferStandardPorts?: boolean;
}): Promise<DevServer> {
  mkdirSync(options.dataDir, { recursive: true });
  if (options.preferStandardPorts) {
    const port = await preferredOrFreePort(7233);
    const uiPort = await preferredOrFreePort(8233);
    try {
      return await spawnDevServer(options, port, uiPort);
    } catch (error) {
      if (!(error instanceof DevServerExitedError)) throw error;
      options.log.warn({ port, uiPort, err: error }, 'temporal dev server exited at start; trying free ports');
    }
  }
  return spawnDevServer(options, await freePort(), await freePort());
}

async function spawnDevServer(
  options: { dataDir: string; log: Logger },
  port: number,
  uiPort: number,
): Promise<DevServer> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort)];
  args.push('--db-filename', path.join(options.dataDir, 'temporal.db'), '--log-level', 'warn');
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);

  // Detached, so the Ctrl-C a terminal sends to its whole process group does not stop the server
  // while the worker still drains. stop() ends it after the roles, or the exit handler does.
  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilServing(address, child, () => stderr);
  } catch (error) {
    process.off('exit', killOnExit);
    throw error;
  }
  options.log.info({ address, uiPort, pid: child.pid }, 'temporal dev server started');

  return {
    address,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    async stop() {
      await stopChild(child);
      process.off('exit', killOnExit);
    },
  };
}

async function waitUntilServing(address: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new DevServerExitedError(`temporal dev server exited at start: ${stderr().trim()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await stopChild(child);
  throw new Error(`temporal dev server did not respond on ${address} within ${START_TIMEOUT_MS / 1000} s`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

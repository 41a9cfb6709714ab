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

/** Starts the dev server with its data in `dataDir`; `preferStandardPorts` tries 7233 and 8233 first. */
export async function startDevServer(options: {
  dataDir: string;
  log: Logger;
  preferStandardPorts?: boolean;
}): Promise<DevServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const port = options.preferStandardPorts ? await preferredOrFreePort(7233) : await freePort();
  const uiPort = options.preferStandardPorts ? await preferredOrFreePort(8233) : await freePort();
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort)];
  args.push('--db-filename', path.join(options.dataDir, 'temporal.db'), '--log-level', 'warn');
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);

  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const address = `127.0.0.1:${port}`;
  await waitUntilServing(address, child, () => stderr);
  options.log.info({ address, uiPort, pid: child.pid }, 'temporal dev server started');

  return {
    address,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    stop: () => stopChild(child),
  };
}

async function waitUntilServing(address: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`temporal dev server exited at start: ${stderr().trim()}`);
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
  throw new Error(`temporal dev server did not answer on ${address} within 60 s`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs `node bin/sesflow.js` as an operator would: a child process with its own environment and a
 * temp data folder, collecting its exit code, stdout and stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(REPO_ROOT, 'bin/sesflow.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliProcess {
  child: ChildProcess;
  /** Output so far. */
  stdout(): string;
  /** Resolves once stdout has a line that contains `text`. */
  waitForOutput(text: string, timeoutMs: number): Promise<void>;
  result: Promise<CliResult>;
}

/** Creates a temp folder for `SES_DATA_DIR`; `cleanup` removes it. */
export function tempDataDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sesflow-cli-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts `sesflow <args>` with only `env` and the basics (PATH, HOME), so variables of the shell
 * that runs the tests do not leak in.
 */
export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const outputWaiters = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const check of outputWaiters) check();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const result = new Promise<CliResult>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });

  return {
    child,
    stdout: () => stdout,
    waitForOutput(text, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          outputWaiters.delete(check);
          reject(new Error(`no output line containing "${text}" within ${timeoutMs} ms; stdout so far:\n${stdout}`));
        }, timeoutMs);
        const check = () => {
          if (!stdout.includes(text)) return;
          clearTimeout(timer);
          outputWaiters.delete(check);
          resolve();
        };
        outputWaiters.add(check);
        check();
        void result.then(() => {
          if (outputWaiters.has(check)) {
            clearTimeout(timer);
            outputWaiters.delete(check);
            reject(new Error(`sesflow exited before printing "${text}"; stdout:\n${stdout}`));
          }
        });
      });
    },
    result,
  };
}

/** Runs `sesflow <args>` to its end; kills it after `timeoutMs` so a hang fails the test instead of stalling it. */
export async function runCli(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<CliResult> {
  const run = startCli(args, env);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  try {
    return await run.result;
  } finally {
    clearTimeout(timer);
  }
}

/** Splits output into lines, without the empty line after the last newline. */
export function linesOf(output: string): string[] {
  return output.split('\n').filter((line) => line !== '');
}

/** Returns a port on 127.0.0.1 with nothing listening: the OS picked it and the test closed it again. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts a TCP server that accepts connections and never sends a byte, like a server that hangs. */
export async function startSilentServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

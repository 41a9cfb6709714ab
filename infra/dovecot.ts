/**
 * A Dovecot instance of the project's own, for tests and the demo: IMAP and LMTP on 127.0.0.1,
 * plaintext logins, one passwd-file and one Maildir per user under `dir`. It uses
 * Debian's Dovecot 2.3 binary and never touches the system's Dovecot configuration.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../lib/ports.ts';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';

export interface MailUser {
  name: string;
  password: string;
}

export interface MailServer {
  /** Process id of the Dovecot master, which leads the process group. */
  pid: number;
  imapPort: number;
  lmtpPort: number;
  dir: string;
  /**
   * Adds a user. Each user has a passwd-file of its own, read at the user's first login, because
   * Dovecot 2.3.19 was seen to miss a rewrite of a passwd-file it had read within the same second.
   */
  addUser(user: MailUser): void;
  stop(): Promise<void>;
}

/** Dovecot's exit code for a fatal start-up error, such as a listener's port being taken. */
const FATAL_EXIT = 89;
const START_ATTEMPTS = 3;
const READY_TIMEOUT_MS = 10_000;

/** The account Dovecot runs as: itself when not root, because Dovecot refuses to run its logins as root. */
interface RunAs {
  user: string;
  group: string;
  uid: number;
  gid: number;
}

function runningAccount(): RunAs {
  if (process.getuid?.() === 0) return { user: 'nobody', group: groupName(65534), uid: 65534, gid: 65534 };
  const info = os.userInfo();
  return { user: info.username, group: groupName(info.gid), uid: info.uid, gid: info.gid };
}

/** Looks a group's name up in /etc/group, because Dovecot's group settings take names, not ids. */
function groupName(gid: number): string {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((entry) => entry.split(':')[2] === String(gid));
  const name = line?.split(':')[0];
  if (!name) throw new Error(`group ${gid} is not listed in /etc/group, so Dovecot cannot be configured to use it`);
  return name;
}

/**
 * Starts Dovecot with its configuration, logs and mail under `dir`. When run as root, `dir` is
 * given to `nobody` (65534), which must be able to reach it (a folder under /tmp is).
 */
export async function startMailServer(options: { dir: string; users: MailUser[] }): Promise<MailServer> {
  const dir = path.resolve(options.dir);
  const account = runningAccount();
  for (const sub of ['run', 'state', 'mail']) mkdirSync(path.join(dir, sub), { recursive: true });
  const passwdDir = path.join(dir, 'passwd.d');
  mkdirSync(passwdDir, { recursive: true });
  const writeUser = (user: MailUser) => {
    const file = path.join(passwdDir, checkUser(user).name);
    writeFileSync(file, `${user.name}:{PLAIN}${user.password}::::::\n`, { mode: 0o600 });
    giveTo(file, account);
  };
  for (const user of options.users) writeUser(user);

  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const imapPort = await freePort();
    const lmtpPort = await freePort();
    if (imapPort === lmtpPort) continue;
    const configFile = path.join(dir, 'dovecot.conf');
    writeFileSync(configFile, dovecotConfig({ dir, passwdDir, imapPort, lmtpPort, account }));
    giveTree(dir, account);

    const child = spawn(DOVECOT_BINARY, ['-F', '-c', configFile], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
      ...(process.getuid?.() === 0 ? { uid: account.uid, gid: account.gid } : {}),
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    try {
      await waitForGreeting(imapPort, child);
    } catch (error) {
      await stopGroup(child);
      const logTail = readLogTail(path.join(dir, 'dovecot.log'));
      lastError = new Error(`dovecot failed to start: ${(error as Error).message}. ${stderr.trim()} ${logTail}`.trim());
      if (child.exitCode === FATAL_EXIT && /Address already in use/.test(stderr + logTail)) continue;
      throw lastError;
    }
    // A detached group outlives its parent, so a caller that exits without stop() still ends it.
    const killOnExit = () => signalGroup(child.pid ?? 0, 'SIGKILL');
    process.once('exit', killOnExit);
    return {
      pid: child.pid ?? 0,
      imapPort,
      lmtpPort,
      dir,
      addUser: writeUser,
      async stop() {
        process.off('exit', killOnExit);
        await stopGroup(child);
      },
    };
  }
  throw lastError ?? new Error('dovecot failed to start: no two distinct free ports were found');
}

/** Rejects names and passwords that would break the passwd-file line format. */
function checkUser(user: MailUser): MailUser {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(user.name)) {
    throw new Error(`invalid mail user name "${user.name}": use lowercase letters, digits, dot, dash, underscore`);
  }
  if (/[:\n\r]/.test(user.password))
    throw new Error(`invalid password for mail user "${user.name}": no ":" or line breaks`);
  return user;
}

function dovecotConfig(settings: {
  dir: string;
  passwdDir: string;
  imapPort: number;
  lmtpPort: number;
  account: RunAs;
}): string {
  const { dir, passwdDir, imapPort, lmtpPort, account } = settings;
  const service = (name: string, body: string[]) => [`service ${name} {`, ...body.map((line) => `  ${line}`), '}'];
  const runAs = [`user = ${account.user}`];
  // Each setting inside a block sits on its own line: Dovecot rejects one-line blocks.
  return [
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    `info_log_path = ${dir}/dovecot.log`,
    'protocols = imap lmtp',
    'listen = 127.0.0.1',
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    'auth_verbose = yes',
    'auth_username_format = %Ln',
    'recipient_delimiter = +',
    `mail_location = maildir:${dir}/mail/%n/Maildir`,
    `default_login_user = ${account.user}`,
    `default_internal_user = ${account.user}`,
    `default_internal_group = ${account.group}`,
    `first_valid_uid = ${account.uid}`,
    `last_valid_uid = ${account.uid}`,
    `first_valid_gid = ${account.gid}`,
    `last_valid_gid = ${account.gid}`,
    `mail_uid = ${account.uid}`,
    `mail_gid = ${account.gid}`,
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%n ${passwdDir}/%n`,
    '}',
    'userdb {',
    '  driver = passwd-file',
    `  args = username_format=%n ${passwdDir}/%n`,
    '}',
    ...service('imap-login', [
      'inet_listener imap {',
      '  address = 127.0.0.1',
      `  port = ${imapPort}`,
      '}',
      'inet_listener imaps {',
      '  port = 0',
      '}',
      ...runAs,
      'chroot =',
    ]),
    ...service('lmtp', ['inet_listener lmtp {', '  address = 127.0.0.1', `  port = ${lmtpPort}`, '}', ...runAs]),
    ...service('anvil', [...runAs, 'chroot =']),
    ...service('auth', runAs),
    ...service('auth-worker', runAs),
    ...service('stats', runAs),
    ...service('imap', runAs),
    '',
  ].join('\n');
}

function readLogTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join(' | ');
  } catch {
    return '';
  }
}

function giveTo(file: string, account: RunAs): void {
  if (process.getuid?.() === 0) chownSync(file, account.uid, account.gid);
}

function giveTree(dir: string, account: RunAs): void {
  if (process.getuid?.() !== 0) return;
  chownSync(dir, account.uid, account.gid);
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    chownSync(path.join(entry.parentPath, entry.name), account.uid, account.gid);
  }
}

/** Resolves once the IMAP port greets with `* OK`; an open port alone can still be a stale instance. */
async function waitForGreeting(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the dovecot process exited with ${child.exitCode ?? child.signalCode}`);
    }
    if (await greets(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(
    `timed out after ${READY_TIMEOUT_MS} ms waiting for the "* OK" greeting of IMAP on 127.0.0.1:${port}`,
  );
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    const finish = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.includes('\r\n')) finish(received.startsWith('* OK'));
    });
  });
}

/**
 * Stops Dovecot's whole process group: killing the master alone leaves IMAP processes serving
 * open connections. Escalates to SIGKILL when the group has not gone within five seconds.
 */
async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(pid, 'SIGTERM');
  await exited;
  const deadline = Date.now() + 5000;
  while (groupAlive(pid)) {
    if (Date.now() > deadline) {
      signalGroup(pid, 'SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Mail helpers for tests: a Dovecot and SMTP relay pair in a temp folder, sending as a company
 * user, and waiting for a message in a user's INBOX.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import type { NotificationClaim, NotificationStore } from '../../activities/email.ts';
import { startMailServer, type MailServer } from '../../infra/dovecot.ts';
import { openMailbox, type Mailbox, type ReceivedMail } from '../../infra/mailbox.ts';
import { startSmtpRelay, type SmtpRelay } from '../../infra/smtp-relay.ts';

export const MAIL_PASSWORD = 'test-password';

export interface MailStack {
  dir: string;
  server: MailServer;
  relay: SmtpRelay;
  /** Pooled SMTP transport to the relay; messages to any domain land in the local part's INBOX. */
  transport: Transporter;
  /** Adds a Dovecot user, so mail to `<name>@<any domain>` is kept. */
  addUser(name: string): void;
  imapUrl(user: string): string;
  /** Sends a plain-text message as `from`; returns its Message-ID. */
  sendAs(from: string, message: Omit<SendMailOptions, 'from'>): Promise<string>;
  /** The user's INBOX, opened once and closed by `stop`. */
  mailbox(user: string): Promise<Mailbox>;
  waitForMail(
    user: string,
    predicate: (mail: ReceivedMail) => boolean,
    options?: { timeoutMs?: number; description?: string },
  ): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

/** Starts Dovecot with `users` (password `MAIL_PASSWORD`) and an SMTP relay into it. */
export async function startMailStack(users: string[]): Promise<MailStack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sesflow-mail-'));
  const server = await startMailServer({ dir, users: users.map((name) => ({ name, password: MAIL_PASSWORD })) });
  const relay = await startSmtpRelay({ lmtpPort: server.lmtpPort });
  const transport = createTransport({ url: relay.url, pool: true });
  const mailboxes = new Map<string, Promise<Mailbox>>();
  const imapUrl = (user: string) => `imap://${user}:${MAIL_PASSWORD}@127.0.0.1:${server.imapPort}`;
  const mailbox = (user: string) => {
    let opened = mailboxes.get(user);
    if (!opened) {
      opened = openMailbox(imapUrl(user));
      mailboxes.set(user, opened);
    }
    return opened;
  };

  return {
    dir,
    server,
    relay,
    transport,
    addUser: (name) => server.addUser({ name, password: MAIL_PASSWORD }),
    imapUrl,
    async sendAs(from, message) {
      const info = await transport.sendMail({ ...message, from });
      return info.messageId;
    },
    mailbox,
    async waitForMail(user, predicate, options) {
      return (await mailbox(user)).waitFor(predicate, options);
    },
    async stop() {
      for (const opened of mailboxes.values()) await (await opened).close();
      transport.close();
      await relay.stop();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A `NotificationStore` in memory, recording each claim in order. */
export class MemoryNotificationStore implements NotificationStore {
  readonly claims: NotificationClaim[] = [];
  private readonly sent = new Map<string, string>();

  async claim(claim: NotificationClaim): Promise<boolean> {
    if (!this.claims.some((existing) => existing.key === claim.key)) this.claims.push(claim);
    return !this.sent.has(claim.key);
  }

  async markSent(key: string, messageId: string): Promise<void> {
    this.sent.set(key, messageId);
  }

  async threadMessageIds(complaintNumber: string): Promise<string[]> {
    return this.claims
      .filter((claim) => claim.complaintNumber === complaintNumber)
      .flatMap((claim) => this.sent.get(claim.key) ?? []);
  }
}

/** Returns the header's value as Dovecot delivered it, or undefined. */
export function headerOf(mail: ReceivedMail, name: string): string | undefined {
  const line = mail.parsed.headerLines.find((header) => header.key === name.toLowerCase())?.line;
  return line === undefined
    ? undefined
    : line
        .slice(line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim();
}

/** Creates a debug-level pino logger that keeps its JSON lines in `lines`, to check what was logged. */
export function captureLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

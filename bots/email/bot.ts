/**
 * The email bot: watches the bot's INBOX with IMAP IDLE and handles unread messages one at a
 * time. A message is marked `\Seen` only once its command was applied or its reply sent. After a
 * transient failure, such as Temporal or SMTP being unreachable, it stays unread for a later retry.
 */
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Transporter } from 'nodemailer';
import type { Logger } from '../../lib/log.ts';
import { handleInboundMail, type EmailGateway, type HandleOutcome, type ReplySender } from './handler.ts';
import { imapOptionsFromUrl } from './imap-url.ts';
import { toInboundMail, type InboundMail } from './inbound.ts';
import { createReplySender } from './reply-sender.ts';
import { complaintOfMail } from './reply-tokens.ts';

export interface EmailBotOptions {
  /** `imap://user:pass@host:port` of the bot's mailbox, or `imaps://` for TLS. */
  imapUrl: string;
  gateway: EmailGateway;
  botAddress: string;
  tokenSecret: string;
  log: Logger;
  /** Sends the bot's replies; built from `transport` when absent. */
  reply?: ReplySender;
  transport?: Pick<Transporter, 'sendMail'>;
  formatTime?: (iso: string) => string;
  /** Delay before the first retry after a transient failure, doubled up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

export interface EmailBot {
  /** Finishes the message in flight, then logs out. */
  stop(): Promise<void>;
}

/** How long IMAP waits after a command before it enters IDLE; imapflow's default is 15 s. */
const AUTO_IDLE_DELAY_MS = 500;

export async function startEmailBot(options: EmailBotOptions): Promise<EmailBot> {
  const reply = options.reply ?? (options.transport && createReplySender(options.transport, options.botAddress));
  if (!reply) throw new Error('startEmailBot needs either reply or transport to send its replies');
  const log = options.log;
  const initialDelay = options.retryDelayMs ?? 1000;
  const maxDelay = options.maxRetryDelayMs ?? 60_000;
  const handlerOptions = { ...options, reply };

  let client: ImapFlow | undefined;
  let stopping = false;
  let pass: Promise<void> | undefined;
  let passRequested = false;
  const passRetry = new Backoff(initialDelay, maxDelay);
  const reconnectRetry = new Backoff(initialDelay, maxDelay);

  const connect = async (): Promise<void> => {
    const next = new ImapFlow({ ...imapOptionsFromUrl(options.imapUrl), autoIdleDelay: AUTO_IDLE_DELAY_MS });
    next.on('error', (error: Error) => log.warn({ err: error }, 'email bot: IMAP connection error'));
    next.on('exists', () => requestPass());
    next.on('close', () => {
      if (client === next) client = undefined;
      if (stopping) return;
      log.warn({ retryInMs: reconnectRetry.delay }, 'email bot: IMAP connection closed; reconnecting');
      reconnectRetry.schedule(reconnect);
    });
    await next.connect();
    await next.mailboxOpen('INBOX');
    client = next;
  };

  const reconnect = async () => {
    if (stopping) return;
    try {
      await connect();
      reconnectRetry.reset();
      log.info('email bot: IMAP reconnected');
      requestPass();
    } catch (error) {
      log.warn({ err: error, retryInMs: reconnectRetry.delay }, 'email bot: IMAP reconnect failed');
      reconnectRetry.schedule(reconnect);
    }
  };

  /** Starts a pass over unread messages, or has the running pass look again when it ends. */
  function requestPass(): void {
    if (stopping) return;
    if (pass) {
      passRequested = true;
      return;
    }
    pass = runPasses().finally(() => {
      pass = undefined;
    });
  }

  async function runPasses(): Promise<void> {
    do {
      passRequested = false;
      const current = client;
      if (!current) return;
      try {
        const finished = await processUnread(current);
        if (!finished) {
          log.warn({ retryInMs: passRetry.delay }, 'email bot: messages stay unread until the retry after a failure');
          passRetry.schedule(requestPass);
          return;
        }
        passRetry.reset();
      } catch (error) {
        // IMAP failures land here; the 'close' handler reconnects when the connection is gone.
        log.warn({ err: error, retryInMs: passRetry.delay }, 'email bot: reading the mailbox failed');
        passRetry.schedule(requestPass);
        return;
      }
    } while (passRequested && !stopping);
  }

  /**
   * Handles unread messages oldest first; returns false when one must be tried again later. A
   * message that fails stays unread, and so do the later messages about its complaint, so they
   * keep their order (a SUBMIT waits for the draft above it). Other messages go on, so one
   * complaint whose workflow cannot take updates does not stop the mail about all the others.
   */
  async function processUnread(imap: ImapFlow): Promise<boolean> {
    const uids = (await imap.search({ seen: false, deleted: false }, { uid: true })) || [];
    const failedComplaints = new Set<string>();
    let finished = true;
    for (const uid of uids.sort((a, b) => a - b)) {
      if (stopping) return true;
      const message = await imap.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      if (!message || !message.source) continue;

      let mail: InboundMail;
      try {
        mail = toInboundMail(await simpleParser(message.source), message.source, options.botAddress);
      } catch (error) {
        log.warn({ err: error, uid }, 'email bot: parsing a message failed; it stays unread');
        finished = false;
        continue;
      }
      const complaint = complaintOfMail(mail, options);
      if (complaint && failedComplaints.has(complaint)) {
        log.info({ uid, messageId: mail.messageId }, 'email bot: message waits for an earlier one that failed');
        finished = false;
        continue;
      }

      let outcome: HandleOutcome;
      try {
        outcome = await handleInboundMail(mail, handlerOptions);
      } catch (error) {
        log.warn({ err: error, uid, messageId: mail.messageId }, 'email bot: handling a message failed');
        // NOTE: the sender gets no reply while the message waits, however long its complaint's workflow stays unable to take it.
        if (complaint) failedComplaints.add(complaint);
        finished = false;
        continue;
      }
      await imap.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      log.debug({ uid, result: outcome.result }, 'email bot: message marked seen');
    }
    return finished;
  }

  try {
    await connect();
  } catch (error) {
    // A failed first connection ends the start: no reconnect may outlive it.
    stopping = true;
    reconnectRetry.cancel();
    throw error;
  }
  log.info({ mailbox: 'INBOX' }, 'email bot: watching the mailbox');
  requestPass();

  return {
    async stop() {
      stopping = true;
      passRetry.cancel();
      reconnectRetry.cancel();
      await pass;
      const current = client;
      client = undefined;
      if (current) await current.logout().catch(() => current.close());
      log.info('email bot stopped');
    },
  };
}

/** One retry timer with a delay that doubles after each use, up to `max`, until `reset`. */
class Backoff {
  delay: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly initial: number,
    private readonly max: number,
  ) {
    this.delay = initial;
  }

  /** Runs `action` after the current delay, unless a run is already scheduled. */
  schedule(action: () => unknown): void {
    if (this.timer) return;
    const delay = this.delay;
    this.delay = Math.min(this.delay * 2, this.max);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void action();
    }, delay);
  }

  reset(): void {
    this.delay = this.initial;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

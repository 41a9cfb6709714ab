/**
 * A small read-only IMAP reader for tests and the demo: lists a user's INBOX with flags and
 * parsed content, and waits for a message that matches a predicate. It opens the mailbox with
 * EXAMINE, so reading never changes a message's `\Seen` flag.
 */
import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import { imapOptionsFromUrl } from '../bots/email/imap-url.ts';

export interface ReceivedMail {
  uid: number;
  flags: string[];
  seen: boolean;
  raw: Buffer;
  parsed: ParsedMail;
}

export interface Mailbox {
  messages(): Promise<ReceivedMail[]>;
  /** Resolves with the first message that matches, polling every 100 ms; rejects after `timeoutMs`. */
  waitFor(
    predicate: (mail: ReceivedMail) => boolean,
    options?: { timeoutMs?: number; description?: string },
  ): Promise<ReceivedMail>;
  close(): Promise<void>;
}

const POLL_INTERVAL_MS = 100;

/** Opens `imap://user:pass@host:port`'s INBOX read-only. */
export async function openMailbox(imapUrl: string): Promise<Mailbox> {
  const client = new ImapFlow(imapOptionsFromUrl(imapUrl));
  await client.connect();
  await client.mailboxOpen('INBOX', { readOnly: true });
  // UIDs are stable while the mailbox's UIDVALIDITY is, so each message is downloaded and parsed once.
  const parsedByUid = new Map<number, { raw: Buffer; parsed: ParsedMail }>();

  const messages = async (): Promise<ReceivedMail[]> => {
    await client.noop();
    if (!client.mailbox || client.mailbox.exists === 0) return [];
    const listed = await client.fetchAll('1:*', { uid: true, flags: true });
    const result: ReceivedMail[] = [];
    for (const message of listed) {
      // Flag changes made by other sessions can arrive as FETCH responses without a UID; the listing has them too.
      if (!message.uid || result.some((known) => known.uid === message.uid)) continue;
      let content = parsedByUid.get(message.uid);
      if (!content) {
        const fetched = await client.fetchOne(String(message.uid), { source: true }, { uid: true });
        if (!fetched || !fetched.source) continue;
        content = { raw: fetched.source, parsed: await simpleParser(fetched.source) };
        parsedByUid.set(message.uid, content);
      }
      const flags = [...(message.flags ?? [])];
      result.push({ uid: message.uid, flags, seen: flags.includes('\\Seen'), ...content });
    }
    return result;
  };

  return {
    messages,
    async waitFor(predicate, options = {}) {
      const timeoutMs = options.timeoutMs ?? 10_000;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = (await messages()).find(predicate);
        if (match) return match;
        if (Date.now() > deadline) {
          const target = options.description ?? 'a matching message';
          throw new Error(
            `timed out after ${timeoutMs} ms waiting for ${target} in ${client.options.auth?.user}'s INBOX`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      }
    },
    async close() {
      await client.logout().catch(() => client.close());
    },
  };
}

/** What the email bot reads from a received message, and how it recognizes mail it must not reply to. */
import { createHash } from 'node:crypto';
import { convert } from 'html-to-text';
import type { AddressObject, ParsedMail } from 'mailparser';
import { baseAddress } from '../../lib/token.ts';

export interface InboundMail {
  /** The Message-ID with angle brackets; a digest of the message when it has none. */
  messageId: string;
  /** The From address, lowercased; undefined when the message has none. */
  from?: string;
  subject: string;
  /** Every address from To, Cc, Delivered-To and X-Original-To, where the reply token travels. */
  recipients: string[];
  text: string;
  /** File names of the attachments, without the inline images an HTML body shows (such as a signature logo). */
  attachments?: string[];
  /** Reason the message counts as automatic (an auto-reply, a bounce, bulk mail); undefined for a person's message. */
  automatic?: string;
}

const ADDRESS_PATTERN = /[^\s<>,;:"'()[\]]+@[^\s<>,;:"'()[\]]+/g;

export function toInboundMail(parsed: ParsedMail, raw: Buffer, botAddress: string): InboundMail {
  const from = parsed.from?.value.find((entry) => entry.address)?.address?.toLowerCase();
  const recipients = [
    ...addressesOf(parsed.to),
    ...addressesOf(parsed.cc),
    ...headerValues(parsed, 'delivered-to').flatMap((value) => value.match(ADDRESS_PATTERN) ?? []),
    ...headerValues(parsed, 'x-original-to').flatMap((value) => value.match(ADDRESS_PATTERN) ?? []),
  ];
  const messageId = parsed.messageId ?? `<sha256.${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@local>`;
  const mail: InboundMail = {
    messageId,
    subject: parsed.subject ?? '',
    recipients: [...new Set(recipients)],
    text: bodyText(parsed),
  };
  if (from) mail.from = from;
  const attachments = parsed.attachments
    .filter((attachment) => !attachment.related)
    .map((attachment) => attachment.filename ?? attachment.contentType);
  if (attachments.length > 0) mail.attachments = attachments;
  const automatic = automaticReason(parsed, from, botAddress);
  if (automatic) mail.automatic = automatic;
  return mail;
}

/** HTML nesting deeper than this is not converted, as mailparser 3.14 limits it, to bound the work per message. */
const MAX_HTML_DEPTH = 100;

/**
 * Returns the plain text of the body. mailparser 3.14 converts HTML to text only when the HTML
 * part is the whole message or sits beside a plain-text part. An HTML-only reply with an inline
 * image (a signature logo, in multipart/related) therefore has no text, so it is converted here.
 */
function bodyText(parsed: ParsedMail): string {
  if (parsed.text?.trim()) return parsed.text;
  if (typeof parsed.html !== 'string' || parsed.html === '') return parsed.text ?? '';
  return convert(parsed.html, {
    limits: { maxDepth: MAX_HTML_DEPTH },
    selectors: [{ selector: 'img', format: 'skip' }],
  });
}

function addressesOf(header: AddressObject | AddressObject[] | undefined): string[] {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const addresses: string[] = [];
  for (const object of objects) {
    for (const entry of object.value) {
      if (entry.address) addresses.push(entry.address);
      for (const member of entry.group ?? []) if (member.address) addresses.push(member.address);
    }
  }
  return addresses;
}

/** Returns the raw values of a header, unfolded, in the order they appear. */
function headerValues(parsed: ParsedMail, name: string): string[] {
  return parsed.headerLines
    .filter((header) => header.key === name)
    .map((header) =>
      header.line
        .slice(header.line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim(),
    );
}

/**
 * Recognizes messages that a reply could turn into a mail loop: the bot's own messages,
 * auto-replies (RFC 3834 `Auto-Submitted`, `Precedence`, `X-Autoreply`), bounces (null
 * Return-Path, delivery reports, MAILER-DAEMON) and list mail.
 */
function automaticReason(parsed: ParsedMail, from: string | undefined, botAddress: string): string | undefined {
  if (from && safeBase(from) === safeBase(botAddress)) return 'sent from the bot address';
  const autoSubmitted = headerValues(parsed, 'auto-submitted')[0];
  if (autoSubmitted && autoSubmitted.split(';')[0]!.trim().toLowerCase() !== 'no') {
    return `Auto-Submitted: ${autoSubmitted}`;
  }
  const precedence = headerValues(parsed, 'precedence')[0]?.toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  if (headerValues(parsed, 'x-autoreply').length > 0 || headerValues(parsed, 'x-autorespond').length > 0) {
    return 'X-Autoreply header';
  }
  if (headerValues(parsed, 'return-path').some((value) => value.replace(/\s/g, '') === '<>')) {
    return 'null Return-Path (a bounce)';
  }
  const contentType = headerValues(parsed, 'content-type')[0]?.toLowerCase() ?? '';
  if (contentType.startsWith('multipart/report')) return 'delivery or read report';
  if (from && /^mailer-daemon@/.test(from)) return 'sent by MAILER-DAEMON';
  if (headerValues(parsed, 'list-id').length > 0) return 'mailing list message';
  return undefined;
}

function safeBase(address: string): string | undefined {
  try {
    return baseAddress(address);
  } catch {
    return undefined;
  }
}

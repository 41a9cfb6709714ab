/**
 * The `sendEmail` activity: renders a notice, signs a reply token into its Reply-To, threads it
 * with the complaint's earlier messages and sends it once per request key.
 */
import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { formatEastern, supportAccessAt } from '../domain/hours.ts';
import type { Logger } from '../lib/log.ts';
import { replyAddress, signReplyToken } from '../lib/token.ts';
import type { EmailRequest, Notice } from './contract.ts';
import { renderEmail } from './email-templates.ts';

export interface NotificationClaim {
  key: string;
  recipient: string;
  kind: Notice['kind'];
  complaintNumber: string;
}

/**
 * The record of sent notifications, so a retried activity sends nothing twice and later messages
 * can reference earlier ones. `prismaNotificationStore` (email-store.ts) keeps it in the database.
 */
export interface NotificationStore {
  /** Records the notification before sending; returns false when an earlier attempt already sent it. */
  claim(claim: NotificationClaim): Promise<boolean>;
  markSent(key: string, messageId: string): Promise<void>;
  /** Message-IDs of the complaint's emails, oldest first. */
  threadMessageIds(complaintNumber: string): Promise<string[]>;
}

/** Time formatting and support hours; tests pass their own. */
export interface NoticeCalendar {
  /** Formats an ISO instant in Eastern Time. */
  formatEastern(iso: string): string;
  /** The instant Full Access resumes when `at` falls in Limited Access; undefined during Full Access. */
  fullAccessResumesAt(at: Date): Date | undefined;
}

/** The agency's support calendar from `domain/hours.ts`. */
export const supportCalendar: NoticeCalendar = {
  formatEastern: (iso) => formatEastern(new Date(iso)),
  fullAccessResumesAt(at) {
    const access = supportAccessAt(at);
    return access.level === 'Limited' ? access.until : undefined;
  },
};

export interface EmailActivityOptions {
  transport: Pick<Transporter, 'sendMail'>;
  botAddress: string;
  tokenSecret: string;
  store: NotificationStore;
  log: Logger;
  calendar?: NoticeCalendar;
  now?: () => Date;
}

/** A message keeps its first reference and the most recent ones, as RFC 5322 suggests for long threads. */
const MAX_REFERENCES = 10;

/** Derives the Message-ID from the request key, so a send retried after a crash reuses it. */
export function messageIdForKey(key: string, botAddress: string): string {
  const domain = botAddress.slice(botAddress.lastIndexOf('@') + 1).toLowerCase();
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 32);
  return `<ses.${digest}@${domain}>`;
}

export function createEmailActivities(options: EmailActivityOptions) {
  const calendar = options.calendar ?? supportCalendar;
  const now = options.now ?? (() => new Date());

  async function sendEmail(request: EmailRequest): Promise<void> {
    const messageId = messageIdForKey(request.key, options.botAddress);
    const log = options.log.child({
      key: request.key,
      complaint: request.complaintNumber,
      notice: request.notice.kind,
      messageId,
    });
    const claimed = await options.store.claim({
      key: request.key,
      recipient: request.to.email.toLowerCase(),
      kind: request.notice.kind,
      complaintNumber: request.complaintNumber,
    });
    if (!claimed) {
      log.info('email already sent for this key; skipped');
      return;
    }

    const thread = (await options.store.threadMessageIds(request.complaintNumber)).filter((id) => id !== messageId);
    const references = thread.length > MAX_REFERENCES ? [thread[0]!, ...thread.slice(-(MAX_REFERENCES - 1))] : thread;
    const sentAt = now();
    const resumes = calendar.fullAccessResumesAt(sentAt);
    const rendered = renderEmail(request.notice, {
      complaintNumber: request.complaintNumber,
      ...(request.to.name ? { recipientName: request.to.name } : {}),
      formatTime: calendar.formatEastern,
      ...(resumes ? { fullAccessResumes: calendar.formatEastern(resumes.toISOString()) } : {}),
    });
    // A company notice sent while no complaint is open has nothing for a reply to act on, so its
    // replies go to the bot's plain address, which replies with the list of commands.
    const replyTo = request.complaintNumber
      ? replyAddress(
          options.botAddress,
          signReplyToken(
            { complaint: request.complaintNumber, ir: request.ir, recipient: request.to.email },
            options.tokenSecret,
          ),
        )
      : options.botAddress;

    await options.transport.sendMail({
      from: options.botAddress,
      to: request.to.name ? { name: request.to.name, address: request.to.email } : request.to.email,
      replyTo,
      subject: rendered.subject,
      text: rendered.text,
      messageId,
      date: sentAt,
      ...(references.length > 0 ? { inReplyTo: references.at(-1), references } : {}),
      headers: {
        // RFC 3834: marks the message as automatic, so well-behaved auto-responders do not reply to it.
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
        'X-Sesflow-Notice': request.notice.kind,
      },
    });
    await options.store.markSent(request.key, messageId);
    log.info({ references: references.length }, 'email sent');
  }

  return { sendEmail };
}

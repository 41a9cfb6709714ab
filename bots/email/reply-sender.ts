import type { Transporter } from 'nodemailer';
import { messageIdForKey } from '../../activities/email.ts';
import type { ReplySender } from './handler.ts';

/**
 * Builds the sender of the bot's replies through `transport`, threaded under the received message.
 * The Message-ID derives from the received message's, so a reply sent again after a crash keeps it.
 */
export function createReplySender(transport: Pick<Transporter, 'sendMail'>, botAddress: string): ReplySender {
  return async (to, inReplyTo, subject, text) => {
    await transport.sendMail({
      from: botAddress,
      to,
      subject,
      text,
      messageId: messageIdForKey(`reply:${inReplyTo}`, botAddress),
      inReplyTo,
      references: [inReplyTo],
      headers: {
        // RFC 3834: an automatic reply, which other auto-responders and this bot do not reply to.
        'Auto-Submitted': 'auto-replied',
        'X-Auto-Response-Suppress': 'All',
      },
    });
  };
}

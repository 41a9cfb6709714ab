/** Reply tokens of received emails: found among the bot addresses a message was sent to, and checked. */
import {
  baseAddress,
  recipientMatches,
  tokenFromAddress,
  verifyReplyToken,
  type VerifiedReplyToken,
} from '../../lib/token.ts';
import type { InboundMail } from './inbound.ts';

interface TokenOptions {
  botAddress: string;
  tokenSecret: string;
}

export type TokenCheck =
  | { kind: 'valid'; token: VerifiedReplyToken }
  | { kind: 'none' }
  /** Tokens were present, but none carries a valid signature. */
  | { kind: 'forged' }
  /** A valid token was present, but it was issued to another address than the sender's. */
  | { kind: 'otherRecipient' };

/**
 * Finds the reply token in the bot addresses a message was sent to. With several tokens (a reply to
 * all of a thread, for example), the one issued to the sender wins.
 */
export function replyTokenOf(mail: InboundMail, options: TokenOptions): TokenCheck {
  const tokens = tokensAddressedToBot(mail.recipients, options.botAddress);
  if (tokens.length === 0) return { kind: 'none' };
  const verified = tokens
    .map((token) => verifyReplyToken(token, options.tokenSecret))
    .filter((token): token is VerifiedReplyToken => token !== null);
  if (verified.length === 0) return { kind: 'forged' };
  // TODO: From is trusted as the receiving mail server delivered it; no SPF, DKIM or DMARC result is checked here.
  const own = mail.from && verified.find((token) => recipientMatches(token, mail.from ?? '', options.tokenSecret));
  return own ? { kind: 'valid', token: own } : { kind: 'otherRecipient' };
}

/**
 * Returns the complaint a message is about, from its first validly signed reply token, or undefined.
 * The email bot keeps the messages of one complaint in order with it.
 */
export function complaintOfMail(mail: InboundMail, options: TokenOptions): string | undefined {
  for (const token of tokensAddressedToBot(mail.recipients, options.botAddress)) {
    const verified = verifyReplyToken(token, options.tokenSecret);
    if (verified) return verified.complaint;
  }
  return undefined;
}

function tokensAddressedToBot(recipients: string[], botAddress: string): string[] {
  const bot = baseAddress(botAddress);
  const tokens: string[] = [];
  for (const address of recipients) {
    try {
      if (baseAddress(address) !== bot) continue;
      const token = tokenFromAddress(address);
      if (token) tokens.push(token);
    } catch {
      // An address without a domain cannot carry a token.
    }
  }
  return tokens;
}

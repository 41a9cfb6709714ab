/**
 * Reply tokens: the signed part of the bot's plus-address Reply-To, naming the complaint, the IR
 * and the recipient. An address's local part contains at most 64 characters and mail servers may
 * lowercase it, so a token uses lowercase letters and digits only:
 * `c1042i1r<8 hex>s<16 hex>` is complaint C-1042, IR-1, an 8-hex HMAC of the recipient's address
 * and a 16-hex HMAC-SHA256 signature of everything before the `s`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';

export interface ReplyTokenClaims {
  /** Complaint number, such as `C-1042`. */
  complaint: string;
  ir?: number;
  recipient: string;
}

export interface VerifiedReplyToken {
  complaint: string;
  ir?: number;
  /** HMAC of the recipient's lowercased address; compare it with `recipientMatches`. */
  recipientHash: string;
}

const MAX_LOCAL_PART = 64;
const TOKEN_PATTERN = /^c(\d{1,12})(?:i(\d{1,6}))?r([0-9a-f]{8})s([0-9a-f]{16})$/;

function hmacHex(secret: string, purpose: string, value: string, length: number): string {
  return createHmac('sha256', secret).update(`${purpose}:${value}`).digest('hex').slice(0, length);
}

function recipientHash(email: string, secret: string): string {
  return hmacHex(secret, 'recipient', email.trim().toLowerCase(), 8);
}

export function signReplyToken(claims: ReplyTokenClaims, secret: string): string {
  const match = /^C-(\d{1,12})$/i.exec(claims.complaint);
  if (!match) throw new Error(`invalid complaint number "${claims.complaint}": expected C-<digits>`);
  if (claims.ir !== undefined && !(Number.isInteger(claims.ir) && claims.ir > 0 && claims.ir < 1_000_000)) {
    throw new Error(`invalid IR number ${claims.ir}: expected a positive integer`);
  }
  const irPart = claims.ir === undefined ? '' : `i${claims.ir}`;
  const payload = `c${match[1]}${irPart}r${recipientHash(claims.recipient, secret)}`;
  return `${payload}s${hmacHex(secret, 'token', payload, 16)}`;
}

/** Returns the token's claims when its signature is valid, otherwise null. Letter case is ignored. */
export function verifyReplyToken(token: string, secret: string): VerifiedReplyToken | null {
  const normalized = token.trim().toLowerCase();
  const match = TOKEN_PATTERN.exec(normalized);
  if (!match) return null;
  const [, complaintDigits, irDigits, hash, signature] = match;
  if (!complaintDigits || !hash || !signature) return null;
  const payload = normalized.slice(0, normalized.length - signature.length - 1);
  const expected = Buffer.from(hmacHex(secret, 'token', payload, 16));
  if (!timingSafeEqual(expected, Buffer.from(signature))) return null;
  return {
    complaint: `C-${complaintDigits}`,
    ...(irDigits === undefined ? {} : { ir: Number(irDigits) }),
    recipientHash: hash,
  };
}

/** Checks whether `email` is the address the token was issued to, ignoring letter case. */
export function recipientMatches(verified: VerifiedReplyToken, email: string, secret: string): boolean {
  const actual = Buffer.from(recipientHash(email, secret));
  return timingSafeEqual(actual, Buffer.from(verified.recipientHash));
}

/** Builds `local+token@domain` from the bot's address. */
export function replyAddress(botAddress: string, token: string): string {
  const { local, domain } = splitAddress(botAddress);
  const base = local.split('+')[0] ?? local;
  const localPart = `${base}+${token}`;
  if (localPart.length > MAX_LOCAL_PART) {
    throw new Error(`reply address local part "${localPart}" exceeds ${MAX_LOCAL_PART} characters`);
  }
  return `${localPart}@${domain}`;
}

/** Returns the part after the first `+` of an address's local part, or null when there is none. */
export function tokenFromAddress(address: string): string | null {
  const { local } = splitAddress(address);
  const plus = local.indexOf('+');
  if (plus < 0 || plus === local.length - 1) return null;
  return local.slice(plus + 1);
}

/** Returns an address's local part without its `+` detail, lowercased, with the lowercased domain. */
export function baseAddress(address: string): string {
  const { local, domain } = splitAddress(address);
  return `${local.split('+')[0]}@${domain}`.toLowerCase();
}

function splitAddress(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) throw new Error(`invalid email address "${address}"`);
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/**
 * Returns `SES_TOKEN_SECRET`, or the secret in `<dataDir>/token-secret`, creating that file (mode
 * 600) with a random secret on first use. Every process that signs or verifies tokens must see
 * the same secret, so a deployment with several hosts sets the variable.
 */
export function loadTokenSecret(config: Pick<Config, 'SES_TOKEN_SECRET'>, dataDir: string): string {
  if (config.SES_TOKEN_SECRET) return config.SES_TOKEN_SECRET;
  const file = path.join(dataDir, 'token-secret');
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) {
    // Written aside and linked into place, so a process starting at the same time never reads a half-written file.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (!secret) throw new Error(`the token secret file ${file} is empty: delete it or set SES_TOKEN_SECRET`);
  return secret;
}

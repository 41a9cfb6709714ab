/**
 * Parsers for the values `/ses` takes, shared by the slash command parser and the modal forms.
 * Each returns the typed value or throws `FieldError` with a message that names the value and
 * the expected form.
 */
import { MAX_DUE_BUSINESS_DAYS } from '../../domain/hours.ts';
import { CLOSE_REASONS, type CloseReason, type Contact, type DueSpec } from '../../domain/types.ts';

export class FieldError extends Error {
  override name = 'FieldError';
}

export type ExportStatus = 'open' | 'closed' | 'all';

/**
 * Undoes Slack's formatting of slash command text: `<mailto:a@b|a@b>` and `<http://x|label>` links
 * become their label, `&lt;`, `&gt;` and `&amp;` become `<`, `>` and `&`, and typographic quotes
 * that Slack clients insert become plain double quotes.
 */
export function normalizeSlackText(text: string): string {
  return text
    .replace(/<(?:mailto:|https?:\/\/)[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<mailto:([^>]*)>/g, '$1')
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Parses `C-1042` in any case and returns it as `C-1042`. */
export function parseComplaintNumber(value: string): string {
  const match = /^c-(\d{1,9})$/i.exec(value.trim());
  if (!match) throw new FieldError(`"${value}" is not a complaint number; write it like C-1042.`);
  return `C-${match[1]}`;
}

/** Parses `IR-1` (or `ir1`) and returns the IR's number within its complaint. */
export function parseIrNumber(value: string): number {
  const match = /^ir-?(\d{1,4})$/i.exec(value.trim());
  const number = match ? Number(match[1]) : 0;
  if (number < 1) throw new FieldError(`"${value}" is not an information request number; write it like IR-1.`);
  return number;
}

/** Parses a due date as a calendar date (`2027-01-15`, Eastern Time) or a count of business days (`10`). */
export function parseDue(value: string): DueSpec {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return { kind: 'businessDays', days: parseBusinessDays(trimmed, 'due') };
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  if (!match) {
    throw new FieldError(
      `due "${value}" is invalid; give a date like 2027-01-15 or a number of business days like 10.`,
    );
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new FieldError(`due "${value}" is not a calendar date; give a date like 2027-01-15.`);
  }
  return { kind: 'date', date: trimmed };
}

/** Parses a whole number of business days from 1 to `max`; `field` names it in the error. */
export function parseBusinessDays(value: string, field: string, max: number = MAX_DUE_BUSINESS_DAYS): number {
  const trimmed = value.trim();
  const days = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!(days >= 1 && days <= max)) {
    throw new FieldError(`${field} "${value}" is invalid; give a whole number of business days from 1 to ${max}.`);
  }
  return days;
}

/** Parses an amount of money (`250`, `250.5`, `$1,250.00`) and returns it with two decimals (`250.00`). */
export function parseAmount(value: string): string {
  const match = /^\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) throw new FieldError(`amount "${value}" is invalid; give dollars like 250.00.`);
  const dollars = String(Number((match[1] ?? '').replace(/,/g, '')));
  const cents = (match[2] ?? '').padEnd(2, '0');
  return `${dollars}.${cents}`;
}

export function parseVisible(value: string): boolean {
  const lowered = value.trim().toLowerCase();
  if (lowered === 'yes') return true;
  if (lowered === 'no') return false;
  throw new FieldError(`visible "${value}" is invalid; write visible=yes or visible=no.`);
}

export function parseCloseReason(value: string): CloseReason {
  const lowered = value.trim().toLowerCase();
  const reason = CLOSE_REASONS.find((candidate) => candidate === lowered);
  if (!reason) throw new FieldError(`reason "${value}" is invalid; use one of ${CLOSE_REASONS.join(', ')}.`);
  return reason;
}

export function parseExportStatus(value: string): ExportStatus {
  const lowered = value.trim().toLowerCase();
  if (lowered === 'open' || lowered === 'closed' || lowered === 'all') return lowered;
  throw new FieldError(`status "${value}" is invalid; use open, closed or all.`);
}

const EMAIL = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]+$/;

/** Parses an email address and returns it in lower case. */
export function parseEmail(value: string): string {
  const trimmed = value.trim();
  if (!EMAIL.test(trimmed)) throw new FieldError(`"${value}" is not an email address; write it like jane@acme.test.`);
  return trimmed.toLowerCase();
}

/** Parses `Jane Roe <jane@acme.test>` or a bare `jane@acme.test`. */
export function parseContact(value: string): Contact {
  const trimmed = value.trim();
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(trimmed);
  if (!named) return { email: parseEmail(trimmed) };
  const email = parseEmail(named[2] ?? '');
  const name = (named[1] ?? '').replace(/^"(.*)"$/, '$1').trim();
  return name ? { email, name } : { email };
}

/** Returns the trimmed value, or throws naming `field` when it is empty. */
export function requireText(value: string | undefined, field: string): string {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) throw new FieldError(`${field} is missing.`);
  return trimmed;
}

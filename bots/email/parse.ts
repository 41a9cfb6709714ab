/**
 * Turns the text of a reply into a command: strips the quoted original and the signature, then
 * reads a command from the first non-empty line. Text that starts with no command is a draft.
 */
import EmailReplyParser from 'email-reply-parser';
import { MAX_EXTENSION_DAYS } from '../../workflows/complaint-rules.ts';

export type EmailCommand =
  | { name: 'accept' }
  | { name: 'poc'; email: string }
  | { name: 'helper'; email: string }
  /** DRAFT, RESTRICTED, or a reply that starts with no command. */
  | { name: 'draft'; text: string; restricted: boolean }
  | { name: 'submit'; text?: string }
  | { name: 'extend'; days: number; reason: string }
  | { name: 'user'; email: string; userName?: string }
  | { name: 'status' }
  | { name: 'help' }
  /** A command word with arguments that do not fit; `message` states what is expected. */
  | { name: 'invalid'; command: string; message: string };

export type CommandName = Exclude<EmailCommand['name'], 'invalid'>;

const EMAIL_PATTERN = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** Quote headers that email-reply-parser may miss: a wrapped "On ... wrote:" and forwarded-message markers. */
const QUOTE_HEADER_PATTERNS = [
  /^On\s.*wrote:\s*$/i,
  /^-{2,}\s*(Original|Forwarded) Message\s*-{2,}\s*$/i,
  /^Begin forwarded message:\s*$/i,
];

/** First and second lines of the header block Outlook puts above the quoted original, in English, German and French. */
const OUTLOOK_FROM = /^\*?(From|Von|De)\s*:\*?\s/i;
const OUTLOOK_SENT = /^\*?(Sent|Date|Gesendet|Envoyé)\s*:\*?\s/i;

/** An empty line, or a line of dashes, underscores or equals signs as mail clients draw above the quoted original. */
const SEPARATOR_LINE = /^[\s\-_=*]*$/;

/** Characters that do not show but break the reading of a command word. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/** Returns the text the sender wrote: above the quoted original, without `>` lines and the signature. */
export function visibleReplyText(text: string): string {
  const normalized = text.replace(/\r\n?/g, '\n');
  const visible = new EmailReplyParser().read(normalized).getVisibleText();
  const kept: string[] = [];
  const lines = visible.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const joined = `${line} ${lines[index + 1] ?? ''}`.trim();
    if (QUOTE_HEADER_PATTERNS.some((pattern) => pattern.test(line))) break;
    // Clients wrap a long "On <date>, <name> <address>" line before "wrote:".
    if (/^On\s/i.test(line) && /^On\s.*\swrote:\s*$/i.test(joined)) break;
    if (isOutlookHeader(lines, index)) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line.trimEnd());
  }
  // Text made from HTML keeps the rule drawn above the quoted original as a line of dashes.
  while (kept.length > 0 && SEPARATOR_LINE.test(kept[kept.length - 1] ?? '')) kept.pop();
  return kept.join('\n').trim();
}

/** Recognizes Outlook's "From: ... / Sent: ..." block, which has no "wrote:" line and may follow no separator. */
function isOutlookHeader(lines: string[], index: number): boolean {
  if (!OUTLOOK_FROM.test(lines[index] ?? '')) return false;
  const next = lines.slice(index + 1, index + 4).filter((line) => line.trim() !== '');
  return next.some((line) => OUTLOOK_SENT.test(line));
}

/** Removes the `<mailto:...>` or `[mailto:...]` that clients append to addresses in text made from HTML. */
function withoutMailtoLinks(line: string): string {
  return line.replace(/\s*[<[]mailto:[^>\]]*[>\]]/gi, '');
}

/** Accepts `jane@acme.test`, `<jane@acme.test>` and `mailto:jane@acme.test`; returns the address lowercased. */
export function parseEmailArgument(value: string | undefined): string | undefined {
  const address = (value ?? '')
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^<(.*)>$/, '$1');
  return EMAIL_PATTERN.test(address) ? address.toLowerCase() : undefined;
}

/** Commands written alone on the first line, with the body (if any) below. */
const BARE_COMMANDS = new Set(['ACCEPT', 'STATUS', 'HELP', 'DRAFT', 'RESTRICTED', 'SUBMIT']);
/** Commands that take their arguments on the first line. */
const ARGUMENT_COMMANDS = new Set(['POC', 'HELPER', 'USER', 'EXTEND']);

interface FirstLine {
  /** The command word in capitals, without the `*`, `_` and punctuation people put around it. */
  command: string;
  /** True when the sender typed the word in capitals, as the help text shows commands. */
  capitals: boolean;
  args: string[];
  /** The text below the first line. */
  rest: string;
}

function readFirstLine(visibleText: string): FirstLine | undefined {
  const lines = visibleText.replace(INVISIBLE, '').split('\n');
  const firstIndex = lines.findIndex((line) => line.trim() !== '');
  if (firstIndex < 0) return undefined;
  const first = withoutMailtoLinks((lines[firstIndex] ?? '').trim());
  const rest = lines
    .slice(firstIndex + 1)
    .join('\n')
    .trim();
  const [typed = '', ...args] = first.split(/\s+/);
  const word = typed.replace(/^[*_]+/, '').replace(/[*_.!:,;?]+$/, '');
  const command = word.toUpperCase();
  return { command, capitals: word === command && /[A-Z]/.test(word), args, rest };
}

/** Reads the command of a reply's visible text (see `visibleReplyText`). */
export function parseCommand(visibleText: string): EmailCommand {
  const line = readFirstLine(visibleText);
  if (!line) return { name: 'draft', text: '', restricted: false };
  const { command, capitals, args } = line;

  if (BARE_COMMANDS.has(command)) {
    if (args.length === 0) return bareCommand(line);
    // "SUBMIT now" is a command with stray words; "Submit the form by Friday" is prose.
    if (capitals)
      return invalid(command, `${command} goes alone on the first line; write any text on the lines below it.`);
    return draft(visibleText);
  }
  if (!ARGUMENT_COMMANDS.has(command)) return draft(visibleText);

  const parsed = argumentCommand(line);
  if (parsed.name !== 'invalid') return parsed;
  // Commands with arguments are recognized only when they look like commands, so a response that
  // starts with "User accounts ..." or "Extend the ..." is still saved as a draft. POC is also an
  // abbreviation people write in capitals in prose, so capitals alone do not make it a command.
  const looksLikeCommand =
    args.length === 0 ||
    (capitals && command !== 'POC') ||
    (command === 'EXTEND' ? /^\d/.test(args[0] ?? '') : args.join(' ').includes('@'));
  return looksLikeCommand ? parsed : draft(visibleText);
}

/**
 * Reads the first word as a command even when other words follow it on the line, as in
 * "Accept, thank you" or "POC paul". It serves replies to messages about no information request,
 * where the text cannot be a draft. Returns undefined when the first word is no such command.
 */
export function parseCommandLoosely(visibleText: string): EmailCommand | undefined {
  const line = readFirstLine(visibleText);
  if (!line) return undefined;
  if (ARGUMENT_COMMANDS.has(line.command)) return argumentCommand(line);
  if (line.command === 'ACCEPT' || line.command === 'STATUS' || line.command === 'HELP') return bareCommand(line);
  return undefined;
}

function bareCommand(line: FirstLine): EmailCommand {
  switch (line.command) {
    case 'ACCEPT':
      return { name: 'accept' };
    case 'STATUS':
      return { name: 'status' };
    case 'HELP':
      return { name: 'help' };
    case 'DRAFT':
      return { name: 'draft', text: line.rest, restricted: false };
    case 'RESTRICTED':
      return { name: 'draft', text: line.rest, restricted: true };
    default:
      return line.rest ? { name: 'submit', text: line.rest } : { name: 'submit' };
  }
}

/** Parses POC, HELPER, USER and EXTEND with their arguments, or returns what is wrong with them. */
function argumentCommand(line: FirstLine): EmailCommand {
  const { command, args, rest } = line;
  if (command === 'POC' || command === 'HELPER') {
    const name = command === 'POC' ? 'poc' : 'helper';
    const email = parseEmailArgument(args[0]);
    if (!email || args.length > 1) {
      return invalid(command, `${command} takes one email address, for example ${command} jane@example.com.`);
    }
    return { name, email };
  }
  if (command === 'USER') {
    if (args.length === 0) return invalid(command, 'USER needs an email address and an optional name.');
    const email = parseEmailArgument(args[0]);
    if (!email) {
      return invalid(command, `"${args[0]}" is not a valid email address. Write USER jane@example.com Jane Roe.`);
    }
    const userName = args.slice(1).join(' ').trim();
    return userName ? { name: 'user', email, userName } : { name: 'user', email };
  }

  const usage = 'for example EXTEND 5 records are archived.';
  if (args.length === 0) return invalid(command, `EXTEND needs a number of business days and a reason, ${usage}`);
  const match = /^(\d+)(?:\s+(?:business\s+)?days?\b)?[\s:,-]*(.*)$/is.exec(args.join(' '));
  if (!match) return invalid(command, `EXTEND needs the number of business days in digits first, ${usage}`);
  const days = Number(match[1]);
  if (days < 1 || days > MAX_EXTENSION_DAYS) {
    return invalid(command, `EXTEND takes 1 to ${MAX_EXTENSION_DAYS} business days, not ${match[1]}.`);
  }
  const reason = [match[2]?.trim(), rest].filter(Boolean).join('\n');
  if (!reason) return invalid(command, `EXTEND needs a reason after the number of days, ${usage}`);
  return { name: 'extend', days, reason };
}

function draft(text: string): EmailCommand {
  return { name: 'draft', text: text.trim(), restricted: false };
}

function invalid(command: string, message: string): EmailCommand {
  return { name: 'invalid', command, message };
}

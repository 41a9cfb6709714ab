/**
 * Turns the text of a reply into a command: strips the quoted original and the signature, then
 * reads a command from the first non-empty line. Text that starts with no command is a draft.
 */
import EmailReplyParser from 'email-reply-parser';

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
    if (/^\s*>/.test(line)) continue;
    kept.push(line.trimEnd());
  }
  return kept.join('\n').trim();
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

/** Reads the command of a reply's visible text (see `visibleReplyText`). */
export function parseCommand(visibleText: string): EmailCommand {
  const lines = visibleText.split('\n');
  const firstIndex = lines.findIndex((line) => line.trim() !== '');
  if (firstIndex < 0) return { name: 'draft', text: '', restricted: false };
  const first = withoutMailtoLinks(lines[firstIndex]!.trim());
  const rest = lines
    .slice(firstIndex + 1)
    .join('\n')
    .trim();
  const [word = '', ...args] = first.split(/\s+/);
  const command = word.toUpperCase();
  // A bare command word may end with a period or exclamation mark, as people type them.
  const alone = args.length === 0 ? command.replace(/[.!]+$/, '') : undefined;

  switch (alone) {
    case 'ACCEPT':
      return { name: 'accept' };
    case 'STATUS':
      return { name: 'status' };
    case 'HELP':
      return { name: 'help' };
    case 'DRAFT':
      return { name: 'draft', text: rest, restricted: false };
    case 'RESTRICTED':
      return { name: 'draft', text: rest, restricted: true };
    case 'SUBMIT':
      return rest ? { name: 'submit', text: rest } : { name: 'submit' };
  }

  // Commands with arguments are recognized only when the arguments look like them, so a response
  // that starts with "User accounts ..." or "Extend the ..." is still saved as a draft.
  if (command === 'POC' || command === 'HELPER') {
    const name = command === 'POC' ? 'poc' : 'helper';
    if (args.length === 0)
      return invalid(command, `${command} needs an email address, for example ${command} jane@example.com.`);
    if (!first.includes('@')) return draft(visibleText);
    const email = parseEmailArgument(args[0]);
    if (!email || args.length > 1) {
      return invalid(command, `${command} takes one email address, for example ${command} jane@example.com.`);
    }
    return { name, email };
  }
  if (command === 'USER') {
    if (args.length === 0) return invalid(command, 'USER needs an email address and an optional name.');
    if (!first.includes('@')) return draft(visibleText);
    const email = parseEmailArgument(args[0]);
    if (!email)
      return invalid(command, `"${args[0]}" is not a valid email address. Write USER jane@example.com Jane Roe.`);
    const userName = args.slice(1).join(' ').trim();
    return userName ? { name: 'user', email, userName } : { name: 'user', email };
  }
  if (command === 'EXTEND') {
    if (args.length === 0) return invalid(command, 'EXTEND needs a number of business days and a reason.');
    const match = /^(\d+)(?:\s+(?:business\s+)?days?\b)?[\s:,-]*(.*)$/is.exec(args.join(' '));
    if (!match) return draft(visibleText);
    const days = Number(match[1]);
    const reason = [match[2]?.trim(), rest].filter(Boolean).join('\n');
    if (days < 1 || days > 365) return invalid(command, `EXTEND takes 1 to 365 business days, not ${match[1]}.`);
    if (!reason)
      return invalid(
        command,
        'EXTEND needs a reason after the number of days, for example EXTEND 5 records are archived.',
      );
    return { name: 'extend', days, reason };
  }
  return draft(visibleText);
}

function draft(text: string): EmailCommand {
  return { name: 'draft', text: text.trim(), restricted: false };
}

function invalid(command: string, message: string): EmailCommand {
  return { name: 'invalid', command, message };
}

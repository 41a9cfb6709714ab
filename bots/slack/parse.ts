/**
 * Parses the text of a `/ses` slash command. After the subcommand come `key=value` options
 * (values may be double-quoted, with `\"` inside) and positional words in the subcommand's order,
 * then free text, which runs to the end unparsed.
 */
import type { CloseReason, Contact, DueSpec } from '../../domain/types.ts';
import { MAX_EXTENSION_DAYS } from '../../workflows/complaint-rules.ts';
import { COMMANDS, isCommandName, type CommandName } from './commands.ts';
import {
  FieldError,
  normalizeSlackText,
  parseAmount,
  parseBusinessDays,
  parseCloseReason,
  parseComplaintNumber,
  parseContact,
  parseDue,
  parseEmail,
  parseExportStatus,
  parseIrNumber,
  parseVisible,
  requireText,
  type ExportStatus,
} from './fields.ts';

/** The subcommands that open a modal form when typed without arguments. */
export type FormName = 'new' | 'ir' | 'sendback' | 'close';

export type SesCommand =
  | { name: 'help'; topic?: CommandName }
  | { name: 'form'; form: FormName }
  | { name: 'new'; companyName: string; contact: Contact; summary: string; consumerReference?: string }
  | { name: 'ir'; complaint: string; due: DueSpec; question: string }
  | { name: 'sendback'; complaint: string; ir: number; due: DueSpec; note: string }
  | { name: 'close'; complaint: string; reason: CloseReason; amount?: string; visibleToCompany: boolean; note: string }
  | { name: 'status'; complaint: string }
  | { name: 'list' }
  | { name: 'hours' }
  | { name: 'assign-poc'; complaint: string; email: string }
  | { name: 'assign-helper'; complaint: string; email: string }
  | { name: 'draft'; complaint: string; ir: number; restricted: boolean; text: string }
  | { name: 'submit'; complaint: string; ir: number }
  | { name: 'extend'; complaint: string; ir: number; days: number; reason: string }
  | { name: 'extension'; complaint: string; ir: number; approve: boolean; due?: DueSpec; reason?: string }
  | { name: 'add-user'; email: string; userName?: string }
  | { name: 'export'; status: ExportStatus };

/** Invalid `/ses` input: the message names the problem, `usage` is the subcommand's usage line. */
export class CommandSyntaxError extends Error {
  override name = 'CommandSyntaxError';
  constructor(
    message: string,
    readonly command: CommandName | undefined,
    readonly usage: string,
  ) {
    super(message);
  }
}

interface Token {
  kind: 'option' | 'word';
  key: string;
  value: string;
  start: number;
}

interface Slot {
  name: string;
  /** Description of the value, used in the error when a required slot is absent. */
  label: string;
  optional?: boolean;
  /** Throws `FieldError` when the word does not fit the slot. */
  check(word: string): void;
}

interface Grammar {
  slots: Slot[];
  options: string[];
  text: 'required' | 'optional' | 'none';
}

const complaintSlot: Slot = {
  name: 'complaint',
  label: 'the complaint number (like C-1042)',
  check: parseComplaintNumber,
};
const irSlot: Slot = { name: 'ir', label: 'the information request number (like IR-1)', check: parseIrNumber };
const emailSlot: Slot = { name: 'email', label: 'the email address', check: parseEmail };
const restrictedSlot: Slot = {
  name: 'restricted',
  label: 'restricted',
  optional: true,
  check: (word) => {
    if (word.toLowerCase() !== 'restricted') throw new FieldError(`"${word}" is not "restricted".`);
  },
};
const decisionSlot: Slot = {
  name: 'decision',
  label: 'the decision (approve or deny)',
  check: (word) => {
    const lowered = word.toLowerCase();
    if (lowered !== 'approve' && lowered !== 'deny')
      throw new FieldError(`"${word}" is not a decision; write approve or deny.`);
  },
};
const topicSlot: Slot = {
  name: 'topic',
  label: 'the command',
  optional: true,
  check: (word) => {
    if (!isCommandName(word.toLowerCase())) throw new FieldError(`"${word}" is not a /ses command.`);
  },
};

const GRAMMARS: Record<CommandName, Grammar> = {
  help: { slots: [topicSlot], options: [], text: 'optional' },
  new: { slots: [], options: ['company', 'contact', 'ref'], text: 'required' },
  ir: { slots: [complaintSlot], options: ['due'], text: 'required' },
  sendback: { slots: [complaintSlot, irSlot], options: ['due'], text: 'required' },
  close: { slots: [complaintSlot], options: ['reason', 'amount', 'visible'], text: 'optional' },
  status: { slots: [complaintSlot], options: [], text: 'none' },
  list: { slots: [], options: [], text: 'none' },
  hours: { slots: [], options: [], text: 'none' },
  'assign-poc': { slots: [complaintSlot, emailSlot], options: [], text: 'none' },
  'assign-helper': { slots: [complaintSlot, emailSlot], options: [], text: 'none' },
  draft: { slots: [complaintSlot, irSlot, restrictedSlot], options: [], text: 'required' },
  submit: { slots: [complaintSlot, irSlot], options: [], text: 'none' },
  extend: { slots: [complaintSlot, irSlot], options: ['days'], text: 'required' },
  extension: { slots: [complaintSlot, irSlot, decisionSlot], options: ['due'], text: 'optional' },
  'add-user': { slots: [emailSlot], options: [], text: 'optional' },
  export: { slots: [], options: ['status'], text: 'none' },
};

const FORMS: readonly CommandName[] = ['new', 'ir', 'sendback', 'close'];

/** Parses `/ses` text; throws `CommandSyntaxError` naming the problem and the usage line. */
export function parseSesCommand(rawText: string): SesCommand {
  const text = normalizeSlackText(rawText);
  const scanner = new Scanner(text);
  const first = scanner.next();
  if (!first) return { name: 'help' };

  const name = first.kind === 'word' ? first.value.toLowerCase() : '';
  if (!isCommandName(name)) {
    const word = text.slice(first.start).split(/\s/)[0];
    throw new CommandSyntaxError(`"${word}" is not a /ses command.`, undefined, COMMANDS.help.usage);
  }
  if (FORMS.includes(name) && scanner.atEnd()) return { name: 'form', form: name as FormName };

  try {
    return build(name, match(GRAMMARS[name], scanner, text));
  } catch (error) {
    if (error instanceof FieldError) throw new CommandSyntaxError(error.message, name, COMMANDS[name].usage);
    throw error;
  }
}

class Parsed {
  constructor(
    readonly slots: Map<string, string>,
    readonly options: Map<string, string>,
    readonly text: string,
  ) {}

  slot(name: string): string {
    return this.slots.get(name) ?? '';
  }

  requireOption(key: string, hint: string): string {
    const value = this.options.get(key);
    if (value === undefined) throw new FieldError(`${key}= is missing; give ${hint}.`);
    return value;
  }
}

/** Assigns the leading tokens to the grammar's options and slots; the first word that fits no slot starts the text. */
function match(grammar: Grammar, scanner: Scanner, text: string): Parsed {
  const slots = new Map<string, string>();
  const options = new Map<string, string>();
  let slotIndex = 0;
  let freeText = '';

  for (let token = scanner.next(); token; token = scanner.next()) {
    if (token.kind === 'option') {
      if (!grammar.options.includes(token.key)) {
        const known = grammar.options.length ? `; it takes ${grammar.options.map((key) => `${key}=`).join(', ')}` : '';
        throw new FieldError(`unknown option ${token.key}=${known}.`);
      }
      if (options.has(token.key)) throw new FieldError(`${token.key}= is given twice.`);
      options.set(token.key, token.value);
      continue;
    }

    let placed = false;
    while (!placed && slotIndex < grammar.slots.length) {
      const slot = grammar.slots[slotIndex] as Slot;
      try {
        slot.check(token.value);
        slots.set(slot.name, token.value);
        placed = true;
      } catch (error) {
        if (!(error instanceof FieldError) || !slot.optional) throw error;
      }
      slotIndex += 1;
    }
    if (!placed) {
      freeText = text.slice(token.start).trim();
      break;
    }
  }

  if (freeText) checkNoOptionInText(grammar, options, freeText);
  const missing = grammar.slots.find((slot) => !slot.optional && !slots.has(slot.name));
  if (missing) throw new FieldError(`${missing.label} is missing.`);
  if (freeText && grammar.text === 'none') {
    throw new FieldError(`unexpected text "${freeText.length > 40 ? `${freeText.slice(0, 40)}...` : freeText}".`);
  }
  return new Parsed(slots, options, freeText);
}

/**
 * Rejects free text that contains one of the command's options not given before it, as in
 * `company=Acme Lending contact=...`: the unquoted "Lending" started the text, so `contact=` was read as
 * text. Without this check the reply would say that contact= is missing.
 */
function checkNoOptionInText(grammar: Grammar, options: Map<string, string>, freeText: string): void {
  for (const match of freeText.matchAll(/(?:^|\s)([a-z][a-z-]*)=/gi)) {
    const key = (match[1] ?? '').toLowerCase();
    if (!grammar.options.includes(key) || options.has(key)) continue;
    const word = freeText.split(/\s/)[0] ?? '';
    const start = word.length > 40 ? `${word.slice(0, 40)}...` : word;
    throw new FieldError(
      `${key}= comes after the text, which starts at "${start}", so it was not read as an option. ` +
        'Put options before the text, and quote values that contain spaces, like company="Acme Lending".',
    );
  }
}

function build(name: CommandName, parsed: Parsed): SesCommand {
  const complaint = () => parseComplaintNumber(parsed.slot('complaint'));
  const ir = () => parseIrNumber(parsed.slot('ir'));
  const dueHint = 'a date like 2027-01-15 or a number of business days like 10';

  switch (name) {
    case 'help': {
      if (parsed.text) throw new FieldError(`"${parsed.text.split(/\s/)[0]}" is not a /ses command.`);
      const topic = parsed.slot('topic').toLowerCase();
      return isCommandName(topic) ? { name, topic } : { name };
    }
    case 'new': {
      const consumerReference = parsed.options.get('ref')?.trim();
      return {
        name,
        companyName: requireText(
          parsed.requireOption('company', 'the company name, like company="Acme Lending"'),
          'company',
        ),
        contact: parseContact(
          parsed.requireOption('contact', 'the first user, like contact="Jane Roe <jane@acme.test>"'),
        ),
        summary: requireText(parsed.text, 'the summary of the complaint'),
        ...(consumerReference ? { consumerReference } : {}),
      };
    }
    case 'ir':
      return {
        name,
        complaint: complaint(),
        due: parseDue(parsed.requireOption('due', dueHint)),
        question: requireText(parsed.text, 'the question'),
      };
    case 'sendback':
      return {
        name,
        complaint: complaint(),
        ir: ir(),
        due: parseDue(parsed.requireOption('due', dueHint)),
        note: requireText(parsed.text, 'what the company should update'),
      };
    case 'close': {
      const amount = parsed.options.get('amount');
      const visible = parsed.options.get('visible');
      return {
        name,
        complaint: complaint(),
        reason: parseCloseReason(parsed.requireOption('reason', 'the closing reason, like reason=explanation')),
        ...(amount === undefined ? {} : { amount: parseAmount(amount) }),
        visibleToCompany: visible === undefined ? false : parseVisible(visible),
        note: parsed.text,
      };
    }
    case 'status':
      return { name, complaint: complaint() };
    case 'list':
    case 'hours':
      return { name };
    case 'assign-poc':
    case 'assign-helper':
      return { name, complaint: complaint(), email: parseEmail(parsed.slot('email')) };
    case 'draft':
      return {
        name,
        complaint: complaint(),
        ir: ir(),
        restricted: parsed.slots.has('restricted'),
        text: requireText(parsed.text, 'the draft text'),
      };
    case 'submit':
      return { name, complaint: complaint(), ir: ir() };
    case 'extend':
      return {
        name,
        complaint: complaint(),
        ir: ir(),
        days: parseBusinessDays(
          parsed.requireOption('days', 'the number of business days, like days=5'),
          'days',
          MAX_EXTENSION_DAYS,
        ),
        reason: requireText(parsed.text, 'the reason for the extension'),
      };
    case 'extension':
      return buildExtension(parsed, complaint(), ir());
    case 'add-user': {
      const userName = parsed.text.replace(/^"(.*)"$/, '$1').trim();
      return { name, email: parseEmail(parsed.slot('email')), ...(userName ? { userName } : {}) };
    }
    case 'export': {
      const status = parsed.options.get('status');
      return { name, status: status === undefined ? 'open' : parseExportStatus(status) };
    }
  }
}

function buildExtension(parsed: Parsed, complaint: string, ir: number): SesCommand {
  const approve = parsed.slot('decision').toLowerCase() === 'approve';
  const due = parsed.options.get('due');
  if (!approve && due !== undefined) throw new FieldError('due= applies only when approving.');
  const reason = approve ? parsed.text : requireText(parsed.text, 'the reason for denying');
  return {
    name: 'extension',
    complaint,
    ir,
    approve,
    ...(due === undefined ? {} : { due: parseDue(due) }),
    ...(reason ? { reason } : {}),
  };
}

/** Splits the text into words and `key=value` options on demand, remembering where each starts. */
class Scanner {
  private position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.text.slice(this.position).trim() === '';
  }

  next(): Token | undefined {
    const text = this.text;
    while (this.position < text.length && /\s/.test(text[this.position] ?? '')) this.position += 1;
    if (this.position >= text.length) return undefined;

    const start = this.position;
    const option = /^([a-z][a-z-]*)=/i.exec(text.slice(start));
    if (!option) {
      const value = this.readWord();
      return { kind: 'word', key: '', value, start };
    }
    const key = (option[1] ?? '').toLowerCase();
    this.position += option[0].length;
    const value = text[this.position] === '"' ? this.readQuoted(key) : this.readWord();
    return { kind: 'option', key, value, start };
  }

  private readWord(): string {
    const start = this.position;
    while (this.position < this.text.length && !/\s/.test(this.text[this.position] ?? '')) this.position += 1;
    return this.text.slice(start, this.position);
  }

  /** Reads a double-quoted value in which `\"` stands for a quote and `\\` for a backslash. */
  private readQuoted(key: string): string {
    let value = '';
    for (let index = this.position + 1; index < this.text.length; index += 1) {
      const char = this.text[index];
      if (char === '\\' && (this.text[index + 1] === '"' || this.text[index + 1] === '\\')) {
        value += this.text[index + 1];
        index += 1;
      } else if (char === '"') {
        this.position = index + 1;
        return value;
      } else {
        value += char;
      }
    }
    throw new FieldError(`the value of ${key}= has no closing quote.`);
  }
}

import { describe, expect, it } from 'vitest';
import { parseCommand, parseCommandLoosely, parseEmailArgument, visibleReplyText } from '../../../bots/email/parse.ts';
import { MAX_EXTENSION_DAYS } from '../../../workflows/complaint-rules.ts';

const QUOTED_GMAIL = [
  'We refunded the second fee on January 3.',
  '',
  'On Mon, Jan 4, 2027 at 10:00 AM SES <ses+c1042i1r0123abcds0123456789abcdef@agency.example>',
  'wrote:',
  '> The agency sent information request IR-1',
  '> Why was the fee charged twice?',
].join('\n');

const QUOTED_OUTLOOK = [
  'RESTRICTED',
  'Account 123 belongs to the consumer.',
  '',
  '________________________________',
  'From: SES <ses@agency.example>',
  'Sent: Monday, January 4, 2027 10:00 AM',
  'To: Pat <pat@acme.test>',
  'Subject: [C-1042] IR-1: information request',
  '',
  'Why was the fee charged twice?',
].join('\n');

describe('visibleReplyText', () => {
  it('drops a wrapped "On ... wrote:" quote', () => {
    expect(visibleReplyText(QUOTED_GMAIL)).toBe('We refunded the second fee on January 3.');
  });

  it('drops an Outlook quote block', () => {
    expect(visibleReplyText(QUOTED_OUTLOOK)).toBe('RESTRICTED\nAccount 123 belongs to the consumer.');
  });

  it('drops an "Original Message" quote', () => {
    const text = 'SUBMIT\n\n-----Original Message-----\nFrom: SES <ses@agency.example>\nOld text';

    expect(visibleReplyText(text)).toBe('SUBMIT');
  });

  it('drops interleaved > lines', () => {
    expect(visibleReplyText('> question one\nanswer one\n> question two\nanswer two')).toBe('answer one\nanswer two');
  });

  it('drops the signature', () => {
    const text = 'The fee was refunded.\n\n-- \nPat Lee\nAcme Lending compliance';

    expect(visibleReplyText(text)).toBe('The fee was refunded.');
  });

  it('drops "Sent from my phone" lines', () => {
    expect(visibleReplyText('STATUS\n\nSent from my iPhone')).toBe('STATUS');
  });

  it('drops the rule and header of an Outlook HTML reply', () => {
    // What mailparser makes of Outlook's HTML: the <hr> becomes a line of dashes.
    const text = [
      'SUBMIT',
      'Here is the final answer.',
      '',
      '-'.repeat(80),
      '',
      'From: SES Bot <ses+abc@agency.test>',
      'Sent: Friday, December 4, 2026 11:46 AM',
      'To: Paul Poe <paul@acme.test>',
      'Subject: [C-1001] IR-1: information request',
      '',
      'Explain the fee.',
    ].join('\n');

    expect(visibleReplyText(text)).toBe('SUBMIT\nHere is the final answer.');
  });

  it('drops an Outlook header without a rule above it', () => {
    const text = 'Answer here.\nFrom: SES Bot <ses@agency.test>\nSent: Friday\nTo: Paul\nSubject: x\n\nExplain.';

    expect(visibleReplyText(text)).toBe('Answer here.');
  });

  it('keeps a From: line that starts no header block', () => {
    const text = 'From: our records, the fee was refunded.\nIt was refunded on January 3.';

    expect(visibleReplyText(text)).toBe(text);
  });

  it('handles CRLF line breaks', () => {
    expect(visibleReplyText('ACCEPT\r\n\r\nOn Mon, Jan 4, 2027, SES wrote:\r\n> hello\r\n')).toBe('ACCEPT');
  });
});

describe('parseCommand', () => {
  const cases: [string, ReturnType<typeof parseCommand>][] = [
    ['ACCEPT', { name: 'accept' }],
    ['accept.', { name: 'accept' }],
    ['\n\n  Status  ', { name: 'status' }],
    ['help', { name: 'help' }],
    ['POC pat@acme.test', { name: 'poc', email: 'pat@acme.test' }],
    ['poc <Pat@Acme.test>', { name: 'poc', email: 'pat@acme.test' }],
    ['POC pat@acme.test <mailto:pat@acme.test>', { name: 'poc', email: 'pat@acme.test' }],
    ['HELPER hal@acme.test', { name: 'helper', email: 'hal@acme.test' }],
    ['DRAFT\nWe refunded it.\nTwice.', { name: 'draft', text: 'We refunded it.\nTwice.', restricted: false }],
    ['RESTRICTED\nAccount 123.', { name: 'draft', text: 'Account 123.', restricted: true }],
    ['We refunded it.', { name: 'draft', text: 'We refunded it.', restricted: false }],
    ['SUBMIT', { name: 'submit' }],
    ['submit\nFinal answer.', { name: 'submit', text: 'Final answer.' }],
    ['EXTEND 5 records are archived', { name: 'extend', days: 5, reason: 'records are archived' }],
    [
      'extend 10 business days: staff out\nback on Monday',
      { name: 'extend', days: 10, reason: 'staff out\nback on Monday' },
    ],
    ['USER sam@acme.test', { name: 'user', email: 'sam@acme.test' }],
    ['USER sam@acme.test Sam Doe', { name: 'user', email: 'sam@acme.test', userName: 'Sam Doe' }],
    ['Submit:', { name: 'submit' }],
    ['SUBMIT:\nFinal answer.', { name: 'submit', text: 'Final answer.' }],
    ['*SUBMIT*', { name: 'submit' }],
    ['Status?', { name: 'status' }],
    ['\u200bACCEPT', { name: 'accept' }],
    [`EXTEND ${MAX_EXTENSION_DAYS} audit`, { name: 'extend', days: MAX_EXTENSION_DAYS, reason: 'audit' }],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${JSON.stringify(text)}`, () => {
      expect(parseCommand(text)).toEqual(expected);
    });
  }

  it('keeps prose that starts with a command word as a draft', () => {
    for (const text of [
      'User accounts were reviewed.',
      'Extend the review to March.',
      'Help was offered.',
      'Status: closed',
      'Submit the form by Friday.',
      'POC team met on Monday.',
      'Helper staff were trained.',
      'Extend five days, please.',
    ]) {
      expect(parseCommand(text)).toEqual({ name: 'draft', text, restricted: false });
    }
  });

  it('rejects command words with wrong arguments', () => {
    const cases = [
      'POC',
      'POC pat@acme',
      'POC a@b.test c@d.test',
      'HELPER',
      'USER',
      'USER not-an-address@',
      'EXTEND',
      'EXTEND 0 none',
      'EXTEND 5',
      `EXTEND ${MAX_EXTENSION_DAYS + 1} audit`,
    ];
    for (const text of cases) {
      expect(parseCommand(text).name, text).toBe('invalid');
    }
  });

  it('reads a command word in capitals as a command', () => {
    const cases: [string, string][] = [
      ['EXTEND five days please', 'EXTEND needs the number of business days in digits first'],
      ['HELPER hana', 'HELPER takes one email address'],
      ['USER eve', '"eve" is not a valid email address'],
      ['SUBMIT now', 'SUBMIT goes alone on the first line'],
      ['RESTRICTED answer follows', 'RESTRICTED goes alone on the first line'],
    ];
    for (const [text, message] of cases) {
      const command = parseCommand(text);
      expect(command.name, text).toBe('invalid');
      expect(command.name === 'invalid' ? command.message : '', text).toContain(message);
    }
  });

  it('reads an empty reply as an empty draft', () => {
    expect(parseCommand('  \n ')).toEqual({ name: 'draft', text: '', restricted: false });
  });
});

describe('parseCommandLoosely', () => {
  it('reads the first word with more words after it', () => {
    expect(parseCommandLoosely('Accept, thank you!')).toEqual({ name: 'accept' });
    expect(parseCommandLoosely('Status please')).toEqual({ name: 'status' });
    expect(parseCommandLoosely('help me with this')).toEqual({ name: 'help' });
    expect(parseCommandLoosely('Poc paul@acme.test')).toEqual({ name: 'poc', email: 'paul@acme.test' });
  });

  it('explains a command word with wrong arguments', () => {
    const command = parseCommandLoosely('POC paul');

    expect(command).toEqual({
      name: 'invalid',
      command: 'POC',
      message: 'POC takes one email address, for example POC jane@example.com.',
    });
  });

  it('returns nothing for prose and for commands that need an IR', () => {
    for (const text of ['We refunded it.', 'Submit it now', 'DRAFT', '']) {
      expect(parseCommandLoosely(text), text).toBeUndefined();
    }
  });
});

describe('parseEmailArgument', () => {
  it('accepts plain, bracketed and mailto addresses', () => {
    expect(parseEmailArgument('Jane@Acme.test')).toBe('jane@acme.test');
    expect(parseEmailArgument('<jane@acme.test>')).toBe('jane@acme.test');
    expect(parseEmailArgument('mailto:jane@acme.test')).toBe('jane@acme.test');
  });

  it('rejects non-addresses', () => {
    for (const value of ['jane', 'jane@', '@acme.test', 'jane@acme', 'a b@c.d', undefined]) {
      expect(parseEmailArgument(value)).toBeUndefined();
    }
  });
});

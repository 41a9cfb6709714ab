import { describe, expect, it } from 'vitest';
import { parseCommand, parseEmailArgument, visibleReplyText } from '../../../bots/email/parse.ts';

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
    ];
    for (const text of cases) {
      expect(parseCommand(text).name, text).toBe('invalid');
    }
  });

  it('reads an empty reply as an empty draft', () => {
    expect(parseCommand('  \n ')).toEqual({ name: 'draft', text: '', restricted: false });
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

import { describe, expect, it } from 'vitest';
import { CommandSyntaxError, parseSesCommand, type SesCommand } from '../../../bots/slack/parse.ts';

function syntaxError(text: string): CommandSyntaxError {
  try {
    parseSesCommand(text);
  } catch (error) {
    if (error instanceof CommandSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed without an error`);
}

describe('parseSesCommand', () => {
  const valid: [string, SesCommand][] = [
    ['', { name: 'help' }],
    ['help', { name: 'help' }],
    ['HELP close', { name: 'help', topic: 'close' }],
    [
      'new company="Acme Lending" contact="Jane Roe <jane@acme.test>" Fees charged twice in March',
      {
        name: 'new',
        companyName: 'Acme Lending',
        contact: { email: 'jane@acme.test', name: 'Jane Roe' },
        summary: 'Fees charged twice in March',
      },
    ],
    [
      'new contact=jane@acme.test company="Acme \\"Best\\" Lending" ref=CFPB-77 Summary',
      {
        name: 'new',
        companyName: 'Acme "Best" Lending',
        contact: { email: 'jane@acme.test' },
        summary: 'Summary',
        consumerReference: 'CFPB-77',
      },
    ],
    [
      'ir c-1042 due=2027-01-15 Why was the fee charged?',
      {
        name: 'ir',
        complaint: 'C-1042',
        due: { kind: 'date', date: '2027-01-15' },
        question: 'Why was the fee charged?',
      },
    ],
    [
      'ir due=10 C-7 Explain the fee=$30 line',
      { name: 'ir', complaint: 'C-7', due: { kind: 'businessDays', days: 10 }, question: 'Explain the fee=$30 line' },
    ],
    [
      'sendback C-1042 IR-1 due=5 Add the March statement',
      {
        name: 'sendback',
        complaint: 'C-1042',
        ir: 1,
        due: { kind: 'businessDays', days: 5 },
        note: 'Add the March statement',
      },
    ],
    [
      'close C-1042 reason=monetary-relief amount=$1,250.5 visible=yes Refunded the fees',
      {
        name: 'close',
        complaint: 'C-1042',
        reason: 'monetary-relief',
        amount: '1250.50',
        visibleToCompany: true,
        note: 'Refunded the fees',
      },
    ],
    [
      'close C-1042 reason=duplicate',
      { name: 'close', complaint: 'C-1042', reason: 'duplicate', visibleToCompany: false, note: '' },
    ],
    ['status C-1042', { name: 'status', complaint: 'C-1042' }],
    ['list', { name: 'list' }],
    ['hours', { name: 'hours' }],
    ['assign-poc C-1042 Pat@Acme.test', { name: 'assign-poc', complaint: 'C-1042', email: 'pat@acme.test' }],
    [
      'assign-helper C-1042 <mailto:hal@acme.test|hal@acme.test>',
      { name: 'assign-helper', complaint: 'C-1042', email: 'hal@acme.test' },
    ],
    [
      'draft C-1042 IR-1 restricted Account numbers follow',
      { name: 'draft', complaint: 'C-1042', ir: 1, restricted: true, text: 'Account numbers follow' },
    ],
    [
      'draft C-1042 ir2 We refunded\nthe fee.',
      { name: 'draft', complaint: 'C-1042', ir: 2, restricted: false, text: 'We refunded\nthe fee.' },
    ],
    ['submit C-1042 IR-1', { name: 'submit', complaint: 'C-1042', ir: 1 }],
    [
      'extend C-1042 IR-1 days=5 Waiting for records',
      { name: 'extend', complaint: 'C-1042', ir: 1, days: 5, reason: 'Waiting for records' },
    ],
    [
      'extension C-1042 IR-1 approve due=2027-02-01',
      { name: 'extension', complaint: 'C-1042', ir: 1, approve: true, due: { kind: 'date', date: '2027-02-01' } },
    ],
    ['extension C-1042 IR-1 APPROVE', { name: 'extension', complaint: 'C-1042', ir: 1, approve: true }],
    [
      'extension C-1042 IR-1 deny Enough time was given',
      { name: 'extension', complaint: 'C-1042', ir: 1, approve: false, reason: 'Enough time was given' },
    ],
    ['add-user bob@acme.test "Bob Smith"', { name: 'add-user', email: 'bob@acme.test', userName: 'Bob Smith' }],
    ['add-user bob@acme.test', { name: 'add-user', email: 'bob@acme.test' }],
    ['export', { name: 'export', status: 'open' }],
    ['export status=ALL', { name: 'export', status: 'all' }],
    ['new', { name: 'form', form: 'new' }],
    ['ir', { name: 'form', form: 'ir' }],
    ['sendback  ', { name: 'form', form: 'sendback' }],
    ['close', { name: 'form', form: 'close' }],
  ];

  it.each(valid)('parses %j', (text, expected) => {
    expect(parseSesCommand(text)).toEqual(expected);
  });

  it('decodes Slack-escaped angle brackets and typographic quotes', () => {
    const command = parseSesCommand(
      'new company=\u201cAcme &amp; Sons\u201d contact="Jane &lt;jane@acme.test&gt;" Late fee',
    );
    expect(command).toEqual({
      name: 'new',
      companyName: 'Acme & Sons',
      contact: { email: 'jane@acme.test', name: 'Jane' },
      summary: 'Late fee',
    });
  });

  it('reads an address Slack turned into a mailto link', () => {
    const command = parseSesCommand(
      'new company="Acme Lending" contact="Jane Roe &lt;<mailto:jane@acme.test|jane@acme.test>&gt;" Late fee',
    );
    expect(command).toEqual({
      name: 'new',
      companyName: 'Acme Lending',
      contact: { email: 'jane@acme.test', name: 'Jane Roe' },
      summary: 'Late fee',
    });
  });

  it('keeps option-like words in the text when the option was given', () => {
    const command = parseSesCommand('ir C-1042 due=5 What does due=5 on the statement mean?');
    expect(command).toEqual({
      name: 'ir',
      complaint: 'C-1042',
      due: { kind: 'businessDays', days: 5 },
      question: 'What does due=5 on the statement mean?',
    });
  });

  const invalid: [string, RegExp, RegExp][] = [
    ['frobnicate C-1', /"frobnicate" is not a \/ses command/, /\/ses help/],
    ['help frobnicate', /"frobnicate" is not a \/ses command/, /\/ses help/],
    ['new company="Acme" Summary', /contact= is missing/, /\/ses new company=/],
    ['new company="Acme contact=jane@acme.test x', /value of company= has no closing quote/, /\/ses new/],
    ['new company=Acme contact="Jane <not-an-email>" Summary', /"not-an-email" is not an email address/, /\/ses new/],
    ['new company=Acme contact=jane@acme.test', /summary of the complaint is missing/, /\/ses new/],
    ['ir C-1042 Why?', /due= is missing/, /\/ses ir C-1042 due=/],
    ['ir 1042 due=5 Why?', /"1042" is not a complaint number; write it like C-1042/, /\/ses ir/],
    ['ir C-1042 due=2027-02-30 Why?', /not a calendar date/, /\/ses ir/],
    ['ir C-1042 due=next-week Why?', /due "next-week" is invalid/, /\/ses ir/],
    ['ir C-1042 due=0 Why?', /whole number of business days from 1/, /\/ses ir/],
    ['ir C-1042 due=5', /the question is missing/, /\/ses ir/],
    ['ir C-1042 due=5 due=6 Why?', /due= is given twice/, /\/ses ir/],
    ['ir C-1042 days=5 Why?', /unknown option days=; it takes due=/, /\/ses ir/],
    ['sendback C-1042 due=5 Fix it', /"Fix" is not an information request number/, /\/ses sendback/],
    ['close C-1042 Done', /reason= is missing/, /\/ses close/],
    ['close C-1042 reason=paid Done', /reason "paid" is invalid; use one of explanation/, /\/ses close/],
    ['close C-1042 reason=invalid amount=12.345 x', /amount "12.345" is invalid/, /\/ses close/],
    ['close C-1042 reason=invalid visible=maybe x', /visible "maybe" is invalid/, /\/ses close/],
    ['status', /complaint number \(like C-1042\) is missing/, /\/ses status C-1042/],
    ['status C-1042 please', /unexpected text "please"/, /\/ses status/],
    ['list everything', /unexpected text "everything"/, /\/ses list/],
    ['assign-poc C-1042', /email address is missing/, /\/ses assign-poc/],
    ['assign-poc C-1042 pat', /"pat" is not an email address/, /\/ses assign-poc/],
    ['draft C-1042 IR-1', /the draft text is missing/, /\/ses draft/],
    ['submit C-1042 IR-1 final answer', /unexpected text "final answer"/, /\/ses submit/],
    ['extend C-1042 IR-1 Need time', /days= is missing/, /\/ses extend/],
    ['extend C-1042 IR-1 days=-2 Need time', /days "-2" is invalid/, /\/ses extend/],
    ['extension C-1042 IR-1 maybe', /"maybe" is not a decision; write approve or deny/, /\/ses extension/],
    ['extension C-1042 IR-1 deny', /the reason for denying is missing/, /\/ses extension/],
    ['extension C-1042 IR-1 deny due=5 No', /due= applies only when approving/, /\/ses extension/],
    ['add-user', /email address is missing/, /\/ses add-user/],
    ['export status=pending', /status "pending" is invalid; use open, closed or all/, /\/ses export/],
    [
      'new company=Acme Lending contact="Jane Roe <jane@acme.test>" Late fee',
      /contact= comes after the text, which starts at "Lending", so it was not read as an option/,
      /\/ses new/,
    ],
    ['close C-1042 reason=monetary-relief Refunded amount=250', /amount= comes after the text/, /\/ses close/],
    ['extend C-1042 IR-1 days=31 Need time', /days "31" is invalid; .+ from 1 to 30\./, /\/ses extend/],
  ];

  it.each(invalid)('rejects %j', (text, message, usage) => {
    const error = syntaxError(text);
    expect(error.message).toMatch(message);
    expect(error.usage).toMatch(usage);
  });

  it('names the subcommand of a syntax error', () => {
    expect(syntaxError('ir C-1 Why?').command).toBe('ir');
    expect(syntaxError('frobnicate').command).toBeUndefined();
  });
});

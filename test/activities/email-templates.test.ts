import { describe, expect, it } from 'vitest';
import type { Notice } from '../../activities/contract.ts';
import { renderEmail, type RenderContext } from '../../activities/email-templates.ts';

const DUE = '2027-01-15T22:00:00.000Z';

/** One notice of every kind; the `satisfies` check fails to compile when a kind is added without a sample. */
const SAMPLES = {
  invitation: { kind: 'invitation', companyName: 'Acme Lending', summary: 'Fee charged twice.' },
  enrollmentCompleted: { kind: 'enrollmentCompleted', companyName: 'Acme Lending' },
  assignPocRequest: { kind: 'assignPocRequest', companyName: 'Acme Lending', summary: 'Fee charged twice.' },
  pocAssigned: { kind: 'pocAssigned', poc: 'pat@acme.test' },
  userAdded: { kind: 'userAdded', companyName: 'Acme Lending', addedBy: 'jane@acme.test' },
  helperAdded: { kind: 'helperAdded', helper: 'hal@acme.test', poc: 'pat@acme.test' },
  newIr: { kind: 'newIr', ir: 1, question: 'Why was the fee charged twice?', dueAt: DUE },
  draftSaved: { kind: 'draftSaved', ir: 1, version: 2, restricted: true, author: 'hal@acme.test' },
  submissionReceipt: { kind: 'submissionReceipt', ir: 1, version: 2, submittedAt: DUE },
  responseSubmitted: {
    kind: 'responseSubmitted',
    ir: 1,
    version: 2,
    text: 'Refunded.',
    restricted: false,
    poc: 'pat@acme.test',
  },
  returnedForUpdate: { kind: 'returnedForUpdate', ir: 1, note: 'Add the refund date.', dueAt: DUE },
  extensionRequested: {
    kind: 'extensionRequested',
    ir: 1,
    days: 5,
    reason: 'Records archived.',
    requestedBy: 'pat@acme.test',
  },
  extensionDecided: { kind: 'extensionDecided', ir: 1, approved: false, dueAt: DUE, reason: 'Not needed.' },
  reminder: { kind: 'reminder', ir: 1, dueAt: DUE },
  pastDue: { kind: 'pastDue', ir: 1, dueAt: DUE },
  complaintOpened: { kind: 'complaintOpened', companyName: 'Acme Lending', summary: 'Fee.', enrollmentPending: true },
  closureNotice: { kind: 'closureNotice', reason: 'monetary-relief', amount: '250.00', note: 'Refund issued.' },
} satisfies { [K in Notice['kind']]: Extract<Notice, { kind: K }> };

const context: RenderContext = { complaintNumber: 'C-1042', formatTime: (iso) => `ET ${iso}` };

describe('renderEmail', () => {
  for (const notice of Object.values(SAMPLES) as Notice[]) {
    it(`renders ${notice.kind}`, () => {
      const { subject, text } = renderEmail(notice, context);

      expect(subject).toMatch(/^\[C-1042\] \S/);
      expect(text).not.toMatch(/undefined|null|\[object/);
      expect(text).toContain('HELP');
      expect(text.trimEnd().endsWith('-- Complaint C-1042')).toBe(true);
    });
  }

  it('leaves out the complaint tag without a complaint', () => {
    const { subject, text } = renderEmail(SAMPLES.userAdded, { ...context, complaintNumber: '' });

    expect(subject).toBe('You were added as a user of Acme Lending');
    expect(text).not.toContain('-- Complaint');
  });

  it('marks enrollment reminders', () => {
    const { subject } = renderEmail({ ...SAMPLES.invitation, reminder: 2 }, context);

    expect(subject).toMatch(/^\[C-1042\] Reminder/);
  });

  it('marks POC reminders', () => {
    const { subject, text } = renderEmail({ ...SAMPLES.assignPocRequest, reminder: 1 }, context);

    expect(subject).toBe('[C-1042] Reminder: assign a point of contact');
    expect(text).toContain('This is reminder 1');
  });

  it('leaves the first POC request unmarked', () => {
    const { subject } = renderEmail(SAMPLES.assignPocRequest, context);

    expect(subject).toBe('[C-1042] Assign a point of contact');
  });

  it('greets the recipient by name', () => {
    const { text } = renderEmail(SAMPLES.reminder, { ...context, recipientName: 'Jane Roe' });

    expect(text.startsWith('Hello Jane Roe,')).toBe(true);
  });

  it('formats due dates with the calendar', () => {
    const { subject, text } = renderEmail(SAMPLES.newIr, context);

    expect(subject).toBe(`[C-1042] IR-1: information request, due ET ${DUE}`);
    expect(text).toContain(`Due: ET ${DUE}.`);
  });

  it('lists the IR reply commands', () => {
    const { text } = renderEmail(SAMPLES.newIr, context);

    for (const command of ['DRAFT', 'RESTRICTED', 'SUBMIT', 'EXTEND <days> <reason>', 'STATUS']) {
      expect(text).toContain(command);
    }
  });

  it('explains the enrollment steps', () => {
    const { text } = renderEmail(SAMPLES.invitation, context);

    expect(text).toContain('Reply to this message with ACCEPT on the first line.');
    expect(text).toContain('Complaints Contact');
    expect(text).toContain('Fee charged twice.');
  });

  it('shows the visible closure details', () => {
    const { text } = renderEmail(SAMPLES.closureNotice, context);

    expect(text).toContain('Reason: monetary relief.');
    expect(text).toContain('Amount: 250.00.');
    expect(text).toContain('Refund issued.');
  });

  it('omits closure details the agency kept hidden', () => {
    const { text } = renderEmail({ kind: 'closureNotice' }, context);

    expect(text).toContain('closed complaint C-1042');
    expect(text).not.toContain('Reason:');
  });

  it('leaves restricted response text out', () => {
    const { text } = renderEmail(
      { ...SAMPLES.responseSubmitted, text: 'secret account 123', restricted: true },
      context,
    );

    expect(text).not.toContain('secret account 123');
    expect(text).toContain('restricted');
  });

  it('mentions Limited Access on receipts only', () => {
    const limited = { ...context, fullAccessResumes: 'Monday 9:00 AM' };

    expect(renderEmail(SAMPLES.submissionReceipt, limited).text).toContain('Full Access resumes on Monday 9:00 AM');
    expect(renderEmail(SAMPLES.submissionReceipt, context).text).not.toContain('Limited Access');
    expect(renderEmail(SAMPLES.newIr, limited).text).not.toContain('Limited Access');
  });
});

import type { Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailRequest } from '../../activities/contract.ts';
import { createEmailActivities, messageIdForKey, type NoticeCalendar } from '../../activities/email.ts';
import { recipientMatches, tokenFromAddress, verifyReplyToken } from '../../lib/token.ts';
import { MemoryNotificationStore, captureLog, headerOf, startMailStack, type MailStack } from '../support/mail.ts';

const BOT = 'ses@agency.example';
const SECRET = 'activity-test-secret';

let mail: MailStack;

beforeAll(async () => {
  mail = await startMailStack(['ses', 'jane', 'tom', 'ann', 'lee', 'kim']);
});
afterAll(async () => {
  await mail?.stop();
});

function invitation(key: string, to: string, complaintNumber = 'C-1042'): EmailRequest {
  return {
    key,
    to: { email: to, name: 'Jane Roe' },
    complaintNumber,
    companyId: 'acme',
    notice: { kind: 'invitation', companyName: 'Acme Lending', summary: 'Fee charged twice.' },
  };
}

function newIr(key: string, to: string, complaintNumber = 'C-1042'): EmailRequest {
  return {
    key,
    to: { email: to },
    complaintNumber,
    companyId: 'acme',
    ir: 1,
    notice: { kind: 'newIr', ir: 1, question: 'Why was the fee charged twice?', dueAt: '2027-01-15T22:00:00.000Z' },
  };
}

function activities(options: { store?: MemoryNotificationStore; transport?: Pick<Transporter, 'sendMail'> } = {}) {
  const { log, lines } = captureLog();
  const store = options.store ?? new MemoryNotificationStore();
  const email = createEmailActivities({
    transport: options.transport ?? mail.transport,
    botAddress: BOT,
    tokenSecret: SECRET,
    store,
    log,
  });
  return { ...email, store, lines };
}

describe('sendEmail', () => {
  it('delivers with subject, From and a signed Reply-To', async () => {
    const { sendEmail } = activities();

    await sendEmail(invitation('invite-1', 'jane@acme.test'));

    const received = await mail.waitForMail('jane', (m) => m.parsed.messageId === messageIdForKey('invite-1', BOT));
    expect(received.parsed.subject).toBe('[C-1042] Enroll Acme Lending to respond to a consumer complaint');
    expect(received.parsed.from?.value[0]?.address).toBe(BOT);
    expect(received.parsed.text).toContain('Reply to this message with ACCEPT on the first line.');
    const replyTo = received.parsed.replyTo?.value[0]?.address ?? '';
    expect(replyTo).toMatch(/^ses\+c1042r[0-9a-f]{8}s[0-9a-f]{16}@agency\.example$/);
    const verified = verifyReplyToken(tokenFromAddress(replyTo)!, SECRET);
    expect(verified?.complaint).toBe('C-1042');
    expect(verified?.ir).toBeUndefined();
    expect(recipientMatches(verified!, 'jane@acme.test', SECRET)).toBe(true);
    expect(headerOf(received, 'Auto-Submitted')).toBe('auto-generated');
  });

  it('sends a company notice without a complaint', async () => {
    const { sendEmail } = activities();
    const request: EmailRequest = {
      key: 'user-added-1',
      to: { email: 'jane@acme.test' },
      complaintNumber: '',
      companyId: 'acme',
      notice: { kind: 'userAdded', companyName: 'Acme Lending', addedBy: 'cc@acme.test' },
    };

    await sendEmail(request);

    const received = await mail.waitForMail('jane', (m) => m.parsed.messageId === messageIdForKey('user-added-1', BOT));
    expect(received.parsed.subject).toBe('You were added as a user of Acme Lending');
    expect(received.parsed.replyTo?.value[0]?.address).toBe(BOT);
  });

  it('sends once per key', async () => {
    const { sendEmail, store } = activities();

    await sendEmail(invitation('invite-twice', 'tom@acme.test'));
    await sendEmail(invitation('invite-twice', 'tom@acme.test'));
    await mail.waitForMail('tom', (m) => m.parsed.messageId === messageIdForKey('invite-twice', BOT));
    // A second message would arrive within this time, since the first took milliseconds.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const messages = await (await mail.mailbox('tom')).messages();
    expect(messages).toHaveLength(1);
    expect(store.claims).toHaveLength(1);
  });

  it('threads later messages with References', async () => {
    const { sendEmail } = activities();

    await sendEmail(invitation('thread-1', 'ann@acme.test', 'C-2000'));
    await sendEmail(newIr('thread-2', 'ann@acme.test', 'C-2000'));
    await sendEmail({
      ...newIr('thread-3', 'ann@acme.test', 'C-2000'),
      notice: { kind: 'reminder', ir: 1, dueAt: '2027-01-15T22:00:00.000Z' },
    });

    const first = messageIdForKey('thread-1', BOT);
    const second = messageIdForKey('thread-2', BOT);
    const third = await mail.waitForMail('ann', (m) => m.parsed.messageId === messageIdForKey('thread-3', BOT));
    expect(third.parsed.inReplyTo).toBe(second);
    expect(third.parsed.references).toEqual([first, second]);
    const ir = await mail.waitForMail('ann', (m) => m.parsed.messageId === second);
    expect(ir.parsed.inReplyTo).toBe(first);
    expect(ir.parsed.subject).toBe('[C-2000] IR-1: information request, due Fri, Jan 15, 2027, 5:00 PM ET');
    expect(ir.parsed.text).toContain('Why was the fee charged twice?');
    expect(ir.parsed.text).toContain('EXTEND <days> <reason>');
    const token = tokenFromAddress(ir.parsed.replyTo?.value[0]?.address ?? '');
    expect(verifyReplyToken(token ?? '', SECRET)?.ir).toBe(1);
  });

  it('reuses the Message-ID after a failed send', async () => {
    const store = new MemoryNotificationStore();
    let attempts = 0;
    const flaky: Pick<Transporter, 'sendMail'> = {
      sendMail: async (message) => {
        attempts++;
        if (attempts === 1) throw new Error('connection reset');
        return mail.transport.sendMail(message);
      },
    };
    const { sendEmail } = activities({ store, transport: flaky });

    await expect(sendEmail(invitation('retry-1', 'lee@acme.test'))).rejects.toThrow('connection reset');
    await sendEmail(invitation('retry-1', 'lee@acme.test'));

    const received = await mail.waitForMail('lee', (m) => m.parsed.messageId === messageIdForKey('retry-1', BOT));
    expect(received.parsed.subject).toContain('[C-1042]');
    expect(attempts).toBe(2);
    expect(await store.threadMessageIds('C-1042')).toEqual([messageIdForKey('retry-1', BOT)]);
  });

  it('tells when Full Access resumes during Limited Access', async () => {
    const calendar: NoticeCalendar = {
      formatEastern: (iso) => `ET(${iso})`,
      fullAccessResumesAt: () => new Date('2027-01-18T14:00:00.000Z'),
    };
    const { log } = captureLog();
    const { sendEmail } = createEmailActivities({
      transport: mail.transport,
      botAddress: BOT,
      tokenSecret: SECRET,
      store: new MemoryNotificationStore(),
      log,
      calendar,
      now: () => new Date('2027-01-16T03:00:00.000Z'),
    });

    await sendEmail({
      key: 'receipt-1',
      to: { email: 'kim@acme.test' },
      complaintNumber: 'C-3000',
      companyId: 'acme',
      ir: 2,
      notice: { kind: 'submissionReceipt', ir: 2, version: 3, submittedAt: '2027-01-16T03:00:00.000Z' },
    });

    const received = await mail.waitForMail('kim', (m) => m.parsed.messageId === messageIdForKey('receipt-1', BOT));
    expect(received.parsed.text).toContain('submitted on ET(2027-01-16T03:00:00.000Z)');
    expect(received.parsed.text).toContain('Full Access resumes on ET(2027-01-18T14:00:00.000Z)');
  });

  it('logs neither body nor token', async () => {
    const { sendEmail, lines } = activities();

    await sendEmail(newIr('log-1', 'jane@acme.test', 'C-4000'));

    const received = await mail.waitForMail('jane', (m) => m.parsed.messageId === messageIdForKey('log-1', BOT));
    const token = tokenFromAddress(received.parsed.replyTo?.value[0]?.address ?? '')!;
    const logged = lines.join('\n');
    expect(logged).toContain('email sent');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('charged twice');
  });
});

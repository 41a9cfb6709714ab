import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmailBot, type EmailBot } from '../../../bots/email/bot.ts';
import { FORGED_TOKEN_REPLY, WRONG_SENDER_REPLY } from '../../../bots/email/handler.ts';
import { ERROR_SENTENCES } from '../../../bots/email/replies.ts';
import { GatewayError } from '../../../bots/gateway.ts';
import { ErrorCode } from '../../../domain/errors.ts';
import { replyAddress, signReplyToken } from '../../../lib/token.ts';
import { captureLog, headerOf, startMailStack, type MailStack } from '../../support/mail.ts';
import { FakeGateway, type RecordedCall } from './fake-gateway.ts';

const BOT = 'ses@agency.example';
const SECRET = 'bot-test-secret';

let mail: MailStack;
let gateway: FakeGateway;
let bot: EmailBot;
let sentBeforeStart: string;

/** Sends a reply to a bot message that went to `recipient` (by default the sender). */
function sendReply(
  from: string,
  text: string,
  options: { ir?: number; recipient?: string; headers?: Record<string, string>; bot?: string; complaint?: string } = {},
): Promise<string> {
  const claims = { complaint: options.complaint ?? 'C-1042', ir: options.ir, recipient: options.recipient ?? from };
  const token = signReplyToken(claims, SECRET);
  return mail.sendAs(from, {
    to: replyAddress(options.bot ?? BOT, token),
    subject: 'Re: [C-1042] IR-1: information request',
    text,
    headers: options.headers,
  });
}

async function waitUntil<T>(read: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function callFor(messageId: string, name?: string): RecordedCall | undefined {
  return gateway.calls.find((call) => {
    const input = call.input as { key?: string };
    return input.key === `email:${messageId}` && (name === undefined || call.name === name);
  });
}

function waitSeen(messageId: string, user = 'ses') {
  return mail.waitForMail(user, (m) => m.parsed.messageId === messageId && m.seen, {
    description: `${messageId} marked seen`,
  });
}

async function isSeen(messageId: string, user = 'ses'): Promise<boolean> {
  const message = await mail.waitForMail(user, (m) => m.parsed.messageId === messageId);
  return message.seen;
}

beforeAll(async () => {
  mail = await startMailStack(['ses', 'desk', 'pat', 'mallory', 'jane', 'bob']);
  gateway = new FakeGateway();
  sentBeforeStart = await sendReply('pat@acme.test', 'POC lee@acme.test');
  await mail.waitForMail('ses', (m) => m.parsed.messageId === sentBeforeStart);
  bot = await startEmailBot({
    imapUrl: mail.imapUrl('ses'),
    gateway,
    botAddress: BOT,
    tokenSecret: SECRET,
    transport: mail.transport,
    log: captureLog().log,
    retryDelayMs: 100,
    maxRetryDelayMs: 400,
  });
});

afterAll(async () => {
  await bot?.stop();
  await mail?.stop();
});

beforeEach(() => {
  gateway.failWith = () => undefined;
  gateway.hold = undefined;
});

describe('email bot over IMAP', () => {
  it('handles mail that arrived before start', async () => {
    await waitSeen(sentBeforeStart);

    expect(callFor(sentBeforeStart, 'assignPoc')?.input).toMatchObject({ email: 'lee@acme.test' });
  });

  it('applies ACCEPT and marks it seen', async () => {
    const messageId = await sendReply('jane@acme.test', 'Accept');

    await waitSeen(messageId);

    expect(callFor(messageId, 'acceptEnrollment')).toEqual({
      target: 'registry',
      name: 'acceptEnrollment',
      input: {
        key: `email:${messageId}`,
        actor: { kind: 'company', email: 'jane@acme.test', via: 'email' },
        companyId: 'company-acme',
      },
    });
  });

  it('saves a draft without the quoted original', async () => {
    const text = [
      'We refunded the second fee on January 3.',
      '',
      'Pat',
      '',
      'On Mon, Jan 4, 2027 at 10:00 AM SES <ses@agency.example> wrote:',
      '> Why was the fee charged twice?',
    ].join('\n');

    const messageId = await sendReply('pat@acme.test', text, { ir: 1 });
    await waitSeen(messageId);

    expect(callFor(messageId, 'saveDraft')?.input).toMatchObject({
      ir: 1,
      text: 'We refunded the second fee on January 3.\n\nPat',
      restricted: false,
    });
  });

  it('replies to STATUS in the thread', async () => {
    const messageId = await sendReply('bob@acme.test', 'STATUS');

    const answer = await mail.waitForMail('bob', (m) => m.parsed.inReplyTo === messageId);

    expect(answer.parsed.subject).toBe('Re: [C-1042] IR-1: information request');
    expect(answer.parsed.from?.value[0]?.address).toBe(BOT);
    expect(answer.parsed.text).toContain('Complaint C-1042: Open');
    expect(headerOf(answer, 'Auto-Submitted')).toBe('auto-replied');
    await waitSeen(messageId);
  });

  it('answers a forged token and changes nothing', async () => {
    const token = signReplyToken({ complaint: 'C-1042', recipient: 'pat@acme.test' }, 'guessed-secret');
    const messageId = await mail.sendAs('pat@acme.test', {
      to: replyAddress(BOT, token),
      subject: 'Re: [C-1042] hello',
      text: 'ACCEPT',
    });

    const answer = await mail.waitForMail('pat', (m) => m.parsed.inReplyTo === messageId);

    expect(answer.parsed.text?.trim()).toBe(FORGED_TOKEN_REPLY);
    expect(callFor(messageId)).toBeUndefined();
    await waitSeen(messageId);
  });

  it('answers a sender who was not the recipient', async () => {
    const messageId = await sendReply('mallory@evil.test', 'SUBMIT', { ir: 1, recipient: 'pat@acme.test' });

    const answer = await mail.waitForMail('mallory', (m) => m.parsed.inReplyTo === messageId);

    expect(answer.parsed.text?.trim()).toBe(WRONG_SENDER_REPLY);
    expect(callFor(messageId)).toBeUndefined();
  });

  it('explains a rejected update', async () => {
    gateway.failWith = (call) =>
      call.name === 'submitResponse' ? new GatewayError(ErrorCode.NoDraft, 'IR-1 has no draft to submit.') : undefined;

    const messageId = await sendReply('pat@acme.test', 'SUBMIT', { ir: 1 });
    const answer = await mail.waitForMail('pat', (m) => m.parsed.inReplyTo === messageId);

    expect(answer.parsed.text).toContain(ERROR_SENTENCES.NoDraft);
    expect(answer.parsed.text).toContain('Details: IR-1 has no draft to submit.');
    await waitSeen(messageId);
  });

  it('ignores auto-replies without answering', async () => {
    const messageId = await sendReply('bob@acme.test', 'I am out of the office.', {
      ir: 1,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });

    await waitSeen(messageId);
    // A reply would have been sent before the message was marked seen.
    const answers = (await (await mail.mailbox('bob')).messages()).filter((m) => m.parsed.inReplyTo === messageId);
    expect(answers).toEqual([]);
    expect(callFor(messageId)).toBeUndefined();
  });

  it('ignores mail from its own address', async () => {
    const messageId = await mail.sendAs(BOT, { to: BOT, subject: 'loop', text: 'HELP' });

    await waitSeen(messageId);

    const answers = (await (await mail.mailbox('ses')).messages()).filter((m) => m.parsed.inReplyTo === messageId);
    expect(answers).toEqual([]);
  });

  it('marks seen only after the update returns', async () => {
    let release = () => {};
    gateway.hold = new Promise<void>((resolve) => {
      release = resolve;
    });

    const messageId = await sendReply('pat@acme.test', 'HELPER hal@acme.test');
    await waitUntil(() => callFor(messageId, 'assignHelper'), 'the assignHelper call');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await isSeen(messageId)).toBe(false);
    release();
    await waitSeen(messageId);
  });

  it('retries a transient failure later', async () => {
    let failures = 0;
    gateway.failWith = (call) => {
      if (call.name !== 'requestExtension' || failures >= 2) return undefined;
      failures++;
      return new Error('14 UNAVAILABLE: connection refused');
    };

    const messageId = await sendReply('pat@acme.test', 'EXTEND 5 records are archived', { ir: 1 });
    await waitUntil(() => (failures >= 1 ? true : undefined), 'the first failure');

    expect(await isSeen(messageId)).toBe(false);
    await waitSeen(messageId);
    const attempts = gateway.calls.filter((call) => (call.input as { key?: string }).key === `email:${messageId}`);
    expect(attempts).toHaveLength(3);
    const answer = await mail.waitForMail('pat', (m) => m.parsed.inReplyTo === messageId);
    expect(answer.parsed.text).toContain('5 more business days on IR-1');
  });
});

describe('email bot after a failure', () => {
  function keyIndex(messageId: string, name: string): number {
    return gateway.calls.findIndex(
      (call) => call.name === name && (call.input as { key?: string }).key === `email:${messageId}`,
    );
  }

  it('goes on with other complaints and keeps order within one', async () => {
    let blocked = true;
    gateway.failWith = (call) =>
      blocked && call.target === 'C-5001'
        ? new Error('9 FAILED_PRECONDITION: Workflow Task in failed state')
        : undefined;

    const first = await sendReply('pat@acme.test', 'First draft of C-5001.', { complaint: 'C-5001', ir: 1 });
    await waitUntil(() => (keyIndex(first, 'saveDraft') >= 0 ? true : undefined), 'the failing call');
    const sameComplaint = await sendReply('jane@acme.test', 'SUBMIT', { complaint: 'C-5001', ir: 1 });
    const sameSender = await sendReply('pat@acme.test', 'Draft of C-5003.', { complaint: 'C-5003', ir: 1 });

    await waitSeen(sameSender);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await isSeen(first)).toBe(false);
    expect(await isSeen(sameComplaint)).toBe(false);
    expect(keyIndex(sameComplaint, 'submitResponse')).toBe(-1);

    blocked = false;
    await waitSeen(sameComplaint);
    expect(await isSeen(first)).toBe(true);
    const applied = gateway.calls.filter((call) => call.target === 'C-5001').map((call) => call.name);
    expect(applied.at(-2)).toBe('saveDraft');
    expect(applied.at(-1)).toBe('submitResponse');
  });
});

describe('email bot stop', () => {
  it('finishes the message in flight', async () => {
    const deskGateway = new FakeGateway();
    const desk = await startEmailBot({
      imapUrl: mail.imapUrl('desk'),
      gateway: deskGateway,
      botAddress: 'desk@agency.example',
      tokenSecret: SECRET,
      transport: mail.transport,
      log: captureLog().log,
    });
    let release = () => {};
    deskGateway.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const messageId = await sendReply('pat@acme.test', 'POC lee@acme.test', { bot: 'desk@agency.example' });
    await waitUntil(() => (deskGateway.calls.length > 0 ? true : undefined), 'the desk bot call');

    let stopped = false;
    const stopping = desk.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stopped).toBe(false);
    release();
    await stopping;

    expect(await isSeen(messageId, 'desk')).toBe(true);
  });
});

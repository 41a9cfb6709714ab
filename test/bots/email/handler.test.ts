import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { GatewayError, MAX_TEXT_LENGTH } from '../../../bots/gateway.ts';
import {
  ATTACHMENT_ONLY_REPLY,
  COMMAND_NEEDS_IR_REPLY,
  INTERNAL_ERROR_REPLY,
  FORGED_TOKEN_REPLY,
  NO_IR_REPLY,
  NO_TOKEN_REPLY,
  WRONG_SENDER_REPLY,
  handleInboundMail,
} from '../../../bots/email/handler.ts';
import type { InboundMail } from '../../../bots/email/inbound.ts';
import { ERROR_SENTENCES, HELP_TEXT } from '../../../bots/email/replies.ts';
import { ErrorCode } from '../../../domain/errors.ts';
import { replyAddress, signReplyToken } from '../../../lib/token.ts';
import { captureLog } from '../../support/mail.ts';
import { FakeGateway } from './fake-gateway.ts';

const BOT = 'ses@agency.example';
const SECRET = 'handler-test-secret';

interface Sent {
  to: string;
  inReplyTo: string;
  subject: string;
  text: string;
}

function setup() {
  const gateway = new FakeGateway();
  const replies: Sent[] = [];
  const { log, lines } = captureLog();
  const handle = (mail: InboundMail) =>
    handleInboundMail(mail, {
      gateway,
      botAddress: BOT,
      tokenSecret: SECRET,
      log,
      reply: async (to, inReplyTo, subject, text) => {
        replies.push({ to, inReplyTo, subject, text });
      },
    });
  return { gateway, replies, handle, lines };
}

/** Builds a reply from `from` to a bot message sent to `recipient` (by default the sender) about `ir`. */
function reply(
  text: string,
  options: { from?: string; recipient?: string; ir?: number; to?: string[] } = {},
): InboundMail {
  const from = options.from ?? 'pat@acme.test';
  const token = signReplyToken({ complaint: 'C-1042', ir: options.ir, recipient: options.recipient ?? from }, SECRET);
  return {
    messageId: '<reply-1@acme.test>',
    from,
    subject: 'Re: [C-1042] IR-1: information request',
    recipients: options.to ?? [replyAddress(BOT, token)],
    text,
  };
}

const actor = { kind: 'company', email: 'pat@acme.test', via: 'email' };
const key = 'email:<reply-1@acme.test>';

describe('handleInboundMail commands', () => {
  it('ACCEPT accepts enrollment for the complaint company', async () => {
    const { gateway, handle, replies } = setup();

    const outcome = await handle(reply('ACCEPT'));

    expect(outcome).toEqual({ result: 'applied', command: 'accept' });
    expect(gateway.calls[0]).toEqual({ target: 'C-1042', name: 'complaintStatus', input: actor });
    expect(gateway.updates()).toEqual([
      { target: 'registry', name: 'acceptEnrollment', input: { key, actor, companyId: 'company-acme' } },
    ]);
    expect(replies).toEqual([]);
  });

  it('POC assigns the point of contact', async () => {
    const { gateway, handle } = setup();

    await handle(reply('POC lee@acme.test'));

    expect(gateway.updates()).toEqual([
      { target: 'C-1042', name: 'assignPoc', input: { key, actor, email: 'lee@acme.test' } },
    ]);
  });

  it('HELPER adds a helper', async () => {
    const { gateway, handle } = setup();

    await handle(reply('helper hal@acme.test'));

    expect(gateway.updates()).toEqual([
      { target: 'C-1042', name: 'assignHelper', input: { key, actor, email: 'hal@acme.test' } },
    ]);
  });

  it('plain text saves a draft of the IR', async () => {
    const { gateway, handle, replies } = setup();

    const outcome = await handle(reply('We refunded it.\n\nOn Mon, Jan 4, 2027, SES wrote:\n> Why?', { ir: 1 }));

    expect(outcome).toEqual({ result: 'applied', command: 'draft' });
    expect(gateway.updates()).toEqual([
      { target: 'C-1042', name: 'saveDraft', input: { key, actor, ir: 1, text: 'We refunded it.', restricted: false } },
    ]);
    expect(replies).toEqual([]);
  });

  it('RESTRICTED saves a restricted draft', async () => {
    const { gateway, handle } = setup();

    await handle(reply('RESTRICTED\nAccount 123.', { ir: 2 }));

    expect(gateway.updates()[0]?.input).toEqual({ key, actor, ir: 2, text: 'Account 123.', restricted: true });
  });

  it('SUBMIT submits with or without text', async () => {
    const { gateway, handle } = setup();

    await handle(reply('SUBMIT', { ir: 1 }));
    await handle({ ...reply('SUBMIT\nFinal.', { ir: 1 }), messageId: '<reply-2@acme.test>' });

    expect(gateway.updates()).toEqual([
      { target: 'C-1042', name: 'submitResponse', input: { key, actor, ir: 1, text: undefined } },
      {
        target: 'C-1042',
        name: 'submitResponse',
        input: { key: 'email:<reply-2@acme.test>', actor, ir: 1, text: 'Final.' },
      },
    ]);
  });

  it('EXTEND requests an extension and confirms', async () => {
    const { gateway, handle, replies } = setup();

    const outcome = await handle(reply('EXTEND 5 records are archived', { ir: 1 }));

    expect(outcome).toEqual({ result: 'replied', command: 'extend' });
    expect(gateway.updates()).toEqual([
      {
        target: 'C-1042',
        name: 'requestExtension',
        input: { key, actor, ir: 1, days: 5, reason: 'records are archived' },
      },
    ]);
    expect(replies[0]?.text).toContain('5 more business days on IR-1');
  });

  it('USER adds a user to the complaint company', async () => {
    const { gateway, handle, replies } = setup();

    await handle(reply('USER sam@acme.test Sam Doe'));

    expect(gateway.updates()).toEqual([
      {
        target: 'registry',
        name: 'addUser',
        input: { key, actor, companyId: 'company-acme', email: 'sam@acme.test', name: 'Sam Doe' },
      },
    ]);
    expect(replies[0]?.text).toBe('sam@acme.test is now a user of Acme Lending.');
  });

  it('STATUS replies with the complaint status', async () => {
    const { handle, replies } = setup();

    const outcome = await handle(reply('status'));

    expect(outcome).toEqual({ result: 'replied', command: 'status' });
    expect(replies).toHaveLength(1);
    expect(replies[0]?.to).toBe('pat@acme.test');
    expect(replies[0]?.inReplyTo).toBe('<reply-1@acme.test>');
    expect(replies[0]?.subject).toBe('Re: [C-1042] IR-1: information request');
    expect(replies[0]?.text).toContain('Complaint C-1042: Open');
    expect(replies[0]?.text).toContain('IR-1: Open, due Fri, Jan 15, 2027, 5:00 PM ET');
    expect(replies[0]?.text).toContain('Point of contact (POC): pat@acme.test');
  });

  it('HELP replies with the commands', async () => {
    const { handle, replies, gateway } = setup();

    await handle(reply('HELP'));

    expect(replies[0]?.text).toBe(HELP_TEXT);
    expect(gateway.calls).toEqual([]);
  });

  it('HELP works without a token', async () => {
    const { handle, replies } = setup();

    const outcome = await handle(reply('help', { to: [BOT] }));

    expect(outcome).toEqual({ result: 'replied', command: 'help' });
    expect(replies[0]?.text).toBe(HELP_TEXT);
  });
});

describe('handleInboundMail rejections', () => {
  it('answers a message without a token', async () => {
    const { gateway, handle, replies } = setup();

    const outcome = await handle(reply('ACCEPT', { to: [BOT, 'other+c1r0s0@agency.example'] }));

    expect(outcome).toEqual({ result: 'rejected', reason: 'no reply token' });
    expect(replies[0]?.text).toBe(NO_TOKEN_REPLY);
    expect(gateway.calls).toEqual([]);
  });

  it('answers a forged token', async () => {
    const { gateway, handle, replies } = setup();
    const forged = signReplyToken({ complaint: 'C-1042', recipient: 'pat@acme.test' }, 'guessed-secret');

    const outcome = await handle(reply('ACCEPT', { to: [replyAddress(BOT, forged)] }));

    expect(outcome).toEqual({ result: 'rejected', reason: 'invalid reply token' });
    expect(replies[0]?.text).toBe(FORGED_TOKEN_REPLY);
    expect(gateway.calls).toEqual([]);
  });

  it('answers a sender other than the recipient', async () => {
    const { gateway, handle, replies } = setup();

    const outcome = await handle(reply('POC me@evil.test', { from: 'mallory@evil.test', recipient: 'pat@acme.test' }));

    expect(outcome).toEqual({ result: 'rejected', reason: 'sender is not the recipient' });
    expect(replies[0]?.to).toBe('mallory@evil.test');
    expect(replies[0]?.text).toBe(WRONG_SENDER_REPLY);
    expect(replies[0]?.text).toContain('not the one the message was sent to');
    expect(gateway.calls).toEqual([]);
  });

  it('accepts the recipient in another letter case', async () => {
    const { gateway, handle } = setup();

    await handle(reply('ACCEPT', { from: 'pat@acme.test', recipient: 'Pat@ACME.test' }));

    expect(gateway.updates()).toHaveLength(1);
  });

  it('needs an IR for a draft', async () => {
    const { gateway, handle, replies } = setup();

    const outcome = await handle(reply('Our answer.'));

    expect(outcome.result).toBe('rejected');
    expect(replies[0]?.text).toBe(NO_IR_REPLY);
    expect(gateway.calls).toEqual([]);
  });

  it('answers an empty draft', async () => {
    const { gateway, handle, replies } = setup();

    await handle(reply('\n\nOn Mon, Jan 4, 2027, SES wrote:\n> Why?', { ir: 1 }));

    expect(replies[0]?.text).toContain('no text to save');
    expect(gateway.calls).toEqual([]);
  });

  it('answers command words with wrong arguments', async () => {
    const { gateway, handle, replies } = setup();

    await handle(reply('POC pat@acme'));

    expect(replies[0]?.text).toContain('POC takes one email address');
    expect(gateway.calls).toEqual([]);
  });

  it('turns a gateway error into its sentence and detail', async () => {
    const { gateway, handle, replies } = setup();
    gateway.failWith = () => new GatewayError(ErrorCode.NotPoc, 'pat@acme.test is not the POC of C-1042.');

    const outcome = await handle(reply('SUBMIT', { ir: 1 }));

    expect(outcome).toEqual({ result: 'rejected', reason: 'NotPoc' });
    expect(replies[0]?.text).toContain(ERROR_SENTENCES.NotPoc);
    expect(replies[0]?.text).toContain('Details: pat@acme.test is not the POC of C-1042.');
    expect(replies[0]?.text).toContain('Nothing was changed');
  });

  it('rethrows failures that are not gateway errors', async () => {
    const { gateway, handle, replies } = setup();
    gateway.failWith = () => new Error('14 UNAVAILABLE: connection refused');

    await expect(handle(reply('ACCEPT'))).rejects.toThrow('UNAVAILABLE');
    expect(replies).toEqual([]);
  });

  it('answers an update the workflow failed without a rule code', async () => {
    const { gateway, handle, replies } = setup();
    const failure = ApplicationFailure.create({ message: 'Cannot read properties of undefined' });
    gateway.failWith = () => new WorkflowUpdateFailedError('Workflow Update failed', failure);

    const outcome = await handle(reply('SUBMIT', { ir: 1 }));

    expect(outcome).toEqual({ result: 'rejected', reason: 'internal error' });
    expect(replies[0]?.text).toBe(INTERNAL_ERROR_REPLY);
    expect(replies[0]?.text).not.toContain('Cannot read properties');
  });

  it('ignores automatic messages', async () => {
    const { gateway, handle, replies } = setup();

    const outcome = await handle({ ...reply('Out of office'), automatic: 'Auto-Submitted: auto-replied' });

    expect(outcome).toEqual({ result: 'ignored', reason: 'Auto-Submitted: auto-replied' });
    expect(replies).toEqual([]);
    expect(gateway.calls).toEqual([]);
  });

  it('logs neither body nor token', async () => {
    const { handle, lines } = setup();
    const mail = reply('RESTRICTED\nAccount 123 belongs to the consumer.', { ir: 1 });

    await handle(mail);

    const logged = lines.join('\n');
    expect(logged).toContain('email command handled');
    expect(logged).not.toContain('Account 123');
    expect(logged).not.toContain(mail.recipients[0]!.split('+')[1]!.split('@')[0]!);
  });
});

describe('handleInboundMail hard cases', () => {
  it('reads a command word with more words on a message without an IR', async () => {
    const { gateway, handle, replies } = setup();

    const outcome = await handle(reply('Accept, thank you!\n\nJane'));

    expect(outcome).toEqual({ result: 'applied', command: 'accept' });
    expect(gateway.updates().map((call) => call.name)).toEqual(['acceptEnrollment']);
    expect(replies).toEqual([]);
  });

  it('explains a malformed command on a message without an IR', async () => {
    const { gateway, handle, replies } = setup();

    const outcome = await handle(reply('POC paul'));

    expect(outcome.result).toBe('rejected');
    expect(replies[0]?.text).toContain('POC takes one email address, for example POC jane@example.com.');
    expect(replies[0]?.text).not.toContain('not about an information request');
    expect(gateway.calls).toEqual([]);
  });

  it('answers SUBMIT and EXTEND on a message without an IR', async () => {
    for (const text of ['SUBMIT', 'EXTEND 5 records are archived', 'Extend 5 records are archived']) {
      const { gateway, handle, replies } = setup();

      const outcome = await handle(reply(text));

      expect(outcome.result, text).toBe('rejected');
      expect(replies[0]?.text, text).toBe(COMMAND_NEEDS_IR_REPLY);
      expect(gateway.calls, text).toEqual([]);
    }
  });

  it('answers an EXTEND in capitals without digits', async () => {
    const { gateway, handle, replies } = setup();

    const outcome = await handle(reply('EXTEND five days please', { ir: 1 }));

    expect(outcome.result).toBe('rejected');
    expect(replies[0]?.text).toContain('EXTEND needs the number of business days in digits first');
    expect(gateway.calls).toEqual([]);
  });

  it('uses the token issued to the sender when there are several', async () => {
    const { gateway, handle, replies } = setup();
    const otherToken = signReplyToken({ complaint: 'C-1042', ir: 1, recipient: 'lee@acme.test' }, SECRET);
    const ownToken = signReplyToken({ complaint: 'C-1042', ir: 2, recipient: 'pat@acme.test' }, SECRET);
    const mail = reply('Our answer.', { to: [replyAddress(BOT, otherToken), replyAddress(BOT, ownToken)] });

    const outcome = await handle(mail);

    expect(outcome).toEqual({ result: 'applied', command: 'draft' });
    expect(gateway.updates()[0]?.input).toMatchObject({ ir: 2, text: 'Our answer.' });
    expect(replies).toEqual([]);
  });

  it('rejects a text over the length limit', async () => {
    const { gateway, handle, replies } = setup();

    const outcome = await handle(reply('x'.repeat(MAX_TEXT_LENGTH + 1), { ir: 1 }));

    expect(outcome).toEqual({ result: 'rejected', reason: 'InvalidInput' });
    expect(replies[0]?.text).toContain('The response text is 20,001 characters long, over the limit of 20,000.');
    expect(gateway.calls).toEqual([]);
  });

  it('tells the sender that attachments were not saved', async () => {
    const { gateway, handle, replies } = setup();

    const outcome = await handle({ ...reply('Our answer.', { ir: 1 }), attachments: ['disclosure.pdf'] });

    expect(outcome).toEqual({ result: 'applied', command: 'draft' });
    expect(gateway.updates()).toHaveLength(1);
    expect(replies[0]?.text).toContain('these attachments were not saved with it: disclosure.pdf');
  });

  it('answers a reply with only an attachment', async () => {
    const { gateway, handle, replies } = setup();

    const outcome = await handle({ ...reply('', { ir: 1 }), attachments: ['disclosure.pdf'] });

    expect(outcome).toEqual({ result: 'rejected', reason: 'empty draft' });
    expect(replies[0]?.text).toBe(ATTACHMENT_ONLY_REPLY);
    expect(gateway.calls).toEqual([]);
  });
});

describe('error sentences', () => {
  it('exist for every error code', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(ERROR_SENTENCES[code], code).toMatch(/^[A-Z].*\.$/);
    }
  });
});

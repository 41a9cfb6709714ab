import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { toInboundMail } from '../../../bots/email/inbound.ts';

const BOT = 'ses@agency.example';

async function inbound(headers: string[], body = 'ACCEPT') {
  const raw = Buffer.from([...headers, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n'));
  return toInboundMail(await simpleParser(raw), raw, BOT);
}

const BASE = ['From: Pat Lee <Pat@Acme.test>', 'To: SES <ses+tok1@agency.example>', 'Subject: Re: [C-1042] hello'];

describe('toInboundMail', () => {
  it('reads sender, recipients and text', async () => {
    const mail = await inbound([
      ...BASE,
      'Cc: Ann <ann@acme.test>, ses+tok2@agency.example',
      'Delivered-To: ses+tok3@agency.example',
      'X-Original-To: ses+tok4@agency.example',
      'Message-ID: <abc@acme.test>',
    ]);

    expect(mail.from).toBe('pat@acme.test');
    expect(mail.messageId).toBe('<abc@acme.test>');
    expect(mail.subject).toBe('Re: [C-1042] hello');
    expect(mail.recipients).toEqual([
      'ses+tok1@agency.example',
      'ann@acme.test',
      'ses+tok2@agency.example',
      'ses+tok3@agency.example',
      'ses+tok4@agency.example',
    ]);
    expect(mail.text.trim()).toBe('ACCEPT');
    expect(mail.automatic).toBeUndefined();
  });

  it('lists attachments but not inline images', async () => {
    const raw = Buffer.from(
      [
        ...BASE,
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="outer"',
        '',
        '--outer',
        'Content-Type: multipart/related; boundary="inner"',
        '',
        '--inner',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Our answer.</p><img src="cid:logo@acme">',
        '--inner',
        'Content-Type: image/png',
        'Content-ID: <logo@acme>',
        'Content-Disposition: inline; filename="logo.png"',
        'Content-Transfer-Encoding: base64',
        '',
        'iVBORw0KGgo=',
        '--inner--',
        '--outer',
        'Content-Type: application/pdf; name="disclosure.pdf"',
        'Content-Disposition: attachment; filename="disclosure.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        'JVBERi0xLjQK',
        '--outer--',
        '',
      ].join('\r\n'),
    );

    const mail = toInboundMail(await simpleParser(raw), raw, BOT);

    expect(mail.attachments).toEqual(['disclosure.pdf']);
    expect(mail.text.trim()).toBe('Our answer.');
  });

  it('derives a stable Message-ID when there is none', async () => {
    const first = await inbound(BASE);
    const second = await inbound(BASE);

    expect(first.messageId).toMatch(/^<sha256\.[0-9a-f]{40}@local>$/);
    expect(second.messageId).toBe(first.messageId);
  });

  it('treats Auto-Submitted: no as a person', async () => {
    expect((await inbound([...BASE, 'Auto-Submitted: no'])).automatic).toBeUndefined();
  });

  const automatic: [string, string[]][] = [
    ['auto-replies', ['Auto-Submitted: auto-replied']],
    ['generated mail', ['Auto-Submitted: auto-generated; owner-email="x@y.z"']],
    ['bulk precedence', ['Precedence: bulk']],
    ['auto_reply precedence', ['Precedence: auto_reply']],
    ['X-Autoreply', ['X-Autoreply: yes']],
    ['bounces', ['Return-Path: <>']],
    ['list mail', ['List-Id: <complaints.acme.test>']],
  ];
  for (const [name, headers] of automatic) {
    it(`flags ${name}`, async () => {
      expect((await inbound([...BASE, ...headers])).automatic).toBeDefined();
    });
  }

  it('flags the bot own address', async () => {
    const mail = await inbound(['From: SES <SES+x@agency.example>', 'To: ses+tok@agency.example', 'Subject: x']);

    expect(mail.automatic).toBe('sent from the bot address');
  });

  it('flags MAILER-DAEMON', async () => {
    const mail = await inbound(['From: MAILER-DAEMON@mx.acme.test', 'To: ses@agency.example', 'Subject: failure']);

    expect(mail.automatic).toBe('sent by MAILER-DAEMON');
  });

  it('flags delivery reports', async () => {
    const raw = Buffer.from(
      [
        ...BASE,
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'Delivery failed',
        '--b--',
        '',
      ].join('\r\n'),
    );

    expect(toInboundMail(await simpleParser(raw), raw, BOT).automatic).toBe('delivery or read report');
  });
});

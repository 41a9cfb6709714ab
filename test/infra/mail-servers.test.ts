import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailServer } from '../../infra/dovecot.ts';
import { headerOf, startMailStack, type MailStack } from '../support/mail.ts';

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('mail servers', () => {
  let mail: MailStack;

  beforeAll(async () => {
    mail = await startMailStack(['bot', 'jane']);
  });
  afterAll(async () => {
    await mail?.stop();
  });

  it('relay delivers to the local part of any domain', async () => {
    const messageId = await mail.sendAs('tom@other.test', {
      to: 'Jane@acme.test',
      subject: 'hello jane',
      text: 'first message',
    });

    const received = await mail.waitForMail('jane', (m) => m.parsed.messageId === messageId);
    expect(received.parsed.subject).toBe('hello jane');
    expect(received.parsed.text?.trim()).toBe('first message');
    expect(received.seen).toBe(false);
  });

  it('relay delivers plus-addresses to the base user', async () => {
    const messageId = await mail.sendAs('jane@acme.test', {
      to: 'bot+c1042abc@agency.example',
      subject: 'reply',
      text: 'ACCEPT',
    });

    const received = await mail.waitForMail('bot', (m) => m.parsed.messageId === messageId);
    expect(headerOf(received, 'Delivered-To')).toBe('bot+c1042abc@agency.example');
    expect(headerOf(received, 'Return-Path')).toBe('<jane@acme.test>');
  });

  it('relay rejects mail for unknown users', async () => {
    await expect(
      mail.sendAs('jane@acme.test', { to: 'nobody-here@agency.example', subject: 'lost', text: 'lost' }),
    ).rejects.toThrow(/550/);
  });

  it('users added after start receive mail', async () => {
    mail.addUser('late');
    const messageId = await mail.sendAs('jane@acme.test', { to: 'late@acme.test', subject: 'welcome', text: 'hi' });

    const received = await mail.waitForMail('late', (m) => m.parsed.messageId === messageId);
    expect(received.parsed.subject).toBe('welcome');
  });

  it('dovecot stop ends the whole process group', async () => {
    const other = await startMailServer({ dir: `${mail.dir}/second`, users: [{ name: 'x', password: 'y' }] });
    expect(other.imapPort).not.toBe(mail.server.imapPort);
    expect(groupAlive(other.pid)).toBe(true);

    await other.stop();

    expect(groupAlive(other.pid)).toBe(false);
    expect(await portAccepts(other.imapPort)).toBe(false);
    expect(await portAccepts(other.lmtpPort)).toBe(false);
  });

  it('dovecot rejects invalid user names', async () => {
    expect(() => mail.addUser('Bad Name')).toThrow(/invalid mail user name/);
  });
});

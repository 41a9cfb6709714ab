import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  baseAddress,
  loadTokenSecret,
  recipientMatches,
  replyAddress,
  signReplyToken,
  tokenFromAddress,
  verifyReplyToken,
} from '../../lib/token.ts';

const SECRET = 'test-secret-one';

describe('reply tokens', () => {
  it('round-trips complaint and IR', () => {
    const token = signReplyToken({ complaint: 'C-1042', ir: 3, recipient: 'jane@acme.test' }, SECRET);

    expect(token).toMatch(/^c1042i3r[0-9a-f]{8}s[0-9a-f]{16}$/);
    const verified = verifyReplyToken(token, SECRET);
    expect(verified?.complaint).toBe('C-1042');
    expect(verified?.ir).toBe(3);
  });

  it('round-trips without an IR', () => {
    const token = signReplyToken({ complaint: 'C-7', recipient: 'jane@acme.test' }, SECRET);

    const verified = verifyReplyToken(token, SECRET);
    expect(verified?.complaint).toBe('C-7');
    expect(verified).not.toHaveProperty('ir');
  });

  it('verifies after a server uppercased it', () => {
    const token = signReplyToken({ complaint: 'C-1042', ir: 1, recipient: 'jane@acme.test' }, SECRET);

    expect(verifyReplyToken(token.toUpperCase(), SECRET)?.complaint).toBe('C-1042');
  });

  it('rejects a token signed with another secret', () => {
    const token = signReplyToken({ complaint: 'C-1042', recipient: 'jane@acme.test' }, 'other-secret');

    expect(verifyReplyToken(token, SECRET)).toBeNull();
  });

  it('rejects edited complaint, IR, recipient or signature', () => {
    const token = signReplyToken({ complaint: 'C-1042', ir: 1, recipient: 'jane@acme.test' }, SECRET);
    const edits = [
      token.replace('c1042', 'c1043'),
      token.replace('i1r', 'i2r'),
      token.replace('i1r', 'r'),
      token.replace(/r([0-9a-f])/, (_match, digit: string) => `r${digit === '0' ? '1' : '0'}`),
      token.slice(0, -1) + (token.endsWith('0') ? '1' : '0'),
    ];
    for (const edited of edits) {
      expect(edited).not.toBe(token);
      expect(verifyReplyToken(edited, SECRET)).toBeNull();
    }
  });

  it('rejects malformed tokens', () => {
    for (const value of ['', 'c1042', 'hello', 'c1042r0000s0000', `c1042r${'0'.repeat(8)}s${'z'.repeat(16)}`]) {
      expect(verifyReplyToken(value, SECRET)).toBeNull();
    }
  });

  it('matches the recipient in any letter case', () => {
    const token = signReplyToken({ complaint: 'C-1042', recipient: 'Jane@Acme.test' }, SECRET);
    const verified = verifyReplyToken(token, SECRET)!;

    expect(recipientMatches(verified, 'jane@acme.test', SECRET)).toBe(true);
    expect(recipientMatches(verified, 'JANE@ACME.TEST', SECRET)).toBe(true);
    expect(recipientMatches(verified, 'tom@acme.test', SECRET)).toBe(false);
    expect(recipientMatches(verified, 'jane@acme.test', 'other-secret')).toBe(false);
  });

  it('rejects invalid complaint numbers and IRs', () => {
    expect(() => signReplyToken({ complaint: '1042', recipient: 'a@b.c' }, SECRET)).toThrow(/invalid complaint/);
    expect(() => signReplyToken({ complaint: 'C-1', ir: 0, recipient: 'a@b.c' }, SECRET)).toThrow(/invalid IR/);
  });
});

describe('reply addresses', () => {
  it('puts the token after a plus', () => {
    const address = replyAddress('ses@agency.example', 'c1r0s1');

    expect(address).toBe('ses+c1r0s1@agency.example');
    expect(tokenFromAddress(address)).toBe('c1r0s1');
  });

  it('replaces an existing plus detail', () => {
    expect(replyAddress('ses+bot@agency.example', 'tok')).toBe('ses+tok@agency.example');
  });

  it('keeps the largest token within 64 characters', () => {
    const token = signReplyToken({ complaint: 'C-999999999999', ir: 999999, recipient: 'a@b.c' }, SECRET);
    const address = replyAddress('complaints-desk@agency.example', token);

    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
  });

  it('rejects a local part over 64 characters', () => {
    expect(() => replyAddress(`${'x'.repeat(40)}@agency.example`, 'y'.repeat(30))).toThrow(/exceeds 64/);
  });

  it('returns no token without a plus', () => {
    expect(tokenFromAddress('ses@agency.example')).toBeNull();
    expect(tokenFromAddress('ses+@agency.example')).toBeNull();
  });

  it('compares base addresses without detail or case', () => {
    expect(baseAddress('SES+abc@Agency.Example')).toBe('ses@agency.example');
  });
});

describe('loadTokenSecret', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sesflow-token-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('prefers SES_TOKEN_SECRET', () => {
    const dir = tempDir();

    expect(loadTokenSecret({ SES_TOKEN_SECRET: 'from-env' }, dir)).toBe('from-env');
  });

  it('generates one secret file with mode 600', () => {
    const dir = path.join(tempDir(), 'data');

    const first = loadTokenSecret({ SES_TOKEN_SECRET: undefined }, dir);
    const second = loadTokenSecret({ SES_TOKEN_SECRET: undefined }, dir);

    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toBe(first);
    const file = path.join(dir, 'token-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

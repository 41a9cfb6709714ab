import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, runCli, tempDataDir } from './run-cli.ts';

/** Variables a `sesflow worker` needs besides the one a case breaks; nothing listens on port 1. */
const WORKER_ENV = {
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/sesflow',
};

describe('sesflow configuration errors', () => {
  let data: ReturnType<typeof tempDataDir>;
  beforeAll(() => {
    data = tempDataDir();
  });
  afterAll(() => data.cleanup());

  const invalidValues: { name: string; env: Record<string, string>; expected: RegExp; hidden?: string }[] = [
    { name: 'PORT=abc', env: { PORT: 'abc' }, expected: /PORT must be a port number from 0 to 65535 \(got "abc"\)/ },
    {
      name: 'IMAP_URL=http://x',
      env: { IMAP_URL: 'http://bot:hunter2@x' },
      expected: /IMAP_URL must be an imap:\/\/ or imaps:\/\/ URL .*\(got scheme "http"\)/,
      hidden: 'hunter2',
    },
    {
      name: 'SES_BOT_ADDRESS=notanemail',
      env: { SES_BOT_ADDRESS: 'notanemail' },
      expected: /SES_BOT_ADDRESS must be an email address .*\(got "notanemail"\)/,
    },
    {
      name: 'TEMPORAL_ADDRESS with a scheme',
      env: { TEMPORAL_ADDRESS: 'http://temporal:7233' },
      expected: /TEMPORAL_ADDRESS must be host:port without a scheme/,
    },
    {
      name: 'DATABASE_URL of another database',
      env: { DATABASE_URL: 'mysql://root:hunter2@db/sesflow' },
      expected: /DATABASE_URL must be a postgresql:\/\/.*\(got scheme "mysql"\)/,
      hidden: 'hunter2',
    },
    {
      name: 'SES_AGENCY_STAFF with an email address',
      env: { SES_AGENCY_STAFF: 'U0STAFF01,sam@agency.test' },
      expected: /SES_AGENCY_STAFF must list Slack user ids .*\(invalid: "sam@agency.test"\)/,
    },
    {
      name: 'LOG_LEVEL=loud',
      env: { LOG_LEVEL: 'loud' },
      expected: /LOG_LEVEL must be one of fatal, .*\(got "loud"\)/,
    },
  ];

  for (const testCase of invalidValues) {
    it(`rejects ${testCase.name} in one line`, async () => {
      const result = await runCli(['worker'], { ...WORKER_ENV, SES_DATA_DIR: data.dir, ...testCase.env });

      expect(result.code).toBe(1);
      const stderr = linesOf(result.stderr);
      expect(stderr).toHaveLength(1);
      expect(stderr[0]).toMatch(/^sesflow: invalid configuration: /);
      expect(stderr[0]).toMatch(testCase.expected);
      if (testCase.hidden) expect(result.stderr + result.stdout).not.toContain(testCase.hidden);
    });
  }

  it('names every invalid variable at once', async () => {
    const result = await runCli(['worker'], {
      ...WORKER_ENV,
      SES_DATA_DIR: data.dir,
      PORT: '70000',
      SES_BOT_ADDRESS: 'ses',
    });

    expect(result.code).toBe(1);
    expect(linesOf(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/PORT must be .*; SES_BOT_ADDRESS must be/);
  });

  const missingVariables: { command: string; env: Record<string, string>; expected: string }[] = [
    {
      command: 'worker',
      env: {},
      expected: 'sesflow: missing configuration for "sesflow worker": TEMPORAL_ADDRESS, DATABASE_URL',
    },
    {
      command: 'slack',
      env: { TEMPORAL_ADDRESS: '127.0.0.1:1', SLACK_SIGNING_SECRET: 'secret' },
      expected: 'sesflow: missing configuration for "sesflow slack": SLACK_BOT_TOKEN',
    },
    {
      command: 'email',
      env: { TEMPORAL_ADDRESS: '127.0.0.1:1', IMAP_URL: 'imap://ses:pw@127.0.0.1:1' },
      expected: 'sesflow: missing configuration for "sesflow email": SMTP_URL, SES_BOT_ADDRESS',
    },
    {
      command: 'start',
      env: { SLACK_BOT_TOKEN: 'xoxb-token' },
      expected:
        'sesflow: missing configuration for "sesflow start": SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)',
    },
    { command: 'migrate', env: {}, expected: 'sesflow: DATABASE_URL is required for "sesflow migrate"' },
  ];

  for (const testCase of missingVariables) {
    it(`names missing variables of ${testCase.command}`, async () => {
      const result = await runCli([testCase.command], { SES_DATA_DIR: data.dir, ...testCase.env });

      expect(result.code).toBe(1);
      expect(linesOf(result.stderr)).toEqual([testCase.expected]);
      expect(result.ms).toBeLessThan(10_000);
    });
  }

  it('logs the failure as one JSON line', async () => {
    const result = await runCli(['worker'], { SES_DATA_DIR: data.dir, PORT: 'abc' });

    const lines = linesOf(result.stdout);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '') as { level: number; msg: string; reason: string };
    expect(entry.level).toBe(60);
    expect(entry.msg).toBe('sesflow failed to start');
    expect(entry.reason).toContain('PORT must be a port number');
  });

  it('rejects an unknown command with status 2', async () => {
    const result = await runCli(['serve'], { SES_DATA_DIR: data.dir });

    expect(result.code).toBe(2);
    expect(linesOf(result.stderr)).toEqual(['sesflow: unknown command "serve"; run "sesflow help" for the list']);
  });

  it('rejects an unknown option with status 2', async () => {
    const result = await runCli(['worker', '--verbose'], { SES_DATA_DIR: data.dir });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown option "--verbose"');
  });

  it('prints usage for help', async () => {
    const result = await runCli(['help'], {});

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: sesflow <command>/);
    for (const command of ['start', 'worker', 'slack', 'email', 'migrate', 'demo']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
  });
});

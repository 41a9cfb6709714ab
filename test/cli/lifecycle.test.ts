import { Connection } from '@temporalio/client';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../infra/temporal.ts';
import { startTestDatabase, type TestDatabase } from '../prisma/databases.ts';
import { closedPort, linesOf, runCli, startCli, tempDataDir } from './run-cli.ts';

/** Worker drain, connection close and process exit; the grace time for activities is 10 s. */
const MAX_STOP_MS = 15_000;

interface LogLine {
  level: number;
  msg: string;
}

function parseLogLines(stdout: string): LogLine[] {
  return linesOf(stdout).map((line) => JSON.parse(line) as LogLine);
}

describe('sesflow processes against one Temporal server and PostgreSQL', () => {
  let temporal: DevServer;
  let database: TestDatabase;
  let data: ReturnType<typeof tempDataDir>;
  beforeAll(async () => {
    data = tempDataDir();
    temporal = await startDevServer({ dataDir: `${data.dir}/temporal`, log: pino({ level: 'silent' }) });
    database = await startTestDatabase('postgresql');
  });
  afterAll(async () => {
    await temporal?.stop();
    await database?.stop();
    data?.cleanup();
  });

  it('migrate applies migrations and registers search attributes', async () => {
    const result = await runCli(['migrate'], {
      SES_DATA_DIR: data.dir,
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
    });

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(parseLogLines(result.stdout).map((line) => line.msg)).toContain('migrations applied');
    const connection = await Connection.connect({ address: temporal.address });
    try {
      const attributes = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(attributes.customAttributes?.ComplaintStatus).toBeDefined();
    } finally {
      await connection.close();
    }
  });

  it('worker stops cleanly on SIGTERM', async () => {
    const worker = startCli(['worker'], {
      SES_DATA_DIR: data.dir,
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      SES_TOKEN_SECRET: 'test-token-secret',
    });
    await worker.waitForOutput('"msg":"sesflow started"', 60_000);
    const signalled = Date.now();
    worker.child.kill('SIGTERM');
    const result = await worker.result;

    expect(result.code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(MAX_STOP_MS);
    expect(result.stderr).toBe('');
    const lines = parseLogLines(result.stdout);
    const messages = lines.map((line) => line.msg);
    expect(messages).toContain('worker stopped');
    expect(messages.at(-1)).toBe('sesflow stopped');
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });

  it('rejects a namespace the server does not have', async () => {
    const result = await runCli(['worker'], {
      SES_DATA_DIR: data.dir,
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'no-such-namespace',
    });

    expect(result.code).toBe(1);
    expect(linesOf(result.stderr)).toEqual([
      `sesflow: Temporal namespace "no-such-namespace" does not exist at ${temporal.address} (TEMPORAL_NAMESPACE); ` +
        'create it with "temporal operator namespace create --namespace no-such-namespace"',
    ]);
  });

  it('fails slack when the Slack Web API is unreachable', async () => {
    const port = await closedPort();
    const result = await runCli(['slack'], {
      SES_DATA_DIR: data.dir,
      TEMPORAL_ADDRESS: temporal.address,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
      SES_AGENCY_STAFF: 'U0STAFF01',
      PORT: '0',
    });

    expect(result.code).toBe(1);
    const stderr = linesOf(result.stderr);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(
      new RegExp(
        `^sesflow: cannot reach the Slack Web API at http://127\\.0\\.0\\.1:${port}/api/ \\(SLACK_API_URL\\): `,
      ),
    );
  });

  it('fails email when the SMTP server is unreachable', async () => {
    const port = await closedPort();
    const result = await runCli(['email'], {
      SES_DATA_DIR: data.dir,
      TEMPORAL_ADDRESS: temporal.address,
      IMAP_URL: `imap://ses:hunter2@127.0.0.1:${port}`,
      SMTP_URL: `smtp://relay:hunter2@127.0.0.1:${port}`,
      SES_BOT_ADDRESS: 'ses@agency.test',
      SES_TOKEN_SECRET: 'test-token-secret',
    });

    expect(result.code).toBe(1);
    expect(linesOf(result.stderr)).toEqual([
      `sesflow: cannot reach the SMTP server at smtp://relay:***@127.0.0.1:${port} (SMTP_URL): connect ECONNREFUSED 127.0.0.1:${port}`,
    ]);
    expect(result.stdout).not.toContain('hunter2');
  });
});

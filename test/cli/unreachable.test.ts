import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, linesOf, runCli, startSilentServer, tempDataDir } from './run-cli.ts';

/** Start-up gives each server 10 s; the process must be gone well before an operator gives up on it. */
const MAX_FAILURE_MS = 15_000;

const SLACK_ENV = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', SES_AGENCY_STAFF: 'U0STAFF01' };

describe('sesflow with unreachable servers', () => {
  let data: ReturnType<typeof tempDataDir>;
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  let closed: number;
  beforeAll(async () => {
    data = tempDataDir();
    silent = await startSilentServer();
    closed = await closedPort();
  });
  afterAll(async () => {
    await silent.stop();
    data.cleanup();
  });

  it('fails migrate on a refused database connection', async () => {
    const url = `postgresql://postgres:hunter2@127.0.0.1:${closed}/sesflow`;
    const result = await runCli(['migrate'], { SES_DATA_DIR: data.dir, DATABASE_URL: url });

    expect(result.code).toBe(1);
    expect(linesOf(result.stderr)).toEqual([
      `sesflow: cannot connect to the database at postgresql://postgres:***@127.0.0.1:${closed}/sesflow (DATABASE_URL): connect ECONNREFUSED 127.0.0.1:${closed}`,
    ]);
    expect(result.stdout).not.toContain('hunter2');
  });

  it('fails migrate on a database that never answers', async () => {
    const url = `postgresql://postgres@127.0.0.1:${silent.port}/sesflow`;
    const result = await runCli(['migrate'], { SES_DATA_DIR: data.dir, DATABASE_URL: url });

    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(MAX_FAILURE_MS);
    const stderr = linesOf(result.stderr);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^sesflow: cannot connect to the database at .* \(DATABASE_URL\): timed out after 10 s/);
  });

  it('fails slack on a refused Temporal connection', async () => {
    const result = await runCli(['slack'], {
      SES_DATA_DIR: data.dir,
      TEMPORAL_ADDRESS: `127.0.0.1:${closed}`,
      ...SLACK_ENV,
    });

    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(MAX_FAILURE_MS);
    const stderr = linesOf(result.stderr);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(
      new RegExp(`^sesflow: cannot reach Temporal at 127\\.0\\.0\\.1:${closed} \\(TEMPORAL_ADDRESS\\) within 10 s`),
    );
  });

  it('fails worker on a Temporal server that never answers', async () => {
    const result = await runCli(['worker'], {
      SES_DATA_DIR: data.dir,
      TEMPORAL_ADDRESS: `127.0.0.1:${silent.port}`,
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${closed}/sesflow`,
    });

    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(MAX_FAILURE_MS);
    expect(linesOf(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain(`cannot reach Temporal at 127.0.0.1:${silent.port} (TEMPORAL_ADDRESS)`);
    for (const line of linesOf(result.stdout)) expect(() => JSON.parse(line)).not.toThrow();
  });
});

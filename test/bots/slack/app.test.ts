import { describe, expect, it } from 'vitest';
import { createSlackBot } from '../../../bots/slack/app.ts';
import { startSlackRecorder } from '../../../infra/slack-recorder.ts';
import { ConfigError, loadConfig, parseAgencyStaff } from '../../../lib/config.ts';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET, testLogger } from '../../support/slack.ts';
import { FakeGateway } from './fake-gateway.ts';

function bot(env: Record<string, string>) {
  return createSlackBot({
    config: loadConfig({ PORT: '0', ...env }),
    gateway: new FakeGateway(),
    log: testLogger(),
    staff: parseAgencyStaff('U0STAFF'),
    host: '127.0.0.1',
  });
}

describe('createSlackBot', () => {
  it('requires a bot token', () => {
    expect(() => bot({ SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET })).toThrow(ConfigError);
    expect(() => bot({ SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET })).toThrow(/SLACK_BOT_TOKEN is missing/);
  });

  it('requires a signing secret in HTTP mode', () => {
    expect(() => bot({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN })).toThrow(/SLACK_SIGNING_SECRET is missing/);
  });

  it('fails to start when auth.test rejects the token', async () => {
    const recorder = await startSlackRecorder({ users: [], token: TEST_BOT_TOKEN });
    try {
      const slack = bot({
        SLACK_BOT_TOKEN: 'xoxb-revoked',
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: recorder.url,
      });
      await expect(slack.start()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
      expect(recorder.calls.map((call) => call.method)).toEqual(['auth.test']);
    } finally {
      await recorder.stop();
    }
  });

  it('listens on a free port and stops', async () => {
    const recorder = await startSlackRecorder({ users: [], token: TEST_BOT_TOKEN });
    try {
      const slack = bot({
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: recorder.url,
      });
      const { port } = await slack.start();
      expect(port).toBeGreaterThan(0);
      const response = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: 'x=1' });
      expect(response.status).toBe(401);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.text()).toBe('ok\n');

      await slack.stop();
      await expect(fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: 'x=1' })).rejects.toThrow();
    } finally {
      await recorder.stop();
    }
  });
});

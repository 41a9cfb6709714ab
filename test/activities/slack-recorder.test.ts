import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackRecorder, type SlackRecorder } from '../../infra/slack-recorder.ts';

let recorder: SlackRecorder;
let client: WebClient;

beforeAll(async () => {
  recorder = await startSlackRecorder({
    users: [{ id: 'U0JANE', name: 'Jane Roe', email: 'jane@acme.test' }],
    team: { id: 'T0TEST', name: 'test' },
  });
  client = new WebClient('xoxb-any', {
    slackApiUrl: recorder.url,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
});

afterAll(async () => {
  await recorder?.stop();
});

describe('Slack Web API recorder', () => {
  it('answers auth.test with the bot and team', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({ ok: true, team_id: 'T0TEST', user_id: 'UBOTSES', bot_id: 'BBOTSES' });
  });

  it('returns the profile email from users.info', async () => {
    const result = await client.users.info({ user: 'U0JANE' });
    expect(result.user?.profile?.email).toBe('jane@acme.test');
    expect(result.user?.real_name).toBe('Jane Roe');
  });

  it('returns user_not_found for an unknown user', async () => {
    await expect(client.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
  });

  it('returns unknown_method for other methods', async () => {
    await expect(client.apiCall('reactions.add', { name: 'tada' })).rejects.toMatchObject({
      data: { ok: false, error: 'unknown_method' },
    });
    expect(recorder.calls.at(-1)).toMatchObject({ method: 'reactions.add', args: { name: 'tada' } });
  });

  it('decodes JSON values of form-encoded arguments', async () => {
    await client.chat.postMessage({ channel: 'C1', text: 'hi', blocks: [{ type: 'divider' }] });
    const call = await recorder.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'C1');
    expect(call.args.blocks).toEqual([{ type: 'divider' }]);
    expect(call.token).toBe('xoxb-any');
  });

  it('accepts JSON bodies', async () => {
    const response = await fetch(`${recorder.url}chat.postEphemeral`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-json' },
      body: JSON.stringify({ channel: 'C2', user: 'U0JANE', text: 'only you' }),
    });
    expect(await response.json()).toMatchObject({ ok: true });
    expect(recorder.calls.at(-1)).toEqual({
      method: 'chat.postEphemeral',
      args: { channel: 'C2', user: 'U0JANE', text: 'only you' },
      token: 'xoxb-json',
    });
  });

  it('records posts to its response URLs', async () => {
    const url = recorder.responseUrl('reply-1');
    const waiting = recorder.waitFor((c) => c.method === 'response_url' && c.target === 'reply-1');
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"done"}' });
    expect((await waiting).args).toEqual({ text: 'done' });
  });

  it('keeps the content of files.uploadV2', async () => {
    await client.files.uploadV2({ channel_id: 'C3', filename: 'a.csv', content: 'x,y\n1,2\n', title: 'A' });
    const file = [...recorder.files.values()].find((candidate) => candidate.channel === 'C3');
    expect(file).toMatchObject({ filename: 'a.csv', title: 'A', content: 'x,y\n1,2\n' });
  });

  it('waits for a set of calls', async () => {
    const waiting = recorder.waitForCalls(
      (calls) => calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C4').length >= 2,
    );
    await client.chat.postMessage({ channel: 'C4', text: 'one' });
    await client.chat.postMessage({ channel: 'C4', text: 'two' });
    const calls = await waiting;
    expect(calls.filter((c) => c.args.channel === 'C4').map((c) => c.args.text)).toEqual(['one', 'two']);
  });

  it('waits for a response URL post', async () => {
    const url = recorder.responseUrl();
    const waiting = recorder.waitForResponse(url);
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"later"}' });
    expect((await waiting).text).toBe('later');
  });

  it('rejects waitFor after the timeout', async () => {
    await expect(recorder.waitFor((c) => c.method === 'never.called', 50)).rejects.toThrow(
      /no matching call within 50 ms/,
    );
    await expect(recorder.waitForCalls(() => false, 50, 'agency post')).rejects.toThrow(/no agency post within 50 ms/);
  });

  it('rejects calls with another token when one is set', async () => {
    const strict = await startSlackRecorder({ users: [], token: 'xoxb-right' });
    try {
      const wrong = new WebClient('xoxb-wrong', {
        slackApiUrl: strict.url,
        retryConfig: { retries: 0 },
        logLevel: LogLevel.ERROR,
      });
      await expect(wrong.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    } finally {
      await strict.stop();
    }
  });
});

/**
 * Drives the Slack bot the way Slack does: signed, form-encoded HTTP requests to the real Bolt
 * receiver, with the bot's Web API calls and response_url replies going to the Slack Web API recorder.
 */
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { createSlackBot, type SlackBot } from '../../bots/slack/app.ts';
import type { SlackGateway } from '../../bots/slack/slack-gateway.ts';
import {
  startSlackRecorder,
  type RecordedCall,
  type RecorderUser,
  type SlackRecorder,
} from '../../infra/slack-recorder.ts';
import { loadConfig, parseAgencyStaff } from '../../lib/config.ts';
import type { Logger } from '../../lib/log.ts';
import { slackSignature } from '../../infra/slack-requests.ts';

export const TEST_SIGNING_SECRET = 'test-signing-secret';
export const TEST_BOT_TOKEN = 'xoxb-test-token';

/** A logger that writes nothing; set LOG_LEVEL to see the bot's logs while debugging a test. */
export function testLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? 'silent' });
}

/** Returns Slack's signature headers for a raw request body. */
export function signSlackRequest(
  secret: string,
  rawBody: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, timestamp, rawBody),
  };
}

export interface SlashCommandFields {
  text: string;
  userId: string;
  responseUrl: string;
  triggerId?: string;
  channelId?: string;
  command?: string;
  teamId?: string;
}

/** Builds the form-encoded body Slack posts for a slash command. */
export function slashCommandBody(fields: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'verification-token-unused',
    team_id: fields.teamId ?? 'T0SESFLOW',
    team_domain: 'sesflow',
    channel_id: fields.channelId ?? 'C0AGENCY',
    channel_name: 'complaints',
    user_id: fields.userId,
    user_name: fields.userId.toLowerCase(),
    command: fields.command ?? '/ses',
    text: fields.text,
    api_app_id: 'A0SESFLOW',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? `trigger-${randomUUID()}`,
  }).toString();
}

export interface SignedPost {
  url: string;
  secret: string;
  body: string;
  contentType?: string;
  timestamp?: number;
  headers?: Record<string, string>;
}

export interface PostResult {
  status: number;
  body: string;
  elapsedMs: number;
}

/** Posts a body signed like Slack signs it; `headers` may override the signature headers. */
export async function postSigned(request: SignedPost): Promise<PostResult> {
  const started = performance.now();
  const response = await fetch(request.url, {
    method: 'POST',
    headers: {
      'content-type': request.contentType ?? 'application/x-www-form-urlencoded',
      ...signSlackRequest(request.secret, request.body, request.timestamp),
      ...request.headers,
    },
    body: request.body,
  });
  const body = await response.text();
  return { status: response.status, body, elapsedMs: performance.now() - started };
}

/** Returns the text of the first post to this response URL of the recorder. */
export async function waitForReply(recorder: SlackRecorder, responseUrl: string, timeoutMs = 5_000): Promise<string> {
  return (await recorder.waitForResponse(responseUrl, timeoutMs)).text;
}

export function repliesTo(recorder: SlackRecorder, responseUrl: string): RecordedCall[] {
  const target = responseUrl.split('/').at(-1);
  return recorder.calls.filter((call) => call.method === 'response_url' && call.target === target);
}

export interface SlackHarness {
  recorder: SlackRecorder;
  bot: SlackBot;
  /** The bot's events URL (`http://127.0.0.1:<port>/slack/events`). */
  eventsUrl: string;
  secret: string;
  /** Sends `/ses <text>` as `userId`; `reply()` waits for the response_url post. */
  command(
    text: string,
    userId: string,
    options?: Partial<SlashCommandFields> & { headers?: Record<string, string>; timestamp?: number },
  ): Promise<PostResult & { triggerId: string; responseUrl: string; reply: () => Promise<string> }>;
  /** Sends a view_submission payload as `userId` and returns the HTTP result with the parsed ack body. */
  submitView(view: Record<string, unknown>, userId: string): Promise<PostResult & { ack: unknown }>;
  stop(): Promise<void>;
}

/** Starts the recorder and the Slack bot on a free port of 127.0.0.1. */
export async function startSlackHarness(options: {
  gateway: SlackGateway;
  users: RecorderUser[];
  /** `SES_AGENCY_STAFF`, e.g. `U0STAFF,@agency.test`. */
  staff: string;
  now?: () => Date;
}): Promise<SlackHarness> {
  const log = testLogger();
  const recorder = await startSlackRecorder({ users: options.users, token: TEST_BOT_TOKEN, log });
  const config = loadConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: recorder.url,
    PORT: '0',
  });
  const bot = createSlackBot({
    config,
    gateway: options.gateway,
    log,
    staff: parseAgencyStaff(options.staff),
    host: '127.0.0.1',
    ...(options.now ? { now: options.now } : {}),
  });
  let port: number | undefined;
  try {
    ({ port } = await bot.start());
  } catch (error) {
    await recorder.stop();
    throw error;
  }
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;

  return {
    recorder,
    bot,
    eventsUrl,
    secret: TEST_SIGNING_SECRET,
    async command(text, userId, extra = {}) {
      const { headers, timestamp, ...fields } = extra;
      const responseUrl = fields.responseUrl ?? recorder.responseUrl();
      const triggerId = fields.triggerId ?? `trigger-${randomUUID()}`;
      const body = slashCommandBody({ ...fields, text, userId, responseUrl, triggerId });
      const result = await postSigned({
        url: eventsUrl,
        secret: TEST_SIGNING_SECRET,
        body,
        ...(headers ? { headers } : {}),
        ...(timestamp === undefined ? {} : { timestamp }),
      });
      return { ...result, triggerId, responseUrl, reply: () => waitForReply(recorder, responseUrl) };
    },
    async submitView(view, userId) {
      const payload = {
        type: 'view_submission',
        team: { id: 'T0SESFLOW', domain: 'sesflow' },
        user: { id: userId, name: userId.toLowerCase(), team_id: 'T0SESFLOW' },
        api_app_id: 'A0SESFLOW',
        token: 'verification-token-unused',
        trigger_id: `trigger-${randomUUID()}`,
        view,
      };
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const result = await postSigned({ url: eventsUrl, secret: TEST_SIGNING_SECRET, body });
      return { ...result, ack: result.body ? (JSON.parse(result.body) as unknown) : undefined };
    },
    async stop() {
      await bot.stop();
      await recorder.stop();
    },
  };
}

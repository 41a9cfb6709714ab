/**
 * Sends slash commands to a Slack bot's HTTP receiver the way Slack does: form-encoded and
 * signed with the app's signing secret. The demo and the tests use it in place of Slack.
 */
import { createHmac, randomUUID } from 'node:crypto';

export interface SlashCommand {
  /** The bot's request URL, e.g. `http://127.0.0.1:3000/slack/events`. */
  url: string;
  signingSecret: string;
  userId: string;
  userName?: string;
  text: string;
  /** Where the bot posts its delayed replies; the Web API recorder serves one. */
  responseUrl: string;
  command?: string;
  triggerId?: string;
  channelId?: string;
  teamId?: string;
  /** Seconds since the epoch for the signature; defaults to now. */
  timestamp?: number;
  retryNum?: number;
}

/** Returns Slack's `v0` request signature of a raw body. */
export function slackSignature(signingSecret: string, timestamp: number, rawBody: string): string {
  return 'v0=' + createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
}

/** Posts a signed slash command and returns the HTTP response (the bot's ack). */
export async function sendSlashCommand(command: SlashCommand): Promise<Response> {
  const body = new URLSearchParams({
    token: 'unused-verification-token',
    team_id: command.teamId ?? 'T0SESFLOW',
    channel_id: command.channelId ?? 'C0AGENCY',
    user_id: command.userId,
    user_name: command.userName ?? command.userId,
    command: command.command ?? '/ses',
    text: command.text,
    response_url: command.responseUrl,
    trigger_id: command.triggerId ?? `trigger-${randomUUID()}`,
    api_app_id: 'A0SESFLOW',
  }).toString();
  const timestamp = command.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(command.signingSecret, timestamp, body),
  };
  if (command.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(command.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(command.url, { method: 'POST', headers, body });
}

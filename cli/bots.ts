/**
 * Starts the Slack bot and the email bot roles from the configuration. `checkRoleConfig` has
 * already rejected a half-configured bot, so here a bot is on exactly when its main variable is set.
 */
import type { Client } from '@temporalio/client';
import nodemailer from 'nodemailer';
import { parseAgencyStaff, type Config } from '../lib/config.ts';
import { log } from '../lib/log.ts';
import { loadTokenSecret } from '../lib/token.ts';
import { Gateway } from '../bots/gateway.ts';
import { createSlackBot } from '../bots/slack/app.ts';
import { startEmailBot } from '../bots/email/bot.ts';
import { CONNECT_TIMEOUT_MS, withTimeout } from './connect.ts';
import { StartupError, messageOf, redactUrl, rootMessageOf } from './errors.ts';

/** Starts the Slack bot when `SLACK_BOT_TOKEN` is set. */
export async function startSlackRole(options: {
  config: Config;
  client: Client;
}): Promise<{ port: number | undefined; stop: () => Promise<void> } | undefined> {
  const { config } = options;
  if (!config.SLACK_BOT_TOKEN) {
    log.info('Slack bot off: SLACK_BOT_TOKEN is unset');
    return undefined;
  }
  const bot = createSlackBot({
    config,
    gateway: new Gateway(options.client),
    log: log.child({ role: 'slack' }),
    staff: parseAgencyStaff(config.SES_AGENCY_STAFF),
  });
  try {
    const { port } = await bot.start();
    return { port, stop: bot.stop };
  } catch (error) {
    await bot.stop().catch(() => undefined);
    throw slackStartError(config, error);
  }
}

/** Turns the ways the Slack bot fails to start into one line that names the variable to check. */
function slackStartError(config: Config, error: unknown): StartupError {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    return new StartupError(`the Slack bot cannot listen on PORT ${config.PORT}: ${messageOf(error)}`);
  }
  const apiUrl = config.SLACK_API_URL ?? 'https://slack.com/api/';
  if (code === 'slack_webapi_platform_error') {
    return new StartupError(
      `Slack rejected SLACK_BOT_TOKEN when the bot called auth.test at ${apiUrl}: ${messageOf(error)}`,
    );
  }
  if (code === 'slack_webapi_request_error') {
    return new StartupError(`cannot reach the Slack Web API at ${apiUrl} (SLACK_API_URL): ${rootMessageOf(error)}`);
  }
  return new StartupError(`the Slack bot failed to start: ${messageOf(error)}`);
}

/** Starts the email bot when `IMAP_URL` is set; `checkRoleConfig` made sure `SMTP_URL` and `SES_BOT_ADDRESS` are too. */
export async function startEmailRole(options: {
  config: Config;
  client: Client;
  dataDir: string;
}): Promise<(() => Promise<void>) | undefined> {
  const { config } = options;
  const { IMAP_URL: imapUrl, SMTP_URL: smtpUrl, SES_BOT_ADDRESS: botAddress } = config;
  if (!imapUrl) {
    log.info('email bot off: IMAP_URL is unset');
    return undefined;
  }
  if (!smtpUrl || !botAddress) throw new StartupError('the email bot needs SMTP_URL and SES_BOT_ADDRESS');

  const transport = nodemailer.createTransport({ url: smtpUrl, pool: true });
  try {
    await withTimeout(transport.verify(), CONNECT_TIMEOUT_MS);
  } catch (error) {
    transport.close();
    throw new StartupError(`cannot reach the SMTP server at ${redactUrl(smtpUrl)} (SMTP_URL): ${messageOf(error)}`);
  }

  const tokenSecret = loadTokenSecret(config, options.dataDir);
  let bot: Awaited<ReturnType<typeof startEmailBot>>;
  try {
    const starting = startEmailBot({
      imapUrl,
      gateway: new Gateway(options.client),
      botAddress,
      tokenSecret,
      transport,
      log: log.child({ role: 'email' }),
    });
    bot = await withTimeout(starting, CONNECT_TIMEOUT_MS);
  } catch (error) {
    transport.close();
    throw new StartupError(`cannot open the mailbox at ${redactUrl(imapUrl)} (IMAP_URL): ${imapReason(error)}`);
  }
  log.info({ botAddress }, 'email bot started');
  return async () => {
    await bot.stop();
    transport.close();
  };
}

function imapReason(error: unknown): string {
  // imapflow marks a rejected LOGIN with `authenticationFailed` and a generic "Command failed" message.
  if ((error as { authenticationFailed?: boolean }).authenticationFailed)
    return 'the server rejected the user name or password';
  return messageOf(error);
}

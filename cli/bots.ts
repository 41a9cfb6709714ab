/** Starts the Slack bot and the email bot roles from the configuration. */
import type { Client } from '@temporalio/client';
import nodemailer from 'nodemailer';
import { ConfigError, parseAgencyStaff, type Config } from '../lib/config.ts';
import { log } from '../lib/log.ts';
import { loadTokenSecret } from '../lib/token.ts';
import { Gateway } from '../bots/gateway.ts';
import { createSlackBot } from '../bots/slack/app.ts';
import { startEmailBot } from '../bots/email/bot.ts';

/** Starts the Slack bot when its variables are set; with `required`, missing ones are a configuration error. */
export async function startSlackRole(options: {
  config: Config;
  client: Client;
  required: boolean;
}): Promise<{ port: number | undefined; stop: () => Promise<void> } | undefined> {
  const { config } = options;
  if (!config.SLACK_BOT_TOKEN || !config.SLACK_SIGNING_SECRET) {
    if (options.required)
      throw new ConfigError('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are required for "sesflow slack"');
    log.info('Slack bot off: SLACK_BOT_TOKEN or SLACK_SIGNING_SECRET is unset');
    return undefined;
  }
  const bot = createSlackBot({
    config,
    gateway: new Gateway(options.client),
    log: log.child({ role: 'slack' }),
    staff: parseAgencyStaff(config.SES_AGENCY_STAFF),
  });
  const { port } = await bot.start();
  return { port, stop: bot.stop };
}

/** Starts the email bot when `IMAP_URL` is set; it then needs `SMTP_URL` and `SES_BOT_ADDRESS` too. */
export async function startEmailRole(options: {
  config: Config;
  client: Client;
  dataDir: string;
  required: boolean;
}): Promise<(() => Promise<void>) | undefined> {
  const { config } = options;
  if (!config.IMAP_URL) {
    if (options.required) throw new ConfigError('IMAP_URL is required for "sesflow email"');
    log.info('email bot off: IMAP_URL is unset');
    return undefined;
  }
  if (!config.SMTP_URL || !config.SES_BOT_ADDRESS) {
    throw new ConfigError('SMTP_URL and SES_BOT_ADDRESS are required when IMAP_URL is set');
  }
  const transport = nodemailer.createTransport({ url: config.SMTP_URL, pool: true });
  const bot = await startEmailBot({
    imapUrl: config.IMAP_URL,
    gateway: new Gateway(options.client),
    botAddress: config.SES_BOT_ADDRESS,
    tokenSecret: loadTokenSecret(config, options.dataDir),
    transport,
    log: log.child({ role: 'email' }),
  });
  log.info('email bot started');
  return async () => {
    await bot.stop();
    transport.close();
  };
}

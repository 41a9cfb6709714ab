/**
 * The Slack bot: a Bolt app with the `/ses` slash command and its modal forms. It receives requests
 * over HTTP, or over Socket Mode when `SLACK_APP_TOKEN` is set, and reaches Temporal only through
 * the gateway.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, type CustomRoute, type ViewSubmitAction } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import { ConfigError, type AgencyStaff, type Config } from '../../lib/config.ts';
import type { Logger } from '../../lib/log.ts';
import { boltLogger } from './bolt-logger.ts';
import { CallerResolver } from './caller.ts';
import { FORM_CALLBACK_PREFIX } from './forms.ts';
import { handleFormSubmission, handleSlashCommand, type Handlers } from './handlers.ts';
import type { SlackGateway } from './slack-gateway.ts';

export const SLASH_COMMAND = '/ses';

/**
 * Retries of Web API calls: the bot's calls serve a person waiting for a reply (and `views.open`
 * must happen within 3 s of the command), so a few quick retries beat the SDK's 30-minute default.
 */
export const WEB_API_RETRY: RetryOptions = { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1_000 };
const WEB_API_TIMEOUT_MS = 10_000;

/** `GET /healthz` returns 200 while the HTTP receiver runs, for load balancers and process supervisors. */
export const HEALTH_ROUTE: CustomRoute = {
  path: '/healthz',
  method: ['GET'],
  handler: (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('ok\n');
  },
};

export interface SlackBotOptions {
  config: Config;
  gateway: SlackGateway;
  log: Logger;
  staff: AgencyStaff;
  /** Interface the HTTP receiver listens on; all interfaces when absent. */
  host?: string;
  now?: () => Date;
}

export interface SlackBot {
  app: App;
  /** Verifies the bot token with `auth.test`, then listens; `port` is the bound HTTP port (none in Socket Mode). */
  start(): Promise<{ port: number | undefined }>;
  /** Stops receiving, then waits for the commands already acknowledged to finish. */
  stop(): Promise<void>;
}

export function createSlackBot(options: SlackBotOptions): SlackBot {
  const { config, gateway, staff } = options;
  const log = options.log.child({ component: 'slack' });
  if (!config.SLACK_BOT_TOKEN) throw new ConfigError('SLACK_BOT_TOKEN is missing; the Slack bot needs a bot token.');
  const socketMode = config.SLACK_APP_TOKEN !== undefined;
  if (!socketMode && !config.SLACK_SIGNING_SECRET) {
    throw new ConfigError('SLACK_SIGNING_SECRET is missing; set it for HTTP mode, or SLACK_APP_TOKEN for Socket Mode.');
  }

  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    ...(socketMode
      ? { socketMode: true, appToken: config.SLACK_APP_TOKEN }
      : { signingSecret: config.SLACK_SIGNING_SECRET, port: config.PORT, customRoutes: [HEALTH_ROUTE] }),
    // auth.test runs in start(), where its failure can stop the process, instead of in the constructor.
    deferInitialization: true,
    logger: boltLogger(log),
    clientOptions: {
      retryConfig: WEB_API_RETRY,
      timeout: WEB_API_TIMEOUT_MS,
      ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    },
  });

  const inFlight = new Set<Promise<void>>();
  const track = async (work: Promise<void>): Promise<void> => {
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  };
  const handlers: Handlers = {
    gateway,
    client: app.client,
    callers: new CallerResolver(app.client, staff, gateway, log),
    log,
    now: options.now ?? (() => new Date()),
  };

  app.command(SLASH_COMMAND, async ({ command, ack, respond, context }) => {
    // Acknowledge before any other work: Slack shows the user an error when the ack takes over 3 s,
    // and a Temporal update can take longer than that. The result arrives later through response_url.
    await ack();
    await track(handleSlashCommand(handlers, command, respond, context.retryNum));
  });

  app.view<ViewSubmitAction>(
    { callback_id: new RegExp(`^${FORM_CALLBACK_PREFIX}`), type: 'view_submission' },
    async ({ ack, body }) => {
      await track(handleFormSubmission(handlers, body, ack));
    },
  );

  app.error(async (error) => {
    log.error({ err: error }, 'Slack listener failed');
  });

  return {
    app,
    async start() {
      await app.init();
      if (socketMode) {
        // NOTE: the tests drive the HTTP receiver only; this Socket Mode path has not run against a server.
        await app.start();
        log.info({ mode: 'socket' }, 'Slack bot started');
        return { port: undefined };
      }
      const server = (await app.start({
        port: config.PORT,
        ...(options.host ? { host: options.host } : {}),
      })) as Server;
      const port = (server.address() as AddressInfo).port;
      log.info({ mode: 'http', port }, 'Slack bot started');
      return { port };
    },
    async stop() {
      await app.stop();
      await Promise.allSettled([...inFlight]);
      log.info('Slack bot stopped');
    },
  };
}

/**
 * Builds the activity implementations the worker registers: records through Prisma, email through
 * nodemailer, and Slack messages through the Web API client.
 */
import { WebClient } from '@slack/web-api';
import nodemailer from 'nodemailer';
import type { Config } from '../lib/config.ts';
import { createPrisma } from '../lib/db.ts';
import { log } from '../lib/log.ts';
import { loadTokenSecret } from '../lib/token.ts';
import type { Activities, EmailRequest } from './contract.ts';
import { createEmailActivities } from './email.ts';
import { prismaNotificationStore } from './email-store.ts';
import { buildComplaintsCsv } from './export-csv.ts';
import { claimNotification, createRecordActivities, markNotificationSent } from './records.ts';
import { createSlackActivities } from './slack.ts';

/** Web API retries of the activities: short, because Temporal retries the whole activity anyway. */
const SLACK_RETRY = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 };

export interface ActivityResources {
  implementations: Activities;
  close(): Promise<void>;
}

export async function createActivities(options: {
  config: Config;
  databaseUrl: string;
  databasePoolMax?: number;
  dataDir: string;
}): Promise<ActivityResources> {
  const { config } = options;
  const prisma = createPrisma(options.databaseUrl, { poolMax: options.databasePoolMax });
  const records = createRecordActivities(prisma);

  const transport = config.SMTP_URL ? nodemailer.createTransport({ url: config.SMTP_URL, pool: true }) : undefined;
  const email =
    transport && config.SES_BOT_ADDRESS
      ? createEmailActivities({
          transport,
          botAddress: config.SES_BOT_ADDRESS,
          tokenSecret: loadTokenSecret(config, options.dataDir),
          store: prismaNotificationStore(prisma),
          log: log.child({ component: 'email-activities' }),
        })
      : { sendEmail: skipEmail };

  const slack = createSlackActivities({
    client: new WebClient(config.SLACK_BOT_TOKEN, {
      retryConfig: SLACK_RETRY,
      ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    }),
    channel: config.SES_AGENCY_CHANNEL ?? '',
    log,
    store: {
      claim: (claim) => claimNotification(prisma, claim),
      markSent: (key, messageId) => markNotificationSent(prisma, key, messageId),
    },
    buildCsv: (status) => buildComplaintsCsv(prisma, status),
  });
  const notifyAgency: Activities['notifyAgency'] =
    config.SLACK_BOT_TOKEN && config.SES_AGENCY_CHANNEL ? slack.notifyAgency : skipAgencyNotice;

  return {
    implementations: {
      record: records.record,
      sendEmail: email.sendEmail,
      notifyAgency,
      exportComplaints: slack.exportComplaints,
    },
    async close() {
      transport?.close();
      await prisma.$disconnect();
    },
  };
}

/** Stands in for `sendEmail` when outgoing mail is not configured: the notice is logged, not sent. */
async function skipEmail(request: EmailRequest): Promise<void> {
  log.warn(
    { key: request.key, complaint: request.complaintNumber, notice: request.notice.kind },
    'email off (SMTP_URL or SES_BOT_ADDRESS unset); notice not sent',
  );
}

async function skipAgencyNotice(request: Parameters<Activities['notifyAgency']>[0]): Promise<void> {
  log.warn(
    { key: request.key, complaint: request.complaintNumber, notice: request.notice.kind },
    'Slack off (SLACK_BOT_TOKEN or SES_AGENCY_CHANNEL unset); agency notice not posted',
  );
}

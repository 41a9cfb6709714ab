/**
 * Slack activities: agency notices posted to the agency channel, and the complaints CSV uploaded
 * for `/ses export`. Both claim their key in a notification store first, so a retried activity
 * posts nothing twice once the first attempt is recorded as sent.
 */
import type { WebClient } from '@slack/web-api';
import { renderAgencyNotice } from '../bots/slack/agency-notices.ts';
import type { Logger } from '../lib/log.ts';
import type { AgencyNoticeRequest, ExportRequest } from './contract.ts';

export interface SlackNotificationClaim {
  key: string;
  channel: 'slack';
  /** Slack channel or user id the message goes to. */
  recipient: string;
  kind: string;
  complaintNumber?: string;
}

/** Record of sent Slack messages; `activities/records.ts` has the database-backed functions. */
export interface SlackNotificationStore {
  /** Records the message before it is sent; returns false when an earlier attempt already sent it. */
  claim(claim: SlackNotificationClaim): Promise<boolean>;
  /** Marks the message sent; `messageId` is the Slack message `ts` or file id. */
  markSent(key: string, messageId?: string): Promise<void>;
}

export type ExportStatus = ExportRequest['status'];

export interface SlackActivityOptions {
  client: WebClient;
  /** `SES_AGENCY_CHANNEL`: the channel id for agency notices. */
  channel: string;
  log: Logger;
  store: SlackNotificationStore;
  /** Builds the CSV of complaints with the given status and counts its data rows. */
  buildCsv(status: ExportStatus): Promise<{ csv: string; rows: number }>;
  now?: () => Date;
}

export interface SlackActivities {
  notifyAgency(request: AgencyNoticeRequest): Promise<void>;
  exportComplaints(request: ExportRequest): Promise<{ rows: number }>;
}

export function createSlackActivities(options: SlackActivityOptions): SlackActivities {
  const { client, store } = options;
  const log = options.log.child({ component: 'slack-activities' });
  const now = options.now ?? (() => new Date());

  return {
    async notifyAgency(request) {
      const key = `slack:agency:${request.key}`;
      const fields = { key, complaintNumber: request.complaintNumber, kind: request.notice.kind };
      const claimed = await store.claim({
        key,
        channel: 'slack',
        recipient: options.channel,
        kind: request.notice.kind,
        complaintNumber: request.complaintNumber,
      });
      if (!claimed) {
        log.info(fields, 'agency notice already sent');
        return;
      }

      const result = await client.chat.postMessage({
        channel: options.channel,
        text: renderAgencyNotice(request.complaintNumber, request.notice),
        unfurl_links: false,
        unfurl_media: false,
      });
      await store.markSent(key, result.ts);
      log.info({ ...fields, ts: result.ts }, 'agency notice posted');
    },

    async exportComplaints(request) {
      const key = `slack:export:${request.key}`;
      const { csv, rows } = await options.buildCsv(request.status);
      const claimed = await store.claim({ key, channel: 'slack', recipient: request.channel, kind: 'export' });
      if (!claimed) {
        log.info({ key, rows }, 'complaints export already uploaded');
        return { rows };
      }

      const channelId = await conversationFor(client, request.channel);
      const date = now().toISOString().slice(0, 10);
      const noun = rows === 1 ? 'complaint' : 'complaints';
      const upload = await client.files.uploadV2({
        channel_id: channelId,
        filename: `complaints-${request.status}-${date}.csv`,
        title: `Complaints (${request.status}) ${date}`,
        content: csv,
        initial_comment: `${rows} ${noun}, status ${request.status}.`,
      });
      const fileId = uploadedFileId(upload);
      await store.markSent(key, fileId);
      log.info({ key, rows, status: request.status, fileId }, 'complaints export uploaded');
      return { rows };
    },
  };
}

/** Returns a conversation id for a user id (`U…`, `W…`) by opening the direct message; other ids pass through. */
async function conversationFor(client: WebClient, channel: string): Promise<string> {
  if (!/^[UW][A-Z0-9]+$/.test(channel)) return channel;
  const opened = await client.conversations.open({ users: channel });
  const id = opened.channel?.id;
  if (!id) throw new Error(`conversations.open returned no channel for user ${channel}`);
  return id;
}

/** Reads the first file id out of `files.uploadV2`'s result, which nests one completion per upload. */
function uploadedFileId(result: unknown): string | undefined {
  const completions = (result as { files?: { files?: { id?: string }[] }[] }).files;
  return completions?.[0]?.files?.[0]?.id;
}

/** A notification store in memory, for tests and for running without a database. */
export function createMemoryNotificationStore(): SlackNotificationStore & { sent: Map<string, string | undefined> } {
  const claimed = new Set<string>();
  const sent = new Map<string, string | undefined>();
  return {
    sent,
    async claim(claim) {
      claimed.add(claim.key);
      return !sent.has(claim.key);
    },
    async markSent(key, messageId) {
      if (!claimed.has(key)) throw new Error(`notification ${key} was never claimed`);
      sent.set(key, messageId);
    },
  };
}

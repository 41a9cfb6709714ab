/**
 * The record activity: mirrors each workflow event into the database rows and an audit event,
 * plus the idempotency rows the email and Slack activities use around their sends.
 */
import { Channel, type Db, type Prisma, type PrismaClient } from '../lib/db.ts';
import { log } from '../lib/log.ts';
import type { RecordEvent } from './contract.ts';
import { writeEventRows } from './records-rows.ts';

export { actorName, normalizeCompanyName } from './records-rows.ts';

// Interactive transactions wait behind each other on PGlite, which runs one transaction at a time.
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

const INBOUND_SOURCES: Record<string, Channel> = { 'email:': Channel.Email, 'slack:': Channel.Slack };

export interface RecordActivities {
  record(event: RecordEvent): Promise<void>;
}

/**
 * Builds the record activity. Each event is written in one transaction: the audit event first,
 * whose unique key makes a repeated event a no-op, then the domain rows. Events whose key starts
 * with `email:` or `slack:` also mark that inbound message as processed.
 */
export function createRecordActivities(prisma: PrismaClient): RecordActivities {
  return {
    async record(event) {
      const written = await prisma.$transaction(async (tx) => {
        const inserted = await tx.auditEvent.createMany({ data: [auditRow(event)], skipDuplicates: true });
        if (inserted.count === 0) return false;

        await writeEventRows(tx, event);
        await markInboundProcessed(tx, event);
        return true;
      }, TRANSACTION_OPTIONS);

      if (!written) log.debug({ key: event.key, type: event.type }, 'record event already written');
    },
  };
}

function auditRow(event: RecordEvent): Prisma.AuditEventCreateManyInput {
  const { key, at, actor, complaintNumber, companyId, type, ...data } = event;
  // Draft text is stored once, in response_version, next to its restricted flag.
  if ('text' in data) delete (data as { text?: string }).text;
  return {
    key,
    at: new Date(at),
    complaintNumber: complaintNumber ?? null,
    companyId: companyId ?? null,
    type,
    actor: toJson(actor),
    data: toJson(data),
  };
}

/** Drops `undefined` members, which JSON columns cannot hold. */
function toJson(value: object): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonObject;
}

async function markInboundProcessed(tx: Prisma.TransactionClient, event: RecordEvent): Promise<void> {
  const prefix = Object.keys(INBOUND_SOURCES).find((candidate) => event.key.startsWith(candidate));
  if (!prefix) return;
  const source = INBOUND_SOURCES[prefix] as Channel;
  const externalId = event.key.slice(prefix.length);
  await tx.inboundMessage.upsert({
    where: { source_externalId: { source, externalId } },
    create: { source, externalId, complaintNumber: event.complaintNumber ?? null, receivedAt: new Date(event.at) },
    update: {},
  });
}

/** True when the bot has already acted on this inbound email (`Message-ID`) or Slack request id. */
export async function isInboundProcessed(prisma: Db, source: 'email' | 'slack', externalId: string): Promise<boolean> {
  const row = await prisma.inboundMessage.findUnique({
    where: { source_externalId: { source: source === 'email' ? Channel.Email : Channel.Slack, externalId } },
    select: { id: true },
  });
  return row !== null;
}

export interface NotificationClaim {
  key: string;
  channel: 'email' | 'slack';
  recipient: string;
  kind: string;
  complaintNumber?: string;
}

/**
 * Claims the send of one notification and returns false when a message with this key was already
 * sent. A claim without `markNotificationSent` (a crash between claim and send) returns true
 * again, so the retried activity sends it. At worst a message goes out twice, never zero times.
 */
export async function claimNotification(prisma: Db, claim: NotificationClaim): Promise<boolean> {
  await prisma.notification.createMany({
    data: [
      {
        key: claim.key,
        channel: claim.channel === 'email' ? Channel.Email : Channel.Slack,
        recipient: claim.recipient,
        kind: claim.kind,
        complaintNumber: claim.complaintNumber ?? null,
      },
    ],
    skipDuplicates: true,
  });
  const row = await prisma.notification.findUniqueOrThrow({ where: { key: claim.key }, select: { sentAt: true } });
  return row.sentAt === null;
}

/** Marks a claimed notification as sent, with the email Message-ID or Slack message `ts` when there is one. */
export async function markNotificationSent(prisma: Db, key: string, messageId?: string): Promise<void> {
  const updated = await prisma.notification.updateMany({
    where: { key },
    data: { sentAt: new Date(), messageId: messageId ?? null },
  });
  if (updated.count === 0) throw new Error(`notification ${key} was never claimed; call claimNotification first`);
}

/**
 * Returns the Message-IDs of the emails sent and received about a complaint, oldest first, for the
 * References header of the next email. The ids are returned as stored, with their angle brackets.
 */
export async function threadMessageIds(prisma: Db, complaintNumber: string): Promise<string[]> {
  const sent = await prisma.notification.findMany({
    where: { complaintNumber, channel: Channel.Email, sentAt: { not: null }, messageId: { not: null } },
    select: { messageId: true, sentAt: true },
  });
  const received = await prisma.inboundMessage.findMany({
    where: { complaintNumber, source: Channel.Email },
    select: { externalId: true, receivedAt: true },
  });

  const messages = [
    ...sent.map((row) => ({ id: row.messageId as string, at: (row.sentAt as Date).getTime() })),
    ...received.map((row) => ({ id: row.externalId, at: row.receivedAt.getTime() })),
  ];
  messages.sort((a, b) => a.at - b.at);
  return [...new Set(messages.map((message) => message.id))];
}

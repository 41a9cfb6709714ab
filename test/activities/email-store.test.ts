import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailRequest } from '../../activities/contract.ts';
import { createEmailActivities, messageIdForKey } from '../../activities/email.ts';
import { prismaNotificationStore } from '../../activities/email-store.ts';
import { createPrisma, type PrismaClient } from '../../lib/db.ts';
import { applyMigrations } from '../../prisma/migrate.ts';
import { memoryLogger, startTestDatabase, type TestDatabase } from '../prisma/databases.ts';
import { captureLog, startMailStack, type MailStack } from '../support/mail.ts';

const BOT = 'ses@agency.example';

let mail: MailStack;
let database: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  mail = await startMailStack(['ses', 'jane']);
  database = await startTestDatabase('postgresql');
  await applyMigrations(database.url, memoryLogger());
  prisma = createPrisma(database.url, { poolMax: database.poolMax });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.stop();
  await mail?.stop();
});

function request(key: string, kind: 'reminder' | 'pastDue'): EmailRequest {
  return {
    key,
    to: { email: 'Jane@acme.test' },
    complaintNumber: 'C-5000',
    companyId: 'acme',
    ir: 1,
    notice: { kind, ir: 1, dueAt: '2027-01-15T22:00:00.000Z' },
  };
}

describe('sendEmail with the database store', () => {
  it('sends once and threads through the database', async () => {
    const { sendEmail } = createEmailActivities({
      transport: mail.transport,
      botAddress: BOT,
      tokenSecret: 'store-test-secret',
      store: prismaNotificationStore(prisma),
      log: captureLog().log,
    });

    await sendEmail(request('store-1', 'reminder'));
    await sendEmail(request('store-1', 'reminder'));
    await sendEmail(request('store-2', 'pastDue'));

    const first = messageIdForKey('store-1', BOT);
    const second = await mail.waitForMail('jane', (m) => m.parsed.messageId === messageIdForKey('store-2', BOT));
    expect(second.parsed.inReplyTo).toBe(first);
    const fromFirstKey = (await (await mail.mailbox('jane')).messages()).filter((m) => m.parsed.messageId === first);
    expect(fromFirstKey).toHaveLength(1);
    const rows = await prisma.notification.findMany({ where: { complaintNumber: 'C-5000' }, orderBy: { key: 'asc' } });
    expect(rows.map((row) => [row.key, row.recipient, row.messageId])).toEqual([
      ['store-1', 'jane@acme.test', first],
      ['store-2', 'jane@acme.test', messageIdForKey('store-2', BOT)],
    ]);
  });
});

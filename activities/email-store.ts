import type { Db } from '../lib/db.ts';
import type { NotificationStore } from './email.ts';
import { claimNotification, markNotificationSent, threadMessageIds } from './records.ts';

/** Builds the email activity's notification store on the records tables. */
export function prismaNotificationStore(prisma: Db): NotificationStore {
  return {
    claim: (claim) => claimNotification(prisma, { ...claim, channel: 'email' }),
    markSent: (key, messageId) => markNotificationSent(prisma, key, messageId),
    threadMessageIds: (complaintNumber) => threadMessageIds(prisma, complaintNumber),
  };
}

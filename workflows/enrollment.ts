/**
 * The enrollment workflow, `enrollment-<companyId>`: emails the invitation to the company's first
 * user, then repeats it every few business days at 9:00 AM ET until the registry reports the
 * invitation accepted or the last reminder is out.
 */
import { condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { addBusinessDays, easternDate, easternInstant, FULL_ACCESS_START_HOUR } from '../domain/hours.ts';
import { sendEmailLogged } from './activities.ts';
import { enrollmentAccepted, type EnrollmentInput } from './messages.ts';

export const INVITATION_REMINDER_BUSINESS_DAYS = 3;
export const MAX_INVITATION_REMINDERS = 3;

/** Returns 9:00 AM ET on the business day that lies `INVITATION_REMINDER_BUSINESS_DAYS` after `sentAt`. */
export function nextInvitationReminder(sentAt: Date): Date {
  const date = addBusinessDays(easternDate(sentAt), INVITATION_REMINDER_BUSINESS_DAYS);
  return easternInstant(date, FULL_ACCESS_START_HOUR);
}

export async function enrollment(input: EnrollmentInput): Promise<{ accepted: boolean; reminders: number }> {
  let accepted = false;
  setHandler(enrollmentAccepted, () => {
    accepted = true;
  });

  const keyPrefix = workflowInfo().workflowId;
  const invite = async (key: string) => {
    await sendEmailLogged({
      key,
      to: input.invited,
      complaintNumber: input.complaintNumber,
      companyId: input.companyId,
      notice: { kind: 'invitation', companyName: input.companyName, summary: input.summary },
    });
  };

  await invite(`${keyPrefix}:invitation`);
  for (let reminder = 1; reminder <= MAX_INVITATION_REMINDERS; reminder += 1) {
    const waitMs = Math.max(1, nextInvitationReminder(new Date()).getTime() - new Date().getTime());
    if (accepted || (await condition(() => accepted, waitMs))) return { accepted: true, reminders: reminder - 1 };
    await invite(`${keyPrefix}:invitation-reminder-${reminder}`);
  }
  return { accepted, reminders: MAX_INVITATION_REMINDERS };
}

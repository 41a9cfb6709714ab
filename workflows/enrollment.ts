/**
 * The enrollment workflow, `enrollment-<companyId>-<complaintNumber>`: emails the invitation to the
 * company's first user about one complaint, then repeats it as a reminder every few business days
 * at 9:00 AM ET. It stops when the registry reports the invitation accepted or withdrawn, or after
 * the last reminder, which it reports to the registry so the next complaint invites again.
 */
import { condition, getExternalWorkflowHandle, log, setHandler, workflowInfo } from '@temporalio/workflow';
import { addBusinessDays, easternDate, easternInstant, FULL_ACCESS_START_HOUR } from '../domain/hours.ts';
import { sendEmailLogged } from './activities.ts';
import {
  enrollmentAccepted,
  invitationEnded,
  invitationWithdrawn,
  REGISTRY_WORKFLOW_ID,
  type EnrollmentInput,
} from './messages.ts';

export const INVITATION_REMINDER_BUSINESS_DAYS = 3;
export const MAX_INVITATION_REMINDERS = 3;

/** Returns 9:00 AM ET on the business day that lies `INVITATION_REMINDER_BUSINESS_DAYS` after `sentAt`. */
export function nextInvitationReminder(sentAt: Date): Date {
  const date = addBusinessDays(easternDate(sentAt), INVITATION_REMINDER_BUSINESS_DAYS);
  return easternInstant(date, FULL_ACCESS_START_HOUR);
}

export interface EnrollmentResult {
  accepted: boolean;
  withdrawn: boolean;
  reminders: number;
}

export async function enrollment(input: EnrollmentInput): Promise<EnrollmentResult> {
  let accepted = false;
  let withdrawn = false;
  setHandler(enrollmentAccepted, () => {
    accepted = true;
  });
  setHandler(invitationWithdrawn, () => {
    withdrawn = true;
  });
  const stopped = () => accepted || withdrawn;

  const { workflowId } = workflowInfo();
  const invite = async (reminder?: number) => {
    const notice = { kind: 'invitation', companyName: input.companyName, summary: input.summary } as const;
    await sendEmailLogged({
      key: reminder === undefined ? `${workflowId}:invitation` : `${workflowId}:invitation-reminder-${reminder}`,
      to: input.invited,
      complaintNumber: input.complaintNumber,
      companyId: input.companyId,
      notice: reminder === undefined ? notice : { ...notice, reminder },
    });
  };

  await invite();
  let reminders = 0;
  while (reminders < MAX_INVITATION_REMINDERS) {
    const waitMs = Math.max(1, nextInvitationReminder(new Date()).getTime() - new Date().getTime());
    if (stopped() || (await condition(stopped, waitMs))) return { accepted, withdrawn, reminders };
    reminders += 1;
    await invite(reminders);
  }

  if (!stopped()) await reportEnded(input.companyId, workflowId);
  return { accepted, withdrawn, reminders };
}

/** Tells the registry that this invitation has no reminder left, so a new complaint invites again. */
async function reportEnded(companyId: string, workflowId: string): Promise<void> {
  const registryId = workflowInfo().parent?.workflowId ?? REGISTRY_WORKFLOW_ID;
  try {
    await getExternalWorkflowHandle(registryId).signal(invitationEnded, { companyId, workflowId });
  } catch (error) {
    log.warn('signal to the registry that the invitation ended failed', { companyId, workflowId, error });
  }
}

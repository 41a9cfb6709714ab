import { log, proxyActivities } from '@temporalio/workflow';
import type { Activities, AgencyNoticeRequest, EmailRequest } from '../activities/contract.ts';

/** The activities sesflow's workflows call, giving up after eight attempts (at least 91 s of backoff). */
export const activities = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 8 },
});

/**
 * The record activity, retried until it succeeds: the workflow has already changed its state, so
 * the audit row must follow even through a long database outage. The update waits meanwhile.
 */
export const { record } = proxyActivities<Pick<Activities, 'record'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Sends an email and logs a failure instead of raising it. The change that caused the email is
 * already recorded, so a mail outage must not fail the update that made it.
 * NOTE: an email that fails all eight attempts is not sent again.
 */
export async function sendEmailLogged(request: EmailRequest): Promise<void> {
  try {
    await activities.sendEmail(request);
  } catch (error) {
    log.error('email failed after retries', { key: request.key, notice: request.notice.kind, error });
  }
}

/** Posts an agency notice and logs a failure instead of raising it, like `sendEmailLogged`. */
export async function notifyAgencyLogged(request: AgencyNoticeRequest): Promise<void> {
  try {
    await activities.notifyAgency(request);
  } catch (error) {
    log.error('agency notice failed after retries', { key: request.key, notice: request.notice.kind, error });
  }
}

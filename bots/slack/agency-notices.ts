/** The one-line messages posted to the agency channel, one per kind of `Notice`. */
import type { Notice } from '../../activities/contract.ts';
import { escapeMrkdwn, excerpt, formatTime } from './render.ts';

/** Returns the agency message for a notice, like `[C-1042] Response to IR-1 submitted by jane@acme.test (v2).` */
export function renderAgencyNotice(complaintNumber: string, notice: Notice): string {
  return `[${complaintNumber}] ${describe(complaintNumber, notice)}`;
}

function describe(complaint: string, notice: Notice): string {
  switch (notice.kind) {
    case 'complaintOpened': {
      const pending = notice.enrollmentPending ? ' Enrollment is pending.' : '';
      return `Complaint opened for ${escapeMrkdwn(notice.companyName)}: ${quote(notice.summary)}${pending}`;
    }
    case 'invitation':
      return `Enrollment invitation sent to ${escapeMrkdwn(notice.companyName)}.`;
    case 'enrollmentCompleted':
      return `${escapeMrkdwn(notice.companyName)} completed enrollment.`;
    case 'assignPocRequest':
      return `${escapeMrkdwn(notice.companyName)}'s Complaints Contact was asked to assign a POC.`;
    case 'pocAssigned':
      return `POC assigned: ${notice.poc}.`;
    case 'userAdded':
      return `User added to ${escapeMrkdwn(notice.companyName)} by ${notice.addedBy}.`;
    case 'helperAdded':
      return `Helper ${notice.helper} added by POC ${notice.poc}.`;
    case 'newIr':
      return `IR-${notice.ir} created, due ${formatTime(notice.dueAt)}: ${quote(notice.question)}`;
    case 'draftSaved':
      return `Draft v${notice.version} of the response to IR-${notice.ir} saved by ${notice.author}${notice.restricted ? ' (restricted)' : ''}.`;
    case 'submissionReceipt':
      return `Response v${notice.version} to IR-${notice.ir} received ${formatTime(notice.submittedAt)}.`;
    case 'responseSubmitted': {
      const heading = `Response to IR-${notice.ir} submitted by ${notice.poc} (v${notice.version}).`;
      // Restricted text stays out of the channel, which may have members beyond the complaint's staff.
      if (notice.restricted) return `${heading} It is restricted: read it with \`/ses status ${complaint}\`.`;
      return `${heading} ${quote(notice.text)}`;
    }
    case 'returnedForUpdate':
      return `IR-${notice.ir} returned for updates, now due ${formatTime(notice.dueAt)}.`;
    case 'extensionRequested':
      return (
        `${notice.requestedBy} asks for ${notice.days} more business days on IR-${notice.ir}: ${quote(notice.reason)} ` +
        `Decide with \`/ses extension ${complaint} IR-${notice.ir} approve\` or \`deny <reason>\`.`
      );
    case 'extensionDecided': {
      const verdict = notice.approved ? 'approved' : 'denied';
      const reason = notice.reason ? ` ${quote(notice.reason)}` : '';
      return `Extension for IR-${notice.ir} ${verdict}; due ${formatTime(notice.dueAt)}.${reason}`;
    }
    case 'reminder':
      return `Reminder sent: IR-${notice.ir} is due ${formatTime(notice.dueAt)}.`;
    case 'pastDue':
      return `IR-${notice.ir} is past due; it was due ${formatTime(notice.dueAt)}.`;
    case 'closureNotice':
      return `Complaint closed${notice.reason ? ` (${notice.reason})` : ''}.`;
  }
}

function quote(text: string): string {
  return `"${escapeMrkdwn(excerpt(text))}"`;
}

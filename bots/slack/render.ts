/** Slack mrkdwn for `/ses status` and `/ses list`; instants show in Eastern Time. */
import { formatEastern } from '../../domain/hours.ts';
import type { ComplaintSummary, ComplaintView, InformationRequest, TimelineEntry } from '../../domain/types.ts';

/** Timeline entries shown by `/ses status`, newest last; older ones are counted, not shown. */
export const TIMELINE_LIMIT = 20;
/** Characters of a question or summary shown before it is cut with "...". */
const EXCERPT_LENGTH = 300;
/** Characters of a submitted response shown by `/ses status`; the rest is counted, not shown. */
export const RESPONSE_LENGTH = 2_000;

/** The reader of a rendering: agency staff, or a company user whose complaint view is already filtered. */
export type Reader = 'agency' | 'company';

/** Formats an ISO instant in Eastern Time, e.g. 'Fri, Jan 15, 2027, 6:00 PM ET'. */
export function formatTime(iso: string): string {
  return formatEastern(new Date(iso));
}

/** Escapes the three characters Slack treats as markup in message text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function excerpt(text: string, length = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}...` : flat;
}

/**
 * Renders `/ses status`. Submitted responses show their text to everyone the view contains it for,
 * which the workflow decides (restricted text reaches only the POC and the agency). Drafts show
 * their text to company users only, because the agency reads responses once they are submitted.
 */
export function renderStatus(view: ComplaintView, reader: Reader = 'agency'): string {
  const lines = [`*${view.number}* · ${escapeMrkdwn(view.company.name)} · *${view.status}*`];
  if (!view.company.enrolled) lines.push('_The company has not completed enrollment._');
  lines.push(`Summary: ${escapeMrkdwn(excerpt(view.summary))}`);
  lines.push(`Opened: ${formatTime(view.openedAt)}`);
  const people = [`POC: ${view.poc ?? 'not assigned'}`];
  if (view.helpers.length) people.push(`Helpers: ${view.helpers.join(', ')}`);
  lines.push(people.join(' · '));
  if (view.nextDueAt) lines.push(`Next due: *${formatTime(view.nextDueAt)}*`);

  if (view.closed) {
    const closed = view.closed;
    const amount = closed.amount ? `, $${closed.amount}` : '';
    lines.push(`Closed ${formatTime(closed.closedAt)} by ${closed.closedBy}: ${closed.reason}${amount}`);
    if (closed.note) lines.push(`> ${escapeMrkdwn(excerpt(closed.note))}`);
  }

  lines.push('', view.irs.length ? '*Information requests*' : '_No information requests yet._');
  for (const ir of view.irs) lines.push(...renderIr(ir, reader));

  lines.push('', '*Timeline*', ...renderTimeline(view.timeline));
  return lines.join('\n');
}

function renderIr(ir: InformationRequest, reader: Reader): string[] {
  const moved = ir.previousDueDates.length ? ` (first due ${formatTime(ir.previousDueDates[0] as string)})` : '';
  const lines = [`• *IR-${ir.number}* · ${ir.status} · due ${formatTime(ir.dueAt)}${moved}`];
  lines.push(`   ${escapeMrkdwn(excerpt(ir.question))}`);

  const latestDraft = ir.drafts.at(-1);
  const latestSubmission = ir.submissions.at(-1);
  if (latestDraft && latestDraft.version > (latestSubmission?.version ?? 0)) {
    const restricted = latestDraft.restricted ? ', restricted' : '';
    lines.push(
      `   Draft v${latestDraft.version} by ${latestDraft.author}${restricted}, saved ${formatTime(latestDraft.savedAt)}`,
    );
    if (reader === 'company') lines.push(`   > ${escapeMrkdwn(excerpt(latestDraft.text))}`);
  }
  if (latestSubmission) {
    const restricted = latestSubmission.restricted ? ', restricted' : '';
    const submitted = ir.drafts.find((draft) => draft.version === latestSubmission.version);
    lines.push(`   Submitted v${latestSubmission.version}${restricted} ${formatTime(latestSubmission.submittedAt)}`);
    if (submitted) lines.push(...quoteResponse(submitted.text));
    else lines.push('   _Its text is restricted: only the POC and the agency can read it._');
  }
  const pending = ir.extensions.find((extension) => !extension.decision);
  if (pending) {
    lines.push(
      `   Extension of ${pending.days} business days requested by ${pending.requestedBy}, waiting for a decision`,
    );
  }
  return lines;
}

/** Quotes a response as Slack block quote lines, cut after `RESPONSE_LENGTH` characters. */
function quoteResponse(text: string): string[] {
  const trimmed = text.trim();
  const hidden = trimmed.length - RESPONSE_LENGTH;
  const shown = hidden > 0 ? `${trimmed.slice(0, RESPONSE_LENGTH)}... (${hidden} more characters)` : trimmed;
  return escapeMrkdwn(shown)
    .split('\n')
    .map((line) => `> ${line}`);
}

function renderTimeline(timeline: TimelineEntry[]): string[] {
  const shown = timeline.slice(-TIMELINE_LIMIT);
  const hidden = timeline.length - shown.length;
  const lines = hidden > 0 ? [`_${hidden} earlier entries not shown_`] : [];
  for (const entry of shown) {
    const ir = entry.ir === undefined ? '' : ` (IR-${entry.ir})`;
    lines.push(`• ${formatTime(entry.at)} · ${entry.actor}: ${escapeMrkdwn(entry.event)}${ir}`);
  }
  return lines;
}

export function renderList(complaints: ComplaintSummary[], scope: 'agency' | 'company'): string {
  if (complaints.length === 0) {
    return scope === 'agency' ? 'There are no open complaints.' : 'Your company has no open complaints.';
  }
  const sorted = [...complaints].sort((a, b) => (a.nextDueAt ?? '9999').localeCompare(b.nextDueAt ?? '9999'));
  const lines = [`*Open complaints (${complaints.length})*, soonest due first:`];
  for (const complaint of sorted) {
    const due = complaint.nextDueAt ? `next due ${formatTime(complaint.nextDueAt)}` : 'nothing due';
    lines.push(`• *${complaint.number}* · ${escapeMrkdwn(complaint.companyName)} · ${complaint.status} · ${due}`);
  }
  return lines.join('\n');
}

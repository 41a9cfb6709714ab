/**
 * The complaint as one actor may see it. Agency staff get everything. Company users get nothing of
 * the IRs while enrollment is pending. After that, restricted drafts and restricted timeline
 * entries go only to the POC. Closing details reach the company only when marked visible.
 */
import type { Actor, ComplaintView, InformationRequest, TimelineEntry } from '../domain/types.ts';
import { requireCompanyUser } from './complaint-guards.ts';
import type { ComplaintState } from './complaint-state.ts';

function copyIr(ir: InformationRequest, showRestricted: boolean): InformationRequest {
  return {
    ...ir,
    previousDueDates: [...ir.previousDueDates],
    drafts: ir.drafts.filter((draft) => showRestricted || !draft.restricted).map((draft) => ({ ...draft })),
    submissions: ir.submissions.map((submission) => ({ ...submission })),
    extensions: ir.extensions.map((extension) => ({ ...extension })),
  };
}

export function viewFor(state: ComplaintState, actor: Actor): ComplaintView {
  const full: ComplaintView = {
    number: state.number,
    status: state.status,
    summary: state.summary,
    company: { id: state.company.id, name: state.company.name, enrolled: state.company.enrolled },
    poc: state.poc,
    helpers: [...state.helpers],
    openedAt: state.openedAt,
    irs: state.irs.map((ir) => copyIr(ir, true)),
    closed: state.closed ? { ...state.closed } : undefined,
    timeline: state.timeline.map((entry) => ({ ...entry })),
    nextDueAt: state.nextDueAt(),
  };
  if (actor.kind === 'agency') return full;

  // Throws NotCompanyUser for users of other companies, so a query cannot leak this complaint.
  const email = requireCompanyUser(state, actor);
  const isPoc = email === state.poc;
  const closed = state.closed?.visibleToCompany ? full.closed : undefined;

  if (state.status === 'EnrollmentPending' || (state.status === 'Closed' && !state.company.enrolled)) {
    const timeline = full.timeline.filter((entry) => entry.ir === undefined && !entry.restricted);
    return { ...full, irs: [], timeline, nextDueAt: undefined, closed };
  }

  const visible = (entry: TimelineEntry): boolean => isPoc || !entry.restricted;
  return {
    ...full,
    irs: state.irs.map((ir) => copyIr(ir, isPoc)),
    timeline: full.timeline.filter(visible),
    closed,
  };
}

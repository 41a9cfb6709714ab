/**
 * The complaint workflow, `complaint-<number>`: EnrollmentPending -> AwaitingPoc -> Open -> Closed.
 * Handlers are registered before the first await, so updates sent right after the start are
 * accepted. The lock then holds them until the opening notices are out.
 */
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { registerAgencyHandlers } from './complaint-agency-handlers.ts';
import { registerCompanyHandlers } from './complaint-company-handlers.ts';
import { ComplaintEffects } from './complaint-effects.ts';
import { ComplaintState } from './complaint-state.ts';
import { viewFor } from './complaint-view.ts';
import { watchDeadlines } from './deadlines.ts';
import { companyChanged, complaintStatus, type ComplaintInput } from './messages.ts';
import { Mutex } from './mutex.ts';

async function requestPoc(state: ComplaintState, effects: ComplaintEffects, key: string): Promise<void> {
  const contact = state.complaintsContact();
  if (!contact) return;
  const notice = { kind: 'assignPocRequest', companyName: state.company.name, summary: state.summary } as const;
  await effects.email(key, { email: contact.email, name: contact.name }, notice);
}

async function announceOpening(state: ComplaintState, effects: ComplaintEffects, input: ComplaintInput): Promise<void> {
  state.addTimeline(state.openedAt, input.openedBy, 'Complaint opened');
  await effects.record(input.key, state.openedAt, input.openedBy, {
    type: 'ComplaintOpened',
    summary: input.summary,
    consumerReference: input.consumerReference,
    status: state.status,
  });
  await effects.notifyAgency(input.key, {
    kind: 'complaintOpened',
    companyName: state.company.name,
    summary: input.summary,
    enrollmentPending: state.status === 'EnrollmentPending',
  });
  if (state.status === 'AwaitingPoc') await requestPoc(state, effects, input.key);
  await effects.syncSummary();
}

/** Moves a complaint out of EnrollmentPending once the registry reports the company enrolled. */
async function completeEnrollment(state: ComplaintState, effects: ComplaintEffects): Promise<void> {
  if (state.status !== 'EnrollmentPending' || !state.company.enrolled) return;
  const at = new Date().toISOString();
  const key = `${state.number}:enrolled`;
  state.setStatus('AwaitingPoc');
  state.addTimeline(at, { kind: 'system' }, `${state.company.name} completed enrollment`);

  await effects.record(key, at, { kind: 'system' }, { type: 'StatusChanged', status: 'AwaitingPoc' });
  await requestPoc(state, effects, key);
  await effects.syncSummary();
}

export async function complaint(input: ComplaintInput): Promise<void> {
  const state = new ComplaintState(input, new Date().toISOString());
  const lock = new Mutex();
  const effects = new ComplaintEffects(state);

  registerCompanyHandlers(state, lock, effects);
  registerAgencyHandlers(state, lock, effects);
  setHandler(complaintStatus, (actor) => viewFor(state, actor));
  setHandler(companyChanged, async (company) => {
    if (state.isClosed || company.id !== state.company.id) return;
    state.setCompany(company);
    await lock.runExclusive(() => completeEnrollment(state, effects));
  });

  await lock.runExclusive(() => announceOpening(state, effects, input));
  const deadlines = watchDeadlines(state, lock, effects);

  await condition(() => state.isClosed);
  await deadlines;
  await condition(allHandlersFinished);
}

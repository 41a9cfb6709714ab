/**
 * The complaint workflow, `complaint-<number>`: EnrollmentPending -> AwaitingPoc -> Open -> Closed.
 * Handlers are registered before the first await, so updates sent right after the start are
 * accepted. Every handler applies its change to the state at once. The lock then runs the records
 * and notices of the changes one at a time, in the order the changes were applied, starting with
 * those of the opening.
 */
import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import type { Contact } from '../domain/types.ts';
import { registerAgencyHandlers } from './complaint-agency-handlers.ts';
import { registerCompanyHandlers } from './complaint-company-handlers.ts';
import { ComplaintEffects } from './complaint-effects.ts';
import { ComplaintState } from './complaint-state.ts';
import { viewFor } from './complaint-view.ts';
import { watchDeadlines } from './deadlines.ts';
import { companyChanged, complaintStatus, type ComplaintInput } from './messages.ts';
import { Mutex } from './mutex.ts';

/** Returns the Complaints Contact who is asked to assign a POC, when the complaint waits for one. */
function pocRequestRecipient(state: ComplaintState): Contact | undefined {
  const contact = state.status === 'AwaitingPoc' ? state.complaintsContact() : undefined;
  return contact ? { email: contact.email, name: contact.name } : undefined;
}

async function requestPoc(state: ComplaintState, effects: ComplaintEffects, key: string, to?: Contact): Promise<void> {
  if (!to) return;
  const notice = { kind: 'assignPocRequest', companyName: state.company.name, summary: state.summary } as const;
  await effects.email(key, to, notice);
}

/** Applies the opening and returns its records and notices. */
function applyOpening(state: ComplaintState, effects: ComplaintEffects, input: ComplaintInput): () => Promise<void> {
  state.addTimeline(state.openedAt, input.openedBy, 'Complaint opened');
  const status = state.status;
  const contact = pocRequestRecipient(state);

  return async () => {
    await effects.record(input.key, state.openedAt, input.openedBy, {
      type: 'ComplaintOpened',
      summary: input.summary,
      consumerReference: input.consumerReference,
      status,
    });
    await effects.notifyAgency(input.key, {
      kind: 'complaintOpened',
      companyName: state.company.name,
      summary: input.summary,
      enrollmentPending: status === 'EnrollmentPending',
    });
    await requestPoc(state, effects, input.key, contact);
    await effects.syncSummary();
  };
}

/**
 * Moves the complaint to AwaitingPoc at once when the company snapshot reports enrollment
 * complete, so updates that follow the signal find it there. Returns the steps that record the
 * change and ask the Complaints Contact for a POC, or undefined when nothing changed.
 */
function applyCompanyChange(state: ComplaintState, effects: ComplaintEffects): (() => Promise<void>) | undefined {
  if (state.status !== 'EnrollmentPending' || !state.company.enrolled) return undefined;
  const at = new Date().toISOString();
  const key = `${state.number}:enrolled`;
  state.setStatus('AwaitingPoc', at);
  state.addTimeline(at, { kind: 'system' }, `${state.company.name} completed enrollment`);
  const contact = pocRequestRecipient(state);

  return async () => {
    await effects.record(key, at, { kind: 'system' }, { type: 'StatusChanged', status: 'AwaitingPoc' });
    await requestPoc(state, effects, key, contact);
    await effects.syncSummary();
  };
}

export async function complaint(input: ComplaintInput): Promise<void> {
  const state = new ComplaintState(input, new Date().toISOString());
  const lock = new Mutex();
  const effects = new ComplaintEffects(state);
  // Queued before any handler exists, so the opening's records and notices always come first.
  const opened = lock.runExclusive(applyOpening(state, effects, input));

  registerCompanyHandlers(state, lock, effects);
  registerAgencyHandlers(state, lock, effects);
  setHandler(complaintStatus, (actor) => viewFor(state, actor));
  setHandler(companyChanged, async (company) => {
    if (state.isClosed || company.id !== state.company.id) return;
    state.setCompany(company);
    const steps = applyCompanyChange(state, effects);
    if (steps) await lock.runExclusive(steps);
  });

  await opened;
  const deadlines = watchDeadlines(state, lock, effects);

  await condition(() => state.isClosed);
  await deadlines;
  await condition(allHandlersFinished);
}

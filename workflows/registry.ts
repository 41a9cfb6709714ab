/**
 * The registry workflow, `sesflow-registry`: one long-running entity that numbers complaints,
 * keeps the company directory and indexes open complaints. It starts a `complaint` child per
 * complaint and an `enrollment` child per invitation, both abandoned on close so they outlive each
 * continue-as-new.
 *
 * Each update handler checks its rules and applies its change to the directory at once, in the
 * same step as its validator, so the next validator sees every update accepted before it. Only
 * the activities and child workflows that follow run under the lock, in the order the changes
 * were applied.
 */
import { allHandlersFinished, condition, continueAsNew, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { CompanySnapshot, ComplaintSummary } from '../domain/types.ts';
import { record, sendEmailLogged } from './activities.ts';
import { normalizeEmail } from './complaint-state.ts';
import {
  acceptEnrollment,
  addUser,
  complaintChanged,
  complaintWorkflowId,
  findUser,
  invitationEnded,
  listOpen,
  openComplaint,
  type AcceptEnrollmentInput,
  type AcceptEnrollmentResult,
  type AddUserInput,
  type AddUserResult,
  type OpenComplaintInput,
  type OpenComplaintResult,
  type RegistryInput,
} from './messages.ts';
import { Mutex } from './mutex.ts';
import { RegistryChildren } from './registry-children.ts';
import { emptyRegistryState, RegistryDirectory } from './registry-directory.ts';

function copySnapshot(company: CompanySnapshot): CompanySnapshot {
  return { ...company, invited: { ...company.invited }, users: company.users.map((user) => ({ ...user })) };
}

export async function registry(input: RegistryInput = {}): Promise<void> {
  const directory = new RegistryDirectory(input.state ?? emptyRegistryState());
  const children = new RegistryChildren(directory, input.searchAttributes ?? false);
  const lock = new Mutex();

  /** Applies an opening to the directory and returns the steps that complete it under the lock. */
  function applyOpening(request: OpenComplaintInput): () => Promise<OpenComplaintResult> {
    directory.checkOpenComplaint(request);
    const at = new Date().toISOString();
    const { entry, created } = directory.companyFor(request.companyName, request.contact, uuid4);
    // The complaint starts with a copy of the company as it is now, and later changes reach it as signals.
    const company = copySnapshot(entry.company);
    const number = directory.allocateNumber();
    const status = company.enrolled ? 'AwaitingPoc' : 'EnrollmentPending';
    directory.setOpen({ number, companyId: company.id, companyName: company.name, status });
    children.reserve(number);
    const summary = request.summary.trim();

    return async () => {
      if (created) {
        await record({
          key: `${request.key}:CompanyCreated`,
          at,
          actor: request.actor,
          companyId: company.id,
          type: 'CompanyCreated',
          company,
        });
      }
      const started = await children.startComplaint(
        {
          key: request.key,
          number,
          summary,
          consumerReference: request.consumerReference,
          openedBy: request.actor,
          company,
        },
        status,
      );
      await children.invite(entry, started, summary);

      const result: OpenComplaintResult = {
        number: started,
        workflowId: complaintWorkflowId(started),
        companyId: company.id,
        status,
        companyCreated: created,
      };
      directory.rememberOpening(request.key, result);
      return result;
    };
  }

  function applyAcceptance(request: AcceptEnrollmentInput): () => Promise<AcceptEnrollmentResult> {
    const entry = directory.checkAcceptEnrollment(request);
    const { company } = entry;
    const at = new Date().toISOString();
    company.enrolled = true;
    for (const user of company.users) {
      if (normalizeEmail(user.email) === normalizeEmail(company.invited.email)) user.role = 'ComplaintsContact';
    }
    const waiting = directory.openComplaintsOf(company.id).filter((summary) => summary.status === 'EnrollmentPending');
    // The complaints confirm with `complaintChanged`, and until then the index shows the status they are moving to.
    for (const summary of waiting) directory.setOpen({ ...summary, status: 'AwaitingPoc' });

    return async () => {
      await record({
        key: `${request.key}:EnrollmentCompleted`,
        at,
        actor: request.actor,
        companyId: company.id,
        type: 'EnrollmentCompleted',
        email: company.invited.email,
      });
      await sendEmailLogged({
        key: `${request.key}:email:enrollmentCompleted`,
        to: company.invited,
        complaintNumber: waiting[0]?.number ?? '',
        companyId: company.id,
        notice: { kind: 'enrollmentCompleted', companyName: company.name },
      });
      await children.announceCompany(entry);
      await children.endInvitationOnAcceptance(entry);
      return {
        companyId: company.id,
        companyName: company.name,
        complaints: waiting.map((summary) => summary.number),
      };
    };
  }

  function applyNewUser(request: AddUserInput): () => Promise<AddUserResult> {
    const entry = directory.checkAddUser(request);
    const { company } = entry;
    const at = new Date().toISOString();
    const user = {
      email: normalizeEmail(request.email),
      name: request.name?.trim() || undefined,
      role: 'User' as const,
    };
    company.users.push(user);
    const addedBy = request.actor.kind === 'company' ? normalizeEmail(request.actor.email) : '';

    return async () => {
      await record({
        key: `${request.key}:UserAdded`,
        at,
        actor: request.actor,
        companyId: company.id,
        type: 'UserAdded',
        user,
      });
      await sendEmailLogged({
        key: `${request.key}:email:userAdded`,
        to: { email: user.email, name: user.name },
        complaintNumber: directory.openComplaintsOf(company.id)[0]?.number ?? '',
        companyId: company.id,
        notice: { kind: 'userAdded', companyName: company.name, addedBy },
      });
      await children.announceCompany(entry);
      return { companyId: company.id, email: user.email };
    };
  }

  setHandler(
    openComplaint,
    async (request) => {
      const repeated = directory.previousOpening(request.key);
      if (repeated) return repeated;
      return await lock.runExclusive(applyOpening(request));
    },
    {
      validator: (request) => {
        if (!directory.previousOpening(request.key)) directory.checkOpenComplaint(request);
      },
    },
  );
  setHandler(acceptEnrollment, async (request) => await lock.runExclusive(applyAcceptance(request)), {
    validator: (request) => void directory.checkAcceptEnrollment(request),
  });
  setHandler(addUser, async (request) => await lock.runExclusive(applyNewUser(request)), {
    validator: (request) => void directory.checkAddUser(request),
  });

  setHandler(findUser, (email) => directory.findUser(email));
  setHandler(listOpen, (actor) => directory.listOpen(actor));
  setHandler(complaintChanged, async (summary: ComplaintSummary) => {
    directory.updateOpen(summary);
    if (summary.status === 'Closed') {
      await lock.runExclusive(() => children.withdrawInvitationIfUnneeded(summary.companyId));
    }
  });
  setHandler(invitationEnded, ({ companyId, workflowId }) => {
    const entry = directory.companyById(companyId);
    if (entry?.invitationWorkflowId === workflowId) entry.invitationWorkflowId = undefined;
  });

  const historyLimitReached = () =>
    input.maxHistoryEvents !== undefined && workflowInfo().historyLength >= input.maxHistoryEvents;
  await condition(() => workflowInfo().continueAsNewSuggested || historyLimitReached());
  await condition(allHandlersFinished);
  await continueAsNew<typeof registry>({ ...input, state: directory.state });
}

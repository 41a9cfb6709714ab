/**
 * The registry workflow, `sesflow-registry`: one long-running entity that numbers complaints,
 * keeps the company directory and indexes open complaints. It starts a `complaint` child per
 * complaint and an `enrollment` child per company that has not enrolled, both abandoned on close
 * so they outlive each continue-as-new.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Actor } from '../domain/types.ts';
import { record, sendEmailLogged } from './activities.ts';
import { complaint } from './complaint.ts';
import { COMPLAINT_STATUS_ATTRIBUTE } from './complaint-effects.ts';
import { normalizeEmail } from './complaint-state.ts';
import { enrollment } from './enrollment.ts';
import {
  acceptEnrollment,
  addUser,
  companyChanged,
  complaintChanged,
  complaintWorkflowId,
  enrollmentAccepted,
  enrollmentWorkflowId,
  findUser,
  listOpen,
  openComplaint,
  type OpenComplaintInput,
  type OpenComplaintResult,
  type RegistryCompany,
  type RegistryInput,
} from './messages.ts';
import { Mutex } from './mutex.ts';
import { emptyRegistryState, RegistryDirectory } from './registry-directory.ts';

export async function registry(input: RegistryInput = {}): Promise<void> {
  const directory = new RegistryDirectory(input.state ?? emptyRegistryState());
  const lock = new Mutex();

  /** Sends the company's new snapshot to each of its open complaints. */
  async function announceCompany(entry: RegistryCompany): Promise<void> {
    for (const summary of directory.openComplaintsOf(entry.company.id)) {
      try {
        await getExternalWorkflowHandle(complaintWorkflowId(summary.number)).signal(companyChanged, entry.company);
      } catch (error) {
        log.warn('company update not delivered to complaint', { complaint: summary.number, error });
      }
    }
  }

  async function open(request: OpenComplaintInput): Promise<OpenComplaintResult> {
    const repeated = directory.previousOpening(request.key);
    if (repeated) return repeated;
    directory.checkOpenComplaint(request);
    const at = new Date().toISOString();

    const { entry, created } = directory.companyFor(request.companyName, request.contact, uuid4);
    const { company } = entry;
    if (created) {
      const key = `${request.key}:CompanyCreated`;
      await record({
        key,
        at,
        actor: request.actor,
        companyId: company.id,
        type: 'CompanyCreated',
        company,
      });
    }

    const number = directory.allocateNumber();
    const status = company.enrolled ? 'AwaitingPoc' : 'EnrollmentPending';
    // Indexed before the start, so the child's first `complaintChanged` finds its entry.
    directory.setOpen({ number, companyId: company.id, companyName: company.name, status });
    const started = startChild(complaint, {
      workflowId: complaintWorkflowId(number),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: input.searchAttributes ? [{ key: COMPLAINT_STATUS_ATTRIBUTE, value: status }] : undefined,
      args: [
        {
          key: request.key,
          number,
          summary: request.summary.trim(),
          consumerReference: request.consumerReference,
          openedBy: request.actor,
          company,
        },
      ],
    });
    try {
      await started;
    } catch (error) {
      // The number stays used, but no complaint runs under it, so it must not show as open.
      directory.removeOpen(number);
      throw error;
    }

    if (!company.enrolled && !entry.invitationStarted) {
      entry.invitationStarted = true;
      await startChild(enrollment, {
        workflowId: enrollmentWorkflowId(company.id),
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [
          {
            companyId: company.id,
            companyName: company.name,
            invited: company.invited,
            complaintNumber: number,
            summary: request.summary.trim(),
          },
        ],
      });
    }

    const result: OpenComplaintResult = {
      number,
      workflowId: complaintWorkflowId(number),
      companyId: company.id,
      status,
      companyCreated: created,
    };
    directory.rememberOpening(request.key, result);
    return result;
  }

  setHandler(openComplaint, (request) => lock.runExclusive(() => open(request)), {
    validator: (request) => {
      if (!directory.previousOpening(request.key)) directory.checkOpenComplaint(request);
    },
  });

  setHandler(
    acceptEnrollment,
    (request) =>
      lock.runExclusive(async () => {
        const entry = directory.checkAcceptEnrollment(request);
        const { company } = entry;
        const at = new Date().toISOString();
        company.enrolled = true;
        for (const user of company.users) {
          if (normalizeEmail(user.email) === normalizeEmail(company.invited.email)) user.role = 'ComplaintsContact';
        }
        const waiting = directory
          .openComplaintsOf(company.id)
          .filter((summary) => summary.status === 'EnrollmentPending');
        // The complaints confirm with `complaintChanged`; until then the index shows the status they are moving to.
        for (const summary of waiting) directory.setOpen({ ...summary, status: 'AwaitingPoc' });

        const actor: Actor = request.actor;
        await record({
          key: `${request.key}:EnrollmentCompleted`,
          at,
          actor,
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
        await announceCompany(entry);
        try {
          await getExternalWorkflowHandle(enrollmentWorkflowId(company.id)).signal(enrollmentAccepted);
        } catch (error) {
          // The enrollment workflow ends after its last reminder; nothing is left to stop then.
          log.info('enrollment workflow not running', { companyId: company.id, error });
        }
        return {
          companyId: company.id,
          companyName: company.name,
          complaints: waiting.map((summary) => summary.number),
        };
      }),
    { validator: (request) => void directory.checkAcceptEnrollment(request) },
  );

  setHandler(
    addUser,
    (request) =>
      lock.runExclusive(async () => {
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
        await announceCompany(entry);
        return { companyId: company.id, email: user.email };
      }),
    { validator: (request) => void directory.checkAddUser(request) },
  );

  setHandler(findUser, (email) => directory.findUser(email));
  setHandler(listOpen, (actor) => directory.listOpen(actor));
  setHandler(complaintChanged, (summary) => directory.updateOpen(summary));

  const historyLimitReached = () =>
    input.maxHistoryEvents !== undefined && workflowInfo().historyLength >= input.maxHistoryEvents;
  await condition(() => workflowInfo().continueAsNewSuggested || historyLimitReached());
  await condition(allHandlersFinished);
  await continueAsNew<typeof registry>({ ...input, state: directory.state });
}

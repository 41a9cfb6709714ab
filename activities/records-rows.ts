/**
 * The domain rows of each `RecordEvent`, written inside the record activity's transaction.
 * Rows with a natural key (company, complaint, IR, draft version, helper, user) are upserted, so
 * the same event recorded again under another key changes nothing. Extension requests have no
 * such key. A missing complaint, IR or company throws a retryable error, so the activity retries
 * until the event that creates it has been recorded. An event without the complaint number or
 * company id it needs fails without retries.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Actor, CloseReason as DomainCloseReason, CompanyUser } from '../domain/types.ts';
import { CloseReason, DueDateReason, ExtensionDecision, IrStatus, type Prisma } from '../lib/db.ts';
import type { RecordEvent } from './contract.ts';

type Tx = Prisma.TransactionClient;

const CLOSE_REASONS: Record<DomainCloseReason, CloseReason> = {
  explanation: CloseReason.Explanation,
  'monetary-relief': CloseReason.MonetaryRelief,
  'non-monetary-relief': CloseReason.NonMonetaryRelief,
  duplicate: CloseReason.Duplicate,
  invalid: CloseReason.Invalid,
  referred: CloseReason.Referred,
};

/** Returns the `/ses close` spelling of a stored close reason. */
export function domainCloseReason(reason: CloseReason): DomainCloseReason {
  const entry = Object.entries(CLOSE_REASONS).find(([, stored]) => stored === reason);
  if (!entry) throw new Error(`unknown close reason ${reason}`);
  return entry[0] as DomainCloseReason;
}

/** Lower-cases a company name and collapses its whitespace: the key that makes names unique. */
export function normalizeCompanyName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Returns the name an actor is stored under: the Slack user id of agency staff, the email of a company user. */
export function actorName(actor: Actor | { kind: 'system' }): string {
  if (actor.kind === 'agency') return actor.slackUserId;
  if (actor.kind === 'company') return normalizeEmail(actor.email);
  return 'system';
}

export async function writeEventRows(tx: Tx, event: RecordEvent): Promise<void> {
  const at = new Date(event.at);
  if (event.actor.kind === 'agency') {
    const { slackUserId, name } = event.actor;
    await tx.agencyStaff.upsert({
      where: { slackUserId },
      create: { slackUserId, name: name ?? null, firstSeenAt: at },
      update: name ? { name } : {},
    });
  }

  switch (event.type) {
    case 'CompanyCreated': {
      const { company } = event;
      await tx.company.upsert({
        where: { id: company.id },
        create: {
          id: company.id,
          name: company.name,
          normalizedName: normalizeCompanyName(company.name),
          enrolledAt: company.enrolled ? at : null,
          createdAt: at,
        },
        update: {},
      });
      const invited = await tx.enrollment.findFirst({ where: { companyId: company.id }, select: { id: true } });
      if (!company.enrolled && !invited) {
        await tx.enrollment.create({
          data: {
            companyId: company.id,
            invitedEmail: normalizeEmail(company.invited.email),
            invitedName: company.invited.name ?? null,
            invitedAt: at,
          },
        });
      }
      for (const user of company.users) await upsertUser(tx, company.id, user, at);
      return;
    }

    case 'ComplaintOpened': {
      const number = complaintNumberOf(event);
      await tx.complaint.upsert({
        where: { number },
        create: {
          number,
          summary: event.summary,
          consumerReference: event.consumerReference ?? null,
          status: event.status,
          companyId: companyIdOf(event),
          openedAt: at,
        },
        update: {},
      });
      return;
    }

    case 'EnrollmentCompleted': {
      const companyId = companyIdOf(event);
      const email = normalizeEmail(event.email);
      const enrollment = await tx.enrollment.findFirst({
        where: { companyId, invitedEmail: email },
        orderBy: { invitedAt: 'desc' },
      });
      await tx.enrollment.updateMany({ where: { companyId, completedAt: null }, data: { completedAt: at } });
      const enrolled = await tx.company.updateMany({
        where: { id: companyId, enrolledAt: null },
        data: { enrolledAt: at },
      });
      if (enrolled.count === 0) await requireCompany(tx, companyId, event.type);
      await upsertUser(
        tx,
        companyId,
        { email, name: enrollment?.invitedName ?? undefined, role: 'ComplaintsContact' },
        at,
      );
      // The company's complaints waited on enrollment, and now they wait on a POC.
      await tx.complaint.updateMany({
        where: { companyId, status: 'EnrollmentPending' },
        data: { status: 'AwaitingPoc' },
      });
      return;
    }

    case 'UserAdded':
      await upsertUser(tx, companyIdOf(event), event.user, at);
      return;

    case 'PocAssigned': {
      const complaintId = await findComplaintId(tx, event);
      await tx.complaint.update({ where: { id: complaintId }, data: { pocEmail: normalizeEmail(event.email) } });
      await tx.complaint.updateMany({ where: { id: complaintId, status: 'AwaitingPoc' }, data: { status: 'Open' } });
      return;
    }

    case 'HelperAdded': {
      const complaintId = await findComplaintId(tx, event);
      const email = normalizeEmail(event.email);
      await tx.complaintHelper.upsert({
        where: { complaintId_email: { complaintId, email } },
        create: { complaintId, email, addedAt: at },
        update: {},
      });
      return;
    }

    case 'IrCreated': {
      const complaintId = await findComplaintId(tx, event);
      const dueAt = new Date(event.dueAt);
      await tx.informationRequest.upsert({
        where: { complaintId_number: { complaintId, number: event.ir } },
        create: {
          complaintId,
          number: event.ir,
          question: event.question,
          dueAt,
          status: IrStatus.Open,
          createdAt: at,
          dueDateChanges: { create: { dueAt, reason: DueDateReason.Created, changedAt: at } },
        },
        update: {},
      });
      return;
    }

    case 'DraftSaved': {
      const irId = await findIrId(tx, event, event.ir);
      const draft = {
        authorEmail: normalizeEmail(event.author),
        text: event.text,
        restricted: event.restricted,
        savedAt: at,
      };
      await tx.responseVersion.upsert({
        where: { irId_version: { irId, version: event.version } },
        create: { irId, version: event.version, ...draft },
        update: draft,
      });
      return;
    }

    case 'ResponseSubmitted': {
      const irId = await findIrId(tx, event, event.ir);
      const submitted = await tx.responseVersion.updateMany({
        where: { irId, version: event.version },
        data: { submittedAt: new Date(event.submittedAt) },
      });
      if (submitted.count === 0) {
        throw new Error(
          `cannot record ResponseSubmitted: IR-${event.ir} of ${event.complaintNumber} has no version ${event.version}`,
        );
      }
      await tx.informationRequest.update({ where: { id: irId }, data: { status: IrStatus.Sent } });
      return;
    }

    case 'ReturnedForUpdate': {
      const irId = await findIrId(tx, event, event.ir);
      await tx.informationRequest.update({ where: { id: irId }, data: { status: IrStatus.ReturnedForUpdate } });
      await moveDueDate(tx, irId, event.dueAt, DueDateReason.ReturnedForUpdate, at, event.note);
      return;
    }

    case 'ExtensionRequested': {
      const irId = await findIrId(tx, event, event.ir);
      await tx.extensionRequest.create({
        data: { irId, days: event.days, reason: event.reason, requestedBy: actorName(event.actor), requestedAt: at },
      });
      return;
    }

    case 'ExtensionDecided': {
      const irId = await findIrId(tx, event, event.ir);
      const pending = await tx.extensionRequest.findFirst({
        where: { irId, decision: null },
        orderBy: { requestedAt: 'desc' },
      });
      if (pending) {
        await tx.extensionRequest.update({
          where: { id: pending.id },
          data: {
            decision: event.approved ? ExtensionDecision.Approved : ExtensionDecision.Denied,
            decidedBy: actorName(event.actor),
            decidedAt: at,
            decisionReason: event.reason ?? null,
          },
        });
      }
      if (event.approved) await moveDueDate(tx, irId, event.dueAt, DueDateReason.ExtensionApproved, at);
      return;
    }

    case 'DueDateMoved': {
      const irId = await findIrId(tx, event, event.ir);
      await moveDueDate(tx, irId, event.dueAt, DueDateReason.Moved, at);
      return;
    }

    case 'StatusChanged': {
      const complaintId = await findComplaintId(tx, event);
      await tx.complaint.update({ where: { id: complaintId }, data: { status: event.status } });
      if (event.status === 'Closed') {
        await tx.complaint.updateMany({ where: { id: complaintId, closedAt: null }, data: { closedAt: at } });
      }
      return;
    }

    case 'ComplaintClosed': {
      const complaintId = await findComplaintId(tx, event);
      const { close } = event;
      const closedAt = new Date(close.closedAt);
      const closure = {
        reason: CLOSE_REASONS[close.reason],
        amount: close.amount ?? null,
        note: close.note,
        visibleToCompany: close.visibleToCompany,
        closedBy: close.closedBy,
        closedAt,
      };
      await tx.complaintClosure.upsert({
        where: { complaintId },
        create: { complaintId, ...closure },
        update: closure,
      });
      await tx.complaint.update({ where: { id: complaintId }, data: { status: 'Closed', closedAt } });
      await tx.informationRequest.updateMany({
        where: { complaintId, status: { not: IrStatus.Closed } },
        data: { status: IrStatus.Closed },
      });
      return;
    }

    default: {
      const unknown: never = event;
      throw ApplicationFailure.nonRetryable(`cannot record event of unknown type ${(unknown as RecordEvent).type}`);
    }
  }
}

async function upsertUser(tx: Tx, companyId: string, user: CompanyUser, at: Date): Promise<void> {
  const email = normalizeEmail(user.email);
  await tx.companyUser.upsert({
    where: { email },
    create: { email, name: user.name ?? null, role: user.role, companyId, addedAt: at },
    update: { role: user.role, companyId, ...(user.name ? { name: user.name } : {}) },
  });
}

/**
 * Sets the IR's due date and appends it to the due date history. A change to the date it already has
 * adds no history row, except a send-back, whose row also keeps the agency's note.
 */
async function moveDueDate(tx: Tx, irId: number, dueAtIso: string, reason: DueDateReason, at: Date, note?: string) {
  const dueAt = new Date(dueAtIso);
  const moved = await tx.informationRequest.updateMany({
    where: { id: irId, dueAt: { not: dueAt } },
    data: { dueAt },
  });
  if (moved.count === 0 && reason !== DueDateReason.ReturnedForUpdate) return;
  await tx.dueDateChange.create({ data: { irId, dueAt, reason, note: note ?? null, changedAt: at } });
}

function complaintNumberOf(event: RecordEvent): string {
  if (!event.complaintNumber) {
    throw ApplicationFailure.nonRetryable(`cannot record ${event.type} ${event.key}: complaintNumber is missing`);
  }
  return event.complaintNumber;
}

function companyIdOf(event: RecordEvent): string {
  if (!event.companyId) {
    throw ApplicationFailure.nonRetryable(`cannot record ${event.type} ${event.key}: companyId is missing`);
  }
  return event.companyId;
}

async function requireCompany(tx: Tx, companyId: string, type: string): Promise<void> {
  const company = await tx.company.findUnique({ where: { id: companyId }, select: { id: true } });
  if (!company) throw new Error(`cannot record ${type}: company ${companyId} not found`);
}

async function findComplaintId(tx: Tx, event: RecordEvent): Promise<number> {
  const number = complaintNumberOf(event);
  const complaint = await tx.complaint.findUnique({ where: { number }, select: { id: true } });
  if (!complaint) throw new Error(`cannot record ${event.type}: complaint ${number} not found`);
  return complaint.id;
}

async function findIrId(tx: Tx, event: RecordEvent, ir: number): Promise<number> {
  const complaintId = await findComplaintId(tx, event);
  const row = await tx.informationRequest.findUnique({
    where: { complaintId_number: { complaintId, number: ir } },
    select: { id: true },
  });
  if (!row) throw new Error(`cannot record ${event.type}: IR-${ir} of complaint ${event.complaintNumber} not found`);
  return row.id;
}

import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RecordEvent } from '../../activities/contract.ts';
import { buildComplaintsCsv } from '../../activities/export-csv.ts';
import {
  claimNotification,
  createRecordActivities,
  isInboundProcessed,
  markNotificationSent,
  threadMessageIds,
  type RecordActivities,
} from '../../activities/records.ts';
import type { Actor } from '../../domain/types.ts';
import { createPrisma, type PrismaClient } from '../../lib/db.ts';
import { applyMigrations } from '../../prisma/migrate.ts';
import { DATABASE_KINDS, memoryLogger, startTestDatabase, type TestDatabase } from '../prisma/databases.ts';

const agent: Actor = { kind: 'agency', slackUserId: 'U0AGENT', name: 'Alex Agent' };
const jane: Actor = { kind: 'company', email: 'jane@acme.test', via: 'email' };

let sequence = 0;

/** Returns a complaint number and company id no other test uses. */
function newIds() {
  sequence += 1;
  return {
    number: `C-${process.pid}${sequence}`,
    companyId: randomUUID(),
    companyName: `Acme Lending ${randomUUID().slice(0, 8)}`,
    invited: `jane.${sequence}.${process.pid}@acme.test`,
  };
}

type Ids = ReturnType<typeof newIds>;

/** Builds an event with a unique key, which `fields` may replace to test repeats. */
function event(ids: Ids, fields: Partial<RecordEvent> & Pick<RecordEvent, 'type'>, at: string): RecordEvent {
  return {
    key: `test:${randomUUID()}`,
    at,
    actor: agent,
    complaintNumber: ids.number,
    companyId: ids.companyId,
    ...fields,
  } as RecordEvent;
}

describe.each(DATABASE_KINDS)('record activity on %s', (kind) => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let records: RecordActivities;

  beforeAll(async () => {
    database = await startTestDatabase(kind);
    await applyMigrations(database.url, memoryLogger());
    prisma = createPrisma(database.url, { poolMax: database.poolMax });
    records = createRecordActivities(prisma);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.stop();
  });

  /** Records a company (not yet enrolled) and a complaint waiting on its enrollment. */
  async function openComplaint(ids: Ids): Promise<void> {
    await records.record(
      event(
        ids,
        {
          type: 'CompanyCreated',
          complaintNumber: undefined,
          company: {
            id: ids.companyId,
            name: ids.companyName,
            enrolled: false,
            invited: { email: ids.invited, name: 'Jane Roe' },
            users: [],
          },
        },
        '2027-01-04T14:00:00.000Z',
      ),
    );
    await records.record(
      event(
        ids,
        {
          type: 'ComplaintOpened',
          summary: 'Late fee charged twice',
          consumerReference: 'R-77',
          status: 'EnrollmentPending',
        },
        '2027-01-04T14:00:01.000Z',
      ),
    );
  }

  /** Takes a complaint to Open with an IR-1 due on 2027-01-15. */
  async function openIr(ids: Ids): Promise<void> {
    await openComplaint(ids);
    await records.record(event(ids, { type: 'EnrollmentCompleted', email: ids.invited }, '2027-01-05T10:00:00.000Z'));
    await records.record(event(ids, { type: 'PocAssigned', email: ids.invited }, '2027-01-05T11:00:00.000Z'));
    await records.record(
      event(
        ids,
        { type: 'IrCreated', ir: 1, question: 'Send the fee schedule', dueAt: '2027-01-15T22:00:00.000Z' },
        '2027-01-05T12:00:00.000Z',
      ),
    );
  }

  test('CompanyCreated writes company and enrollment', async () => {
    const ids = newIds();
    await records.record(
      event(
        ids,
        {
          type: 'CompanyCreated',
          complaintNumber: undefined,
          company: {
            id: ids.companyId,
            name: `  ${ids.companyName.toUpperCase()}  `,
            enrolled: false,
            invited: { email: ids.invited.toUpperCase(), name: 'Jane Roe' },
            users: [{ email: `Other.${ids.invited}`, name: 'Otto', role: 'User' }],
          },
        },
        '2027-01-04T14:00:00.000Z',
      ),
    );

    const company = await prisma.company.findUniqueOrThrow({ where: { id: ids.companyId } });
    expect(company.normalizedName).toBe(ids.companyName.toLowerCase());
    expect(company.enrolledAt).toBeNull();
    expect(company.createdAt.toISOString()).toBe('2027-01-04T14:00:00.000Z');
    const enrollments = await prisma.enrollment.findMany({ where: { companyId: ids.companyId } });
    expect(enrollments).toHaveLength(1);
    expect(enrollments[0]?.invitedEmail).toBe(ids.invited);
    expect(enrollments[0]?.invitedName).toBe('Jane Roe');
    expect(enrollments[0]?.completedAt).toBeNull();
    const users = await prisma.companyUser.findMany({ where: { companyId: ids.companyId } });
    expect(users.map((user) => [user.email, user.role])).toEqual([[`other.${ids.invited}`, 'User']]);
    const staff = await prisma.agencyStaff.findUniqueOrThrow({ where: { slackUserId: 'U0AGENT' } });
    expect(staff.name).toBe('Alex Agent');
  });

  test('ComplaintOpened writes the complaint', async () => {
    const ids = newIds();
    await openComplaint(ids);

    const complaint = await prisma.complaint.findUniqueOrThrow({ where: { number: ids.number } });
    expect(complaint.summary).toBe('Late fee charged twice');
    expect(complaint.consumerReference).toBe('R-77');
    expect(complaint.status).toBe('EnrollmentPending');
    expect(complaint.companyId).toBe(ids.companyId);
    expect(complaint.openedAt.toISOString()).toBe('2027-01-04T14:00:01.000Z');
    expect(complaint.pocEmail).toBeNull();
  });

  test('EnrollmentCompleted enrolls company and contact', async () => {
    const ids = newIds();
    await openComplaint(ids);

    await records.record(
      event(ids, { type: 'EnrollmentCompleted', actor: jane, email: ids.invited }, '2027-01-05T10:00:00.000Z'),
    );

    const company = await prisma.company.findUniqueOrThrow({ where: { id: ids.companyId } });
    expect(company.enrolledAt?.toISOString()).toBe('2027-01-05T10:00:00.000Z');
    const enrollment = await prisma.enrollment.findFirstOrThrow({ where: { companyId: ids.companyId } });
    expect(enrollment.completedAt?.toISOString()).toBe('2027-01-05T10:00:00.000Z');
    const contact = await prisma.companyUser.findUniqueOrThrow({ where: { email: ids.invited } });
    expect(contact.role).toBe('ComplaintsContact');
    expect(contact.name).toBe('Jane Roe');
    expect(contact.companyId).toBe(ids.companyId);
    const complaint = await prisma.complaint.findUniqueOrThrow({ where: { number: ids.number } });
    expect(complaint.status).toBe('AwaitingPoc');
  });

  test('UserAdded, PocAssigned and HelperAdded write people', async () => {
    const ids = newIds();
    await openComplaint(ids);
    await records.record(event(ids, { type: 'EnrollmentCompleted', email: ids.invited }, '2027-01-05T10:00:00.000Z'));
    const helper = `helper.${ids.invited}`;

    await records.record(
      event(ids, { type: 'UserAdded', user: { email: helper, name: 'Hal', role: 'User' } }, '2027-01-05T10:30:00.000Z'),
    );
    await records.record(event(ids, { type: 'PocAssigned', email: ids.invited }, '2027-01-05T11:00:00.000Z'));
    await records.record(event(ids, { type: 'HelperAdded', email: helper.toUpperCase() }, '2027-01-05T11:30:00.000Z'));

    const user = await prisma.companyUser.findUniqueOrThrow({ where: { email: helper } });
    expect(user.name).toBe('Hal');
    expect(user.role).toBe('User');
    expect(user.addedAt.toISOString()).toBe('2027-01-05T10:30:00.000Z');
    const complaint = await prisma.complaint.findUniqueOrThrow({
      where: { number: ids.number },
      include: { helpers: true },
    });
    expect(complaint.pocEmail).toBe(ids.invited);
    expect(complaint.status).toBe('Open');
    expect(complaint.helpers.map((row) => row.email)).toEqual([helper]);
  });

  test('IrCreated writes the IR and its first due date', async () => {
    const ids = newIds();
    await openIr(ids);

    const ir = await prisma.informationRequest.findFirstOrThrow({
      where: { complaint: { number: ids.number }, number: 1 },
      include: { dueDateChanges: true },
    });
    expect(ir.question).toBe('Send the fee schedule');
    expect(ir.status).toBe('Open');
    expect(ir.dueAt.toISOString()).toBe('2027-01-15T22:00:00.000Z');
    expect(ir.createdAt.toISOString()).toBe('2027-01-05T12:00:00.000Z');
    expect(ir.dueDateChanges.map((change) => [change.reason, change.dueAt.toISOString()])).toEqual([
      ['Created', '2027-01-15T22:00:00.000Z'],
    ]);
  });

  test('drafts, submission and send-back write responses', async () => {
    const ids = newIds();
    await openIr(ids);
    const draft = { type: 'DraftSaved', ir: 1, author: ids.invited, actor: jane } as const;

    await records.record(
      event(ids, { ...draft, version: 1, text: 'First try', restricted: false }, '2027-01-06T09:00:00.000Z'),
    );
    await records.record(
      event(ids, { ...draft, version: 2, text: 'Account 1234', restricted: true }, '2027-01-06T10:00:00.000Z'),
    );
    await records.record(
      event(
        ids,
        { type: 'ResponseSubmitted', ir: 1, version: 2, submittedAt: '2027-01-06T10:05:00.000Z' },
        '2027-01-06T10:05:00.000Z',
      ),
    );
    const sent = await prisma.informationRequest.findFirstOrThrow({ where: { complaint: { number: ids.number } } });
    expect(sent.status).toBe('Sent');

    await records.record(
      event(
        ids,
        { type: 'ReturnedForUpdate', ir: 1, note: 'Add the 2025 schedule', dueAt: '2027-01-20T22:00:00.000Z' },
        '2027-01-07T09:00:00.000Z',
      ),
    );

    const ir = await prisma.informationRequest.findFirstOrThrow({
      where: { complaint: { number: ids.number } },
      include: { responses: { orderBy: { version: 'asc' } }, dueDateChanges: { orderBy: { changedAt: 'asc' } } },
    });
    expect(ir.responses.map((row) => [row.version, row.text, row.restricted, row.authorEmail])).toEqual([
      [1, 'First try', false, ids.invited],
      [2, 'Account 1234', true, ids.invited],
    ]);
    expect(ir.responses[0]?.submittedAt).toBeNull();
    expect(ir.responses[1]?.submittedAt?.toISOString()).toBe('2027-01-06T10:05:00.000Z');
    expect(ir.status).toBe('ReturnedForUpdate');
    expect(ir.dueAt.toISOString()).toBe('2027-01-20T22:00:00.000Z');
    expect(ir.dueDateChanges.map((change) => [change.reason, change.note])).toEqual([
      ['Created', null],
      ['ReturnedForUpdate', 'Add the 2025 schedule'],
    ]);
  });

  test('extension and due date moves keep history', async () => {
    const ids = newIds();
    await openIr(ids);

    await records.record(
      event(
        ids,
        { type: 'ExtensionRequested', actor: jane, ir: 1, days: 5, reason: 'Auditor away' },
        '2027-01-08T09:00:00.000Z',
      ),
    );
    await records.record(
      event(
        ids,
        { type: 'ExtensionDecided', ir: 1, approved: true, dueAt: '2027-01-22T22:00:00.000Z' },
        '2027-01-08T10:00:00.000Z',
      ),
    );
    await records.record(
      event(
        ids,
        { type: 'ExtensionRequested', actor: jane, ir: 1, days: 30, reason: 'More time' },
        '2027-01-09T09:00:00.000Z',
      ),
    );
    await records.record(
      event(
        ids,
        { type: 'ExtensionDecided', ir: 1, approved: false, dueAt: '2027-01-22T22:00:00.000Z', reason: 'Too long' },
        '2027-01-09T10:00:00.000Z',
      ),
    );
    await records.record(
      event(ids, { type: 'DueDateMoved', ir: 1, dueAt: '2027-01-25T22:00:00.000Z' }, '2027-01-10T09:00:00.000Z'),
    );

    const ir = await prisma.informationRequest.findFirstOrThrow({
      where: { complaint: { number: ids.number } },
      include: { extensions: { orderBy: { requestedAt: 'asc' } }, dueDateChanges: { orderBy: { changedAt: 'asc' } } },
    });
    expect(
      ir.extensions.map((row) => [row.days, row.requestedBy, row.decision, row.decidedBy, row.decisionReason]),
    ).toEqual([
      [5, 'jane@acme.test', 'Approved', 'U0AGENT', null],
      [30, 'jane@acme.test', 'Denied', 'U0AGENT', 'Too long'],
    ]);
    expect(ir.extensions[0]?.decidedAt?.toISOString()).toBe('2027-01-08T10:00:00.000Z');
    expect(ir.dueAt.toISOString()).toBe('2027-01-25T22:00:00.000Z');
    expect(ir.dueDateChanges.map((change) => [change.reason, change.dueAt.toISOString()])).toEqual([
      ['Created', '2027-01-15T22:00:00.000Z'],
      ['ExtensionApproved', '2027-01-22T22:00:00.000Z'],
      ['Moved', '2027-01-25T22:00:00.000Z'],
    ]);
  });

  test('StatusChanged sets the status', async () => {
    const ids = newIds();
    await openComplaint(ids);

    await records.record(event(ids, { type: 'StatusChanged', status: 'AwaitingPoc' }, '2027-01-05T09:00:00.000Z'));

    const complaint = await prisma.complaint.findUniqueOrThrow({ where: { number: ids.number } });
    expect(complaint.status).toBe('AwaitingPoc');
    expect(complaint.closedAt).toBeNull();
  });

  test('ComplaintClosed writes closure and closes IRs', async () => {
    const ids = newIds();
    await openIr(ids);

    await records.record(
      event(
        ids,
        {
          type: 'ComplaintClosed',
          close: {
            reason: 'monetary-relief',
            amount: '250.50',
            visibleToCompany: true,
            note: 'Refund issued',
            closedAt: '2027-02-01T15:00:00.000Z',
            closedBy: 'U0AGENT',
          },
        },
        '2027-02-01T15:00:00.000Z',
      ),
    );

    const complaint = await prisma.complaint.findUniqueOrThrow({
      where: { number: ids.number },
      include: { closure: true, informationRequests: true },
    });
    expect(complaint.status).toBe('Closed');
    expect(complaint.closedAt?.toISOString()).toBe('2027-02-01T15:00:00.000Z');
    expect(complaint.closure?.reason).toBe('MonetaryRelief');
    expect(complaint.closure?.amount?.toFixed(2)).toBe('250.50');
    expect(complaint.closure?.note).toBe('Refund issued');
    expect(complaint.closure?.visibleToCompany).toBe(true);
    expect(complaint.closure?.closedBy).toBe('U0AGENT');
    expect(complaint.informationRequests.map((ir) => ir.status)).toEqual(['Closed']);
  });

  test('each event writes one audit event', async () => {
    const ids = newIds();
    await openIr(ids);
    const draft = event(
      ids,
      {
        type: 'DraftSaved',
        actor: jane,
        ir: 1,
        version: 1,
        author: ids.invited,
        text: 'secret text',
        restricted: true,
      },
      '2027-01-06T09:00:00.000Z',
    );

    await records.record(draft);

    const audit = await prisma.auditEvent.findMany({ where: { complaintNumber: ids.number }, orderBy: { at: 'asc' } });
    expect(audit.map((row) => row.type)).toEqual([
      'ComplaintOpened',
      'EnrollmentCompleted',
      'PocAssigned',
      'IrCreated',
      'DraftSaved',
    ]);
    const saved = audit.at(-1);
    expect(saved?.key).toBe(draft.key);
    expect(saved?.companyId).toBe(ids.companyId);
    expect(saved?.at.toISOString()).toBe('2027-01-06T09:00:00.000Z');
    expect(saved?.actor).toEqual(jane);
    expect(saved?.data).toEqual({ ir: 1, version: 1, author: ids.invited, restricted: true });
    const company = await prisma.auditEvent.findMany({ where: { companyId: ids.companyId, type: 'CompanyCreated' } });
    expect(company).toHaveLength(1);
    expect(company[0]?.complaintNumber).toBeNull();
  });

  test('repeated key is a no-op', async () => {
    const ids = newIds();
    await openIr(ids);
    const first = event(
      ids,
      { type: 'ExtensionRequested', actor: jane, ir: 1, days: 5, reason: 'Auditor away' },
      '2027-01-08T09:00:00.000Z',
    );

    await records.record(first);
    await records.record(first);
    await Promise.all([records.record(first), records.record(first)]);
    await records.record({ ...first, days: 9 } as RecordEvent);

    const extensions = await prisma.extensionRequest.findMany({ where: { ir: { complaint: { number: ids.number } } } });
    expect(extensions.map((row) => row.days)).toEqual([5]);
    expect(await prisma.auditEvent.count({ where: { key: first.key } })).toBe(1);
  });

  test('concurrent distinct events all land', async () => {
    const ids = newIds();
    await openIr(ids);
    const helpers = Array.from({ length: 8 }, (_, index) => `h${index}.${ids.invited}`);

    await Promise.all(
      helpers.map((email, index) =>
        records.record(event(ids, { type: 'HelperAdded', email }, `2027-01-06T09:00:0${index}.000Z`)),
      ),
    );

    const rows = await prisma.complaintHelper.findMany({ where: { complaint: { number: ids.number } } });
    expect(rows.map((row) => row.email).sort()).toEqual([...helpers].sort());
  });

  test('missing complaint fails and writes nothing', async () => {
    const ids = newIds();
    const orphan = event(ids, { type: 'HelperAdded', email: 'x@acme.test' }, '2027-01-06T09:00:00.000Z');

    await expect(records.record(orphan)).rejects.toThrow(`complaint ${ids.number} not found`);

    expect(await prisma.auditEvent.count({ where: { key: orphan.key } })).toBe(0);
  });

  test('event without complaint number is not retried', async () => {
    const ids = newIds();
    const broken = event(
      ids,
      { type: 'HelperAdded', email: 'x@acme.test', complaintNumber: undefined },
      '2027-01-06T09:00:00.000Z',
    );

    const error: unknown = await records.record(broken).catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).message).toContain('complaintNumber is missing');
    expect(await prisma.auditEvent.count({ where: { key: broken.key } })).toBe(0);
  });

  test('email and slack keys mark inbound messages', async () => {
    const ids = newIds();
    await openIr(ids);
    const messageId = `<${randomUUID()}@mail.acme.test>`;
    const requestId = `slack-${randomUUID()}`;

    await records.record({
      ...event(ids, { type: 'HelperAdded', email: `a.${ids.invited}` }, '2027-01-06T09:00:00.000Z'),
      key: `email:${messageId}`,
    });
    await records.record({
      ...event(ids, { type: 'HelperAdded', email: `b.${ids.invited}` }, '2027-01-06T09:01:00.000Z'),
      key: `slack:${requestId}`,
    });

    expect(await isInboundProcessed(prisma, 'email', messageId)).toBe(true);
    expect(await isInboundProcessed(prisma, 'slack', requestId)).toBe(true);
    expect(await isInboundProcessed(prisma, 'email', requestId)).toBe(false);
    const inbound = await prisma.inboundMessage.findFirstOrThrow({ where: { externalId: messageId } });
    expect(inbound.source).toBe('Email');
    expect(inbound.complaintNumber).toBe(ids.number);
    expect(inbound.receivedAt.toISOString()).toBe('2027-01-06T09:00:00.000Z');
  });

  test('notification claim and mark', async () => {
    const key = `email:notice:${randomUUID()}`;
    const claim = {
      key,
      channel: 'email',
      recipient: 'jane@acme.test',
      kind: 'newIr',
      complaintNumber: 'C-1',
    } as const;

    expect(await claimNotification(prisma, claim)).toBe(true);
    // Claimed but not marked: a retry after a crash sends again.
    expect(await claimNotification(prisma, claim)).toBe(true);
    await markNotificationSent(prisma, key, '<sent-1@sesflow.test>');
    expect(await claimNotification(prisma, claim)).toBe(false);

    const row = await prisma.notification.findUniqueOrThrow({ where: { key } });
    expect(row.messageId).toBe('<sent-1@sesflow.test>');
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.kind).toBe('newIr');
    await expect(markNotificationSent(prisma, `never-claimed-${randomUUID()}`)).rejects.toThrow('was never claimed');
  });

  test('threadMessageIds lists emails oldest first', async () => {
    const ids = newIds();
    await openIr(ids);
    const send = async (key: string, channel: 'email' | 'slack', messageId: string) => {
      await claimNotification(prisma, {
        key,
        channel,
        recipient: ids.invited,
        kind: 'newIr',
        complaintNumber: ids.number,
      });
      await markNotificationSent(prisma, key, messageId);
    };

    await send(`n1-${ids.number}`, 'email', '<first@sesflow.test>');
    await records.record({
      ...event(ids, { type: 'HelperAdded', email: `c.${ids.invited}` }, new Date(Date.now() + 1000).toISOString()),
      key: 'email:<reply@acme.test>',
    });
    await send(`n2-${ids.number}`, 'slack', '1700000000.000100');
    await claimNotification(prisma, {
      key: `n3-${ids.number}`,
      channel: 'email',
      recipient: ids.invited,
      kind: 'reminder',
      complaintNumber: ids.number,
    });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await send(`n4-${ids.number}`, 'email', '<second@sesflow.test>');

    expect(await threadMessageIds(prisma, ids.number)).toEqual([
      '<first@sesflow.test>',
      '<reply@acme.test>',
      '<second@sesflow.test>',
    ]);
  });

  test('CSV export lists complaints with IR counts', async () => {
    const open = newIds();
    const closed = newIds();
    await openIr(open);
    await records.record(
      event(
        open,
        { type: 'IrCreated', ir: 2, question: 'Send the contract', dueAt: '2027-01-12T22:00:00.000Z' },
        '2027-01-05T13:00:00.000Z',
      ),
    );
    await openComplaint(closed);
    await records.record(
      event(
        closed,
        {
          type: 'ComplaintClosed',
          close: {
            reason: 'duplicate',
            visibleToCompany: false,
            note: 'Same as another',
            closedAt: '2027-01-09T12:00:00.000Z',
            closedBy: 'U0AGENT',
          },
        },
        '2027-01-09T12:00:00.000Z',
      ),
    );

    const all = await buildComplaintsCsv(prisma, 'all');
    const openOnly = await buildComplaintsCsv(prisma, 'open');
    const closedOnly = await buildComplaintsCsv(prisma, 'closed');

    const lines = all.csv.trimEnd().split('\n');
    expect(lines[0]).toBe('Number,Company,Status,POC,Opened,Closed,Close reason,Open IRs,Next due');
    expect(all.rows).toBe(await prisma.complaint.count());
    expect(lines).toHaveLength(all.rows + 1);
    expect(lines).toContain(
      `${open.number},${open.companyName},Open,${open.invited},2027-01-04T14:00:01.000Z,,,2,2027-01-12T22:00:00.000Z`,
    );
    expect(lines).toContain(
      `${closed.number},${closed.companyName},Closed,,2027-01-04T14:00:01.000Z,2027-01-09T12:00:00.000Z,duplicate,0,`,
    );
    expect(openOnly.csv).toContain(`${open.number},`);
    expect(openOnly.csv).not.toContain(`${closed.number},`);
    expect(closedOnly.csv).toContain(`${closed.number},`);
    expect(closedOnly.csv).not.toContain(`${open.number},`);
    expect(openOnly.rows + closedOnly.rows).toBe(all.rows);
  });

  test('CSV export quotes commas and neutralizes formulas', async () => {
    const ids = { ...newIds(), companyName: `=HYPERLINK("x"), Inc ${randomUUID().slice(0, 6)}` };
    await openComplaint(ids);

    const { csv } = await buildComplaintsCsv(prisma, 'open');

    expect(csv).toContain(`${ids.number},"'=HYPERLINK(""x""), Inc ${ids.companyName.slice(-6)}",EnrollmentPending`);
  });
});

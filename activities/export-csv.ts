import { stringify } from 'csv-stringify/sync';
import { type Db, IrStatus, type Prisma } from '../lib/db.ts';
import { domainCloseReason } from './records-rows.ts';

const COLUMNS = [
  { key: 'number', header: 'Number' },
  { key: 'company', header: 'Company' },
  { key: 'status', header: 'Status' },
  { key: 'poc', header: 'POC' },
  { key: 'openedAt', header: 'Opened' },
  { key: 'closedAt', header: 'Closed' },
  { key: 'reason', header: 'Close reason' },
  { key: 'openIrs', header: 'Open IRs' },
  { key: 'nextDueAt', header: 'Next due' },
];

/** IR statuses that wait on the company. They count as open and set the next due date. */
const WAITING_ON_COMPANY: IrStatus[] = [IrStatus.Open, IrStatus.ReturnedForUpdate];

/**
 * Builds the CSV of `/ses export`: one row per complaint in the order they were opened, with
 * times as ISO 8601 instants in UTC. "Open IRs" counts the IRs waiting on the company (open or
 * returned for updates) and "Next due" is the earliest of their due dates.
 */
export async function buildComplaintsCsv(
  prisma: Db,
  status: 'open' | 'closed' | 'all',
): Promise<{ csv: string; rows: number }> {
  const where: Prisma.ComplaintWhereInput =
    status === 'open' ? { status: { not: 'Closed' } } : status === 'closed' ? { status: 'Closed' } : {};
  const complaints = await prisma.complaint.findMany({
    where,
    orderBy: [{ openedAt: 'asc' }, { id: 'asc' }],
    include: {
      company: { select: { name: true } },
      closure: { select: { reason: true } },
      informationRequests: { where: { status: { in: WAITING_ON_COMPANY } }, select: { dueAt: true } },
    },
  });

  const records = complaints.map((complaint) => {
    const dueDates = complaint.informationRequests.map((ir) => ir.dueAt.getTime());
    return {
      number: complaint.number,
      company: neutralizeFormula(complaint.company.name),
      status: complaint.status,
      poc: neutralizeFormula(complaint.pocEmail ?? ''),
      openedAt: complaint.openedAt.toISOString(),
      closedAt: complaint.closedAt?.toISOString() ?? '',
      reason: complaint.closure ? domainCloseReason(complaint.closure.reason) : '',
      openIrs: dueDates.length,
      nextDueAt: dueDates.length > 0 ? new Date(Math.min(...dueDates)).toISOString() : '',
    };
  });

  return { csv: stringify(records, { header: true, columns: COLUMNS }), rows: records.length };
}

/** Prefixes a quote to text a spreadsheet would run as a formula (cells starting with = + - @). */
function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

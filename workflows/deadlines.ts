/**
 * Reminders and past-due notices for IRs waiting on the company, and reminders to the Complaints
 * Contact to assign a POC. One durable timer waits for the earliest pending notice and is re-armed
 * whenever the complaint changes, so a moved due date moves its notices and an assigned POC stops
 * the reminders. Each IR notice goes out once per IR and due date.
 */
import { condition } from '@temporalio/workflow';
import {
  addBusinessDays,
  easternDate,
  easternInstant,
  FULL_ACCESS_START_HOUR,
  nextFullAccessStart,
  reminderTimeFor,
  supportAccessAt,
} from '../domain/hours.ts';
import type { InformationRequest } from '../domain/types.ts';
import type { ComplaintEffects } from './complaint-effects.ts';
import { WAITING_ON_COMPANY, type ComplaintState } from './complaint-state.ts';
import type { Mutex } from './mutex.ts';

/** Business days after the complaint entered AwaitingPoc on which the Complaints Contact is reminded. */
export const POC_REMINDER_BUSINESS_DAYS = [2, 4, 6] as const;

export interface DeadlineNotice {
  ir: number;
  kind: 'reminder' | 'pastDue';
  dueAt: string;
  at: Date;
}

export function noticeId(notice: Pick<DeadlineNotice, 'ir' | 'kind' | 'dueAt'>): string {
  return `IR-${notice.ir}:${notice.kind}:${notice.dueAt}`;
}

/**
 * Returns when to remind the company of `dueAt`, as planned at `now`. That is `reminderTimeFor`,
 * but never earlier than `now` and moved to the next Full Access start when it falls in Limited
 * Access. Returns undefined when no Full Access time is left before the due date.
 */
export function plannedReminderTime(dueAt: Date, now: Date): Date | undefined {
  let at = reminderTimeFor(dueAt, now);
  if (at.getTime() < now.getTime()) at = now;
  if (supportAccessAt(at).level === 'Limited') at = nextFullAccessStart(at);
  return at.getTime() < dueAt.getTime() ? at : undefined;
}

/** Notices not yet handled for the IRs waiting on the company, earliest first. */
export function plannedNotices(irs: InformationRequest[], handled: ReadonlySet<string>, now: Date): DeadlineNotice[] {
  const notices: DeadlineNotice[] = [];
  for (const ir of irs.filter((candidate) => WAITING_ON_COMPANY.has(candidate.status))) {
    const dueAt = new Date(ir.dueAt);
    const reminder = { ir: ir.number, kind: 'reminder', dueAt: ir.dueAt } as const;
    const reminderAt = plannedReminderTime(dueAt, now);
    if (!handled.has(noticeId(reminder)) && reminderAt) notices.push({ ...reminder, at: reminderAt });

    const pastDue = { ir: ir.number, kind: 'pastDue', dueAt: ir.dueAt } as const;
    if (!handled.has(noticeId(pastDue))) notices.push({ ...pastDue, at: dueAt });
  }
  return notices.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Returns 9:00 AM ET on the business day of the given reminder to assign a POC, 1 for the first. */
export function pocReminderSlot(awaitingPocSince: Date, reminder: number): Date {
  const days = POC_REMINDER_BUSINESS_DAYS[reminder - 1] ?? 0;
  return easternInstant(addBusinessDays(easternDate(awaitingPocSince), days), FULL_ACCESS_START_HOUR);
}

export interface PocReminder {
  reminder: number;
  at: Date;
}

/**
 * Returns the next reminder to assign a POC after `sent` reminders, as planned at `now`, or
 * undefined when all were sent. When the workflow was not running at a reminder's time, only the
 * latest reminder whose time has passed goes out, at `now` or the next Full Access start.
 */
export function plannedPocReminder(awaitingPocSince: Date, sent: number, now: Date): PocReminder | undefined {
  let reminder = sent + 1;
  if (reminder > POC_REMINDER_BUSINESS_DAYS.length) return undefined;
  while (
    reminder < POC_REMINDER_BUSINESS_DAYS.length &&
    pocReminderSlot(awaitingPocSince, reminder + 1).getTime() <= now.getTime()
  ) {
    reminder += 1;
  }

  let at = pocReminderSlot(awaitingPocSince, reminder);
  if (at.getTime() < now.getTime()) at = now;
  if (supportAccessAt(at).level === 'Limited') at = nextFullAccessStart(at);
  return { reminder, at };
}

function plannedPocReminderOf(state: ComplaintState, now: Date): PocReminder | undefined {
  if (state.status !== 'AwaitingPoc' || !state.awaitingPocSince) return undefined;
  return plannedPocReminder(new Date(state.awaitingPocSince), state.pocReminders, now);
}

/**
 * Marks a due reminder to assign a POC sent and returns the steps that email it to the Complaints
 * Contact, or undefined when a POC was assigned or the reminder was sent since it was planned.
 */
function applyPocReminder(
  state: ComplaintState,
  effects: ComplaintEffects,
  planned: PocReminder,
): (() => Promise<void>) | undefined {
  if (state.status !== 'AwaitingPoc' || planned.reminder <= state.pocReminders) return undefined;
  state.pocReminders = planned.reminder;

  const key = `${state.number}:poc-reminder:${planned.reminder}`;
  const at = new Date().toISOString();
  state.addTimeline(at, { kind: 'system' }, `Reminder ${planned.reminder} to assign a POC sent`);
  const contact = state.complaintsContact();
  const notice = {
    kind: 'assignPocRequest',
    companyName: state.company.name,
    summary: state.summary,
    reminder: planned.reminder,
  } as const;

  return async () => {
    if (contact) await effects.email(key, { email: contact.email, name: contact.name }, notice);
  };
}

/**
 * Marks a due notice handled and returns the steps that send it, or undefined when the IR was
 * submitted or given a new due date since the notice was planned.
 */
function applyNotice(
  state: ComplaintState,
  effects: ComplaintEffects,
  notice: DeadlineNotice,
): (() => Promise<void>) | undefined {
  const ir = state.findIr(notice.ir);
  const id = noticeId(notice);
  if (!ir || ir.dueAt !== notice.dueAt || !WAITING_ON_COMPANY.has(ir.status) || state.handledNotices.has(id)) {
    return undefined;
  }
  state.handledNotices.add(id);

  const key = `${state.number}:${id}`;
  const at = new Date().toISOString();
  const content = { kind: notice.kind, ir: ir.number, dueAt: ir.dueAt } as const;
  const event = notice.kind === 'reminder' ? 'reminder sent' : 'is past due';
  state.addTimeline(at, { kind: 'system' }, `IR-${ir.number} ${event}`, { ir: ir.number });
  const poc = state.poc;

  return async () => {
    if (poc) await effects.email(key, poc, content, ir.number);
    if (notice.kind === 'pastDue') await effects.notifyAgency(key, content);
  };
}

/** Sends deadline notices until the complaint closes. */
export async function watchDeadlines(state: ComplaintState, lock: Mutex, effects: ComplaintEffects): Promise<void> {
  while (!state.isClosed) {
    const version = state.version;
    const now = new Date();
    const planned = plannedNotices(state.irs, state.handledNotices, now);
    const pocReminder = plannedPocReminderOf(state, now);
    const changed = () => state.version !== version || state.isClosed;

    const times = [...planned, ...(pocReminder ? [pocReminder] : [])].map((notice) => notice.at.getTime());
    if (times.length === 0) {
      await condition(changed);
      continue;
    }
    const waitMs = Math.min(...times) - now.getTime();
    if (waitMs > 0 && (await condition(changed, waitMs))) continue;

    const firedAt = new Date().getTime();
    const sends = planned
      .filter((notice) => notice.at.getTime() <= firedAt)
      .map((notice) => applyNotice(state, effects, notice));
    if (pocReminder && pocReminder.at.getTime() <= firedAt) sends.push(applyPocReminder(state, effects, pocReminder));
    // Awaited here, because the workflow waits for this loop, and not for the lock, before it ends.
    await lock.runExclusive(async () => {
      for (const send of sends) if (send) await send();
    });
  }
}

/**
 * Reminders and past-due notices for IRs waiting on the company. One durable timer waits for the
 * earliest pending notice and is re-armed whenever the complaint changes, so a moved due date
 * moves its notices. Each notice goes out once per IR and due date.
 */
import { condition } from '@temporalio/workflow';
import { nextFullAccessStart, reminderTimeFor, supportAccessAt } from '../domain/hours.ts';
import type { InformationRequest } from '../domain/types.ts';
import type { ComplaintEffects } from './complaint-effects.ts';
import { WAITING_ON_COMPANY, type ComplaintState } from './complaint-state.ts';
import type { Mutex } from './mutex.ts';

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
    const changed = () => state.version !== version || state.isClosed;

    const next = planned[0];
    if (!next) {
      await condition(changed);
      continue;
    }
    const waitMs = next.at.getTime() - now.getTime();
    if (waitMs > 0 && (await condition(changed, waitMs))) continue;

    const firedAt = new Date().getTime();
    const sends = planned
      .filter((notice) => notice.at.getTime() <= firedAt)
      .map((notice) => applyNotice(state, effects, notice))
      .filter((send) => send !== undefined);
    // Awaited here, because the workflow waits for this loop, and not for the lock, before it ends.
    await lock.runExclusive(async () => {
      for (const send of sends) await send();
    });
  }
}

import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessDays, easternDate, reminderTimeFor } from '../../domain/hours.ts';
import type { InformationRequest } from '../../domain/types.ts';
import {
  noticeId,
  plannedNotices,
  plannedPocReminder,
  plannedReminderTime,
  pocReminderSlot,
} from '../../workflows/deadlines.ts';
import {
  assignPoc,
  closeComplaint,
  companyChanged,
  createIr,
  decideExtension,
  requestExtension,
  saveDraft,
  sendBack,
  submitResponse,
} from '../../workflows/messages.ts';
import { CONTACT, eventually, openWithPoc, POC, statusFor } from './complaint-support.ts';
import {
  agency,
  companyActor,
  enrolledCompany,
  nextKey,
  pendingCompany,
  startComplaint,
  startHarness,
  type Harness,
} from './harness.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function irDue(number: number, dueAt: string, status: InformationRequest['status'] = 'Open'): InformationRequest {
  return {
    number,
    question: 'Q?',
    status,
    createdAt: '2026-12-01T15:00:00.000Z',
    dueAt,
    previousDueDates: [],
    drafts: [],
    submissions: [],
    extensions: [],
  };
}

describe('plannedReminderTime', () => {
  it('plannedReminderTime is the business morning before the due date', () => {
    const due = new Date('2026-12-09T23:00:00Z'); // Wed 6:00 PM ET
    const now = new Date('2026-12-04T16:00:00Z');
    expect(plannedReminderTime(due, now)?.toISOString()).toBe('2026-12-08T14:00:00.000Z');
  });

  it('plannedReminderTime late in the due day is now', () => {
    const due = new Date('2026-12-08T23:00:00Z');
    const now = new Date('2026-12-08T16:00:00Z'); // Tue 11:00 AM ET, the due day
    expect(plannedReminderTime(due, now)?.toISOString()).toBe(now.toISOString());
  });

  it('plannedReminderTime with no Full Access left before the due date is none', () => {
    const due = new Date('2026-12-09T04:00:00Z'); // Tue 11:00 PM ET
    const now = new Date('2026-12-09T01:00:00Z'); // Tue 8:00 PM ET
    expect(plannedReminderTime(due, now)).toBeUndefined();
  });
});

describe('plannedNotices', () => {
  const now = new Date('2026-12-04T16:00:00Z');

  it('plannedNotices orders reminders and due dates of waiting IRs', () => {
    const notices = plannedNotices(
      [irDue(1, '2026-12-11T23:00:00.000Z'), irDue(2, '2026-12-09T23:00:00.000Z')],
      new Set(),
      now,
    );
    expect(notices.map((notice) => `${notice.kind}:${notice.ir}`)).toEqual([
      'reminder:2',
      'pastDue:2',
      'reminder:1',
      'pastDue:1',
    ]);
    expect(notices[0]?.at.toISOString()).toBe(reminderTimeFor(new Date('2026-12-09T23:00:00.000Z')).toISOString());
  });

  it('plannedNotices skips handled notices and answered IRs', () => {
    const handled = new Set([noticeId({ ir: 1, kind: 'reminder', dueAt: '2026-12-11T23:00:00.000Z' })]);
    const irs = [irDue(1, '2026-12-11T23:00:00.000Z'), irDue(2, '2026-12-09T23:00:00.000Z', 'Sent')];
    expect(plannedNotices(irs, handled, now).map((notice) => `${notice.kind}:${notice.ir}`)).toEqual(['pastDue:1']);
  });
});

describe('plannedPocReminder', () => {
  const since = new Date('2026-12-03T20:00:00Z'); // Thu 3:00 PM ET

  it('pocReminderSlot counts business days at 9:00 AM ET', () => {
    expect(pocReminderSlot(since, 1).toISOString()).toBe('2026-12-07T14:00:00.000Z'); // Mon
    expect(pocReminderSlot(since, 2).toISOString()).toBe('2026-12-09T14:00:00.000Z'); // Wed
    expect(pocReminderSlot(since, 3).toISOString()).toBe('2026-12-11T14:00:00.000Z'); // Fri
  });

  it('pocReminderSlot skips holidays', () => {
    const beforeChristmas = new Date('2026-12-23T15:00:00Z'); // Wed; Fri Dec 25 is a holiday
    expect(pocReminderSlot(beforeChristmas, 1).toISOString()).toBe('2026-12-28T14:00:00.000Z');
  });

  it('plannedPocReminder is the next slot after those sent', () => {
    expect(plannedPocReminder(since, 0, since)).toEqual({ reminder: 1, at: pocReminderSlot(since, 1) });
    expect(plannedPocReminder(since, 2, since)).toEqual({ reminder: 3, at: pocReminderSlot(since, 3) });
  });

  it('plannedPocReminder after three reminders is none', () => {
    expect(plannedPocReminder(since, 3, since)).toBeUndefined();
  });

  it('plannedPocReminder late sends only the latest passed slot', () => {
    const now = new Date('2026-12-10T15:00:00Z'); // Thu 10:00 AM ET, after slots 1 and 2
    expect(plannedPocReminder(since, 0, now)).toEqual({ reminder: 2, at: now });
  });

  it('plannedPocReminder late in Limited Access waits for Full Access', () => {
    const now = new Date('2026-12-10T01:00:00Z'); // Wed 8:00 PM ET, after slot 2
    expect(plannedPocReminder(since, 1, now)).toEqual({ reminder: 2, at: new Date('2026-12-10T14:00:00Z') });
  });
});

describe('complaint deadlines with skipped time', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  async function currentTime(): Promise<number> {
    return await harness.env.currentTimeMs();
  }

  /** Skips server time forward to `instant`, if it is still ahead. */
  async function skipTo(instant: number): Promise<void> {
    const ahead = instant - (await currentTime());
    if (ahead > 0) await harness.env.sleep(ahead);
  }

  async function addIr(handle: WorkflowHandle, days: number): Promise<string> {
    const result = await handle.executeUpdate(createIr, {
      args: [{ key: nextKey(), actor: agency, question: 'Send the statement.', due: { kind: 'businessDays', days } }],
    });
    return result.dueAt;
  }

  it('reminder goes to the POC once at the planned time', async () => {
    const { number, handle } = await openWithPoc(harness.env);
    const dueAt = await addIr(handle, 3);
    const reminderAt = plannedReminderTime(new Date(dueAt), new Date(await currentTime()))?.getTime() ?? 0;

    await skipTo(reminderAt - MINUTE);
    expect(harness.recorder.emailsOf(number, 'reminder')).toHaveLength(0);

    await skipTo(reminderAt + MINUTE);
    const [reminder] = await eventually(() => {
      const sent = harness.recorder.emailsOf(number, 'reminder');
      expect(sent).toHaveLength(1);
      return sent;
    });
    expect(reminder?.request.to.email).toBe(POC);
    expect(reminder?.request.notice).toEqual({ kind: 'reminder', ir: 1, dueAt });
    expect(reminder?.scheduledAt).toBeGreaterThanOrEqual(reminderAt);
    expect(reminder?.scheduledAt).toBeLessThan(reminderAt + MINUTE);
  });

  it('past due notice goes to the POC and the agency once', async () => {
    const { number, handle } = await openWithPoc(harness.env);
    const dueAt = await addIr(handle, 1);

    await skipTo(Date.parse(dueAt) - MINUTE);
    expect(harness.recorder.emailsOf(number, 'pastDue')).toHaveLength(0);

    await skipTo(Date.parse(dueAt) + 5 * DAY);
    await eventually(() => expect(harness.recorder.agencyNoticesOf(number, 'pastDue')).toHaveLength(1));
    const pastDue = harness.recorder.emailsOf(number, 'pastDue');
    expect(pastDue).toHaveLength(1);
    expect(pastDue[0]?.request.to.email).toBe(POC);
    expect(pastDue[0]?.scheduledAt).toBeGreaterThanOrEqual(Date.parse(dueAt));
    expect(pastDue[0]?.scheduledAt).toBeLessThan(Date.parse(dueAt) + MINUTE);
    expect(harness.recorder.emailsOf(number, 'reminder')).toHaveLength(1);
  });

  it('approved extension moves the reminder and the due notice', async () => {
    const { number, handle } = await openWithPoc(harness.env);
    const firstDue = await addIr(handle, 3);
    await handle.executeUpdate(requestExtension, {
      args: [{ key: nextKey(), actor: companyActor(POC), ir: 1, days: 5, reason: 'Archive is offsite.' }],
    });
    const { dueAt: newDue } = await handle.executeUpdate(decideExtension, {
      args: [{ key: nextKey(), actor: agency, ir: 1, approve: true }],
    });

    await skipTo(Date.parse(firstDue) + MINUTE);
    expect(harness.recorder.emailsOf(number, 'reminder')).toHaveLength(0);
    expect(harness.recorder.emailsOf(number, 'pastDue')).toHaveLength(0);

    await skipTo(Date.parse(newDue) + MINUTE);
    await eventually(() => expect(harness.recorder.emailsOf(number, 'pastDue')).toHaveLength(1));
    const reminders = harness.recorder.emailsOf(number, 'reminder');
    expect(reminders.map((call) => call.request.notice)).toEqual([{ kind: 'reminder', ir: 1, dueAt: newDue }]);
    expect(reminders[0]?.scheduledAt).toBeGreaterThanOrEqual(reminderTimeFor(new Date(newDue)).getTime());
  });

  it('extension approved after the due date ends in the future', async () => {
    const { number, handle } = await openWithPoc(harness.env);
    const firstDue = await addIr(handle, 1);
    await skipTo(Date.parse(firstDue) + 7 * DAY);
    await eventually(() => expect(harness.recorder.agencyNoticesOf(number, 'pastDue')).toHaveLength(1));
    await handle.executeUpdate(requestExtension, {
      args: [{ key: nextKey(), actor: companyActor(POC), ir: 1, days: 2, reason: 'Records were late.' }],
    });

    const now = new Date(await currentTime());
    const { dueAt } = await handle.executeUpdate(decideExtension, {
      args: [{ key: nextKey(), actor: agency, ir: 1, approve: true }],
    });

    expect(Date.parse(dueAt)).toBeGreaterThan(now.getTime());
    expect(easternDate(new Date(dueAt))).toBe(addBusinessDays(easternDate(now), 2));
    await skipTo(Date.parse(dueAt) + MINUTE);
    await eventually(() => expect(harness.recorder.agencyNoticesOf(number, 'pastDue')).toHaveLength(2));
    expect(harness.recorder.emailsOf(number, 'reminder').map((call) => call.request.notice)).toContainEqual({
      kind: 'reminder',
      ir: 1,
      dueAt,
    });
  });

  it('submitted IR gets no reminder or past due notice', async () => {
    const { number, handle } = await openWithPoc(harness.env);
    const dueAt = await addIr(handle, 2);
    await handle.executeUpdate(submitResponse, {
      args: [{ key: nextKey(), actor: companyActor(POC), ir: 1, text: 'Here it is.' }],
    });

    await skipTo(Date.parse(dueAt) + 2 * DAY);
    expect(harness.recorder.emailsOf(number, 'reminder')).toHaveLength(0);
    expect(harness.recorder.emailsOf(number, 'pastDue')).toHaveLength(0);
    expect(harness.recorder.agencyNoticesOf(number, 'pastDue')).toHaveLength(0);
  });

  it('returned IR gets notices for its new due date', async () => {
    const { number, handle } = await openWithPoc(harness.env);
    const firstDue = await addIr(handle, 1);
    await skipTo(Date.parse(firstDue) + MINUTE);
    await eventually(() => expect(harness.recorder.agencyNoticesOf(number, 'pastDue')).toHaveLength(1));

    await handle.executeUpdate(saveDraft, {
      args: [{ key: nextKey(), actor: companyActor(POC), ir: 1, text: 'Late answer.', restricted: false }],
    });
    await handle.executeUpdate(submitResponse, { args: [{ key: nextKey(), actor: companyActor(POC), ir: 1 }] });
    const { dueAt: secondDue } = await handle.executeUpdate(sendBack, {
      args: [{ key: nextKey(), actor: agency, ir: 1, due: { kind: 'businessDays', days: 2 }, note: 'Add dates.' }],
    });

    await skipTo(Date.parse(secondDue) + MINUTE);
    await eventually(() => expect(harness.recorder.agencyNoticesOf(number, 'pastDue')).toHaveLength(2));
    const dueDates = harness.recorder
      .emailsOf(number, 'pastDue')
      .map((call) => (call.request.notice as { dueAt: string }).dueAt);
    expect(dueDates).toEqual([firstDue, secondDue]);
  });

  it('past due without a POC notifies only the agency', async () => {
    const { number, handle } = await startComplaint(harness.env);
    const dueAt = await addIr(handle, 1);

    await skipTo(Date.parse(dueAt) + MINUTE);
    await eventually(() => expect(harness.recorder.agencyNoticesOf(number, 'pastDue')).toHaveLength(1));
    expect(harness.recorder.emailsOf(number, 'pastDue')).toHaveLength(0);
    expect(harness.recorder.emailsOf(number, 'reminder')).toHaveLength(0);
  });

  /** Starts a complaint awaiting a POC and returns it with its three reminder times. */
  async function startAwaitingPoc(): Promise<{ number: string; handle: WorkflowHandle; slots: number[] }> {
    const started = await startComplaint(harness.env);
    const { openedAt } = await statusFor(started.handle);
    const slots = [1, 2, 3].map((reminder) => pocReminderSlot(new Date(openedAt), reminder).getTime());
    return { ...started, slots };
  }

  it('POC reminders arrive on business days 2, 4 and 6', async () => {
    const { number, handle, slots } = await startAwaitingPoc();
    const openedAt = new Date((await statusFor(handle)).openedAt);
    expect(slots.map((slot) => easternDate(new Date(slot)))).toEqual(
      [2, 4, 6].map((days) => addBusinessDays(easternDate(openedAt), days)),
    );

    for (const [index, slot] of slots.entries()) {
      await skipTo(slot - MINUTE);
      await eventually(() => expect(harness.recorder.emailsOf(number, 'assignPocRequest')).toHaveLength(index + 1));
      await skipTo(slot + MINUTE);
      await eventually(() => expect(harness.recorder.emailsOf(number, 'assignPocRequest')).toHaveLength(index + 2));
    }

    const [request, ...reminders] = harness.recorder.emailsOf(number, 'assignPocRequest');
    expect(request?.request.notice).not.toHaveProperty('reminder');
    expect(reminders.map((call) => call.request.notice)).toEqual(
      [1, 2, 3].map((reminder) => ({
        kind: 'assignPocRequest',
        companyName: 'Acme Lending',
        summary: 'Consumer was charged twice for one loan payment.',
        reminder,
      })),
    );
    for (const [index, call] of reminders.entries()) {
      expect(call.request.to.email).toBe(CONTACT);
      expect(call.request.key).toBe(`${number}:poc-reminder:${index + 1}:email:assignPocRequest:${CONTACT}`);
      expect(call.scheduledAt).toBeGreaterThanOrEqual(slots[index] ?? 0);
      expect(call.scheduledAt).toBeLessThan((slots[index] ?? 0) + MINUTE);
    }
  });

  it('POC reminders stop at three', async () => {
    const { number, slots } = await startAwaitingPoc();

    await skipTo((slots[2] ?? 0) + 10 * DAY);
    await eventually(() => expect(harness.recorder.emailsOf(number, 'assignPocRequest')).toHaveLength(4));
    await skipTo((await currentTime()) + 10 * DAY);
    expect(harness.recorder.emailsOf(number, 'assignPocRequest')).toHaveLength(4);
  });

  it('POC reminders stop once a POC is assigned', async () => {
    const { number, handle, slots } = await startAwaitingPoc();
    await skipTo((slots[0] ?? 0) + MINUTE);
    await eventually(() => expect(harness.recorder.emailsOf(number, 'assignPocRequest')).toHaveLength(2));

    await handle.executeUpdate(assignPoc, {
      args: [{ key: nextKey('poc'), actor: companyActor(CONTACT), email: POC }],
    });
    await skipTo((slots[2] ?? 0) + DAY);
    expect(harness.recorder.emailsOf(number, 'assignPocRequest')).toHaveLength(2);
  });

  it('POC reminders stop when the complaint closes', async () => {
    const { number, handle, slots } = await startAwaitingPoc();
    await handle.executeUpdate(closeComplaint, {
      args: [{ key: nextKey(), actor: agency, reason: 'invalid', visibleToCompany: false, note: 'Duplicate.' }],
    });

    await skipTo((slots[2] ?? 0) + DAY);
    expect(harness.recorder.emailsOf(number, 'assignPocRequest')).toHaveLength(1);
  });

  it('POC reminders count from enrollment', async () => {
    const { number, handle } = await startComplaint(harness.env, pendingCompany());
    await skipTo((await currentTime()) + 5 * DAY);
    const enrolledAt = new Date(await currentTime());
    await handle.signal(companyChanged, enrolledCompany('company-pending'));
    await eventually(() => expect(harness.recorder.emailsOf(number, 'assignPocRequest')).toHaveLength(1));

    const firstSlot = pocReminderSlot(enrolledAt, 1).getTime();
    await skipTo(firstSlot + MINUTE);
    const reminders = await eventually(() => {
      const sent = harness.recorder.emailsOf(number, 'assignPocRequest');
      expect(sent).toHaveLength(2);
      return sent;
    });
    expect(reminders[1]?.scheduledAt).toBeGreaterThanOrEqual(firstSlot);
    expect(reminders[1]?.scheduledAt).toBeLessThan(firstSlot + MINUTE);
  });
});

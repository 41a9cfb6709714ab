/**
 * The agency's support calendar in Eastern Time (America/New_York, daylight saving included).
 * Full Access runs 9:00 AM to 6:00 PM on business days; every other hour is Limited Access.
 * Business days are Monday to Friday except the federal holidays the agency closes for, on their
 * observed dates. Everything here is pure, so workflows and bots compute the same results.
 */
import { allForYear } from '@18f/us-federal-holidays';
import { tzOffset } from '@date-fns/tz';
import { ErrorCode, rejection } from './errors.ts';
import type { DueSpec } from './types.ts';

export const EASTERN_TIME_ZONE = 'America/New_York';
export const FULL_ACCESS_START_HOUR = 9;
export const FULL_ACCESS_END_HOUR = 18;
export const MAX_DUE_BUSINESS_DAYS = 90;

/** A calendar date in Eastern Time, as `YYYY-MM-DD`. */
export type IsoDate = string;

export interface SupportAccess {
  level: 'Full' | 'Limited';
  /** 'weekday hours', 'evening', 'early morning', 'weekend', or the holiday's name. */
  reason: string;
  /** When the level next changes. */
  until: Date;
}

/**
 * Holidays the agency closes for, by the names `@18f/us-federal-holidays` 4.0 gives them. Columbus
 * Day and Veterans Day are federal holidays too, but the agency stays open on them.
 */
const CLOSED_HOLIDAYS: Record<string, string> = {
  "New Year's Day": "New Year's Day",
  'Birthday of Martin Luther King, Jr.': 'Martin Luther King Jr. Day',
  "Washington's Birthday": "Presidents' Day",
  'Memorial Day': 'Memorial Day',
  'Juneteenth National Independence Day': 'Juneteenth',
  'Independence Day': 'Independence Day',
  'Labor Day': 'Labor Day',
  'Thanksgiving Day': 'Thanksgiving Day',
  'Christmas Day': 'Christmas Day',
};

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const holidaysByYear = new Map<number, Map<IsoDate, string>>();

/**
 * Returns the observed closed holidays dated in `year`, including New Year's Day of `year + 1`
 * when it is observed on December 31.
 */
function closedHolidaysOf(year: number): Map<IsoDate, string> {
  let holidays = holidaysByYear.get(year);
  if (!holidays) {
    holidays = new Map();
    // The library computes dates in the process's local time zone, but `dateString` is the
    // calendar date itself, so the result does not depend on where the code runs.
    for (const holiday of [...allForYear(year), ...allForYear(year + 1)]) {
      const name = CLOSED_HOLIDAYS[holiday.name];
      if (name && holiday.dateString.startsWith(`${year}-`)) holidays.set(holiday.dateString, name);
    }
    holidaysByYear.set(year, holidays);
  }
  return holidays;
}

/** Returns the name of the closed holiday observed on `date`, if any. */
export function holidayOn(date: IsoDate): string | undefined {
  return closedHolidaysOf(Number(date.slice(0, 4))).get(date);
}

function parseIsoDate(date: IsoDate): { year: number; month: number; day: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return { year, month, day };
}

function isoDateOf(utcMidnightMs: number): IsoDate {
  return new Date(utcMidnightMs).toISOString().slice(0, 10);
}

function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return isoDateOf(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
}

/** Day of the week of a calendar date, 0 for Sunday. */
function weekdayOf(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Wall-clock fields of `instant` in Eastern Time. */
function easternClock(instant: Date): { date: IsoDate; weekday: number; minutes: number } {
  const shifted = new Date(instant.getTime() + tzOffset(EASTERN_TIME_ZONE, instant) * MINUTE_MS);
  return {
    date: shifted.toISOString().slice(0, 10),
    weekday: shifted.getUTCDay(),
    minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

/** Returns the Eastern Time calendar date of `instant`. */
export function easternDate(instant: Date): IsoDate {
  return easternClock(instant).date;
}

/** Returns the instant at which Eastern Time clocks show `hour:minute` on `date`. */
export function easternInstant(date: IsoDate, hour: number, minute = 0): Date {
  const wallClockMs = Date.parse(`${date}T00:00:00Z`) + (hour * 60 + minute) * MINUTE_MS;
  const firstGuess = wallClockMs - tzOffset(EASTERN_TIME_ZONE, new Date(wallClockMs)) * MINUTE_MS;
  // The offset at the wall-clock reading can differ from the offset at the real instant when a
  // daylight saving switch lies between them, so correct once with the offset at the guess.
  return new Date(wallClockMs - tzOffset(EASTERN_TIME_ZONE, new Date(firstGuess)) * MINUTE_MS);
}

export function isBusinessDay(date: IsoDate): boolean {
  const weekday = weekdayOf(date);
  return weekday !== 0 && weekday !== 6 && holidayOn(date) === undefined;
}

/** Returns the `days`-th business day after `date` (0 returns `date` itself). */
export function addBusinessDays(date: IsoDate, days: number): IsoDate {
  let current = date;
  for (let counted = 0; counted < days;) {
    current = addCalendarDays(current, 1);
    if (isBusinessDay(current)) counted += 1;
  }
  return current;
}

/** Returns the last business day before `date`. */
export function previousBusinessDay(date: IsoDate): IsoDate {
  let current = addCalendarDays(date, -1);
  while (!isBusinessDay(current)) current = addCalendarDays(current, -1);
  return current;
}

/** Returns the first business day on or after `date`. */
function businessDayOnOrAfter(date: IsoDate): IsoDate {
  let current = date;
  while (!isBusinessDay(current)) current = addCalendarDays(current, 1);
  return current;
}

/**
 * Returns the earliest start of Full Access (9:00 AM ET on a business day) at or after `instant`.
 * During Full Access that is the next business day's opening, unless `instant` is exactly 9:00 AM.
 */
export function nextFullAccessStart(instant: Date): Date {
  const clock = easternClock(instant);
  const opensToday = easternInstant(clock.date, FULL_ACCESS_START_HOUR);
  if (isBusinessDay(clock.date) && instant.getTime() <= opensToday.getTime()) return opensToday;
  return easternInstant(businessDayOnOrAfter(addCalendarDays(clock.date, 1)), FULL_ACCESS_START_HOUR);
}

export function supportAccessAt(instant: Date): SupportAccess {
  const clock = easternClock(instant);
  const holiday = holidayOn(clock.date);
  const weekend = clock.weekday === 0 || clock.weekday === 6;
  const opensAt = FULL_ACCESS_START_HOUR * 60;
  const closesAt = FULL_ACCESS_END_HOUR * 60;

  if (!holiday && !weekend && clock.minutes >= opensAt && clock.minutes < closesAt) {
    return { level: 'Full', reason: 'weekday hours', until: easternInstant(clock.date, FULL_ACCESS_END_HOUR) };
  }

  let reason: string;
  if (holiday) reason = holiday;
  else if (weekend) reason = 'weekend';
  else if (clock.minutes >= closesAt) reason = 'evening';
  else reason = 'early morning';
  return { level: 'Limited', reason, until: nextFullAccessStart(instant) };
}

function describeNonBusinessDay(date: IsoDate): string {
  const holiday = holidayOn(date);
  if (holiday) return `${date} is ${holiday}, a holiday`;
  return `${date} is a ${WEEKDAY_NAMES[weekdayOf(date)]}`;
}

/**
 * Turns a due date as the agency typed it into an instant: 6:00 PM ET on the given date, which
 * must be a business day after today (Eastern Time), or on the nth business day after today.
 * Throws an `InvalidDueDate` rejection naming the value otherwise.
 */
export function resolveDue(spec: DueSpec, now: Date): Date {
  const today = easternDate(now);

  if (spec.kind === 'businessDays') {
    if (!Number.isInteger(spec.days) || spec.days < 1 || spec.days > MAX_DUE_BUSINESS_DAYS) {
      throw rejection(
        ErrorCode.InvalidDueDate,
        `Business days must be a whole number from 1 to ${MAX_DUE_BUSINESS_DAYS}; got ${spec.days}.`,
      );
    }
    return easternInstant(addBusinessDays(today, spec.days), FULL_ACCESS_END_HOUR);
  }

  if (!parseIsoDate(spec.date)) {
    throw rejection(ErrorCode.InvalidDueDate, `Due date "${spec.date}" is not a valid date; use YYYY-MM-DD.`);
  }
  if (spec.date <= today) {
    throw rejection(
      ErrorCode.InvalidDueDate,
      `Due date ${spec.date} is not in the future; today is ${today} in Eastern Time. Pick a later business day.`,
    );
  }
  if (!isBusinessDay(spec.date)) {
    throw rejection(
      ErrorCode.InvalidDueDate,
      `Due date ${describeNonBusinessDay(spec.date)}, not a business day. Pick a weekday that is not a holiday.`,
    );
  }
  return easternInstant(spec.date, FULL_ACCESS_END_HOUR);
}

/**
 * Returns when to remind the company of a due date: 9:00 AM ET on the business day before the
 * due date. When `now` is given and that time is not after it, returns 9:00 AM ET on the due date
 * itself, so a due date set late still gets a reminder on its last morning. The result can still
 * be in the past, for example when the due date itself has passed; callers decide what to do then.
 */
export function reminderTimeFor(dueAt: Date, now?: Date): Date {
  const dueDate = easternDate(dueAt);
  const dayBefore = easternInstant(previousBusinessDay(dueDate), FULL_ACCESS_START_HOUR);
  if (now === undefined || dayBefore.getTime() > now.getTime()) return dayBefore;
  return easternInstant(dueDate, FULL_ACCESS_START_HOUR);
}

/** Formats an instant for people, e.g. 'Fri, Jan 15, 2027, 6:00 PM ET'. */
export function formatEastern(instant: Date): string {
  const clock = easternClock(instant);
  const parsed = parseIsoDate(clock.date);
  if (!parsed) return instant.toISOString();

  const hour24 = Math.floor(clock.minutes / 60);
  const minute = clock.minutes % 60;
  const hour12 = hour24 % 12 === 0 ? 12 : hour24 % 12;
  const weekday = WEEKDAY_NAMES[clock.weekday]?.slice(0, 3);
  const month = MONTH_NAMES[parsed.month - 1];
  const time = `${hour12}:${String(minute).padStart(2, '0')} ${hour24 < 12 ? 'AM' : 'PM'}`;
  return `${weekday}, ${month} ${parsed.day}, ${parsed.year}, ${time} ET`;
}

import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../domain/errors.ts';
import {
  addBusinessDays,
  easternDate,
  easternInstant,
  formatEastern,
  holidayOn,
  isBusinessDay,
  nextFullAccessStart,
  previousBusinessDay,
  reminderTimeFor,
  resolveDue,
  supportAccessAt,
} from '../../domain/hours.ts';
import type { DueSpec } from '../../domain/types.ts';

const at = (iso: string) => new Date(iso);

/** Observed closed holidays, worked out by hand from the federal rules. */
const OBSERVED_HOLIDAYS: [string, string][] = [
  ['2026-01-01', "New Year's Day"],
  ['2026-01-19', 'Martin Luther King Jr. Day'],
  ['2026-02-16', "Presidents' Day"],
  ['2026-05-25', 'Memorial Day'],
  ['2026-06-19', 'Juneteenth'],
  ['2026-07-03', 'Independence Day'], // July 4 is a Saturday
  ['2026-09-07', 'Labor Day'],
  ['2026-11-26', 'Thanksgiving Day'],
  ['2026-12-25', 'Christmas Day'],
  ['2027-01-01', "New Year's Day"],
  ['2027-01-18', 'Martin Luther King Jr. Day'],
  ['2027-02-15', "Presidents' Day"],
  ['2027-05-31', 'Memorial Day'],
  ['2027-06-18', 'Juneteenth'], // June 19 is a Saturday
  ['2027-07-05', 'Independence Day'], // July 4 is a Sunday
  ['2027-09-06', 'Labor Day'],
  ['2027-11-25', 'Thanksgiving Day'],
  ['2027-12-24', 'Christmas Day'], // December 25 is a Saturday
  ['2027-12-31', "New Year's Day"], // January 1, 2028 is a Saturday
  ['2028-01-17', 'Martin Luther King Jr. Day'],
  ['2028-02-21', "Presidents' Day"],
  ['2028-05-29', 'Memorial Day'],
  ['2028-06-19', 'Juneteenth'],
  ['2028-07-04', 'Independence Day'],
  ['2028-09-04', 'Labor Day'],
  ['2028-11-23', 'Thanksgiving Day'],
  ['2028-12-25', 'Christmas Day'],
];

function rejectionOf(spec: DueSpec, now: Date): { code: string | undefined; message: string } {
  try {
    resolveDue(spec, now);
  } catch (error) {
    return { code: errorCodeOf(error), message: (error as Error).message };
  }
  throw new Error(`resolveDue accepted ${JSON.stringify(spec)}`);
}

describe('holidayOn', () => {
  it.each(OBSERVED_HOLIDAYS)('holidayOn %s is %s', (date, name) => {
    expect(holidayOn(date)).toBe(name);
    expect(isBusinessDay(date)).toBe(false);
  });

  it('holidayOn lists exactly the observed holidays 2026-2028', () => {
    const found: string[] = [];
    for (let day = Date.UTC(2026, 0, 1); day <= Date.UTC(2028, 11, 31); day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      if (holidayOn(date)) found.push(date);
    }
    expect(found).toEqual(OBSERVED_HOLIDAYS.map(([date]) => date));
  });

  it.each(['2026-07-04', '2027-07-04', '2027-06-19', '2027-12-25', '2028-01-01'])(
    'holidayOn actual date %s on a weekend is not the observed day',
    (date) => {
      expect(holidayOn(date)).toBeUndefined();
    },
  );

  it.each(['2026-10-12', '2026-11-11', '2027-10-11', '2027-11-11', '2028-10-09', '2028-11-10'])(
    'isBusinessDay Columbus and Veterans Day %s stay business days',
    (date) => {
      expect(holidayOn(date)).toBeUndefined();
      expect(isBusinessDay(date)).toBe(true);
    },
  );
});

describe('easternInstant and easternDate', () => {
  it('easternInstant uses standard time in winter', () => {
    expect(easternInstant('2026-12-04', 9).toISOString()).toBe('2026-12-04T14:00:00.000Z');
  });

  it('easternInstant uses daylight time in summer', () => {
    expect(easternInstant('2026-07-01', 18).toISOString()).toBe('2026-07-01T22:00:00.000Z');
  });

  it('easternInstant follows the March switch', () => {
    expect(easternInstant('2026-03-07', 9).toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(easternInstant('2026-03-08', 9).toISOString()).toBe('2026-03-08T13:00:00.000Z');
    expect(easternInstant('2027-03-14', 9).toISOString()).toBe('2027-03-14T13:00:00.000Z');
  });

  it('easternInstant follows the November switch', () => {
    expect(easternInstant('2026-10-31', 9).toISOString()).toBe('2026-10-31T13:00:00.000Z');
    expect(easternInstant('2026-11-01', 9).toISOString()).toBe('2026-11-01T14:00:00.000Z');
    expect(easternInstant('2027-11-07', 18).toISOString()).toBe('2027-11-07T23:00:00.000Z');
  });

  it('easternDate of a late evening is the Eastern date, not the UTC one', () => {
    expect(easternDate(at('2026-12-05T01:00:00Z'))).toBe('2026-12-04');
    expect(easternDate(at('2026-12-05T05:00:00Z'))).toBe('2026-12-05');
  });
});

describe('supportAccessAt', () => {
  it('supportAccessAt weekday midday is Full until 6:00 PM', () => {
    const access = supportAccessAt(at('2026-12-04T16:00:00Z'));
    expect(access.level).toBe('Full');
    expect(access.reason).toBe('weekday hours');
    expect(access.until.toISOString()).toBe('2026-12-04T23:00:00.000Z');
  });

  it('supportAccessAt exactly 9:00 AM is Full', () => {
    expect(supportAccessAt(at('2026-12-04T14:00:00Z')).level).toBe('Full');
  });

  it('supportAccessAt one minute before 9:00 AM is Limited', () => {
    const access = supportAccessAt(at('2026-12-04T13:59:00Z'));
    expect(access.level).toBe('Limited');
    expect(access.reason).toBe('early morning');
    expect(access.until.toISOString()).toBe('2026-12-04T14:00:00.000Z');
  });

  it('supportAccessAt one minute before 6:00 PM is Full', () => {
    expect(supportAccessAt(at('2026-12-03T22:59:00Z')).level).toBe('Full');
  });

  it('supportAccessAt exactly 6:00 PM is Limited until the next morning', () => {
    const access = supportAccessAt(at('2026-12-03T23:00:00Z'));
    expect(access.level).toBe('Limited');
    expect(access.reason).toBe('evening');
    expect(access.until.toISOString()).toBe('2026-12-04T14:00:00.000Z');
  });

  it('supportAccessAt Friday evening is Limited until Monday', () => {
    const access = supportAccessAt(at('2026-12-04T23:30:00Z'));
    expect(access.level).toBe('Limited');
    expect(access.reason).toBe('evening');
    expect(access.until.toISOString()).toBe('2026-12-07T14:00:00.000Z');
  });

  it('supportAccessAt Saturday noon is Limited for the weekend', () => {
    const access = supportAccessAt(at('2026-12-05T17:00:00Z'));
    expect(access.level).toBe('Limited');
    expect(access.reason).toBe('weekend');
    expect(access.until.toISOString()).toBe('2026-12-07T14:00:00.000Z');
  });

  it('supportAccessAt holiday noon is Limited and names the holiday', () => {
    const access = supportAccessAt(at('2026-11-26T17:00:00Z'));
    expect(access.level).toBe('Limited');
    expect(access.reason).toBe('Thanksgiving Day');
    expect(access.until.toISOString()).toBe('2026-11-27T14:00:00.000Z');
  });

  it('supportAccessAt observed holiday on a Friday skips to Monday', () => {
    const access = supportAccessAt(at('2027-12-24T15:00:00Z'));
    expect(access.reason).toBe('Christmas Day');
    expect(access.until.toISOString()).toBe('2027-12-27T14:00:00.000Z');
  });

  it('supportAccessAt after the spring switch uses daylight time', () => {
    expect(supportAccessAt(at('2026-03-09T12:59:00Z')).level).toBe('Limited');
    expect(supportAccessAt(at('2026-03-09T13:00:00Z')).level).toBe('Full');
    expect(supportAccessAt(at('2026-03-09T21:59:00Z')).level).toBe('Full');
    expect(supportAccessAt(at('2026-03-09T22:00:00Z')).level).toBe('Limited');
  });

  it('supportAccessAt before the spring switch uses standard time', () => {
    expect(supportAccessAt(at('2026-03-06T13:59:00Z')).level).toBe('Limited');
    expect(supportAccessAt(at('2026-03-06T14:00:00Z')).level).toBe('Full');
    expect(supportAccessAt(at('2026-03-06T22:59:00Z')).level).toBe('Full');
    expect(supportAccessAt(at('2026-03-06T23:00:00Z')).level).toBe('Limited');
  });

  it('supportAccessAt across the fall switch reopens at 9:00 AM standard time', () => {
    const access = supportAccessAt(at('2026-10-30T23:00:00Z'));
    expect(access.reason).toBe('evening');
    expect(access.until.toISOString()).toBe('2026-11-02T14:00:00.000Z');
  });
});

describe('nextFullAccessStart', () => {
  it('nextFullAccessStart early morning is 9:00 AM the same day', () => {
    expect(nextFullAccessStart(at('2026-12-04T11:00:00Z')).toISOString()).toBe('2026-12-04T14:00:00.000Z');
  });

  it('nextFullAccessStart exactly 9:00 AM is that instant', () => {
    expect(nextFullAccessStart(at('2026-12-04T14:00:00Z')).toISOString()).toBe('2026-12-04T14:00:00.000Z');
  });

  it('nextFullAccessStart during Full Access is the next business morning', () => {
    expect(nextFullAccessStart(at('2026-12-04T16:00:00Z')).toISOString()).toBe('2026-12-07T14:00:00.000Z');
  });

  it('nextFullAccessStart before a holiday weekend skips the holiday', () => {
    expect(nextFullAccessStart(at('2026-12-24T23:30:00Z')).toISOString()).toBe('2026-12-28T14:00:00.000Z');
    expect(nextFullAccessStart(at('2027-12-30T23:30:00Z')).toISOString()).toBe('2028-01-03T14:00:00.000Z');
  });
});

describe('addBusinessDays', () => {
  it('addBusinessDays zero days is the same date', () => {
    expect(addBusinessDays('2026-12-05', 0)).toBe('2026-12-05');
  });

  it('addBusinessDays skips weekends', () => {
    expect(addBusinessDays('2026-12-04', 1)).toBe('2026-12-07');
    expect(addBusinessDays('2026-12-04', 5)).toBe('2026-12-11');
    expect(addBusinessDays('2026-12-05', 1)).toBe('2026-12-07');
  });

  it('addBusinessDays skips holidays', () => {
    expect(addBusinessDays('2026-11-25', 1)).toBe('2026-11-27');
    expect(addBusinessDays('2026-12-24', 1)).toBe('2026-12-28');
    expect(addBusinessDays('2027-12-23', 1)).toBe('2027-12-27');
    expect(addBusinessDays('2027-12-30', 1)).toBe('2028-01-03');
  });

  it('previousBusinessDay skips a Monday holiday and the weekend', () => {
    expect(previousBusinessDay('2027-01-19')).toBe('2027-01-15');
  });
});

describe('resolveDue', () => {
  const fridayMorning = at('2026-12-04T16:00:00Z'); // Fri Dec 4, 2026, 11:00 AM ET

  it('resolveDue business days ends at 6:00 PM ET', () => {
    expect(resolveDue({ kind: 'businessDays', days: 1 }, fridayMorning).toISOString()).toBe('2026-12-07T23:00:00.000Z');
    expect(resolveDue({ kind: 'businessDays', days: 5 }, fridayMorning).toISOString()).toBe('2026-12-11T23:00:00.000Z');
  });

  it('resolveDue business days counts from the Eastern date', () => {
    const fridayNight = at('2026-12-05T02:00:00Z'); // Fri Dec 4, 9:00 PM ET
    expect(resolveDue({ kind: 'businessDays', days: 1 }, fridayNight).toISOString()).toBe('2026-12-07T23:00:00.000Z');
  });

  it('resolveDue business days skips holidays', () => {
    const beforeThanksgiving = at('2026-11-25T15:00:00Z');
    expect(resolveDue({ kind: 'businessDays', days: 1 }, beforeThanksgiving).toISOString()).toBe(
      '2026-11-27T23:00:00.000Z',
    );
  });

  it('resolveDue accepts 90 business days', () => {
    expect(resolveDue({ kind: 'businessDays', days: 90 }, fridayMorning).getTime()).toBeGreaterThan(
      fridayMorning.getTime(),
    );
  });

  it.each([0, 91, 1.5, -3])('resolveDue rejects %s business days', (days) => {
    const { code, message } = rejectionOf({ kind: 'businessDays', days }, fridayMorning);
    expect(code).toBe('InvalidDueDate');
    expect(message).toContain(String(days));
  });

  it('resolveDue date is 6:00 PM ET that day', () => {
    expect(resolveDue({ kind: 'date', date: '2027-01-15' }, fridayMorning).toISOString()).toBe(
      '2027-01-15T23:00:00.000Z',
    );
  });

  it('resolveDue date in summer uses daylight time', () => {
    expect(resolveDue({ kind: 'date', date: '2027-07-06' }, fridayMorning).toISOString()).toBe(
      '2027-07-06T22:00:00.000Z',
    );
  });

  it('resolveDue rejects a Saturday', () => {
    const { code, message } = rejectionOf({ kind: 'date', date: '2027-01-16' }, fridayMorning);
    expect(code).toBe('InvalidDueDate');
    expect(message).toContain('2027-01-16 is a Saturday');
  });

  it('resolveDue rejects a holiday by name', () => {
    const { code, message } = rejectionOf({ kind: 'date', date: '2027-01-18' }, fridayMorning);
    expect(code).toBe('InvalidDueDate');
    expect(message).toContain('Martin Luther King Jr. Day');
  });

  it('resolveDue rejects an observed holiday', () => {
    const { message } = rejectionOf({ kind: 'date', date: '2027-07-05' }, fridayMorning);
    expect(message).toContain('Independence Day');
  });

  it('resolveDue rejects today', () => {
    const { code, message } = rejectionOf({ kind: 'date', date: '2026-12-04' }, fridayMorning);
    expect(code).toBe('InvalidDueDate');
    expect(message).toContain('2026-12-04 is not in the future');
  });

  it('resolveDue rejects a past date', () => {
    const { code, message } = rejectionOf({ kind: 'date', date: '2026-11-30' }, fridayMorning);
    expect(code).toBe('InvalidDueDate');
    expect(message).toContain('2026-11-30');
  });

  it.each(['2027-02-30', '2027-1-5', 'tomorrow', ''])('resolveDue rejects malformed date "%s"', (date) => {
    const { code, message } = rejectionOf({ kind: 'date', date }, fridayMorning);
    expect(code).toBe('InvalidDueDate');
    expect(message).toContain('YYYY-MM-DD');
  });
});

describe('reminderTimeFor', () => {
  it('reminderTimeFor is 9:00 AM ET on the business day before', () => {
    expect(reminderTimeFor(at('2026-12-07T23:00:00Z')).toISOString()).toBe('2026-12-04T14:00:00.000Z');
  });

  it('reminderTimeFor skips a Monday holiday', () => {
    expect(reminderTimeFor(at('2027-01-19T23:00:00Z')).toISOString()).toBe('2027-01-15T14:00:00.000Z');
  });

  it('reminderTimeFor uses daylight time after the spring switch', () => {
    expect(reminderTimeFor(at('2026-03-09T22:00:00Z')).toISOString()).toBe('2026-03-06T14:00:00.000Z');
    expect(reminderTimeFor(at('2026-03-10T22:00:00Z')).toISOString()).toBe('2026-03-09T13:00:00.000Z');
  });

  it('reminderTimeFor falls back to the due morning once the day before has passed', () => {
    const dueMonday = at('2026-12-07T23:00:00Z');
    expect(reminderTimeFor(dueMonday, at('2026-12-04T16:00:00Z')).toISOString()).toBe('2026-12-07T14:00:00.000Z');
    expect(reminderTimeFor(dueMonday, at('2026-12-04T13:00:00Z')).toISOString()).toBe('2026-12-04T14:00:00.000Z');
  });
});

describe('formatEastern', () => {
  it('formatEastern writes a due date', () => {
    expect(formatEastern(at('2027-01-15T23:00:00Z'))).toBe('Fri, Jan 15, 2027, 6:00 PM ET');
  });

  it('formatEastern writes morning minutes in daylight time', () => {
    expect(formatEastern(at('2026-07-01T13:05:00Z'))).toBe('Wed, Jul 1, 2026, 9:05 AM ET');
  });

  it('formatEastern writes midnight and noon', () => {
    expect(formatEastern(at('2026-12-05T05:00:00Z'))).toBe('Sat, Dec 5, 2026, 12:00 AM ET');
    expect(formatEastern(at('2026-12-05T17:00:00Z'))).toBe('Sat, Dec 5, 2026, 12:00 PM ET');
  });
});

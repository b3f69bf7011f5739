import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween, fromDayNumber, isIsoDate, toDayNumber, toMinuteOfDay, weekdayOf } from './dates.js';
import { DomainValidationError } from '../shared/validation.js';

describe('pure date arithmetic', () => {
  it('knows real calendar dates, leap years included', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2025-3-3')).toBe(false);
  });

  it('finds weekdays (0 = Sunday)', () => {
    expect(weekdayOf('1970-01-01')).toBe(4);
    expect(weekdayOf('2025-03-03')).toBe(1);
    expect(weekdayOf('2024-12-29')).toBe(0);
    expect(weekdayOf('1969-12-31')).toBe(3);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2025-03-03', '2025-04-21')).toBe(49);
  });

  it('round-trips every day number and agrees with UTC Date arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50_000, max: 100_000 }), (day) => {
        const date = fromDayNumber(day);
        expect(toDayNumber(date)).toBe(day);
        // The test (not the domain) may use Date to cross-check: UTC midnight of that date is day x 86400000 ms.
        expect(new Date(`${date}T00:00:00Z`).getTime()).toBe(day * 86_400_000);
        expect(weekdayOf(date)).toBe(new Date(day * 86_400_000).getUTCDay());
      }),
    );
  });

  it('names malformed dates and times', () => {
    expect(() => toDayNumber('03/03/2025', 'startDate')).toThrow(DomainValidationError);
    expect(() => toMinuteOfDay('24:00')).toThrow(DomainValidationError);
    expect(toMinuteOfDay('08:30')).toBe(510);
  });
});

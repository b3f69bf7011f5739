import { describe, expect, it } from 'vitest';
import { addDays, isCalendarDate, mondayOf, openingHours, todayIn } from './week';

describe('week calendar dates', () => {
  it('steps across month and year ends without a time-zone shift', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('starts a week on Monday, and a Sunday belongs to the week before', () => {
    expect(mondayOf('2026-11-02')).toBe('2026-11-02'); // a Monday
    expect(mondayOf('2026-11-05')).toBe('2026-11-02'); // Thursday
    expect(mondayOf('2026-11-08')).toBe('2026-11-02'); // Sunday
    expect(mondayOf('2027-01-01')).toBe('2026-12-28'); // Friday, across the year end
  });

  it("takes today from the clinic's time zone, not the browser's", () => {
    const lateEveningInNewYork = new Date('2026-11-03T03:30:00Z');
    expect(todayIn('America/New_York', lateEveningInNewYork)).toBe('2026-11-02');
    expect(todayIn('UTC', lateEveningInNewYork)).toBe('2026-11-03');
    expect(todayIn('Pacific/Auckland', lateEveningInNewYork)).toBe('2026-11-03');
  });

  it('falls back to the UTC date for a time zone the browser does not know', () => {
    expect(todayIn('Not/AZone', new Date('2026-11-03T03:30:00Z'))).toBe('2026-11-03');
  });
});

describe('a date in the address', () => {
  it('takes only YYYY-MM-DD, and no parameter at all is not a date', () => {
    expect(isCalendarDate('2026-11-02')).toBe(true);
    expect(isCalendarDate('2026-11-2')).toBe(false);
    expect(isCalendarDate('next week')).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
  });
});

describe('opening hours', () => {
  it("shows a day's hours as wall-clock times, on the default 12-hour clock", () => {
    const plain = (text: string) => text.replace(/[\u202f\u2009\u00a0]/g, ' ');
    expect(plain(openingHours('2026-11-02', { open: '09:00', close: '17:30' }))).toBe('9:00 AM–5:30 PM');
  });
});

import { describe, expect, it } from 'vitest';
import { countOf, createFormatter } from './format';

/** ICU puts narrow or thin no-break spaces before AM/PM and around range dashes: compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u202f\u2009\u00a0]/g, ' ');

const newYork12 = createFormatter({ locale: 'en-US', timeZone: 'America/New_York', hourCycle: 'h12' });
const newYork24 = createFormatter({ locale: 'en-US', timeZone: 'America/New_York', hourCycle: 'h23' });
const london24 = createFormatter({ locale: 'en-GB', timeZone: 'Europe/London', hourCycle: 'h23' });
const berlin24 = createFormatter({ locale: 'de-DE', timeZone: 'Europe/Berlin', hourCycle: 'h23' });

describe('the clinic formatter', () => {
  describe("instants are shown on the clinic's wall clock", () => {
    it('shows an evening in New York on a 12-hour and a 24-hour clock', () => {
      expect(plain(newYork12.dateTime('2026-12-06T02:42:00Z'))).toBe('Dec 5, 2026, 9:42 PM');
      expect(plain(newYork24.dateTime('2026-12-06T02:42:00Z'))).toBe('Dec 5, 2026, 21:42');
      expect(plain(newYork12.date('2026-12-06T02:42:00Z'))).toBe('Dec 5, 2026');
    });

    it('shows midnight as 00:00 on a 24-hour clock and 12:00 AM on a 12-hour one', () => {
      expect(plain(newYork24.time('2026-12-05T05:00:00Z'))).toBe('00:00');
      expect(plain(newYork12.time('2026-12-05T05:00:00Z'))).toBe('12:00 AM');
    });

    it("follows the clinic's locale for the order of day and month", () => {
      expect(plain(london24.time('2026-12-05T09:05:00Z'))).toBe('09:05');
      expect(plain(london24.dateTime('2026-12-05T21:42:00Z'))).toBe('5 Dec 2026, 21:42');
      expect(plain(berlin24.dateTime('2026-12-05T20:42:00Z'))).toBe('5. Dez. 2026, 21:42');
    });
  });

  describe('across the 2026 US daylight-saving changes (America/New_York)', () => {
    it('jumps from 1:59 AM EST to 3:00 AM EDT on 8 March 2026', () => {
      expect(plain(newYork12.time('2026-03-08T06:59:00Z'))).toBe('1:59 AM');
      expect(plain(newYork12.time('2026-03-08T07:00:00Z'))).toBe('3:00 AM');
      expect(plain(newYork24.time('2026-03-08T06:59:00Z'))).toBe('01:59');
      expect(plain(newYork24.time('2026-03-08T07:00:00Z'))).toBe('03:00');
    });

    it('shows 1:30 AM twice on 1 November 2026 (EDT, then EST an hour later)', () => {
      expect(plain(newYork12.dateTime('2026-11-01T05:30:00Z'))).toBe('Nov 1, 2026, 1:30 AM');
      expect(plain(newYork12.dateTime('2026-11-01T06:30:00Z'))).toBe('Nov 1, 2026, 1:30 AM');
      expect(plain(newYork24.time('2026-11-01T05:30:00Z'))).toBe('01:30');
      expect(plain(newYork24.time('2026-11-01T06:30:00Z'))).toBe('01:30');
      expect(plain(newYork24.time('2026-11-01T12:00:00Z'))).toBe('07:00');
    });
  });

  describe('wall-clock readings and calendar dates are never shifted', () => {
    it('shows a scheduled "2026-12-05T09:00" as 9:00 on the 5th whatever the clinic\'s zone', () => {
      expect(plain(newYork12.dateTime('2026-12-05T09:00'))).toBe('Dec 5, 2026, 9:00 AM');
      expect(plain(berlin24.dateTime('2026-12-05T09:00'))).toBe('5. Dez. 2026, 09:00');
      expect(plain(newYork24.time('2026-11-01T01:30'))).toBe('01:30');
    });

    it('shows a date of birth on its own day', () => {
      expect(newYork12.date('1984-03-12')).toBe('Mar 12, 1984');
      expect(london24.date('1984-03-12')).toBe('12 Mar 1984');
    });

    it("writes one day's time range once with its date", () => {
      expect(plain(newYork12.timeRange('2026-12-05T09:00', '2026-12-05T10:40'))).toBe('Dec 5, 2026, 9:00 – 10:40 AM');
      expect(plain(newYork24.timeRange('2026-12-05T09:00', '2026-12-05T10:40'))).toBe('Dec 5, 2026, 09:00 – 10:40');
    });

    it("names days in the clinic's language", () => {
      expect(newYork12.longDay('2026-12-03')).toBe('Thursday, December 3, 2026');
      expect(berlin24.shortDay('2026-11-02')).toBe('Mo., 2. Nov.');
    });
  });

  it('returns text it cannot read unchanged rather than "Invalid Date"', () => {
    expect(newYork12.dateTime('not a date')).toBe('not a date');
  });
});

describe('countOf', () => {
  it('says one thing in the singular and any other count, zero too, in the plural', () => {
    expect(countOf(1, 'session', 'sessions')).toBe('1 session');
    expect(countOf(0, 'session', 'sessions')).toBe('0 sessions');
    expect(countOf(12, 'open discrepancy', 'open discrepancies')).toBe('12 open discrepancies');
  });
});

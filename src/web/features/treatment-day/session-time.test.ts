import { describe, expect, it } from 'vitest';
import {
  describeCheckDue,
  formatClockTime,
  formatCountdown,
  fromLocalInputValue,
  numberOrUndefined,
  toLocalInputValue,
} from './session-time';

const at = (iso: string) => new Date(iso).getTime();

describe('session screen time', () => {
  it('counts down to a device in minutes and seconds, and stops at 0:00', () => {
    expect(formatCountdown('2026-12-02T10:05:00Z', at('2026-12-02T10:00:01Z'))).toBe('4:59');
    expect(formatCountdown('2026-12-02T10:05:00Z', at('2026-12-02T10:05:00Z'))).toBe('0:00');
    expect(formatCountdown('2026-12-02T10:05:00Z', at('2026-12-02T10:09:00Z'))).toBe('0:00');
  });

  it('shows hours for the two-hour monitoring clock', () => {
    expect(formatCountdown('2026-12-02T12:00:00Z', at('2026-12-02T10:00:00Z'))).toBe('2:00:00');
    expect(formatCountdown('2026-12-02T12:00:00Z', at('2026-12-02T10:57:57Z'))).toBe('1:02:03');
  });

  it('says whether a check is due or overdue', () => {
    expect(describeCheckDue('2026-12-02T10:15:00Z', at('2026-12-02T10:11:00Z'))).toEqual({
      text: 'due in 4 min',
      isOverdue: false,
    });
    expect(describeCheckDue('2026-12-02T10:15:00Z', at('2026-12-02T10:22:00Z'))).toEqual({
      text: 'overdue by 7 min',
      isOverdue: true,
    });
    expect(describeCheckDue('2026-12-02T10:15:00Z', at('2026-12-02T10:15:10Z')).text).toBe('due now');
  });

  it('round-trips a datetime-local value to the same instant', () => {
    const date = new Date(2026, 11, 2, 9, 41);
    const value = toLocalInputValue(date);
    expect(value).toBe('2026-12-02T09:41');
    expect(fromLocalInputValue(value)).toBe(date.toISOString());
    expect(fromLocalInputValue('')).toBeUndefined();
  });

  it("shows and reads times on the clinic's clock, whatever the browser's zone", () => {
    expect(formatClockTime('2026-12-02T14:41:00Z', 'America/New_York')).toBe('09:41');
    expect(formatClockTime('2026-12-02T14:41:00Z', 'Europe/Warsaw')).toBe('15:41');
    expect(toLocalInputValue(new Date('2026-12-02T14:41:00Z'), 'America/New_York')).toBe('2026-12-02T09:41');
    expect(fromLocalInputValue('2026-12-02T09:41', 'America/New_York')).toBe('2026-12-02T14:41:00.000Z');
    // Summer time: New York is 4 hours behind UTC in July.
    expect(fromLocalInputValue('2026-07-01T09:00', 'America/New_York')).toBe('2026-07-01T13:00:00.000Z');
    expect(fromLocalInputValue('2026-12-02T00:30', 'Asia/Kolkata')).toBe('2026-12-01T19:00:00.000Z');
  });

  it('reads typed numbers, leaving blanks out', () => {
    expect(numberOrUndefined('')).toBeUndefined();
    expect(numberOrUndefined('142')).toBe(142);
    expect(numberOrUndefined(7.5)).toBe(7.5);
    expect(numberOrUndefined('x')).toBeUndefined();
  });
});

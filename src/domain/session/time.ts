import { isValidDate } from '../shared/guards.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';

/** Small, clock-free time helpers shared by the treatment-day rules. Every instant is passed in. */

export const MS_PER_MINUTE = 60_000;

export function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * MS_PER_MINUTE);
}

/** Minutes from `from` to `to` (negative when `to` is earlier). Not rounded. */
export function minutesBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / MS_PER_MINUTE;
}

/** Adds an issue when `value` is not a valid Date. Returns true when it is valid. */
export function checkDate(value: unknown, field: string, issues: FieldIssue[]): value is Date {
  if (!isValidDate(value)) {
    issues.push({ field, message: 'must be a valid date-time' });
    return false;
  }
  return true;
}

export function assertValidDate(value: unknown, field: string): Date {
  const issues: FieldIssue[] = [];
  if (!checkDate(value, field, issues)) throw new DomainValidationError(issues);
  return value;
}

export function latest(dates: readonly Date[]): Date | undefined {
  let result: Date | undefined;
  for (const d of dates) if (result === undefined || d.getTime() > result.getTime()) result = d;
  return result;
}

// Building an Intl.DateTimeFormat costs far more than formatting with one, and the session view formats a few clock
// times on every reading; so each zone's formatter is built once. An unknown zone still throws, as before, and is not kept.
const clockFormatters = new Map<string, Intl.DateTimeFormat>();
const dateFormatters = new Map<string, Intl.DateTimeFormat>();
const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterIn(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
  locale: string,
): Intl.DateTimeFormat {
  let formatter = cache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    if (cache.size < 1000) cache.set(timeZone, formatter);
  }
  return formatter;
}

/** "14:05" in the given IANA time zone (UTC by default: the domain never assumes the machine's zone). */
export function formatClock(at: Date, timeZone = 'UTC'): string {
  return formatterIn(
    clockFormatters,
    timeZone,
    { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    'en-GB',
  ).format(at);
}

/** "2025-03-04" in the given IANA time zone. */
export function formatDate(at: Date, timeZone = 'UTC'): string {
  const parts = formatterIn(
    dateFormatters,
    timeZone,
    { year: 'numeric', month: '2-digit', day: '2-digit' },
    'en-CA',
  ).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A wall-clock reading, to the second: year, month (1-12), day, hour (0-23), minute, second. */
export interface WallClock {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  readonly h: number;
  readonly mi: number;
  readonly s: number;
}

/** The wall clock in the given IANA time zone at an instant. An unknown zone throws a RangeError. */
export function wallClockIn(at: Date, timeZone: string): WallClock {
  const formatter = formatterIn(
    wallClockFormatters,
    timeZone,
    {
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    },
    'en-CA',
  );
  const got: Record<string, number> = {};
  for (const p of formatter.formatToParts(at)) if (p.type !== 'literal') got[p.type] = Number(p.value);
  return { y: got.year!, mo: got.month!, d: got.day!, h: got.hour! % 24, mi: got.minute!, s: got.second! };
}

/**
 * Calendar-date arithmetic on `YYYY-MM-DD` strings, in UTC so no local time zone can shift a day. The clinic's
 * local calendar date is decided by the caller (the server knows the clinic's time zone); this module never reads
 * the clock.
 */
import type { IsoDate, IsoInstant } from './entries.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function parts(date: IsoDate): [number, number, number] | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const p = parts(value);
  if (!p) return false;
  const [y, mo, d] = p;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** An ISO-8601 instant with an explicit offset (or Z) whose calendar date is valid. */
export function isIsoInstant(value: unknown): value is IsoInstant {
  if (typeof value !== 'string') return false;
  const m = INSTANT.exec(value);
  return m !== null && isIsoDate(m[1]) && !Number.isNaN(Date.parse(value));
}

/** The calendar date written in an instant (its local date at the offset it carries). */
export function dateOfInstant(instant: IsoInstant): IsoDate {
  return instant.slice(0, 10);
}

function toUtc(date: IsoDate): Date {
  const p = parts(date);
  if (!p) throw new Error(`not a date: ${date}`);
  return new Date(Date.UTC(p[0], p[1] - 1, p[2]));
}

function fromUtc(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return toUtc(date).getUTCDay();
}

/** Same month and day `years` later; 29 February becomes 28 February in a non-leap year (the earlier, safe side). */
export function addYears(date: IsoDate, years: number): IsoDate {
  const p = parts(date);
  if (!p) throw new Error(`not a date: ${date}`);
  const [y, mo, d] = p;
  const target = y + years;
  const lastDay = new Date(Date.UTC(target, mo, 0)).getUTCDate();
  return fromUtc(new Date(Date.UTC(target, mo - 1, Math.min(d, lastDay))));
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / 86_400_000);
}

/** `YYYY-MM-DD` or `YYYY-MM` (a month-only expiry means the last day of that month). */
export function isExpiry(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (isIsoDate(value)) return true;
  const m = MONTH.exec(value);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** The last calendar date on which stock with this expiry may be used. */
export function expiryLastDay(expiry: string): IsoDate {
  if (isIsoDate(expiry)) return expiry;
  const m = MONTH.exec(expiry);
  if (!m) throw new Error(`not an expiry: ${expiry}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return fromUtc(new Date(Date.UTC(y, mo, 0)));
}

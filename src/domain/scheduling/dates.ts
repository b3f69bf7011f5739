import { DomainValidationError } from '../shared/validation.js';

/**
 * Pure calendar arithmetic on local 'YYYY-MM-DD' dates and 'HH:MM' times. No `Date`, no time zones: a clinic's
 * calendar is a local calendar, and a session on 2025-03-10 is on 2025-03-10 wherever the server runs.
 *
 * Days are counted from 1970-01-01 (day 0) with the proleptic Gregorian calendar (H. Hinnant's civil-from-days
 * algorithm), so adding days and finding the weekday never touch the host clock or zone.
 */
export type IsoDate = string;
/** 0 = Sunday ... 6 = Saturday, as in JavaScript's `Date#getDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): { y: number; m: number; d: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** True for a real calendar date written as 'YYYY-MM-DD' (so '2025-02-29' is false). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Day number (days since 1970-01-01). Throws DomainValidationError naming `field` for a malformed date. */
export function toDayNumber(date: IsoDate, field = 'date'): number {
  if (!isIsoDate(date)) {
    throw new DomainValidationError([{ field, message: 'must be a calendar date written YYYY-MM-DD' }]);
  }
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return daysFromCivil(y, m, d);
}

export function fromDayNumber(day: number): IsoDate {
  const { y, m, d } = civilFromDays(day);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function weekdayOf(date: IsoDate): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((toDayNumber(date) + 4) % 7) + 7) % 7) as Weekday;
}

export function isHhMm(value: unknown): value is string {
  return typeof value === 'string' && HH_MM.test(value);
}

/** Minutes after midnight for 'HH:MM'. Throws DomainValidationError naming `field` when malformed. */
export function toMinuteOfDay(time: string, field = 'time'): number {
  if (!isHhMm(time))
    throw new DomainValidationError([{ field, message: 'must be a time written HH:MM (00:00-23:59)' }]);
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function formatMinuteOfDay(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

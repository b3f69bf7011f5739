import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { isHhMm, toMinuteOfDay, weekdayOf, type IsoDate, type Weekday } from './dates.js';
import { isRecord } from '../shared/guards.js';

/** Opening hours for one weekday, local 'HH:MM' times; close is after open (no overnight opening). */
export interface OpeningHours {
  readonly open: string;
  readonly close: string;
}
export type DayHours = OpeningHours | 'closed';
/**
 * Clinic hours by weekday, 0 = Sunday ... 6 = Saturday. A weekday left out is closed. In JSON the keys are
 * the strings '0'..'6'.
 */
export type ClinicHours = Readonly<Partial<Record<Weekday, DayHours>>>;

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** Checks clinic hours, naming each bad field (`clinicHours.1.close`); returns them typed. */
export function validateClinicHours(input: unknown, field = 'clinicHours'): ClinicHours {
  if (!isRecord(input))
    throw new DomainValidationError([
      { field, message: "must be an object keyed by weekday '0' (Sunday) to '6' (Saturday)" },
    ]);
  const issues: FieldIssue[] = [];
  const hours: Partial<Record<Weekday, DayHours>> = {};
  for (const [key, value] of Object.entries(input)) {
    const at = `${field}.${key}`;
    if (!/^[0-6]$/.test(key)) {
      issues.push({ field: at, message: "weekday must be '0' (Sunday) to '6' (Saturday)" });
      continue;
    }
    const day = Number(key) as Weekday;
    if (value === 'closed' || value === null) {
      hours[day] = 'closed';
      continue;
    }
    if (!isRecord(value)) {
      issues.push({ field: at, message: "must be 'closed' or { open: 'HH:MM', close: 'HH:MM' }" });
      continue;
    }
    const before = issues.length;
    if (!isHhMm(value.open)) issues.push({ field: `${at}.open`, message: 'must be a time written HH:MM' });
    if (!isHhMm(value.close)) issues.push({ field: `${at}.close`, message: 'must be a time written HH:MM' });
    if (issues.length > before) continue;
    const open = value.open as string;
    const close = value.close as string;
    if (toMinuteOfDay(close) <= toMinuteOfDay(open)) {
      issues.push({ field: `${at}.close`, message: 'must be after the opening time' });
      continue;
    }
    hours[day] = { open, close };
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
  return hours;
}

export function hoursOn(date: IsoDate, hours: ClinicHours): OpeningHours | undefined {
  const day = hours[weekdayOf(date)];
  return day === undefined || day === 'closed' ? undefined : day;
}

/** Minutes the clinic is open on that date (0 when closed). */
export function openMinutesOn(date: IsoDate, hours: ClinicHours): number {
  const day = hoursOn(date, hours);
  return day ? toMinuteOfDay(day.close) - toMinuteOfDay(day.open) : 0;
}

export type HoursCheck =
  | { readonly inside: true }
  | {
      readonly inside: false;
      readonly reason: 'closed-day' | 'starts-before-opening' | 'ends-after-closing';
      readonly message: string;
    };

/**
 * Whether a booking from `startTime` for `durationMin` minutes on `date` lies inside clinic hours. The whole chair
 * time counts (dosing and monitoring), so a session that would end after closing is outside.
 */
export function checkWithinClinicHours(
  booking: { readonly date: IsoDate; readonly startTime: string; readonly durationMin: number },
  hours: ClinicHours,
): HoursCheck {
  const day = hoursOn(booking.date, hours);
  if (!day) {
    return {
      inside: false,
      reason: 'closed-day',
      message: `The clinic is closed on ${WEEKDAY_NAMES[weekdayOf(booking.date)]} ${booking.date}`,
    };
  }
  const start = toMinuteOfDay(booking.startTime, 'startTime');
  if (!Number.isFinite(booking.durationMin) || booking.durationMin <= 0) {
    throw new DomainValidationError([{ field: 'durationMin', message: 'must be a positive number of minutes' }]);
  }
  const end = start + booking.durationMin;
  if (start < toMinuteOfDay(day.open)) {
    return {
      inside: false,
      reason: 'starts-before-opening',
      message: `Starts at ${booking.startTime}, before opening at ${day.open}`,
    };
  }
  if (end > toMinuteOfDay(day.close)) {
    return {
      inside: false,
      reason: 'ends-after-closing',
      message: `Ends ${end - toMinuteOfDay(day.close)} min after closing at ${day.close}`,
    };
  }
  return { inside: true };
}

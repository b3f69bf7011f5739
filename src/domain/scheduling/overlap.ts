import { DomainValidationError } from '../shared/validation.js';
import { fromDayNumber, isIsoDate, toDayNumber, toMinuteOfDay, formatMinuteOfDay, type IsoDate } from './dates.js';
import { hoursOn, type ClinicHours } from './clinic-hours.js';

/** A local date and time, 'YYYY-MM-DDTHH:MM', with no zone: the clinic's wall clock. */
export type LocalDateTime = string;

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/** Minutes since 1970-01-01T00:00 on the local wall clock; DomainValidationError naming `field` when malformed. */
export function toMinuteNumber(value: LocalDateTime, field = 'start'): number {
  const match = typeof value === 'string' ? LOCAL.exec(value) : null;
  if (!match || !isIsoDate(match[1])) {
    throw new DomainValidationError([{ field, message: 'must be a local date and time written YYYY-MM-DDTHH:MM' }]);
  }
  return toDayNumber(match[1] as string) * 1440 + toMinuteOfDay(match[2] as string, field);
}

export function fromMinuteNumber(minute: number): LocalDateTime {
  const day = Math.floor(minute / 1440);
  return `${fromDayNumber(day)}T${formatMinuteOfDay(minute - day * 1440)}`;
}

export function addMinutes(start: LocalDateTime, minutes: number): LocalDateTime {
  return fromMinuteNumber(toMinuteNumber(start) + minutes);
}

/** Half-open interval [start, end) in minutes: a booking ending at 10:00 does not overlap one starting at 10:00. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

export function intervalsOverlap(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

export interface ChairBooking {
  readonly id?: string;
  readonly chairId: string;
  readonly start: LocalDateTime;
  readonly end: LocalDateTime;
}

/** When a session starting at `start` frees its chair: dosing plus monitoring (a chair holds the patient for both). */
export function sessionChairEnd(
  start: LocalDateTime,
  session: { readonly durationMin: number; readonly monitoringMin: number },
): LocalDateTime {
  return addMinutes(start, session.durationMin + session.monitoringMin);
}

function interval(booking: ChairBooking, field: string): Interval {
  const start = toMinuteNumber(booking.start, `${field}.start`);
  const end = toMinuteNumber(booking.end, `${field}.end`);
  if (end <= start) throw new DomainValidationError([{ field: `${field}.end`, message: 'must be after the start' }]);
  return { start, end };
}

/**
 * Existing bookings on the same chair that overlap the candidate. A booking with the candidate's own `id` is
 * ignored, so moving a booking does not conflict with itself. (The database enforces the same rule under
 * concurrency; this is the pure check the service and the UI use first.)
 */
export function chairConflicts(candidate: ChairBooking, existing: readonly ChairBooking[]): ChairBooking[] {
  const wanted = interval(candidate, 'booking');
  return existing.filter((b, i) => {
    if (b.chairId !== candidate.chairId) return false;
    if (candidate.id !== undefined && b.id === candidate.id) return false;
    return intervalsOverlap(wanted, interval(b, `existing.${i}`));
  });
}

/**
 * The earliest start on `date`, on any of `chairIds` (tried in order at each time), where a session of
 * `chairMinutes` fits inside clinic hours and overlaps no existing booking on that chair. Starts are tried every
 * `stepMin` minutes from opening (or from `notBefore`). Undefined when nothing fits.
 */
export function findFirstFreeSlot(input: {
  readonly date: IsoDate;
  readonly chairIds: readonly string[];
  readonly chairMinutes: number;
  readonly hours: ClinicHours;
  readonly existing: readonly ChairBooking[];
  readonly stepMin?: number;
  readonly notBefore?: string;
}): { readonly chairId: string; readonly start: LocalDateTime; readonly end: LocalDateTime } | undefined {
  const day = toDayNumber(input.date, 'date');
  if (!Number.isFinite(input.chairMinutes) || input.chairMinutes <= 0) {
    throw new DomainValidationError([{ field: 'chairMinutes', message: 'must be a positive number of minutes' }]);
  }
  const step = input.stepMin ?? 15;
  if (!Number.isInteger(step) || step <= 0)
    throw new DomainValidationError([{ field: 'stepMin', message: 'must be a positive whole number of minutes' }]);
  const open = hoursOn(input.date, input.hours);
  if (!open) return undefined;
  const first = Math.max(toMinuteOfDay(open.open), input.notBefore ? toMinuteOfDay(input.notBefore, 'notBefore') : 0);
  const close = toMinuteOfDay(open.close);
  for (let minute = first; minute + input.chairMinutes <= close; minute += step) {
    const start = fromMinuteNumber(day * 1440 + minute);
    const end = fromMinuteNumber(day * 1440 + minute + input.chairMinutes);
    for (const chairId of input.chairIds) {
      if (chairConflicts({ chairId, start, end }, input.existing).length === 0) return { chairId, start, end };
    }
  }
  return undefined;
}

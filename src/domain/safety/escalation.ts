/**
 * Escalation of unacknowledged suicide-risk alerts. The escalation clock counts clinic hours only: an alert
 * created while the clinic is closed starts its clock at the next opening (the patient has already been shown the
 * crisis resources). Clinic hours are data: weekday -> open/close in the clinic's local time, given as a fixed
 * offset from UTC (pass the offset in force; a daylight-saving change inside the waiting period is not modelled).
 */
import type { Citation } from '../shared/citation.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface OpeningHours {
  /** "HH:MM", 24-hour clock, local time. */
  readonly open: string;
  /** "HH:MM" after `open` on the same day ("24:00" allowed). */
  readonly close: string;
}

export interface ClinicHours {
  /** Local time minus UTC, in minutes (e.g. -300 for US Eastern standard time). */
  readonly utcOffsetMinutes: number;
  /** Days without an entry are closed. */
  readonly days: Partial<Record<Weekday, OpeningHours>>;
}

export interface EscalationSettings {
  readonly escalateAfterMinutes: number;
  /** Null: count wall-clock minutes (a clinic staffed around the clock). */
  readonly clinicHours: ClinicHours | null;
  readonly citation: Citation;
}

export const DEFAULT_ESCALATION_SETTINGS: EscalationSettings = {
  escalateAfterMinutes: 15,
  clinicHours: {
    utcOffsetMinutes: 0,
    days: {
      mon: { open: '08:00', close: '18:00' },
      tue: { open: '08:00', close: '18:00' },
      wed: { open: '08:00', close: '18:00' },
      thu: { open: '08:00', close: '18:00' },
      fri: { open: '08:00', close: '18:00' },
    },
  },
  citation: {
    source: 'Clinic default (no published standard for the escalation interval)',
    detail:
      'An unacknowledged suicide-risk alert escalates after 15 minutes of clinic time; clinics set their own hours, offset and interval',
    status: 'clinic-default',
  },
};

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function parseTime(value: string, field: string, issues: FieldIssue[]): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (match === null || hours > 24 || minutes > 59 || (hours === 24 && minutes !== 0)) {
    issues.push({ field, message: 'must be a time "HH:MM" between 00:00 and 24:00' });
    return null;
  }
  return hours * 60 + minutes;
}

/** Opening intervals per weekday index (0 = Sunday) in minutes after local midnight; validates the settings. */
function openingMinutes(settings: EscalationSettings): Map<number, [number, number]> {
  const issues: FieldIssue[] = [];
  if (
    !Number.isFinite(settings.escalateAfterMinutes) ||
    settings.escalateAfterMinutes < 0 ||
    settings.escalateAfterMinutes > 7 * 24 * 60
  ) {
    issues.push({ field: 'settings.escalateAfterMinutes', message: 'must be between 0 and 10080 (one week)' });
  }
  const result = new Map<number, [number, number]>();
  const hours = settings.clinicHours;
  if (hours !== null) {
    if (!Number.isInteger(hours.utcOffsetMinutes) || Math.abs(hours.utcOffsetMinutes) > 14 * 60) {
      issues.push({
        field: 'settings.clinicHours.utcOffsetMinutes',
        message: 'must be a whole number of minutes within ±14 h',
      });
    }
    for (const [key, value] of Object.entries(hours.days)) {
      const day = WEEKDAYS.indexOf(key as Weekday);
      const field = `settings.clinicHours.days.${key}`;
      if (day < 0) {
        issues.push({ field, message: 'is not a weekday (sun, mon, tue, wed, thu, fri, sat)' });
        continue;
      }
      if (value === undefined) continue;
      const open = parseTime(value.open, `${field}.open`, issues);
      const close = parseTime(value.close, `${field}.close`, issues);
      if (open !== null && close !== null) {
        if (close <= open) issues.push({ field: `${field}.close`, message: 'must be after the opening time' });
        else result.set(day, [open, close]);
      }
    }
    if (issues.length === 0 && result.size === 0)
      issues.push({
        field: 'settings.clinicHours.days',
        message: 'has no open day; use clinicHours: null for round-the-clock counting',
      });
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
  return result;
}

/** When an alert created at `createdAt` must be escalated if still unacknowledged. */
export function escalationDueAt(createdAt: Date, settings: EscalationSettings = DEFAULT_ESCALATION_SETTINGS): Date {
  if (Number.isNaN(createdAt.getTime()))
    throw new DomainValidationError([{ field: 'createdAt', message: 'must be a valid date' }]);
  const openings = openingMinutes(settings);
  const waitMs = settings.escalateAfterMinutes * MINUTE;
  if (settings.clinicHours === null) return new Date(createdAt.getTime() + waitMs);

  const offsetMs = settings.clinicHours.utcOffsetMinutes * MINUTE;
  const local = createdAt.getTime() + offsetMs; // local wall time expressed as if it were UTC
  const localMidnight = Math.floor(local / DAY) * DAY;
  let remaining = waitMs;
  let cursor = local;
  // Walk forward day by day; openings exist (validated), so at most a week passes without progress.
  for (let d = 0; ; d++) {
    const dayStart = localMidnight + d * DAY;
    const opening = openings.get(new Date(dayStart).getUTCDay());
    if (opening === undefined) continue;
    const start = Math.max(cursor, dayStart + opening[0] * MINUTE);
    const end = dayStart + opening[1] * MINUTE;
    if (start > end) continue;
    if (remaining <= end - start) return new Date(start + remaining - offsetMs);
    remaining -= end - start;
    cursor = end;
  }
}

export interface EscalatableAlert {
  readonly createdAt: Date;
  readonly acknowledgedAt: Date | null;
}

/** True when the alert is still unacknowledged and its escalation time has come. */
export function isEscalationDue(
  alert: EscalatableAlert,
  now: Date,
  settings: EscalationSettings = DEFAULT_ESCALATION_SETTINGS,
): boolean {
  if (alert.acknowledgedAt !== null) return false;
  return now.getTime() >= escalationDueAt(alert.createdAt, settings).getTime();
}

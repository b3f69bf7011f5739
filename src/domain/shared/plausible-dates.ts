/**
 * Plausible ranges for the dates a clinic records, by what the date is. Pure: `now` is passed in.
 *
 * - A date of birth is not in the future and not before 1900-01-01: the oldest verified human lifespan is
 *   122 years (Jeanne Calment, 1875-1997; Robine & Allard, Science 1998;279:1834), so nobody born before 1900
 *   is alive to be treated in 2026 or later. The future is judged on the calendar of the zone furthest ahead
 *   of UTC (UTC+14, Line Islands), so a baby born today anywhere is accepted.
 * - A clinical observation (a measure, vital signs, a dose) is not before 2000-01-01 and not after now plus a
 *   small clock-drift tolerance: ketamine's antidepressant use dates from Berman et al., Biol Psychiatry
 *   2000;47:351-354, and the measures this platform scores were published from 2001 (PHQ-9: Kroenke et al.,
 *   J Gen Intern Med 2001;16:606-613), so an earlier date is a typing error, not history.
 */
export const EARLIEST_DATE_OF_BIRTH = '1900-01-01';

/**
 * How far ahead of the server's clock a recorded time may be and still be taken as "now" on a device whose clock
 * runs a little fast: 5 minutes, the clock skew conventionally tolerated between hosts that are only loosely
 * synchronised (the Kerberos V5 default, Microsoft's "Maximum tolerance for computer clock synchronization" policy:
 * 5 minutes; RFC 4120 assumes loosely synchronised clocks). One value for every module that refuses a time in the
 * future (treatment day, ledger, measures); a later time is a typing error or a wrong device clock, refused.
 */
export const CLOCK_DRIFT_TOLERANCE_MS = 5 * 60_000;
export const EARLIEST_CLINICAL_OBSERVATION = new Date('2000-01-01T00:00:00Z');
const FURTHEST_AHEAD_OF_UTC_MS = 14 * 3_600_000;

/** Why a YYYY-MM-DD date of birth is implausible on `now`, or undefined when it is plausible. */
export function dateOfBirthProblem(dateOfBirth: string, now: Date): string | undefined {
  if (dateOfBirth < EARLIEST_DATE_OF_BIRTH) return `is before ${EARLIEST_DATE_OF_BIRTH}`;
  const latest = new Date(now.getTime() + FURTHEST_AHEAD_OF_UTC_MS).toISOString().slice(0, 10);
  if (dateOfBirth > latest) return 'is in the future';
  return undefined;
}

/** Why the time of a clinical observation is implausible, or undefined. `toleranceMs`: allowed clock drift. */
export function observationTimeProblem(at: Date, now: Date, toleranceMs: number): string | undefined {
  if (Number.isNaN(at.getTime())) return 'is not a valid date-time';
  if (at.getTime() < EARLIEST_CLINICAL_OBSERVATION.getTime()) return 'is before 2000-01-01';
  if (at.getTime() > now.getTime() + toleranceMs) return 'is in the future';
  return undefined;
}

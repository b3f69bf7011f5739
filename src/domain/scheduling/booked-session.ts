/**
 * When a session can be booked, moved, prepared for and marked missed: the time window of a booking and the
 * statuses each change is allowed from. Workflow rules of chair scheduling (issue 4), not clinical thresholds:
 *  - a chair holds the patient for the whole chair time (dosing + monitoring), so all of it must fit inside clinic
 *    hours, and a session is not booked to start in the past;
 *  - only a scheduled session is moved, cancelled or marked a no-show (the database update is conditional on it
 *    too, so that two people acting at once cannot both succeed);
 *  - reminders are confirmed while the session is scheduled or under way;
 *  - a no-show is recorded once the start time has passed, never before.
 */
import { checkWithinClinicHours, type ClinicHours } from './clinic-hours.js';

/** A booked session's status (treatment_session.status). */
export type BookedSessionStatus = 'scheduled' | 'in-progress' | 'completed' | 'cancelled' | 'no-show';

/** A session that still holds its chair and time: booked, under way or done (not cancelled, not a no-show). */
export const LIVE_SESSION_STATUSES: readonly BookedSessionStatus[] = ['scheduled', 'in-progress', 'completed'];

export interface SlotRefusal {
  readonly code: 'outside-clinic-hours' | 'in-the-past';
  readonly message: string;
  /** What is wrong with the start, for the problem's field. */
  readonly fieldMessage: string;
}

/**
 * Why a session cannot be booked at `start` (local 'YYYY-MM-DDTHH:MM', the instant `startsAt`) for `chairMinutes`,
 * if it cannot: the chair time leaves clinic hours, or it starts before `now`.
 */
export function slotRefusal(input: {
  readonly start: string;
  readonly startsAt: Date;
  readonly chairMinutes: number;
  readonly hours: ClinicHours;
  readonly now: Date;
}): SlotRefusal | undefined {
  const check = checkWithinClinicHours(
    { date: input.start.slice(0, 10), startTime: input.start.slice(11), durationMin: input.chairMinutes },
    input.hours,
  );
  if (!check.inside)
    return {
      code: 'outside-clinic-hours',
      message: `${check.message}: the whole chair time (${input.chairMinutes} min, dosing and monitoring) must fit inside clinic hours.`,
      fieldMessage: check.message,
    };
  if (input.startsAt.getTime() < input.now.getTime())
    return { code: 'in-the-past', message: 'A session cannot be booked in the past.', fieldMessage: 'is in the past' };
  return undefined;
}

/** Only a scheduled session is moved to another time, chair or staff member. */
export function canBeMoved(status: BookedSessionStatus): boolean {
  return status === 'scheduled';
}

/** Pre-session reminders are confirmed while the session is scheduled or under way. */
export function takesReminderConfirmations(status: BookedSessionStatus): boolean {
  return status === 'scheduled' || status === 'in-progress';
}

/** A no-show is recorded once the session's start has passed (at the start itself it may be). */
export function isTooEarlyForNoShow(startsAt: Date, now: Date): boolean {
  return startsAt.getTime() > now.getTime();
}

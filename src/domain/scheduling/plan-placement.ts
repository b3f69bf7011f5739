/**
 * Placing a signed plan's unbooked sessions on their planned dates (booking a whole plan at once): why a session
 * cannot be placed, and otherwise the first chair free for its whole chair time.
 *
 * The rules, in the order they are applied:
 *  1. a session planned for a day that has passed is not placed automatically (staff book it by hand on another day);
 *  2. the protocol's minimum days between a plan's sessions (booking-rules.ts; each protocol cites its spacing, e.g.
 *     IV ketamine induction at least 48 h apart, a clinic default of issue 4);
 *  3. a session today starts no earlier than now, rounded up to the quarter hour, and no earlier than the time asked
 *     for; once the day is over nothing is placed;
 *  4. the whole chair time (dosing + monitoring) fits inside clinic hours on one chair that is free all along, tried
 *     every 15 minutes from the earliest start (overlap.ts, clinic-hours.ts).
 * Workflow rules of the clinic (issue 4, chair scheduling), not clinical thresholds.
 */
import { WEEKDAY_NAMES, type ClinicHours } from './clinic-hours.js';
import { formatMinuteOfDay, toMinuteOfDay, weekdayOf } from './dates.js';
import { spacingConflict } from './booking-rules.js';
import { findFirstFreeSlot, type ChairBooking } from './overlap.js';

/** Automatic placement tries a start every quarter hour. */
export const PLACEMENT_STEP_MIN = 15;

export interface PlacementRefusal {
  readonly reason: 'in-the-past' | 'spacing' | 'no-free-chair';
  readonly message: string;
}

export interface ChairPlacement {
  readonly chairId: string;
  /** Local 'YYYY-MM-DDTHH:MM'. */
  readonly start: string;
  readonly end: string;
}

/** 'HH:MM' rounded up to the next quarter hour ('24:00' when past 23:45). */
export function roundUpToQuarter(time: string): string {
  const minute = toMinuteOfDay(time);
  const rounded = Math.ceil(minute / 15) * 15;
  return rounded >= 1440 ? '24:00' : formatMinuteOfDay(rounded);
}

/**
 * Rules 1 and 2: what refuses a planned session before any chair is looked at. `kept` are the plan's sessions
 * already booked (or placed in this run) by local date.
 */
export function placementRefusal(
  date: string,
  today: string,
  kept: ReadonlyArray<{ readonly sessionNumber: number; readonly date: string }>,
  minimumDays: number,
): PlacementRefusal | undefined {
  if (date < today)
    return { reason: 'in-the-past', message: `Planned for ${date}, which has passed: book it by hand on another day.` };
  const spacing = spacingConflict(date, kept, minimumDays);
  if (spacing)
    return {
      reason: 'spacing',
      message: `Session ${spacing.sessionNumber} is booked on ${spacing.date}, ${spacing.daysApart} day(s) away; the protocol needs at least ${minimumDays}.`,
    };
  return undefined;
}

/**
 * Rules 3 and 4: the first chair free for `chairMinutes` on `date`, or why there is none. `nowTime` is the clinic's
 * local time of day now ('HH:MM'); `existing` are the day's chair bookings (local times), those placed in this run
 * included; `oneChair` says the staff asked for one chair (it words the refusal).
 */
export function placeInChairs(input: {
  readonly date: string;
  readonly today: string;
  readonly nowTime: string;
  readonly startTime?: string | undefined;
  readonly chairIds: readonly string[];
  readonly oneChair: boolean;
  readonly chairMinutes: number;
  readonly hours: ClinicHours;
  readonly existing: readonly ChairBooking[];
}): ChairPlacement | PlacementRefusal {
  const earliest = [input.startTime, input.date === input.today ? roundUpToQuarter(input.nowTime) : undefined]
    .filter((t): t is string => t !== undefined)
    .sort()
    .at(-1);
  if (earliest === '24:00') return { reason: 'no-free-chair', message: 'The day is over.' };
  const free = findFirstFreeSlot({
    date: input.date,
    chairIds: input.chairIds,
    chairMinutes: input.chairMinutes,
    hours: input.hours,
    existing: input.existing,
    stepMin: PLACEMENT_STEP_MIN,
    ...(earliest ? { notBefore: earliest } : {}),
  });
  if (!free)
    return {
      reason: 'no-free-chair',
      message: `No ${input.oneChair ? 'free time in that chair' : 'chair is free'} for ${input.chairMinutes} minutes on ${WEEKDAY_NAMES[weekdayOf(input.date)]} ${input.date}${earliest ? ` from ${earliest}` : ''}.`,
    };
  return { chairId: free.chairId, start: free.start, end: free.end };
}

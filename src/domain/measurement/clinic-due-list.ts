/**
 * The clinic page's list of measures due and overdue across patients: whom it looks at and in what order. Pure: the
 * time is passed in.
 */
import type { Citation } from '../shared/citation.js';
import type { DueStatus } from './schedule.js';

/** Clinic defaults: no published source fixes how far the clinic page looks back or ahead, or how much it lists. */
export const CLINIC_DUE_LIST = {
  /** A patient is listed when a session (not cancelled, not a no-show) starts within this many days before now… */
  activeDaysBefore: 30,
  /** …or this many days after now. */
  activeDaysAfter: 7,
  /** The most items the page lists; the count says how many there are in all. */
  maxItems: 200,
  citation: {
    source: 'Clinic default (clinic outcome overview; no published source fixes the window)',
    status: 'clinic-default',
  } satisfies Citation,
} as const;

const DAY = 86_400_000;

/** The session start times that make a patient active on the clinic page at `now`. */
export function activePatientWindow(now: Date): { from: Date; to: Date } {
  return {
    from: new Date(now.getTime() - CLINIC_DUE_LIST.activeDaysBefore * DAY),
    to: new Date(now.getTime() + CLINIC_DUE_LIST.activeDaysAfter * DAY),
  };
}

/** Overdue before due; within each, the earliest due first (the order is otherwise kept). */
export function orderDueList<T extends { readonly status: DueStatus; readonly dueAt: Date }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) =>
    a.status === b.status ? a.dueAt.getTime() - b.dueAt.getTime() : a.status === 'overdue' ? -1 : 1,
  );
}

/**
 * Measurement schedule: which instruments a patient completes and when (baseline before the first treatment,
 * before each session, 24 h after each session, weekly, monthly), turned into dated items with due windows and a
 * status, given the session dates, the completed measures and `now`. Pure: no clock, no I/O.
 */
import type { Citation } from '../shared/citation.js';
import { isValidDate } from '../shared/guards.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { isInstrumentId } from '../instruments/index.js';

export type MeasureTiming = 'baseline' | 'pre-session' | 'post-session-24h' | 'weekly' | 'monthly';

export interface ScheduleRule {
  readonly instrument: string;
  readonly timing: MeasureTiming;
  /** Weekly/monthly only: first anchor (default: the first session). */
  readonly startsAt?: Date;
  /** Weekly/monthly only: no occurrence is due after this time. */
  readonly endsAt?: Date;
}

export interface MeasurementSchedule {
  readonly rules: readonly ScheduleRule[];
}

/**
 * Due windows. These are clinic-editable defaults, not published rules: no source fixes them.
 * - baseline: due at the first session, accepted from `opensDaysBefore` days before it.
 * - pre-session: due at the session start, accepted from `opensHoursBefore` hours before (but never before the
 *   previous session started) until `closesMinutesAfter` minutes after the start.
 * - post-session-24h: due 24 h after the session start, accepted from `opensHoursAfter` to `closesHoursAfter`.
 * - weekly / monthly: due every `everyDays` days from the anchor, accepted `graceDaysBefore` days before to
 *   `graceDaysAfter` days after.
 */
export interface DueWindows {
  readonly baseline: { readonly opensDaysBefore: number };
  readonly preSession: { readonly opensHoursBefore: number; readonly closesMinutesAfter: number };
  readonly postSession: {
    readonly opensHoursAfter: number;
    readonly dueHoursAfter: number;
    readonly closesHoursAfter: number;
  };
  readonly weekly: { readonly everyDays: number; readonly graceDaysBefore: number; readonly graceDaysAfter: number };
  readonly monthly: { readonly everyDays: number; readonly graceDaysBefore: number; readonly graceDaysAfter: number };
  readonly citation: Citation;
}

export const DEFAULT_DUE_WINDOWS: DueWindows = {
  baseline: { opensDaysBefore: 14 },
  preSession: { opensHoursBefore: 72, closesMinutesAfter: 30 },
  postSession: { opensHoursAfter: 20, dueHoursAfter: 24, closesHoursAfter: 48 },
  weekly: { everyDays: 7, graceDaysBefore: 2, graceDaysAfter: 2 },
  monthly: { everyDays: 28, graceDaysBefore: 7, graceDaysAfter: 7 },
  citation: {
    source: 'Clinic default (measurement-based care schedule; no published source fixes these windows)',
    detail:
      'Baseline before the first treatment, before each session, 24 h after each session, weekly and monthly follow-up, per the Ketaclinic clinical reference (outcome rules)',
    status: 'clinic-default',
  },
};

export interface CompletedMeasure {
  readonly instrument: string;
  readonly completedAt: Date;
}

export type DueStatus = 'upcoming' | 'due' | 'overdue' | 'completed' | 'missed';

export interface DueItem {
  readonly instrument: string;
  readonly timing: MeasureTiming;
  /** The session (baseline/pre/post) or the recurrence anchor this item belongs to. */
  readonly anchor: Date;
  /** Recurring items: 1 for the first week/month, 2 for the second, ... */
  readonly occurrence?: number;
  readonly windowStart: Date;
  readonly dueAt: Date;
  readonly windowEnd: Date;
  readonly status: DueStatus;
  readonly completedAt?: Date;
}

export interface ScheduleInput {
  readonly schedule: MeasurementSchedule;
  /** Start times of treatment sessions, past and booked. */
  readonly sessions: readonly Date[];
  readonly completed: readonly CompletedMeasure[];
  readonly now: Date;
  readonly windows?: DueWindows;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);

function validate(input: ScheduleInput): void {
  const issues: FieldIssue[] = [];
  if (!isValidDate(input.now)) issues.push({ field: 'now', message: 'must be a valid date' });
  input.schedule.rules.forEach((rule, i) => {
    if (!isInstrumentId(rule.instrument))
      issues.push({ field: `schedule.rules.${i}.instrument`, message: `unknown instrument "${rule.instrument}"` });
    if (rule.startsAt !== undefined && !isValidDate(rule.startsAt))
      issues.push({ field: `schedule.rules.${i}.startsAt`, message: 'must be a valid date' });
    if (rule.endsAt !== undefined && !isValidDate(rule.endsAt))
      issues.push({ field: `schedule.rules.${i}.endsAt`, message: 'must be a valid date' });
  });
  input.sessions.forEach((s, i) => {
    if (!isValidDate(s)) issues.push({ field: `sessions.${i}`, message: 'must be a valid date' });
  });
  input.completed.forEach((c, i) => {
    if (!isValidDate(c.completedAt))
      issues.push({ field: `completed.${i}.completedAt`, message: 'must be a valid date' });
  });
  const w = input.windows ?? DEFAULT_DUE_WINDOWS;
  for (const [name, every] of [
    ['weekly', w.weekly.everyDays],
    ['monthly', w.monthly.everyDays],
  ] as const) {
    if (!(every > 0)) issues.push({ field: `windows.${name}.everyDays`, message: 'must be above 0' });
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
}

/**
 * Every scheduled item with its window and status. A completed measure satisfies every item of the same
 * instrument whose window contains it (one questionnaire 24 h after a session can also be the next session's
 * pre-session measure). Recurring items are listed up to one period after `now` (and not after `endsAt`).
 * With no session booked, the baseline is due now and accepts a measure from the last `opensDaysBefore` days.
 */
export function computeMeasurementItems(input: ScheduleInput): DueItem[] {
  validate(input);
  const w = input.windows ?? DEFAULT_DUE_WINDOWS;
  const { now } = input;
  const sessions = [...input.sessions].sort((a, b) => a.getTime() - b.getTime());
  const first = sessions[0];

  const make = (
    rule: ScheduleRule,
    anchor: Date,
    windowStart: Date,
    dueAt: Date,
    windowEnd: Date,
    occurrence?: number,
  ): DueItem => {
    const done = input.completed
      .filter((c) => c.instrument === rule.instrument && c.completedAt >= windowStart && c.completedAt <= windowEnd)
      .sort((a, b) => a.completedAt.getTime() - b.completedAt.getTime())[0];
    let status: DueStatus;
    if (done !== undefined) status = 'completed';
    else if (now < windowStart) status = 'upcoming';
    else if (now <= dueAt) status = 'due';
    else if (now <= windowEnd) status = 'overdue';
    else status = 'missed';
    const item: DueItem = {
      instrument: rule.instrument,
      timing: rule.timing,
      anchor,
      windowStart,
      dueAt,
      windowEnd,
      status,
    };
    return {
      ...item,
      ...(occurrence === undefined ? {} : { occurrence }),
      ...(done === undefined ? {} : { completedAt: done.completedAt }),
    };
  };

  const items: DueItem[] = [];
  for (const rule of input.schedule.rules) {
    switch (rule.timing) {
      case 'baseline': {
        const anchor = first ?? now;
        items.push(make(rule, anchor, plus(anchor, -w.baseline.opensDaysBefore * DAY), anchor, anchor));
        break;
      }
      case 'pre-session':
        sessions.forEach((s, i) => {
          // The window never opens before the previous session started: a measure must follow the last session.
          const opens = plus(s, -w.preSession.opensHoursBefore * HOUR);
          const previous = sessions[i - 1];
          const windowStart = previous !== undefined && previous > opens ? plus(previous, 1) : opens;
          items.push(make(rule, s, windowStart, s, plus(s, w.preSession.closesMinutesAfter * MINUTE)));
        });
        break;
      case 'post-session-24h':
        for (const s of sessions) {
          items.push(
            make(
              rule,
              s,
              plus(s, w.postSession.opensHoursAfter * HOUR),
              plus(s, w.postSession.dueHoursAfter * HOUR),
              plus(s, w.postSession.closesHoursAfter * HOUR),
            ),
          );
        }
        break;
      case 'weekly':
      case 'monthly': {
        const period = rule.timing === 'weekly' ? w.weekly : w.monthly;
        const anchor = rule.startsAt ?? first;
        if (anchor === undefined) break;
        const horizon = plus(now, period.everyDays * DAY);
        for (let k = 1; ; k++) {
          const dueAt = plus(anchor, k * period.everyDays * DAY);
          if (dueAt > horizon || (rule.endsAt !== undefined && dueAt > rule.endsAt)) break;
          items.push(
            make(
              rule,
              anchor,
              plus(dueAt, -period.graceDaysBefore * DAY),
              dueAt,
              plus(dueAt, period.graceDaysAfter * DAY),
              k,
            ),
          );
        }
        break;
      }
    }
  }
  return items.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.instrument.localeCompare(b.instrument));
}

/** Items to act on now: due or overdue, earliest first. */
export function dueMeasures(input: ScheduleInput): DueItem[] {
  return computeMeasurementItems(input).filter((i) => i.status === 'due' || i.status === 'overdue');
}

/**
 * What of a patient's history can still change `dueMeasures(…, now)`: an item is due or overdue only while `now` is
 * inside its window, so older sessions and measures matter no more. Callers that list due items for many patients
 * (the clinic page) read only this much:
 * - `completedFrom`: no open window starts earlier than the longest window before `now`;
 * - `sessionsFrom`: a session's pre- and post-session windows have closed once it is further back than the later
 *   of their closing offsets.
 * Besides the sessions from `sessionsFrom` on, the first session (baseline, weekly and monthly anchor) and the one
 * just before `sessionsFrom` (where the next pre-session window may start) still count: see `trimDueInput`.
 */
export function dueInputHorizon(
  now: Date,
  windows: DueWindows = DEFAULT_DUE_WINDOWS,
): { completedFrom: Date; sessionsFrom: Date } {
  const longestWindow = Math.max(
    windows.baseline.opensDaysBefore * DAY,
    windows.preSession.opensHoursBefore * HOUR + windows.preSession.closesMinutesAfter * MINUTE,
    (windows.postSession.closesHoursAfter - windows.postSession.opensHoursAfter) * HOUR,
    (windows.weekly.graceDaysBefore + windows.weekly.graceDaysAfter) * DAY,
    (windows.monthly.graceDaysBefore + windows.monthly.graceDaysAfter) * DAY,
  );
  const lastSessionWindowCloses = Math.max(
    windows.preSession.closesMinutesAfter * MINUTE,
    windows.postSession.closesHoursAfter * HOUR,
  );
  return { completedFrom: plus(now, -longestWindow), sessionsFrom: plus(now, -lastSessionWindowCloses) };
}

/**
 * The part of a history that `dueInputHorizon` says matters: the first session, the last one before `sessionsFrom`,
 * every session from it on, and the measures completed from `completedFrom` on. `dueMeasures` gives the same answer
 * for the trimmed input as for the whole (schedule.test.ts checks this on random histories).
 */
export function trimDueInput(input: ScheduleInput): ScheduleInput {
  const { completedFrom, sessionsFrom } = dueInputHorizon(input.now, input.windows);
  const sessions = [...input.sessions].sort((a, b) => a.getTime() - b.getTime());
  const firstRecent = sessions.findIndex((s) => s >= sessionsFrom);
  const from = firstRecent === -1 ? sessions.length - 1 : Math.max(0, firstRecent - 1);
  const kept = sessions.slice(Math.max(0, from));
  if (sessions[0] !== undefined && kept[0] !== sessions[0]) kept.unshift(sessions[0]);
  return { ...input, sessions: kept, completed: input.completed.filter((c) => c.completedAt >= completedFrom) };
}

/**
 * Which schedule a patient is measured by, and which sessions it is laid over. Pure: no clock, no I/O.
 */
import type { Citation } from '../shared/citation.js';
import type { ScheduleRule } from './schedule.js';

/**
 * The clinic default for a patient with no schedule of their own: PHQ-9 at baseline, before each session, 24 h after
 * each session and monthly, and the C-SSRS screener before each session.
 */
export const DEFAULT_MEASUREMENT_RULES: readonly ScheduleRule[] = [
  { instrument: 'phq-9', timing: 'baseline' },
  { instrument: 'phq-9', timing: 'pre-session' },
  { instrument: 'c-ssrs-screener', timing: 'pre-session' },
  { instrument: 'phq-9', timing: 'post-session-24h' },
  { instrument: 'phq-9', timing: 'monthly' },
];

export const DEFAULT_MEASUREMENT_RULES_CITATION: Citation = {
  source: 'Clinic default (measurement-based care; no published source fixes which instruments or how often)',
  detail:
    'Ketaclinic clinical reference, section 2 (outcome rules: baseline is the last score before the first treatment) and section 3 (suicide-risk screening before each session)',
  status: 'clinic-default',
};

/** The patient's own latest schedule when one was set, else the clinic default. */
export function patientScheduleRules(stored: readonly ScheduleRule[] | undefined): readonly ScheduleRule[] {
  return stored ?? DEFAULT_MEASUREMENT_RULES;
}

/**
 * The sessions a schedule is laid over: every booking, past or coming, except a cancelled one or a no-show, around
 * which no patient came to be measured.
 */
export function measuredSessionStarts(
  sessions: ReadonlyArray<{ readonly startsAt: Date; readonly status: string }>,
): Date[] {
  return sessions.filter((s) => s.status !== 'cancelled' && s.status !== 'no-show').map((s) => s.startsAt);
}

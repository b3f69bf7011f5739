/**
 * Appointment reminders (issue 14): when each reminder is due and what a patient must do before the visit.
 *
 * The two reminder times (48 hours and 2 hours before) are clinic defaults: no guideline fixes them. The preparation
 * for esketamine is the label's: no food for 2 hours and no liquids for 30 minutes before dosing, and a ride home
 * because the patient may not drive until the next day after a restful sleep (SPRAVATO prescribing information,
 * Dosage and Administration; Warnings and Precautions 5.8; Patient Counseling Information 17).
 */
import { SPRAVATO_LABEL_DRIVING, SPRAVATO_LABEL_FASTING } from '../monitoring/sources.js';
import type { PreSessionRequirement } from '../protocols/index.js';
import type { Citation } from '../shared/citation.js';

export type ReminderCode = '48h' | '2h';

export interface ReminderTime {
  readonly code: ReminderCode;
  /** Minutes before the start at which the reminder is due. */
  readonly beforeMin: number;
  readonly citation: Citation;
}

const REMINDER_DEFAULT: Citation = {
  source: 'Clinic default (issue 14): reminders 48 hours and 2 hours before each visit; no guideline fixes the times',
  status: 'clinic-default',
};

/** Earliest first: the 48-hour reminder, then the 2-hour one. */
export const REMINDER_TIMES: readonly ReminderTime[] = [
  { code: '48h', beforeMin: 48 * 60, citation: REMINDER_DEFAULT },
  { code: '2h', beforeMin: 2 * 60, citation: REMINDER_DEFAULT },
];

/**
 * The reminders due at `now` for a visit starting at `startsAt`: a reminder is due from its time until the next
 * reminder's time (or the start), so a visit booked 30 hours ahead gets its 48-hour reminder at once and a visit
 * booked 1 hour ahead gets only the 2-hour one. Nothing is due once the visit has started.
 */
export function dueReminders(
  startsAt: Date,
  now: Date,
  times: readonly ReminderTime[] = REMINDER_TIMES,
): ReminderCode[] {
  const start = startsAt.getTime();
  const at = now.getTime();
  if (at >= start) return [];
  const ordered = [...times].sort((a, b) => b.beforeMin - a.beforeMin);
  const due: ReminderCode[] = [];
  ordered.forEach((time, i) => {
    const from = start - time.beforeMin * 60_000;
    const next = ordered[i + 1];
    const until = next ? start - next.beforeMin * 60_000 : start;
    if (at >= from && at < until) due.push(time.code);
  });
  return due;
}

/** The longest reminder lead time: how far ahead a sweep must look. */
export function reminderHorizonMin(times: readonly ReminderTime[] = REMINDER_TIMES): number {
  return Math.max(...times.map((t) => t.beforeMin));
}

export interface PreparationStep {
  readonly code: 'no-food' | 'no-liquids' | 'ride-home' | 'fasting' | 'nasal-medication-timing';
  readonly text: string;
  readonly citation: Citation;
}

/** What to do before a dosing visit of the modality; empty for visits without a dose. */
export function preparationSteps(modality: string | null): PreparationStep[] {
  if (modality === 'esketamine-nasal') {
    return [
      { code: 'no-food', text: 'Do not eat for 2 hours before your treatment.', citation: SPRAVATO_LABEL_FASTING },
      {
        code: 'no-liquids',
        text: 'Do not drink anything for 30 minutes before your treatment.',
        citation: SPRAVATO_LABEL_FASTING,
      },
      {
        code: 'ride-home',
        text: 'Arrange a ride home: you must not drive until the next day, after a restful sleep.',
        citation: SPRAVATO_LABEL_DRIVING,
      },
    ];
  }
  if (
    modality === 'iv-ketamine' ||
    modality === 'iv-ketamine-pain' ||
    modality === 'im-ketamine' ||
    modality === 'kap'
  ) {
    return [
      {
        code: 'ride-home',
        text: 'Arrange a ride home: do not drive for the rest of the day after your treatment.',
        citation: {
          source: 'Clinic default: a ride home after racemic ketamine (no label for the psychiatric use fixes it)',
          status: 'clinic-default',
        },
      },
    ];
  }
  return [];
}

/** The requirements a patient acts on at home (the others, consent and REMS enrolment, are the clinic's to arrange). */
const AT_HOME: readonly PreSessionRequirement['code'][] = ['fasting', 'nasal-medication-timing', 'ride-home'];

/**
 * What to do before a plan session, from the plan's protocol as the clinic set it: its fasting, nasal-medication and
 * ride-home instructions with their sources, so the reminder says what the day schedule checks (esketamine: the
 * label's 2 hours / 30 minutes; IV ketamine: the clinic's default).
 */
export function preparationFromProtocol(preSession: readonly PreSessionRequirement[]): PreparationStep[] {
  return preSession
    .filter((r): r is PreSessionRequirement & { code: 'fasting' | 'nasal-medication-timing' | 'ride-home' } =>
      AT_HOME.includes(r.code),
    )
    .sort((a, b) => AT_HOME.indexOf(a.code) - AT_HOME.indexOf(b.code))
    .map((r) => ({ code: r.code, text: r.instructions, citation: r.source }));
}

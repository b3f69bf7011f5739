import { describe, expect, it } from 'vitest';
import { DEFAULT_MEASUREMENT_RULES, measuredSessionStarts, patientScheduleRules } from './patient-schedule.js';
import { dueMeasures } from './schedule.js';

const t = (iso: string) => new Date(iso);

describe('the schedule a patient is measured by', () => {
  // Source: clinic default (DEFAULT_MEASUREMENT_RULES_CITATION); the clinical reference, section 2, reads outcomes
  // against a baseline before the first treatment, and section 3 screens for suicide risk before each session.
  it('is the clinic default until the patient has one of their own: PHQ-9 at baseline, the C-SSRS screener before each session', () => {
    expect(patientScheduleRules(undefined)).toBe(DEFAULT_MEASUREMENT_RULES);
    expect(DEFAULT_MEASUREMENT_RULES).toContainEqual({ instrument: 'phq-9', timing: 'baseline' });
    expect(DEFAULT_MEASUREMENT_RULES).toContainEqual({ instrument: 'c-ssrs-screener', timing: 'pre-session' });
  });

  it("is the patient's own once set, even an empty one", () => {
    const own = [{ instrument: 'gad-7', timing: 'weekly' }] as const;
    expect(patientScheduleRules(own)).toBe(own);
    expect(patientScheduleRules([])).toEqual([]);
  });

  it('is laid over every session except a cancelled one or a no-show', () => {
    const sessions = [
      { startsAt: t('2026-11-02T09:00:00Z'), status: 'completed' },
      { startsAt: t('2026-11-04T09:00:00Z'), status: 'cancelled' },
      { startsAt: t('2026-11-05T09:00:00Z'), status: 'no-show' },
      { startsAt: t('2026-11-06T09:00:00Z'), status: 'scheduled' },
    ];
    expect(measuredSessionStarts(sessions)).toEqual([t('2026-11-02T09:00:00Z'), t('2026-11-06T09:00:00Z')]);
  });

  it('asks nothing before a cancelled session', () => {
    const sessions = measuredSessionStarts([{ startsAt: t('2026-11-04T09:00:00Z'), status: 'cancelled' }]);
    const due = dueMeasures({
      schedule: { rules: [{ instrument: 'c-ssrs-screener', timing: 'pre-session' }] },
      sessions,
      completed: [],
      now: t('2026-11-04T08:00:00Z'),
    });
    expect(due).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { firstTreatmentAt } from './first-treatment.js';

// Source: Ketaclinic clinical reference, section 2 (outcome rules): baseline is the last score before the first
// treatment, and rapid response is response within 24 h of the first session.
const t = (iso: string) => new Date(iso);

describe('firstTreatmentAt', () => {
  it('is the start of the earliest session that took place', () => {
    expect(
      firstTreatmentAt([
        { startsAt: t('2026-11-04T09:00:00Z'), status: 'completed' },
        { startsAt: t('2026-11-02T09:00:00Z'), status: 'completed' },
      ]),
    ).toEqual(t('2026-11-02T09:00:00Z'));
  });

  it('counts a session in progress as treatment', () => {
    expect(firstTreatmentAt([{ startsAt: t('2026-11-02T09:00:00Z'), status: 'in-progress' }])).toEqual(
      t('2026-11-02T09:00:00Z'),
    );
  });

  it('does not count a booked, cancelled or missed session', () => {
    expect(
      firstTreatmentAt([
        { startsAt: t('2026-11-01T09:00:00Z'), status: 'cancelled' },
        { startsAt: t('2026-11-02T09:00:00Z'), status: 'no-show' },
        { startsAt: t('2026-11-03T09:00:00Z'), status: 'scheduled' },
        { startsAt: t('2026-11-05T09:00:00Z'), status: 'completed' },
      ]),
    ).toEqual(t('2026-11-05T09:00:00Z'));
    expect(firstTreatmentAt([{ startsAt: t('2026-11-03T09:00:00Z'), status: 'scheduled' }])).toBeNull();
  });
});

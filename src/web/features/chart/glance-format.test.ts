import { describe, expect, it } from 'vitest';
import { baselineLine, phaseLabel, scoreLine } from './glance-format';
import type { PatientSummary } from './chart.api';

const score = (over: Partial<PatientSummary['scores'][number]>): PatientSummary['scores'][number] => ({
  instrument: 'phq-9',
  shortName: 'PHQ-9',
  isScheduleInstrument: true,
  latest: { total: 17, band: 'moderately-severe', at: '2026-11-01T15:00:00Z' },
  previousTotal: 21,
  direction: 'down',
  recent: [21, 17],
  baselineTotal: null,
  changeFromBaseline: null,
  percentChangeFromBaseline: null,
  isRespondingNow: false,
  isRemittedNow: false,
  ...over,
});

describe('the patient header wording', () => {
  it('says where the latest score went from the one before', () => {
    expect(scoreLine(score({}))).toBe('17 (moderately severe), down from 21');
    expect(
      scoreLine(
        score({
          direction: 'first',
          previousTotal: null,
          latest: { total: 12, band: null, at: '2026-11-01T15:00:00Z' },
        }),
      ),
    ).toBe('12, first score');
  });

  it('gives the change from baseline with its sign, or nothing without a baseline', () => {
    expect(baselineLine(score({ baselineTotal: 21, changeFromBaseline: -8, percentChangeFromBaseline: -38.1 }))).toBe(
      '−8 since baseline 21 (−38%)',
    );
    expect(baselineLine(score({}))).toBeNull();
  });

  it('names phases in words', () => {
    expect(phaseLabel('induction')).toBe('Induction');
    expect(phaseLabel('post-taper')).toBe('Post taper');
    expect(phaseLabel(null)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { MIN_EFFECTIVE_DOSES, assessTreatmentResistance, type AntidepressantTrial } from './treatment-resistance.js';
import { DomainValidationError } from '../shared/validation.js';

// Sources: SPRAVATO US PI section 14 (TRD = inadequate response to at least two antidepressants of adequate dose
// and duration in the current episode); Scottish Government antidepressant prescribing guide 2024-2027 (SSRI
// standard doses); 6-week adequacy and the non-SSRI doses are clinic defaults (see MIN_EFFECTIVE_DOSES).
const trial = (overrides: Partial<AntidepressantTrial> = {}): AntidepressantTrial => ({
  drug: 'sertraline',
  doseMgPerDay: 100,
  weeks: 8,
  adherence: 'good',
  outcome: 'no-response',
  currentEpisode: true,
  ...overrides,
});

describe('assessTreatmentResistance', () => {
  it('finds TRD after two adequate failed trials of different drugs in the current episode', () => {
    const result = assessTreatmentResistance([
      trial(),
      trial({ drug: 'venlafaxine', doseMgPerDay: 150, outcome: 'partial-response' }),
    ]);
    expect(result.isTreatmentResistant).toBe(true);
    expect(result.failedAdequateTrials).toBe(2);
    expect(result.trials.every((t) => t.countsTowardResistance)).toBe(true);
    expect(result.summary).toMatch(/^2 adequate/);
  });

  it('does not find TRD after one failed trial', () => {
    expect(assessTreatmentResistance([trial()]).isTreatmentResistant).toBe(false);
  });

  it('counts exactly the minimum dose and exactly 6 weeks as adequate', () => {
    const result = assessTreatmentResistance([
      trial({ doseMgPerDay: 50, weeks: 6 }),
      trial({ drug: 'escitalopram', doseMgPerDay: 10, weeks: 6 }),
    ]);
    expect(result.isTreatmentResistant).toBe(true);
  });

  it('explains each reason a trial does not count', () => {
    const result = assessTreatmentResistance([
      trial({ doseMgPerDay: 25 }),
      trial({ drug: 'fluoxetine', weeks: 4 }),
      trial({ drug: 'citalopram', adherence: 'partial' }),
      trial({ drug: 'bupropion', doseMgPerDay: 300, outcome: 'remission' }),
      trial({ drug: 'duloxetine', doseMgPerDay: 60, outcome: 'not-tolerated' }),
      trial({ drug: 'mirtazapine', doseMgPerDay: 30, currentEpisode: false }),
      trial({ drug: 'aripiprazole', doseMgPerDay: 5 }),
    ]);
    expect(result.failedAdequateTrials).toBe(0);
    expect(result.trials.map((t) => t.findings)).toEqual([
      ['dose-below-minimum'],
      ['too-short'],
      ['adherence-not-adequate'],
      ['responded'],
      ['not-tolerated'],
      ['not-current-episode'],
      ['no-dose-on-file'],
    ]);
    expect(result.trials[0]?.explanation).toContain('25 mg/day is below the minimum effective 50 mg/day');
    expect(result.trials[6]?.explanation).toContain('a prescriber must judge');
  });

  it('counts a second adequate trial of the same drug once', () => {
    const result = assessTreatmentResistance([trial(), trial({ doseMgPerDay: 200 })]);
    expect(result.failedAdequateTrials).toBe(1);
    expect(result.trials[1]?.findings).toContain('repeat-of-counted-drug');
  });

  it('uses a clinic table when given one', () => {
    const strict = {
      ...MIN_EFFECTIVE_DOSES,
      sertraline: { minDoseMgPerDay: 150, source: MIN_EFFECTIVE_DOSES.sertraline!.source },
    };
    const result = assessTreatmentResistance([trial(), trial({ drug: 'venlafaxine', doseMgPerDay: 150 })], strict);
    expect(result.isTreatmentResistant).toBe(false);
  });

  it('cites every dose in the table, marking the ones we could not verify as clinic defaults', () => {
    for (const entry of Object.values(MIN_EFFECTIVE_DOSES)) {
      expect(entry.minDoseMgPerDay).toBeGreaterThan(0);
      expect(['published', 'clinic-default']).toContain(entry.source.status);
    }
    expect(MIN_EFFECTIVE_DOSES.sertraline?.source.status).toBe('published');
  });

  it('names bad trial fields', () => {
    try {
      assessTreatmentResistance([
        {
          drug: '',
          doseMgPerDay: -1,
          weeks: 'six',
          adherence: 'ok',
          outcome: 'better',
          currentEpisode: 1,
        } as unknown as AntidepressantTrial,
      ]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).issues.map((i) => i.field)).toEqual([
        'trials.0.drug',
        'trials.0.doseMgPerDay',
        'trials.0.weeks',
        'trials.0.adherence',
        'trials.0.outcome',
        'trials.0.currentEpisode',
      ]);
    }
  });
});

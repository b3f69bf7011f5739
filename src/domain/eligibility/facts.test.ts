import { describe, expect, it } from 'vitest';
import { isMddCode, normaliseIcd10Cm, validateFacts } from './facts.js';
import { DomainValidationError } from '../shared/validation.js';

function fields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainValidationError) return error.issues.map((i) => i.field);
    throw error;
  }
  return [];
}

describe('validateFacts', () => {
  it('accepts an empty object and null fields as "not recorded"', () => {
    expect(validateFacts({})).toEqual({});
    expect(validateFacts({ age: null, systolic: null })).toEqual({});
  });

  it('names an unknown condition code by its index', () => {
    expect(fields(() => validateFacts({ conditions: ['schizophrenia', 'pregnancy', 'psychosis'] }))).toEqual([
      'facts.conditions.1',
      'facts.conditions.2',
    ]);
  });

  it('checks types and ranges and reports them all at once', () => {
    expect(
      fields(() =>
        validateFacts({
          age: 'forty',
          weightKg: 0,
          systolic: 400,
          pregnant: 'yes',
          medications: [''],
          diagnoses: ['depression'],
        }),
      ),
    ).toEqual([
      'facts.age',
      'facts.weightKg',
      'facts.systolic',
      'facts.pregnant',
      'facts.medications.0',
      'facts.diagnoses.0',
    ]);
  });

  it('refuses a diastolic pressure at or above the systolic', () => {
    expect(fields(() => validateFacts({ systolic: 120, diastolic: 130 }))).toEqual(['facts.diastolic']);
  });

  it('refuses unknown fields, catching typos', () => {
    expect(fields(() => validateFacts({ weight: 70 }))).toEqual(['facts.weight']);
  });

  it('names bad trial fields under facts.trials', () => {
    expect(
      fields(() =>
        validateFacts({
          trials: [{ drug: 'sertraline', doseMgPerDay: 100, weeks: 8, adherence: 'good', outcome: 'no-response' }],
        }),
      ),
    ).toEqual(['facts.trials.0.currentEpisode']);
  });

  it('normalises medicines to lower case and ICD-10-CM codes to dotted upper case', () => {
    expect(validateFacts({ medications: [' Lorazepam ', 'lorazepam'], diagnoses: ['f332', 'R45.851'] })).toEqual({
      medications: ['lorazepam'],
      diagnoses: ['F33.2', 'R45.851'],
    });
  });

  it('refuses a non-object', () => {
    expect(fields(() => validateFacts([1, 2]))).toEqual(['facts']);
  });
});

describe('ICD-10-CM helpers', () => {
  it('normalises codes with or without the dot', () => {
    expect(normaliseIcd10Cm('F33.1')).toBe('F33.1');
    expect(normaliseIcd10Cm('g905')).toBe('G90.5');
    expect(normaliseIcd10Cm('F3')).toBeUndefined();
  });

  it('counts F32.0-F32.5, F32.9 and F33.x as major depressive disorder, not F32.81, F32.A or F31.x', () => {
    for (const code of ['F32', 'F32.0', 'F32.2', 'F32.5', 'F32.9', 'F33', 'F33.1', 'F33.9'])
      expect(isMddCode(code)).toBe(true);
    for (const code of ['F32.81', 'F32.89', 'F32.A', 'F31.4', 'F41.1']) expect(isMddCode(code)).toBe(false);
  });
});

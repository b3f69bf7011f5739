import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../errors/http-errors.js';
import { matchesDates, parseDateParam, SearchQuery } from './search-params.js';

// FHIR R4 search (http://hl7.org/fhir/R4/search.html#date): a date value is a range at its precision; eq means the
// instant lies in it, lt before its start, le before its end, gt after its end, ge from its start.
describe('date search parameters', () => {
  const at = new Date('2026-11-02T14:00:00Z');
  it('compares at the precision given', () => {
    expect(matchesDates(at, [parseDateParam('date', '2026-11-02')])).toBe(true);
    expect(matchesDates(at, [parseDateParam('date', '2026-11')])).toBe(true);
    expect(matchesDates(at, [parseDateParam('date', 'lt2026-11-02')])).toBe(false);
    expect(matchesDates(at, [parseDateParam('date', 'le2026-11-02')])).toBe(true);
    expect(matchesDates(at, [parseDateParam('date', 'gt2026-11-01')])).toBe(true);
    expect(
      matchesDates(at, [
        parseDateParam('date', 'ge2026-11-02T14:00:00Z'),
        parseDateParam('date', 'lt2026-11-02T14:01Z'),
      ]),
    ).toBe(true);
  });

  it('refuses a date without a zone on its time, or not a date, naming the parameter', () => {
    expect(() => parseDateParam('authored', '2026-11-02T14:00')).toThrowError(BadRequestError);
    expect(() => parseDateParam('authored', 'yesterday')).toThrowError(/authored/);
  });
});

describe('SearchQuery', () => {
  it('refuses an unsupported parameter or modifier and a bad _count, naming it', () => {
    expect(() => new SearchQuery('Patient', { colour: 'blue' }, ['name'])).toThrowError(/colour/);
    expect(() => new SearchQuery('Patient', { 'name:exact': 'x' }, ['name'])).toThrowError(/name:exact/);
    expect(() => new SearchQuery('Patient', { _count: 'ten' }, ['name'])).toThrowError(/_count/);
  });

  it('reads tokens with and without system, and references with or without their type', () => {
    const q = new SearchQuery('Observation', { code: 'http://loinc.org|44261-6,44260-8', patient: 'Patient/abc' }, [
      'code',
      'patient',
    ]);
    expect(q.tokens('code')).toEqual([
      { system: 'http://loinc.org', code: '44261-6' },
      { system: undefined, code: '44260-8' },
    ]);
    expect(q.references('patient', 'Patient')).toEqual(['abc']);
    expect(() =>
      new SearchQuery('Observation', { patient: 'Group/1' }, ['patient']).references('patient', 'Patient'),
    ).toThrowError(/patient/);
    expect(q.count).toBe(50);
  });
});

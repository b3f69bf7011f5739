import { describe, expect, it } from 'vitest';
import { CLOCK_DRIFT_TOLERANCE_MS, dateOfBirthProblem, observationTimeProblem } from './plausible-dates.js';

const now = new Date('2026-12-06T10:00:00Z');

describe('plausible dates', () => {
  // Oldest verified lifespan 122 years (Robine & Allard, Science 1998): nobody born before 1900 is a patient now.
  it('refuses a date of birth before 1900 or in the future, and accepts today in the zone furthest ahead (UTC+14)', () => {
    expect(dateOfBirthProblem('0001-01-01', now)).toBe('is before 1900-01-01');
    expect(dateOfBirthProblem('1899-12-31', now)).toBe('is before 1900-01-01');
    expect(dateOfBirthProblem('2100-01-01', now)).toBe('is in the future');
    expect(dateOfBirthProblem('2026-12-08', now)).toBe('is in the future');
    expect(dateOfBirthProblem('2026-12-07', new Date('2026-12-06T11:00:00Z'))).toBeUndefined();
    expect(dateOfBirthProblem('1900-01-01', now)).toBeUndefined();
    expect(dateOfBirthProblem('1984-03-12', now)).toBeUndefined();
  });

  // Ketamine for depression from Berman et al. 2000; PHQ-9 from Kroenke et al. 2001: nothing clinical before 2000.
  it('refuses an observation before 2000 or later than now plus the tolerance', () => {
    const fiveMinutes = 5 * 60_000;
    expect(observationTimeProblem(new Date('1900-06-01T00:00:00Z'), now, fiveMinutes)).toBe('is before 2000-01-01');
    expect(observationTimeProblem(new Date('1999-12-31T23:59:59Z'), now, fiveMinutes)).toBe('is before 2000-01-01');
    expect(observationTimeProblem(new Date(now.getTime() + fiveMinutes + 1), now, fiveMinutes)).toBe(
      'is in the future',
    );
    expect(observationTimeProblem(new Date(now.getTime() + fiveMinutes), now, fiveMinutes)).toBeUndefined();
    expect(observationTimeProblem(new Date('2000-01-01T00:00:00Z'), now, fiveMinutes)).toBeUndefined();
    expect(observationTimeProblem(new Date('not a date'), now, fiveMinutes)).toBe('is not a valid date-time');
  });
});

describe('one clock drift tolerance for every "not in the future" rule', () => {
  // 5 minutes: the clock skew conventionally tolerated between loosely synchronised hosts (Kerberos V5 default;
  // RFC 4120 assumes loosely synchronised clocks). Treatment day, ledger and measures all use this value.
  it('takes a time up to 5 minutes ahead of the server as now, and refuses one a second later', () => {
    expect(CLOCK_DRIFT_TOLERANCE_MS).toBe(5 * 60_000);
    expect(observationTimeProblem(new Date('2026-12-06T10:05:00Z'), now, CLOCK_DRIFT_TOLERANCE_MS)).toBeUndefined();
    expect(observationTimeProblem(new Date('2026-12-06T10:05:01Z'), now, CLOCK_DRIFT_TOLERANCE_MS)).toBe(
      'is in the future',
    );
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ivDose } from './iv.js';
import { DomainValidationError, RuleViolationError } from '../shared/validation.js';

// Source: Sanacora et al., JAMA Psychiatry 2017;74(4):399-405 (0.5 mg/kg over 40 min);
// pump arithmetic rate = dose / concentration / hours (clinical-reference.md section 1).
describe('ivDose', () => {
  it('gives 35 mg, 3.5 mL and 5.3 mL/h for 70 kg at 0.5 mg/kg over 40 min from a 10 mg/mL solution', () => {
    expect(ivDose({ weightKg: 70, mgPerKg: 0.5, durationMin: 40, concentrationMgPerMl: 10 })).toMatchObject({
      doseMg: 35,
      volumeMl: 3.5,
      rateMlPerHour: 5.3,
    });
  });

  it('rounds volume to 0.1 mL and rate to 0.1 mL/h from the unrounded dose (83.4 kg, 1 mg/mL)', () => {
    // 83.4 x 0.5 = 41.7 mg = 41.7 mL; 41.7 mL over 2/3 h = 62.55 -> 62.6 mL/h
    expect(ivDose({ weightKg: 83.4, mgPerKg: 0.5, durationMin: 40, concentrationMgPerMl: 1 })).toMatchObject({
      doseMg: 41.7,
      volumeMl: 41.7,
      rateMlPerHour: 62.6,
    });
  });

  it('allows a dose exactly at the per-kg cap', () => {
    expect(
      ivDose({ weightKg: 80, mgPerKg: 0.75, durationMin: 40, concentrationMgPerMl: 10, capMgPerKg: 0.75 }).doseMg,
    ).toBe(60);
  });

  it('refuses a dose above the per-kg cap with the reason', () => {
    const attempt = () =>
      ivDose({ weightKg: 80, mgPerKg: 0.8, durationMin: 40, concentrationMgPerMl: 10, capMgPerKg: 0.75 });
    expect(attempt).toThrow(RuleViolationError);
    expect(attempt).toThrow(/above the protocol cap of 0.75 mg\/kg/);
    try {
      attempt();
    } catch (error) {
      expect((error as RuleViolationError).code).toBe('dose-above-cap-per-kg');
    }
  });

  it('refuses a dose above the absolute cap in mg', () => {
    try {
      ivDose({ weightKg: 150, mgPerKg: 0.75, durationMin: 40, concentrationMgPerMl: 10, capMg: 100 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RuleViolationError);
      expect((error as RuleViolationError).code).toBe('dose-above-cap');
      expect((error as RuleViolationError).message).toContain('112.5 mg');
    }
  });

  it('names every bad field', () => {
    try {
      ivDose({ weightKg: -1, mgPerKg: 0, durationMin: 0, concentrationMgPerMl: Number.NaN });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).issues.map((i) => i.field)).toEqual([
        'weightKg',
        'mgPerKg',
        'durationMin',
        'concentrationMgPerMl',
      ]);
    }
  });

  it('keeps volume x concentration = dose and rate x hours = volume within rounding', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 30, max: 200, noNaN: true }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        fc.integer({ min: 20, max: 240 }),
        fc.constantFrom(1, 2, 10, 50, 100),
        (weightKg, mgPerKg, durationMin, concentrationMgPerMl) => {
          const r = ivDose({ weightKg, mgPerKg, durationMin, concentrationMgPerMl });
          expect(Math.abs(r.volumeMl * concentrationMgPerMl - weightKg * mgPerKg)).toBeLessThanOrEqual(
            0.05 * concentrationMgPerMl + 1e-9,
          );
          expect(Math.abs((r.rateMlPerHour * durationMin) / 60 - r.volumeMl)).toBeLessThanOrEqual(
            0.05 * (durationMin / 60) + 0.05 + 1e-9,
          );
        },
      ),
    );
  });
});

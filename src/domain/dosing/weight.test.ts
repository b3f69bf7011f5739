import { describe, expect, it } from 'vitest';
import { adjustedBodyWeightKg, dosingWeightKg, idealBodyWeightKg } from './weight.js';
import { DomainValidationError } from '../shared/validation.js';

// Source: Devine BJ, Drug Intell Clin Pharm 1974;8:650-655 (IBW = 50 or 45.5 kg + 2.3 kg per inch over 5 ft);
// Traynor AM et al., Antimicrob Agents Chemother 1995;39:545-548 (dosing weight = IBW + 0.4 x excess weight).
describe('idealBodyWeightKg (Devine)', () => {
  it('is 50 kg for a man and 45.5 kg for a woman of exactly 5 feet (152.4 cm)', () => {
    expect(idealBodyWeightKg({ heightCm: 152.4, sex: 'male' })).toBe(50);
    expect(idealBodyWeightKg({ heightCm: 152.4, sex: 'female' })).toBe(45.5);
  });

  it('adds 2.3 kg per inch: a 175 cm man is 70.5 kg, a 165 cm woman 56.9 kg', () => {
    expect(idealBodyWeightKg({ heightCm: 175, sex: 'male' })).toBe(70.5);
    expect(idealBodyWeightKg({ heightCm: 165, sex: 'female' })).toBe(56.9);
  });

  it('refuses an implausible height and an unknown sex, naming the fields', () => {
    try {
      idealBodyWeightKg({ heightCm: 40, sex: 'other' as 'male' });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainValidationError).issues.map((i) => i.field)).toEqual(['heightCm', 'sex']);
    }
  });
});

describe('adjustedBodyWeightKg', () => {
  it('is IBW + 0.4 x (actual - IBW)', () => {
    expect(adjustedBodyWeightKg({ actualKg: 120, idealKg: 70.5 })).toBe(90.3);
  });
});

describe('dosingWeightKg', () => {
  it('uses the actual weight by default and needs nothing else', () => {
    expect(dosingWeightKg({ basis: 'actual', weightKg: 120 })).toMatchObject({ weightKg: 120, basis: 'actual' });
  });

  it('uses Devine IBW on the ideal basis', () => {
    expect(dosingWeightKg({ basis: 'ideal', weightKg: 120, heightCm: 175, sex: 'male' }).weightKg).toBe(70.5);
  });

  it('uses the adjusted weight on the adjusted basis and explains the arithmetic', () => {
    const w = dosingWeightKg({ basis: 'adjusted', weightKg: 120, heightCm: 175, sex: 'male' });
    expect(w.weightKg).toBe(90.3);
    expect(w.explanation).toContain('0.4');
    expect(w.source?.status).toBe('published');
  });

  it('never doses a light patient by a heavier ideal weight', () => {
    expect(dosingWeightKg({ basis: 'ideal', weightKg: 55, heightCm: 185, sex: 'male' }).weightKg).toBe(55);
    expect(dosingWeightKg({ basis: 'adjusted', weightKg: 55, heightCm: 185, sex: 'male' }).weightKg).toBe(55);
  });

  it('asks for height and sex on the ideal and adjusted bases', () => {
    try {
      dosingWeightKg({ basis: 'adjusted', weightKg: 100 });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainValidationError).issues.map((i) => i.field)).toEqual(['heightCm', 'sex']);
    }
  });
});

import type { Citation } from '../shared/citation.js';
import { SOURCES } from '../protocols/sources.js';
import { checkNumber, roundTo, throwIfIssues } from './numbers.js';
import type { FieldIssue } from '../shared/validation.js';

export type Sex = 'male' | 'female';
/** Which weight a clinic doses by: a clinic setting (actual by default). */
export type WeightBasis = 'actual' | 'ideal' | 'adjusted';
export const WEIGHT_BASES: readonly WeightBasis[] = ['actual', 'ideal', 'adjusted'];

const CM_PER_INCH = 2.54;
/** Adjusted body weight factor (Traynor 1995; earlier work used 0.4, the paper's fit was 0.43). */
export const ADJUSTED_WEIGHT_FACTOR = 0.4;

/**
 * Ideal body weight by Devine (1974): 50 kg for men or 45.5 kg for women, plus 2.3 kg per inch of height over
 * 5 feet (152.4 cm). Below 5 feet the same line is extended downwards (Devine gives no rule there), so the result
 * falls below the base value. Rounded to 0.1 kg.
 */
export function idealBodyWeightKg(input: { heightCm: number; sex: Sex }): number {
  const issues: FieldIssue[] = [];
  const heightCm = checkNumber(input.heightCm, 'heightCm', { min: 120, max: 250 }, issues);
  if (input.sex !== 'male' && input.sex !== 'female')
    issues.push({ field: 'sex', message: "must be 'male' or 'female'" });
  throwIfIssues(issues);
  const inchesOver5Feet = (heightCm as number) / CM_PER_INCH - 60;
  const base = input.sex === 'male' ? 50 : 45.5;
  return roundTo(base + 2.3 * inchesOver5Feet, 1);
}

/** IBW + 0.4 x (actual - IBW), rounded to 0.1 kg. */
export function adjustedBodyWeightKg(input: { actualKg: number; idealKg: number }): number {
  return roundTo(input.idealKg + ADJUSTED_WEIGHT_FACTOR * (input.actualKg - input.idealKg), 1);
}

export interface DosingWeight {
  readonly weightKg: number;
  readonly basis: WeightBasis;
  /** Why this weight: which formula, and whether the actual weight was used because it was lower. */
  readonly explanation: string;
  readonly source: Citation | undefined;
}

/**
 * The weight to dose by, for the clinic's chosen basis.
 * - `actual`: the measured weight.
 * - `ideal`: Devine IBW, but never more than the actual weight (a light patient is dosed by what they weigh).
 * - `adjusted`: IBW + 0.4 x (actual - IBW) when the patient weighs more than IBW; otherwise the actual weight.
 * `ideal` and `adjusted` need `heightCm` and `sex`.
 */
export function dosingWeightKg(input: {
  basis: WeightBasis;
  weightKg: number;
  heightCm?: number;
  sex?: Sex;
}): DosingWeight {
  const issues: FieldIssue[] = [];
  if (!WEIGHT_BASES.includes(input.basis))
    issues.push({ field: 'basis', message: "must be 'actual', 'ideal' or 'adjusted'" });
  const weightKg = checkNumber(input.weightKg, 'weightKg', { min: 0, exclusiveMin: true, max: 400 }, issues);
  if (input.basis !== 'actual') {
    if (input.heightCm === undefined)
      issues.push({ field: 'heightCm', message: `is needed for the ${input.basis} weight basis` });
    if (input.sex === undefined)
      issues.push({ field: 'sex', message: `is needed for the ${input.basis} weight basis` });
  }
  throwIfIssues(issues);
  const actual = weightKg as number;
  if (input.basis === 'actual') {
    return { weightKg: actual, basis: 'actual', explanation: 'actual body weight', source: undefined };
  }
  const ideal = idealBodyWeightKg({ heightCm: input.heightCm as number, sex: input.sex as Sex });
  if (actual <= ideal) {
    return {
      weightKg: actual,
      basis: input.basis,
      explanation: `actual weight ${actual} kg used: it is not above the ideal body weight (${ideal} kg)`,
      source: SOURCES.devine,
    };
  }
  if (input.basis === 'ideal') {
    return {
      weightKg: ideal,
      basis: 'ideal',
      explanation: `ideal body weight (Devine) ${ideal} kg`,
      source: SOURCES.devine,
    };
  }
  const adjusted = adjustedBodyWeightKg({ actualKg: actual, idealKg: ideal });
  return {
    weightKg: adjusted,
    basis: 'adjusted',
    explanation: `adjusted body weight ${adjusted} kg = IBW ${ideal} kg + 0.4 x (${actual} - ${ideal}) kg`,
    source: SOURCES.adjustedWeight,
  };
}

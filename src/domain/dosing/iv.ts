import { RuleViolationError, type FieldIssue } from '../shared/validation.js';
import type { Citation } from '../shared/citation.js';
import { SOURCES } from '../protocols/sources.js';
import { checkNumber, roundTo, throwIfIssues } from './numbers.js';

export interface IvDoseInput {
  /** The dosing weight (actual, ideal or adjusted: see `dosingWeightKg`). */
  readonly weightKg: number;
  readonly mgPerKg: number;
  /** Infusion time in minutes (40 for the standard antidepressant infusion). */
  readonly durationMin: number;
  /** Concentration of the prepared infusion, mg/mL. */
  readonly concentrationMgPerMl: number;
  /** Protocol cap per kg; a dose above it is refused. */
  readonly capMgPerKg?: number;
  /** Protocol cap for the whole dose; a dose above it is refused. */
  readonly capMg?: number;
}

export interface IvDose {
  /** Dose in mg, to 0.1 mg. */
  readonly doseMg: number;
  /** Volume to draw up, to 0.1 mL. */
  readonly volumeMl: number;
  /** Pump rate, to 0.1 mL/h. */
  readonly rateMlPerHour: number;
  readonly source: Citation;
}

/**
 * Dose, volume and pump rate for a weight-based infusion:
 *   dose (mg) = weight (kg) x mg/kg; volume (mL) = dose / concentration; rate (mL/h) = volume / hours.
 * Rate and volume are computed from the unrounded dose and then rounded (volume to 0.1 mL, rate to 0.1 mL/h),
 * so rounding never compounds. A dose above `capMgPerKg` or `capMg` is refused with a RuleViolationError
 * (`dose-above-cap-per-kg`, `dose-above-cap`): the cap is a protocol setting and only the protocol may change it.
 */
export function ivDose(input: IvDoseInput): IvDose {
  const issues: FieldIssue[] = [];
  const weightKg = checkNumber(input.weightKg, 'weightKg', { min: 0, exclusiveMin: true, max: 400 }, issues);
  const mgPerKg = checkNumber(input.mgPerKg, 'mgPerKg', { min: 0, exclusiveMin: true, max: 10 }, issues);
  const durationMin = checkNumber(input.durationMin, 'durationMin', { min: 1, max: 1440 }, issues);
  const concentration = checkNumber(
    input.concentrationMgPerMl,
    'concentrationMgPerMl',
    { min: 0, exclusiveMin: true, max: 100 },
    issues,
  );
  if (input.capMgPerKg !== undefined)
    checkNumber(input.capMgPerKg, 'capMgPerKg', { min: 0, exclusiveMin: true }, issues);
  if (input.capMg !== undefined) checkNumber(input.capMg, 'capMg', { min: 0, exclusiveMin: true }, issues);
  throwIfIssues(issues);

  const exactDose = (weightKg as number) * (mgPerKg as number);
  if (input.capMgPerKg !== undefined && (mgPerKg as number) > input.capMgPerKg) {
    throw new RuleViolationError(
      'dose-above-cap-per-kg',
      `${mgPerKg} mg/kg is above the protocol cap of ${input.capMgPerKg} mg/kg`,
      'mgPerKg',
    );
  }
  if (input.capMg !== undefined && roundTo(exactDose, 1) > input.capMg) {
    throw new RuleViolationError(
      'dose-above-cap',
      `${roundTo(exactDose, 1)} mg is above the protocol cap of ${input.capMg} mg`,
      'mgPerKg',
    );
  }
  const exactVolume = exactDose / (concentration as number);
  const hours = (durationMin as number) / 60;
  return {
    doseMg: roundTo(exactDose, 1),
    volumeMl: roundTo(exactVolume, 1),
    rateMlPerHour: roundTo(exactVolume / hours, 1),
    source: SOURCES.sanacoraDose,
  };
}

import type { Citation } from '../shared/citation.js';
import { SOURCES, clinicDefault } from '../protocols/sources.js';
import { DomainValidationError, RuleViolationError, type FieldIssue } from '../shared/validation.js';
import { checkNumber, roundTo, throwIfIssues } from './numbers.js';

/**
 * The checks made at the chair, when the planned IV dose is prepared and while the infusion runs (issue 10 item 3).
 *
 * The plan fixes the dose in mg from the weight it was planned at. On the day the patient is weighed again: the same
 * mg at a lower weight is more mg/kg. A prepared dose is checked against
 *  - the protocol cap (mg/kg per infusion; for chronic pain mg/kg/h x hours), and
 *  - the plan's own mg/kg, with a small tolerance for the day-to-day weight change;
 * above either it needs a prescriber's override with a reason. Rate changes are checked against what is left of the
 * prepared dose and of the planned infusion time; a total confirmed at the stop that disagrees with the estimate from
 * the recorded rates needs an explicit confirmation, and more than was prepared is refused.
 */

/** A prepared dose this much above the plan's mg/kg (10%) needs a prescriber: weight changes of a few kg pass. */
export const PREPARED_ABOVE_PLAN_TOLERANCE = 0.1;
/** A new rate may exceed the rate that finishes the remaining dose in the remaining time by this much (pump steps). */
export const RATE_TOLERANCE = 0.1;
/** A confirmed total may differ from the estimate by this much before it needs a confirmation (pump accuracy). */
export const DELIVERED_TOLERANCE = { fraction: 0.1, minMg: 1 } as const;

export const CHAIR_DOSE_CITATIONS = {
  cap: SOURCES.zanosDoseRanges,
  plan: clinicDefault(
    "A dose prepared at more than 10% above the planned mg/kg (the plan's mg at a lower weight on the day) goes back to the prescriber",
  ),
  rate: clinicDefault(
    'The rate that delivers the rest of the prepared dose over the rest of the planned infusion time (Sanacora 2017: 0.5 mg/kg over 40 minutes; the rate, not only the total, sets the peak), plus 10% for pump steps',
  ),
  delivered: clinicDefault(
    'A total at the stop more than 10% (and 1 mg) away from the estimate from the recorded rates is confirmed explicitly; more than was prepared cannot have been given',
  ),
} as const satisfies Record<string, Citation>;

export type PreparedDoseReasonCode =
  'above-protocol-cap' | 'above-planned-mg-per-kg' | 'infusion-shorter-than-protocol';

export interface PreparedDoseReason {
  readonly code: PreparedDoseReasonCode;
  readonly message: string;
  readonly citation: Citation;
}

export interface PreparedIvDoseInput {
  /** The plan's dose, mg. */
  readonly doseMg: number;
  /** The weight on the day (check-in), or the plan's when none was recorded. */
  readonly weightKg: number;
  /** The weight the plan was made for. */
  readonly plannedWeightKg?: number;
  /** The protocol's cap for one infusion, mg/kg (for a mg/kg/h protocol: the hourly cap x the infusion hours). */
  readonly capMgPerKg: number;
  /** Where the cap comes from (protocol id and version), for the message. */
  readonly capLabel?: string | undefined;
  /** The infusion time chosen at the chair, and the protocol's (a shorter one gives the same dose faster). */
  readonly durationMin?: number;
  readonly minDurationMin?: number;
}

export interface PreparedIvDoseCheck {
  readonly mgPerKg: number;
  readonly plannedMgPerKg?: number;
  readonly capMgPerKg: number;
  /** What the plan's mg/kg comes to at today's weight (for the prescriber who re-plans), mg. */
  readonly doseAtPlannedMgPerKg?: number;
  readonly reasons: readonly PreparedDoseReason[];
  readonly needsOverride: boolean;
}

/** Compares the prepared dose with the protocol cap and the plan; pure, never throws for a dose above them. */
export function checkPreparedIvDose(input: PreparedIvDoseInput): PreparedIvDoseCheck {
  const issues: FieldIssue[] = [];
  checkNumber(input.doseMg, 'doseMg', { min: 0, exclusiveMin: true }, issues);
  checkNumber(input.weightKg, 'weightKg', { min: 0, exclusiveMin: true, max: 400 }, issues);
  checkNumber(input.capMgPerKg, 'capMgPerKg', { min: 0, exclusiveMin: true }, issues);
  if (input.plannedWeightKg !== undefined)
    checkNumber(input.plannedWeightKg, 'plannedWeightKg', { min: 0, exclusiveMin: true, max: 400 }, issues);
  throwIfIssues(issues);

  const mgPerKg = input.doseMg / input.weightKg;
  const plannedMgPerKg = input.plannedWeightKg !== undefined ? input.doseMg / input.plannedWeightKg : undefined;
  const reasons: PreparedDoseReason[] = [];
  const shown = (v: number) => roundTo(v, 2);
  if (roundTo(mgPerKg, 3) > input.capMgPerKg) {
    reasons.push({
      code: 'above-protocol-cap',
      message: `${input.doseMg} mg at ${input.weightKg} kg is ${shown(mgPerKg)} mg/kg, above the ${input.capLabel ? `${input.capLabel} ` : ''}cap of ${input.capMgPerKg} mg/kg`,
      citation: CHAIR_DOSE_CITATIONS.cap,
    });
  }
  if (plannedMgPerKg !== undefined && mgPerKg > plannedMgPerKg * (1 + PREPARED_ABOVE_PLAN_TOLERANCE) + 1e-9) {
    reasons.push({
      code: 'above-planned-mg-per-kg',
      message: `${input.doseMg} mg was planned at ${input.plannedWeightKg} kg (${shown(plannedMgPerKg)} mg/kg); at today's ${input.weightKg} kg it is ${shown(mgPerKg)} mg/kg`,
      citation: CHAIR_DOSE_CITATIONS.plan,
    });
  }
  if (
    input.durationMin !== undefined &&
    input.minDurationMin !== undefined &&
    input.durationMin < input.minDurationMin
  ) {
    reasons.push({
      code: 'infusion-shorter-than-protocol',
      message: `an infusion of ${input.durationMin} min is shorter than the protocol's ${input.minDurationMin} min`,
      citation: SOURCES.sanacoraDose,
    });
  }
  return {
    mgPerKg: roundTo(mgPerKg, 3),
    ...(plannedMgPerKg !== undefined
      ? {
          plannedMgPerKg: roundTo(plannedMgPerKg, 3),
          doseAtPlannedMgPerKg: roundTo(plannedMgPerKg * input.weightKg, 1),
        }
      : {}),
    capMgPerKg: input.capMgPerKg,
    reasons,
    needsOverride: reasons.length > 0,
  };
}

export interface DoseOverride {
  /** Display name of the prescriber (the caller checks that the person may override). */
  readonly by: string;
  readonly reason: string;
  readonly at: Date;
}

/**
 * Throws `dose-needs-prescriber-override` (field `override`) when the check found reasons and no override with a
 * reason was given; returns the override to record (with the reasons it covers), or undefined when none was needed.
 */
export function assertPreparedDoseAllowed(
  check: PreparedIvDoseCheck,
  override?: DoseOverride,
): (DoseOverride & { readonly reasons: readonly PreparedDoseReasonCode[] }) | undefined {
  if (!check.needsOverride) return undefined;
  if (!override || override.reason.trim() === '') {
    throw new RuleViolationError(
      'dose-needs-prescriber-override',
      `${check.reasons.map((r) => r.message).join('; ')}: a prescriber must override with a reason`,
      'override',
    );
  }
  return {
    by: override.by,
    reason: override.reason.trim(),
    at: override.at,
    reasons: check.reasons.map((r) => r.code),
  };
}

export interface RateCheckInput {
  readonly rateMgPerMin: number;
  readonly preparedDoseMg: number;
  readonly plannedDurationMin: number;
  /** Estimated mg delivered so far (from the recorded rates). */
  readonly deliveredMg: number;
  /** Minutes the infusion has run so far (pauses excluded). */
  readonly runningMin: number;
}

export interface RateCheck {
  readonly remainingMg: number;
  readonly remainingMin: number;
  /** The highest rate that passes without an override, mg/min. */
  readonly maxRateMgPerMin: number;
  readonly isAboveMax: boolean;
  readonly message: string;
}

/**
 * A new infusion rate against the prepared dose and the infusion's remaining time: the rate that delivers what is
 * left over what is left of the planned running time (the planned rate once that time is used up), plus
 * `RATE_TOLERANCE`. A faster rate is a bolus-like change that needs a prescriber.
 */
export function checkInfusionRate(input: RateCheckInput): RateCheck {
  const issues: FieldIssue[] = [];
  checkNumber(input.rateMgPerMin, 'rateMgPerMin', { min: 0 }, issues);
  checkNumber(input.preparedDoseMg, 'preparedDoseMg', { min: 0, exclusiveMin: true }, issues);
  checkNumber(input.plannedDurationMin, 'plannedDurationMin', { min: 0, exclusiveMin: true }, issues);
  checkNumber(input.deliveredMg, 'deliveredMg', { min: 0 }, issues);
  checkNumber(input.runningMin, 'runningMin', { min: 0 }, issues);
  throwIfIssues(issues);
  const remainingMg = Math.max(0, input.preparedDoseMg - input.deliveredMg);
  const remainingMin = Math.max(0, input.plannedDurationMin - input.runningMin);
  const plannedRate = input.preparedDoseMg / input.plannedDurationMin;
  const base = remainingMg <= 0 ? 0 : remainingMin > 0 ? remainingMg / remainingMin : plannedRate;
  const maxRate = roundTo(base * (1 + RATE_TOLERANCE), 3);
  const isAboveMax = input.rateMgPerMin > maxRate + 1e-9;
  return {
    remainingMg: roundTo(remainingMg, 1),
    remainingMin: roundTo(remainingMin, 1),
    maxRateMgPerMin: maxRate,
    isAboveMax,
    message: isAboveMax
      ? `${input.rateMgPerMin} mg/min is above ${maxRate} mg/min, the rate that gives the remaining ${roundTo(remainingMg, 1)} mg of the prepared ${input.preparedDoseMg} mg over the remaining ${roundTo(remainingMin, 1)} min`
      : `${input.rateMgPerMin} mg/min is within the prepared dose and the remaining time`,
  };
}

export interface DeliveredCheckInput {
  readonly totalDeliveredMg: number;
  readonly estimatedDeliveredMg: number;
  readonly preparedDoseMg: number;
}

export interface DeliveredCheck {
  /** More than was prepared: refused (cannot have been given from this dose). */
  readonly isAbovePrepared: boolean;
  /** Further from the estimate than the tolerance: needs an explicit confirmation. */
  readonly needsConfirmation: boolean;
  readonly estimatedDeliveredMg: number;
  readonly message: string;
}

/** The total the nurse confirms at the stop, against the estimate from the recorded rates and the prepared dose. */
export function checkDeliveredTotal(input: DeliveredCheckInput): DeliveredCheck {
  const issues: FieldIssue[] = [];
  checkNumber(input.totalDeliveredMg, 'totalDeliveredMg', { min: 0 }, issues);
  checkNumber(input.estimatedDeliveredMg, 'estimatedDeliveredMg', { min: 0 }, issues);
  checkNumber(input.preparedDoseMg, 'preparedDoseMg', { min: 0, exclusiveMin: true }, issues);
  if (issues.length > 0) throw new DomainValidationError(issues);
  const estimate = roundTo(input.estimatedDeliveredMg, 1);
  const isAbovePrepared = roundTo(input.totalDeliveredMg, 1) > roundTo(input.preparedDoseMg, 1);
  const allowed = Math.max(DELIVERED_TOLERANCE.minMg, DELIVERED_TOLERANCE.fraction * input.estimatedDeliveredMg);
  const needsConfirmation = Math.abs(input.totalDeliveredMg - input.estimatedDeliveredMg) > allowed + 1e-9;
  const message = isAbovePrepared
    ? `${input.totalDeliveredMg} mg is more than the ${input.preparedDoseMg} mg prepared (the pump's estimate is ${estimate} mg)`
    : needsConfirmation
      ? `${input.totalDeliveredMg} mg differs from the pump's estimate of ${estimate} mg from the recorded rates: confirm the total (confirmTotalDelivered) with a reason`
      : `${input.totalDeliveredMg} mg agrees with the estimate of ${estimate} mg`;
  return { isAbovePrepared, needsConfirmation, estimatedDeliveredMg: estimate, message };
}

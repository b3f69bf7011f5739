import type { Citation } from '../shared/citation.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { normaliseIcd10Cm } from '../eligibility/facts.js';
import { ESKETAMINE_VALID_DOSES_MG } from '../dosing/esketamine.js';
import { isIvInfusion, type TreatmentModality } from '../session/modality.js';
import {
  CPT_IV_INFUSION,
  COMMON_DIAGNOSES,
  ICD10CM_SOURCE,
  NON_BILLABLE_HEADINGS,
  PROCEDURE_CODES,
  type ProcedureCode,
} from './codes.js';

export interface BillingSettings {
  /** 96365 needs an infusion longer than this many minutes (CPT: more than 15). */
  readonly ivInitialMoreThanMin: number;
  /** A final partial hour earns a 96366 unit when it runs more than this many minutes past the last full hour (CPT: 30). */
  readonly ivAdditionalHourMoreThanMin: number;
  /** G2082 covers doses up to and including this; above it, G2083. */
  readonly esketamineG2082MaxMg: number;
}

export const DEFAULT_BILLING_SETTINGS: BillingSettings = {
  ivInitialMoreThanMin: 15,
  ivAdditionalHourMoreThanMin: 30,
  esketamineG2082MaxMg: 56,
};

export interface BillingLine extends ProcedureCode {
  readonly units: number;
}

export interface BillingDiagnosis {
  readonly code: string;
  readonly description?: string;
  /** In the built-in list of common diagnoses (others are accepted when well formed). */
  readonly isCommon: boolean;
  readonly citation: Citation;
}

export interface SessionBilling {
  readonly lines: readonly BillingLine[];
  /** Primary first, in the order given, duplicates removed. */
  readonly diagnoses: readonly BillingDiagnosis[];
  /** Things the biller should know (e.g. no infusion code for a short infusion). */
  readonly notes: readonly string[];
}

export interface SessionBillingInput {
  readonly modality: TreatmentModality;
  /** IV: minutes the infusion ran (start to stop, pauses excluded). */
  readonly infusionMinutes?: number;
  /** Esketamine: dose given, mg. */
  readonly esketamineDoseMg?: number;
  /** Esketamine: minutes of observation after the last device. */
  readonly observationMinutes?: number;
  /** G2082/G2083 describe an established patient's visit. */
  readonly isEstablishedPatient?: boolean;
  /** ICD-10-CM codes, primary first. */
  readonly diagnoses: readonly string[];
  readonly settings?: BillingSettings;
}

/** Units of 96366 for an infusion of `minutes` (0 up to 60 + the partial-hour threshold). */
export function additionalHourUnits(
  minutes: number,
  moreThanMin: number = DEFAULT_BILLING_SETTINGS.ivAdditionalHourMoreThanMin,
): number {
  const beyond = minutes - 60;
  if (beyond <= 0) return 0;
  const full = Math.floor(beyond / 60);
  return full + (beyond - full * 60 > moreThanMin ? 1 : 0);
}

function diagnosesOf(codes: readonly string[], issues: FieldIssue[]): BillingDiagnosis[] {
  if (!Array.isArray(codes) || codes.length === 0) {
    issues.push({ field: 'diagnoses', message: 'at least one ICD-10-CM diagnosis is required' });
    return [];
  }
  const out: BillingDiagnosis[] = [];
  codes.forEach((raw, i) => {
    const code = typeof raw === 'string' ? normaliseIcd10Cm(raw) : undefined;
    if (!code) {
      issues.push({ field: `diagnoses.${i}`, message: 'must be an ICD-10-CM code such as F33.2' });
    } else if (NON_BILLABLE_HEADINGS.includes(code)) {
      issues.push({
        field: `diagnoses.${i}`,
        message: `${code} is a category heading; give the full code (e.g. F33.2)`,
      });
    } else if (!out.some((d) => d.code === code)) {
      const description = COMMON_DIAGNOSES[code];
      out.push({
        code,
        ...(description ? { description } : {}),
        isCommon: description !== undefined,
        citation: ICD10CM_SOURCE,
      });
    }
  });
  return out;
}

/**
 * The procedure codes and diagnoses for a treatment session, ready for a superbill. IV: 96365 plus 96366 per
 * additional hour (time rules are settings with their CPT source). Esketamine: G2082 for doses up to 56 mg, G2083
 * above. Drug supply codes (ketamine, esketamine) are not produced: they differ by payer and the clinic adds them.
 */
export function billingCodesForSession(input: SessionBillingInput): SessionBilling {
  const s = input.settings ?? DEFAULT_BILLING_SETTINGS;
  const issues: FieldIssue[] = [];
  const diagnoses = diagnosesOf(input.diagnoses, issues);
  const lines: BillingLine[] = [];
  const notes: string[] = [];

  if (isIvInfusion(input.modality)) {
    const minutes = input.infusionMinutes;
    if (minutes === undefined || !Number.isFinite(minutes) || minutes < 0) {
      issues.push({ field: 'infusionMinutes', message: 'the infusion time in minutes is required for IV sessions' });
    } else if (minutes <= s.ivInitialMoreThanMin) {
      notes.push(
        `The infusion ran ${minutes} min (${s.ivInitialMoreThanMin} min or less): 96365 does not apply; code it as an IV push if appropriate.`,
      );
    } else {
      lines.push({ ...PROCEDURE_CODES['96365'], units: 1 });
      const extra = additionalHourUnits(minutes, s.ivAdditionalHourMoreThanMin);
      if (extra > 0) lines.push({ ...PROCEDURE_CODES['96366'], units: extra });
      const tail = (minutes - 60) % 60;
      if (minutes > 60 && tail > 0 && tail <= s.ivAdditionalHourMoreThanMin) {
        notes.push(
          `The last ${tail} min past the hour are not billed: a partial hour needs more than ${s.ivAdditionalHourMoreThanMin} min.`,
        );
      }
    }
  } else {
    const dose = input.esketamineDoseMg;
    if (dose === undefined || !(ESKETAMINE_VALID_DOSES_MG as readonly number[]).includes(dose)) {
      issues.push({ field: 'esketamineDoseMg', message: 'must be 28, 56 or 84 mg' });
    } else {
      lines.push({ ...(dose <= s.esketamineG2082MaxMg ? PROCEDURE_CODES.G2082 : PROCEDURE_CODES.G2083), units: 1 });
    }
    if (input.isEstablishedPatient === false)
      notes.push("G2082/G2083 describe a visit by an established patient; check the payer's rule for a new patient.");
    if (input.observationMinutes !== undefined && input.observationMinutes < 120) {
      notes.push(
        `Observation was ${input.observationMinutes} min; G2082/G2083 include 2 hours of post-administration observation.`,
      );
    }
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
  return { lines, diagnoses, notes };
}

export const BILLING_SETTING_CITATIONS: Readonly<Record<keyof BillingSettings, Citation>> = {
  ivInitialMoreThanMin: CPT_IV_INFUSION,
  ivAdditionalHourMoreThanMin: CPT_IV_INFUSION,
  esketamineG2082MaxMg: PROCEDURE_CODES.G2082.citation,
};

import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { CONDITION_CODES, isConditionCode, type ConditionCode } from './conditions.js';
import { validateTrials, type AntidepressantTrial } from './treatment-resistance.js';
import { isRecord } from '../shared/guards.js';

/**
 * What intake knows about a patient, as the eligibility rules read it. Every field is optional, but a missing fact
 * is never read as a good answer: where a rule needs age, blood pressure or pregnancy status and it is missing, a
 * companion rule (`age-not-recorded`, `blood-pressure-not-recorded`, `pregnancy-status-not-recorded`) asks for a
 * review that names the missing fact. `null` is read as "not recorded", the same as leaving the field out.
 */
export interface EligibilityFacts {
  /** Years. */
  readonly age?: number;
  readonly weightKg?: number;
  readonly pregnant?: boolean;
  /**
   * Whether the patient can become pregnant. `false` makes a missing pregnancy status irrelevant; otherwise a
   * missing `pregnant` is a review reason for the modalities whose pregnancy rule is on.
   */
  readonly canBecomePregnant?: boolean;
  readonly breastfeeding?: boolean;
  /** Latest seated blood pressure, mmHg. */
  readonly systolic?: number;
  readonly diastolic?: number;
  readonly conditions?: readonly ConditionCode[];
  /**
   * Medicines as written (brand or generic, with or without dose), lower case with spaces collapsed; the rules
   * normalise each to its ingredients (`normaliseMedicine`) and never drop one they do not recognise.
   */
  readonly medications?: readonly string[];
  readonly trials?: readonly AntidepressantTrial[];
  /** ICD-10-CM codes, normalised to upper case with the dot, e.g. 'F33.2'. */
  readonly diagnoses?: readonly string[];
  /** Acute suicidal ideation or behaviour documented by a clinician (alternative to the R45.851 code). */
  readonly acuteSuicidalIdeation?: boolean;
}

const FACT_FIELDS = [
  'age',
  'weightKg',
  'pregnant',
  'canBecomePregnant',
  'breastfeeding',
  'systolic',
  'diastolic',
  'conditions',
  'medications',
  'trials',
  'diagnoses',
  'acuteSuicidalIdeation',
] as const;

/** ICD-10-CM shape: letter, digit, letter-or-digit, then optionally a dot and 1-4 letters or digits. */
const ICD10CM = /^([A-Z][0-9][0-9A-Z])\.?([0-9A-Z]{1,4})?$/;

export function normaliseIcd10Cm(code: string): string | undefined {
  const match = ICD10CM.exec(code.trim().toUpperCase());
  if (!match) return undefined;
  return match[2] ? `${match[1]}.${match[2]}` : (match[1] as string);
}

function numberIn(value: unknown, field: string, min: number, max: number, issues: FieldIssue[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ field, message: 'must be a number' });
    return undefined;
  }
  if (value < min || value > max) {
    issues.push({ field, message: `must be between ${min} and ${max}` });
    return undefined;
  }
  return value;
}

function bool(value: unknown, field: string, issues: FieldIssue[]): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    issues.push({ field, message: 'must be true or false' });
    return undefined;
  }
  return value;
}

function stringList(value: unknown, field: string, issues: FieldIssue[]): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    issues.push({ field, message: 'must be a list' });
    return undefined;
  }
  return value;
}

/**
 * Checks the shape and ranges of intake facts and returns them normalised. All problems are reported together
 * in one DomainValidationError, each naming its field (`facts.age`, `facts.conditions.2`, `facts.trials.0.weeks`).
 */
export function validateFacts(input: unknown, prefix = 'facts'): EligibilityFacts {
  const issues: FieldIssue[] = [];
  if (input === undefined || input === null) return {};
  if (!isRecord(input)) throw new DomainValidationError([{ field: prefix, message: 'must be an object' }]);
  for (const key of Object.keys(input)) {
    if (!(FACT_FIELDS as readonly string[]).includes(key))
      issues.push({ field: `${prefix}.${key}`, message: 'is not a known fact' });
  }
  const facts: {
    -readonly [K in keyof EligibilityFacts]: EligibilityFacts[K];
  } = {};
  const age = numberIn(input.age, `${prefix}.age`, 0, 130, issues);
  if (age !== undefined) facts.age = age;
  const weightKg = numberIn(input.weightKg, `${prefix}.weightKg`, 1, 400, issues);
  if (weightKg !== undefined) facts.weightKg = weightKg;
  const systolic = numberIn(input.systolic, `${prefix}.systolic`, 50, 300, issues);
  if (systolic !== undefined) facts.systolic = systolic;
  const diastolic = numberIn(input.diastolic, `${prefix}.diastolic`, 20, 200, issues);
  if (diastolic !== undefined) facts.diastolic = diastolic;
  if (systolic !== undefined && diastolic !== undefined && diastolic >= systolic) {
    issues.push({ field: `${prefix}.diastolic`, message: 'must be lower than the systolic pressure' });
  }
  const pregnant = bool(input.pregnant, `${prefix}.pregnant`, issues);
  if (pregnant !== undefined) facts.pregnant = pregnant;
  const canBecomePregnant = bool(input.canBecomePregnant, `${prefix}.canBecomePregnant`, issues);
  if (canBecomePregnant !== undefined) facts.canBecomePregnant = canBecomePregnant;
  if (pregnant === true && canBecomePregnant === false)
    issues.push({ field: `${prefix}.canBecomePregnant`, message: 'contradicts pregnant: true' });
  const breastfeeding = bool(input.breastfeeding, `${prefix}.breastfeeding`, issues);
  if (breastfeeding !== undefined) facts.breastfeeding = breastfeeding;
  const si = bool(input.acuteSuicidalIdeation, `${prefix}.acuteSuicidalIdeation`, issues);
  if (si !== undefined) facts.acuteSuicidalIdeation = si;

  const conditions = stringList(input.conditions, `${prefix}.conditions`, issues);
  if (conditions) {
    const valid: ConditionCode[] = [];
    conditions.forEach((c, i) => {
      if (isConditionCode(c)) {
        if (!valid.includes(c)) valid.push(c);
      } else {
        issues.push({
          field: `${prefix}.conditions.${i}`,
          message: `unknown condition code; known codes: ${CONDITION_CODES.join(', ')}`,
        });
      }
    });
    facts.conditions = valid;
  }
  const medications = stringList(input.medications, `${prefix}.medications`, issues);
  if (medications) {
    const valid: string[] = [];
    medications.forEach((m, i) => {
      if (typeof m !== 'string' || m.trim() === '') {
        issues.push({ field: `${prefix}.medications.${i}`, message: 'must be a medicine name (generic or brand)' });
        return;
      }
      const name = m.trim().toLowerCase().replace(/\s+/g, ' ');
      if (!valid.includes(name)) valid.push(name);
    });
    facts.medications = valid;
  }
  const diagnoses = stringList(input.diagnoses, `${prefix}.diagnoses`, issues);
  if (diagnoses) {
    const valid: string[] = [];
    diagnoses.forEach((d, i) => {
      const code = typeof d === 'string' ? normaliseIcd10Cm(d) : undefined;
      if (code === undefined) {
        issues.push({ field: `${prefix}.diagnoses.${i}`, message: 'must be an ICD-10-CM code such as F33.2' });
      } else if (!valid.includes(code)) {
        valid.push(code);
      }
    });
    facts.diagnoses = valid;
  }
  if (input.trials !== undefined && input.trials !== null) {
    facts.trials = validateTrials(input.trials, `${prefix}.trials`, issues);
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
  return facts;
}

/**
 * Major depressive disorder codes: F32, F32.0-F32.5 and F32.9 (single episode), F33.x (recurrent). F32.8x (other
 * specified depressive episodes, e.g. premenstrual dysphoric disorder) and F32.A (depression, unspecified) are
 * not counted as MDD.
 */
export function isMddCode(code: string): boolean {
  if (code.startsWith('F33')) return true;
  return /^F32(\.[0-59])?$/.test(code);
}

/**
 * MDD in remission (ICD-10-CM F32.4 and F32.5, single episode in partial or full remission; F33.4, F33.40-F33.42,
 * recurrent in remission): a diagnosis of MDD, but not a current depressive episode.
 */
export function isMddRemissionCode(code: string): boolean {
  return /^F32\.[45]$/.test(code) || /^F33\.4\d?$/.test(code);
}

/**
 * A current major depressive episode: an MDD code that is not a remission code. Esketamine is indicated for
 * depression that is present (SPRAVATO label section 1), so only these codes establish its indication.
 */
export function isQualifyingMddCode(code: string): boolean {
  return isMddCode(code) && !isMddRemissionCode(code);
}

/** Bipolar disorder (ICD-10-CM F31.x), whatever the current episode. */
export function isBipolarCode(code: string): boolean {
  return /^F31(\.|$)/.test(code);
}

/** R45.851: suicidal ideations. */
export const SUICIDAL_IDEATION_CODE = 'R45.851';

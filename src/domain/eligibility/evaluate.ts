import type { Citation } from '../shared/citation.js';
import { DomainValidationError, RuleViolationError } from '../shared/validation.js';
import { MODALITIES, isModality, type Modality } from '../protocols/modality.js';
import { CONDITION_NAMES, isConditionCode } from './conditions.js';
import { classifyMedications, type MedicationClass } from './medications.js';
import { SUICIDAL_IDEATION_CODE, isMddCode, validateFacts, type EligibilityFacts } from './facts.js';
import { assessTreatmentResistance } from './treatment-resistance.js';
import {
  DEFAULT_ELIGIBILITY_RULES,
  RULE_CODES,
  type EligibilityRule,
  type EligibilityRuleSet,
  type RuleCode,
  type Severity,
} from './rules.js';

export type EligibilityDecision = 'eligible' | 'review' | 'ineligible';

export interface EligibilityReason {
  readonly code: RuleCode;
  readonly severity: Severity;
  /** A relative reason the clinic made blocking: it makes the decision `ineligible`. */
  readonly blocking: boolean;
  readonly message: string;
  readonly source: Citation;
}

export interface EligibilityResult {
  readonly decision: EligibilityDecision;
  readonly reasons: readonly EligibilityReason[];
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { absolute: 0, relative: 1, info: 2 };

/**
 * The decision that follows from the reasons:
 * any absolute -> `ineligible`; else any blocking relative -> `ineligible`; else any relative -> `review`;
 * else `eligible` (info reasons never change the decision).
 */
export function decide(reasons: readonly EligibilityReason[]): EligibilityDecision {
  if (reasons.some((r) => r.severity === 'absolute')) return 'ineligible';
  if (reasons.some((r) => r.severity === 'relative' && r.blocking)) return 'ineligible';
  if (reasons.some((r) => r.severity === 'relative')) return 'review';
  return 'eligible';
}

interface Finding {
  readonly fires: boolean;
  /** Fact-specific text put before the rule's own message. */
  readonly detail?: string;
}

function medicationFinding(cls: MedicationClass, classes: ReadonlyMap<MedicationClass, readonly string[]>): Finding {
  const names = classes.get(cls);
  return names ? { fires: true, detail: `Taking ${names.join(', ')}.` } : { fires: false };
}

function esketamineIndication(facts: EligibilityFacts): Finding {
  const diagnoses = facts.diagnoses ?? [];
  const hasMdd = diagnoses.some(isMddCode);
  if (!hasMdd) {
    return { fires: true, detail: diagnoses.length === 0 ? 'No diagnosis recorded.' : `No major depressive disorder code (F32.x/F33.x) among ${diagnoses.join(', ')}.` };
  }
  const acuteSi = facts.acuteSuicidalIdeation === true || diagnoses.includes(SUICIDAL_IDEATION_CODE);
  if (acuteSi) return { fires: false };
  if (!facts.trials || facts.trials.length === 0) {
    return { fires: true, detail: 'MDD without acute suicidal ideation, and no antidepressant trials recorded to establish treatment resistance.' };
  }
  const trd = assessTreatmentResistance(facts.trials);
  return trd.isTreatmentResistant ? { fires: false } : { fires: true, detail: `MDD without acute suicidal ideation; ${trd.summary}.` };
}

function finding(code: RuleCode, rule: EligibilityRule, facts: EligibilityFacts, classes: ReadonlyMap<MedicationClass, readonly string[]>): Finding {
  if (isConditionCode(code)) {
    return (facts.conditions ?? []).includes(code) ? { fires: true, detail: `Recorded: ${CONDITION_NAMES[code]}.` } : { fires: false };
  }
  switch (code) {
    case 'age-under-minimum': {
      const min = rule.threshold?.minAgeYears ?? 18;
      return facts.age !== undefined && facts.age < min ? { fires: true, detail: `Age ${facts.age} (minimum ${min}).` } : { fires: false };
    }
    case 'pregnancy':
      return { fires: facts.pregnant === true };
    case 'breastfeeding':
      return { fires: facts.breastfeeding === true };
    case 'blood-pressure-elevated': {
      const sLimit = rule.threshold?.systolicAbove ?? 140;
      const dLimit = rule.threshold?.diastolicAbove ?? 90;
      const high = (facts.systolic !== undefined && facts.systolic > sLimit) || (facts.diastolic !== undefined && facts.diastolic > dLimit);
      return high
        ? { fires: true, detail: `Blood pressure ${facts.systolic ?? '?'}/${facts.diastolic ?? '?'} mmHg is above ${sLimit}/${dLimit} mmHg.` }
        : { fires: false };
    }
    case 'blood-pressure-not-recorded':
      return { fires: facts.systolic === undefined || facts.diastolic === undefined };
    case 'esketamine-indication-not-established':
      return esketamineIndication(facts);
    case 'medication-benzodiazepine':
      return medicationFinding('benzodiazepine', classes);
    case 'medication-lamotrigine':
      return medicationFinding('lamotrigine', classes);
    case 'medication-maoi':
      return medicationFinding('maoi', classes);
    case 'medication-stimulant':
      return medicationFinding('stimulant', classes);
    case 'medication-opioid':
      return medicationFinding('opioid', classes);
    case 'medication-other-sedative':
      return medicationFinding('other-sedative', classes);
    default:
      return { fires: false };
  }
}

/**
 * Eligibility of a patient for a modality: facts in, decision with reasons out. Pure: stores nothing.
 *
 * `facts` is checked at run time (it usually arrives as JSON): a bad field is a DomainValidationError naming it,
 * e.g. `facts.conditions.2` for an unknown condition code. Each rule of the modality that is enabled and fires
 * gives one reason with its severity, message and citation; reasons are ordered absolute, relative, info.
 * The decision follows `decide`.
 */
export function evaluateEligibility(
  modality: Modality,
  facts: unknown,
  rules: EligibilityRuleSet = DEFAULT_ELIGIBILITY_RULES,
): EligibilityResult {
  if (!isModality(modality)) {
    throw new DomainValidationError([{ field: 'modality', message: `must be one of ${MODALITIES.join(', ')}` }]);
  }
  const valid = validateFacts(facts);
  const classes = classifyMedications(valid.medications ?? []);
  const modalityRules = rules.modalities[modality];
  const reasons: EligibilityReason[] = [];
  for (const code of RULE_CODES) {
    const rule = modalityRules[code];
    if (!rule || !rule.enabled) continue;
    const found = finding(code, rule, valid, classes);
    if (!found.fires) continue;
    reasons.push({
      code,
      severity: rule.severity,
      blocking: rule.severity === 'relative' && rule.blocking,
      message: found.detail ? `${found.detail} ${rule.message}` : rule.message,
      source: rule.source,
    });
  }
  reasons.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return { decision: decide(reasons), reasons };
}

export interface OverridePolicy {
  /** Whether a prescriber may go ahead against this decision at all. */
  readonly allowed: boolean;
  /** How many prescribers must sign: 1 (review) or 2 (a blocking relative reason: prescriber + countersignature). */
  readonly prescribersRequired: 0 | 1 | 2;
  /** A documented reason is required for every override. */
  readonly reasonRequired: boolean;
  readonly explanation: string;
}

/**
 * Who may override a decision:
 * - `eligible`: nothing to override.
 * - `review`: one prescriber, with a documented reason.
 * - `ineligible` because of blocking relative reasons only: a prescriber with a reason plus a second prescriber's
 *   countersignature.
 * - `ineligible` with any absolute reason: never.
 * The decision must be the one the reasons give (`decide`); a mismatch is a RuleViolationError
 * (`decision-mismatch`), because an override must be judged on the reasons actually shown.
 */
export function canOverride(decision: EligibilityDecision, reasons: readonly EligibilityReason[]): OverridePolicy {
  const expected = decide(reasons);
  if (decision !== expected) {
    throw new RuleViolationError('decision-mismatch', `the reasons give '${expected}', not '${decision}'`, 'decision');
  }
  if (decision === 'eligible') {
    return { allowed: false, prescribersRequired: 0, reasonRequired: false, explanation: 'Eligible: there is nothing to override.' };
  }
  if (decision === 'review') {
    return { allowed: true, prescribersRequired: 1, reasonRequired: true, explanation: 'Review: a prescriber may go ahead with a documented reason.' };
  }
  const absolute = reasons.filter((r) => r.severity === 'absolute');
  if (absolute.length > 0) {
    return {
      allowed: false,
      prescribersRequired: 0,
      reasonRequired: false,
      explanation: `Ineligible for an absolute reason (${absolute.map((r) => r.code).join(', ')}): no override is possible.`,
    };
  }
  return {
    allowed: true,
    prescribersRequired: 2,
    reasonRequired: true,
    explanation: 'Ineligible for blocking relative reasons only: a prescriber may go ahead with a documented reason and a second prescriber\'s countersignature.',
  };
}

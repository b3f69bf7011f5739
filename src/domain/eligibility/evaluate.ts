import type { Citation } from '../shared/citation.js';
import { DomainValidationError, RuleViolationError } from '../shared/validation.js';
import { MODALITIES, isModality, type Modality } from '../protocols/modality.js';
import { CONDITION_NAMES, isConditionCode } from './conditions.js';
import { classifyMedicationList, type MedicationClass, type MedicationClassification } from './medications.js';
import {
  SUICIDAL_IDEATION_CODE,
  isBipolarCode,
  isMddCode,
  isMddRemissionCode,
  isQualifyingMddCode,
  validateFacts,
  type EligibilityFacts,
} from './facts.js';
import { assessTreatmentResistance } from './treatment-resistance.js';
import {
  DEFAULT_ELIGIBILITY_RULES,
  RULE_CODES,
  type EligibilityRule,
  type EligibilityRuleSet,
  type ModalityRules,
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

function medicationFinding(cls: MedicationClass, meds: MedicationClassification): Finding {
  const names = meds.classes.get(cls);
  return names ? { fires: true, detail: `Taking ${names.join(', ')}.` } : { fires: false };
}

/**
 * The esketamine indication (SPRAVATO label section 1): a current major depressive episode (an MDD code that is not
 * a remission code) that is treatment-resistant (with or without an oral antidepressant since January 2025), or
 * MDD with acute suicidal ideation or behaviour IN CONJUNCTION WITH an oral antidepressant.
 * - `not-established`: the facts show the indication is not met (off-label): no qualifying MDD code among the
 *   diagnoses, remission codes only, trials recorded that do not make TRD, or MDSI without an oral antidepressant.
 * - `facts-missing`: the facts to decide are not recorded (no diagnosis; MDD without acute suicidal ideation and
 *   no antidepressant trials recorded).
 */
function esketamineIndication(
  facts: EligibilityFacts,
  meds: MedicationClassification,
): { notEstablished?: string; factsMissing?: string } {
  const diagnoses = facts.diagnoses ?? [];
  if (diagnoses.length === 0) return { factsMissing: 'No diagnosis recorded.' };
  const qualifying = diagnoses.filter(isQualifyingMddCode);
  if (qualifying.length === 0) {
    const remission = diagnoses.filter((d) => isMddCode(d) && isMddRemissionCode(d));
    return remission.length > 0
      ? {
          notEstablished: `${remission.join(', ')} is MDD in remission, not a current depressive episode; no other qualifying MDD code among ${diagnoses.join(', ')}.`,
        }
      : {
          notEstablished: `No major depressive disorder code (F32.x/F33.x, not in remission) among ${diagnoses.join(', ')}.`,
        };
  }
  const trd = facts.trials && facts.trials.length > 0 ? assessTreatmentResistance(facts.trials) : undefined;
  if (trd?.isTreatmentResistant) return {};
  const acuteSi = facts.acuteSuicidalIdeation === true || diagnoses.includes(SUICIDAL_IDEATION_CODE);
  if (acuteSi) {
    if (meds.oralAntidepressants.length > 0) return {};
    return {
      notEstablished:
        'MDD with acute suicidal ideation, but no oral antidepressant among the medicines: the label indication is esketamine together with an oral antidepressant (monotherapy is approved for treatment-resistant depression only).',
    };
  }
  if (!trd)
    return {
      factsMissing:
        'MDD without acute suicidal ideation, and no antidepressant trials recorded to establish treatment resistance.',
    };
  return { notEstablished: `MDD without acute suicidal ideation; ${trd.summary}.` };
}

/**
 * Which label indication the facts establish for esketamine: `trd` (treatment-resistant depression), `mdsi` (MDD
 * with acute suicidal ideation or behaviour, with an oral antidepressant), both, or neither. A plan's protocol must
 * match it (SPRAVATO section 2 gives a different schedule for each): an MDSI schedule for TRD alone, or the reverse,
 * is not the label's. Pure; `facts` is validated as in `evaluateEligibility`.
 */
export function esketamineIndicationsEstablished(facts: unknown): { readonly trd: boolean; readonly mdsi: boolean } {
  const valid = validateFacts(facts);
  const meds = classifyMedicationList(valid.medications ?? []);
  const mdd = (valid.diagnoses ?? []).some(isQualifyingMddCode);
  const trd =
    mdd &&
    valid.trials !== undefined &&
    valid.trials.length > 0 &&
    assessTreatmentResistance(valid.trials).isTreatmentResistant;
  const acuteSi = valid.acuteSuicidalIdeation === true || (valid.diagnoses ?? []).includes(SUICIDAL_IDEATION_CODE);
  return { trd, mdsi: mdd && acuteSi && meds.oralAntidepressants.length > 0 };
}

function missing(text: string): Finding {
  return { fires: true, detail: `Not recorded: ${text}.` };
}

function finding(
  code: RuleCode,
  rule: EligibilityRule,
  facts: EligibilityFacts,
  meds: MedicationClassification,
  modalityRules: ModalityRules,
): Finding {
  const isOn = (other: RuleCode): boolean => modalityRules[other]?.enabled === true;
  if (isConditionCode(code)) {
    if ((facts.conditions ?? []).includes(code)) return { fires: true, detail: `Recorded: ${CONDITION_NAMES[code]}.` };
    if (code === 'bipolar-disorder-history') {
      const bipolar = (facts.diagnoses ?? []).filter(isBipolarCode);
      if (bipolar.length > 0)
        return { fires: true, detail: `Diagnosis ${bipolar.join(', ')}: ${CONDITION_NAMES[code]}.` };
    }
    return { fires: false };
  }
  switch (code) {
    case 'age-under-minimum': {
      const min = rule.threshold?.minAgeYears ?? 18;
      return facts.age !== undefined && facts.age < min
        ? { fires: true, detail: `Age ${facts.age} (minimum ${min}).` }
        : { fires: false };
    }
    case 'age-not-recorded':
      return facts.age === undefined && isOn('age-under-minimum') ? missing('age') : { fires: false };
    case 'pregnancy':
      return { fires: facts.pregnant === true };
    case 'pregnancy-status-not-recorded':
      return facts.pregnant === undefined && facts.canBecomePregnant !== false && isOn('pregnancy')
        ? missing(
            facts.canBecomePregnant === true
              ? 'pregnancy status (the patient can become pregnant)'
              : 'pregnancy status, nor whether the patient can become pregnant',
          )
        : { fires: false };
    case 'breastfeeding':
      return { fires: facts.breastfeeding === true };
    case 'blood-pressure-elevated': {
      const sLimit = rule.threshold?.systolicAbove ?? 140;
      const dLimit = rule.threshold?.diastolicAbove ?? 90;
      const high =
        (facts.systolic !== undefined && facts.systolic > sLimit) ||
        (facts.diastolic !== undefined && facts.diastolic > dLimit);
      return high
        ? {
            fires: true,
            detail: `Blood pressure ${facts.systolic ?? '?'}/${facts.diastolic ?? '?'} mmHg is above ${sLimit}/${dLimit} mmHg.`,
          }
        : { fires: false };
    }
    case 'blood-pressure-not-recorded': {
      if (facts.systolic !== undefined && facts.diastolic !== undefined) return { fires: false };
      const which =
        facts.systolic === undefined && facts.diastolic === undefined
          ? 'blood pressure'
          : facts.systolic === undefined
            ? 'systolic blood pressure'
            : 'diastolic blood pressure';
      return missing(which);
    }
    case 'esketamine-indication-not-established': {
      const found = esketamineIndication(facts, meds).notEstablished;
      return found ? { fires: true, detail: found } : { fires: false };
    }
    case 'esketamine-indication-facts-not-recorded': {
      const found = esketamineIndication(facts, meds).factsMissing;
      return found ? { fires: true, detail: found } : { fires: false };
    }
    case 'medication-benzodiazepine':
      return medicationFinding('benzodiazepine', meds);
    case 'medication-lamotrigine':
      return medicationFinding('lamotrigine', meds);
    case 'medication-maoi':
      return medicationFinding('maoi', meds);
    case 'medication-stimulant':
      return medicationFinding('stimulant', meds);
    case 'medication-opioid':
      return medicationFinding('opioid', meds);
    case 'medication-other-sedative':
      return medicationFinding('other-sedative', meds);
    case 'medication-alcohol':
      return medicationFinding('alcohol', meds);
    case 'medication-unrecognised':
      return meds.unrecognised.length > 0
        ? { fires: true, detail: `Not recognised: ${meds.unrecognised.map((m) => `"${m}"`).join(', ')}.` }
        : { fires: false };
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
  const meds = classifyMedicationList(valid.medications ?? []);
  const modalityRules = rules.modalities[modality];
  const reasons: EligibilityReason[] = [];
  for (const code of RULE_CODES) {
    const rule = modalityRules[code];
    if (!rule || !rule.enabled) continue;
    const found = finding(code, rule, valid, meds, modalityRules);
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
    return {
      allowed: false,
      prescribersRequired: 0,
      reasonRequired: false,
      explanation: 'Eligible: there is nothing to override.',
    };
  }
  if (decision === 'review') {
    return {
      allowed: true,
      prescribersRequired: 1,
      reasonRequired: true,
      explanation: 'Review: a prescriber may go ahead with a documented reason.',
    };
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
    explanation:
      "Ineligible for blocking relative reasons only: a prescriber may go ahead with a documented reason and a second prescriber's countersignature.",
  };
}

export { evaluateEligibility, esketamineIndicationsEstablished, canOverride, decide, type EligibilityDecision, type EligibilityReason, type EligibilityResult, type OverridePolicy } from './evaluate.js';
export {
  DEFAULT_ELIGIBILITY_RULES,
  ESKETAMINE_ONLY_RULE_CODES,
  RULE_CODES,
  SHIPPED_RULE_SET_VERSION,
  SEVERITIES,
  applyClinicOverrides,
  type ClinicOverrides,
  type ClinicRuleOverride,
  type EligibilityRule,
  type EligibilityRuleSet,
  type ModalityRules,
  type RuleCode,
  type RuleThreshold,
  type Severity,
} from './rules.js';
export {
  validateFacts, normaliseIcd10Cm, isMddCode, isMddRemissionCode, isQualifyingMddCode, isBipolarCode, SUICIDAL_IDEATION_CODE, type EligibilityFacts,
} from './facts.js';
export { CONDITION_CODES, CONDITION_NAMES, isConditionCode, type ConditionCode } from './conditions.js';
export {
  MEDICATION_CLASSES, MEDICATION_CLASS_MEMBERS, MEDICINES, RXCUI_SOURCE, classifyMedications, classifyMedicationList, normaliseMedicine,
  type MedicationClass, type MedicationClassification, type MedicineEntry, type NormalisedMedicine,
} from './medications.js';
export {
  assessTreatmentResistance,
  MIN_EFFECTIVE_DOSES,
  DEFAULT_TRD_CRITERIA,
  ADHERENCE_LEVELS,
  TRIAL_OUTCOMES,
  type AntidepressantTrial,
  type Adherence,
  type TrialOutcome,
  type MinEffectiveDose,
  type MinEffectiveDoseTable,
  type TreatmentResistanceAssessment,
  type TreatmentResistanceCriteria,
  type TrialAssessment,
  type TrialFinding,
} from './treatment-resistance.js';

export { MODALITIES, MODALITY_NAMES, isModality, isRacemicKetamine, type Modality } from './modality.js';
export { SOURCES, clinicDefault } from './sources.js';
export {
  PROTOCOL_IDS,
  REQUIREMENT_CODES,
  setting,
  type MissedSessionRule,
  type OptionSpec,
  type PhaseName,
  type PreSessionRequirement,
  type Protocol,
  type ProtocolId,
  type ProtocolReview,
  type ProtocolSetting,
  type RequirementCode,
  type Route,
} from './protocol.js';
export {
  IV_ANTIDEPRESSANT_MAX_MG_PER_KG,
  IV_ANTIDEPRESSANT_MIN_INFUSION_MIN,
  PAIN_LOW_DOSE_MAX_MG_PER_KG_PER_HOUR,
  PROTOCOLS,
  getProtocol,
  isProtocolId,
} from './definitions.js';
export {
  previewPlan,
  type PlanPreview,
  type PlanPreviewInput,
  type PlannedSession,
  type PlanWarning,
  type TherapySession,
} from './preview.js';
export { applyProtocolSettings } from './settings.js';
export {
  PLAN_ACTIONS_FROM,
  planAllows,
  planProtocol,
  protocolNeedsWeight,
  type PlanAction,
  type PlanStatus,
} from './plans.js';
export {
  REVIEW_BENEFITS,
  REVIEW_DECISIONS,
  missedSessionAdvice,
  missedSessionRule,
  reviewDueFrom,
  reviewGates,
  sessionHeldBy,
  validateReview,
  type PlannedSessionOutcome,
  type RecordedReview,
  type ReviewBenefit,
  type ReviewDecision,
  type ReviewGate,
  type ReviewInput,
} from './reviews.js';

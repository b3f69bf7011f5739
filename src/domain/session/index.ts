export {
  ADVERSE_EVENT_CATALOGUE_CITATION,
  ADVERSE_EVENT_OUTCOMES,
  ADVERSE_EVENT_SEVERITIES,
  ADVERSE_EVENT_TYPES,
  NAUSEA_LEVELS,
  INTERVENTIONS,
  adverseEventLabel,
  interventionLabel,
  validateAdverseEvent,
  type AdverseEvent,
  type AdverseEventOutcome,
  type AdverseEventSeverity,
  type AdverseEventType,
  type InterventionCode,
  type InterventionGiven,
  type NauseaLevel,
} from './adverse-events.js';
export {
  CHECKLIST_SETTING_CITATIONS,
  DEFAULT_CHECKLIST_SETTINGS,
  evaluateChecklist,
  type Acknowledgement,
  type BloodPressureLimit,
  type ChecklistInput,
  type ChecklistItem,
  type ChecklistItemCode,
  type ChecklistResult,
  type ChecklistSettings,
  type ChecklistStatus,
} from './checklist.js';
export { readTimeline, validateSessionEvents, type SessionEvent, type SessionEventType, type SessionTimeline } from './events.js';
export {
  TREATMENT_DAY_MODALITIES,
  assertTreatmentModality,
  isIvInfusion,
  isTreatmentModality,
  modalityName,
  type IvInfusionModality,
  type TreatmentModality,
} from './modality.js';
export {
  CSSRS_HIGH_SAME_DAY,
  PHQ9_ITEM9_SAME_DAY,
  SAME_DAY_SUICIDE_RISK_RULES,
  sameDaySuicideRisk,
  type RecordedAnswer,
  type SameDaySignal,
  type SameDaySuicideRisk,
  type SameDaySuicideRiskRule,
  type SuicideRiskEvaluation,
} from './suicide-risk.js';
export { composeSessionNote, type NoteOptions, type SessionNoteRecord } from './note.js';

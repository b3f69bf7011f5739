export { assertRemsEnrolment, type HealthcareSettingType } from './enrolment.js';
export { formStatus, type FormStatus } from './form-status.js';
export {
  buildMonitoringForm,
  formObservationsFromSession,
  type BloodPressure,
  type FormObservations,
  type MonitoringForm,
  type MonitoringFormInput,
  type PersonName,
} from './monitoring-form.js';
export {
  CONCOMITANT_CLASS_LABELS,
  CURRENT_REMS_RULES,
  REMS_RULE_SETS,
  remsRulesFor,
  type ConcomitantMedicationClass,
  type RemsRuleSet,
} from './rules.js';
export {
  remsSessionEnd,
  type RemsSessionEnd,
  type RemsSessionEndInput,
  type RemsSessionEndKind,
} from './session-end.js';
export { submissionDateProblem, submittedAtFor, type SubmissionDateProblem } from './submission.js';

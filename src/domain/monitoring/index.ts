export { chairStatus, type ChairStatus } from './board.js';
export {
  assertDeviceMayBeGiven,
  countdownMinutes,
  deviceSchedule,
  ESKETAMINE_MAX_DEVICES,
  type DeviceSchedule,
} from './device-schedule.js';
export {
  evaluateDischarge,
  type DischargeDecision,
  type DischargeInput,
  type DischargeOverride,
  type DischargeReason,
  type DischargeReasonCode,
} from './discharge.js';
export {
  evaluateVitals,
  groupReadingAlerts,
  type MonitoringReading,
  type ReadingAlert,
  type VitalAlert,
} from './evaluate-vitals.js';
export { deriveSessionPhase, type PhaseInfo, type SessionPhase } from './phase.js';
export {
  dueChecks,
  monitoringSchedule,
  type CheckKind,
  type CheckState,
  type CheckStatus,
  type DueChecks,
  type DueChecksInput,
  type ScheduledCheck,
} from './schedule.js';
export {
  DEFAULT_MONITORING_SETTINGS,
  LABEL_MINIMUM_ESKETAMINE_MONITORING_MIN,
  LABEL_MINUTES_BETWEEN_DEVICES,
  MONITORING_SETTING_CITATIONS,
  validateMonitoringSettings,
  type MonitoringSettings,
} from './settings.js';
export * as MONITORING_SOURCES from './sources.js';
export {
  ALERT_CODES,
  DEFAULT_ALERT_THRESHOLDS,
  breaches,
  validateAlertThresholds,
  type AlertSeverity,
  type AlertThreshold,
  type AlertThresholdSet,
  type Comparison,
  type MonitoredMeasure,
} from './thresholds.js';
export {
  VITAL_SIGN_KEYS,
  VITAL_SIGN_LABELS,
  VITAL_SIGN_PLAUSIBLE_RANGES,
  VITAL_SIGN_UNITS,
  formatBloodPressure,
  hasBloodPressure,
  validateMoaas,
  validateVitalSignReading,
  validateVitalSigns,
  type VitalSignKey,
  type VitalSignReading,
  type VitalSigns,
} from './vitals.js';

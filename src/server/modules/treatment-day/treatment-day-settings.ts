/**
 * The treatment-day settings a clinic may edit, stored under `treatmentDay` in the clinic's settings JSON, each
 * falling back to the shipped, cited defaults in src/domain (monitoring timings, checklist rules, alert limits).
 * Edited values are checked by the domain's own validators, so a broken clinic setting is a 400, never a wrong rule.
 */
import type { Citation } from '../../../domain/shared/citation.js';
import {
  DEFAULT_ALERT_THRESHOLDS, DEFAULT_MONITORING_SETTINGS, validateAlertThresholds, validateMonitoringSettings,
  type AlertThresholdSet, type MonitoringSettings,
} from '../../../domain/monitoring/index.js';
import { MONITORING_SOURCES } from '../../../domain/monitoring/index.js';
import { DEFAULT_CHECKLIST_SETTINGS, type ChecklistSettings } from '../../../domain/session/index.js';
import { DEFAULT_REMS_SETTING, type RemsSettingDefaults } from './treatment-day-rems-defaults.js';

export interface SecondPersonVerification {
  /** IV infusions: a second staff member checks the prepared dose before it starts. */
  readonly iv: boolean;
  readonly esketamine: boolean;
}

export interface TreatmentDaySettings {
  readonly monitoring: MonitoringSettings;
  readonly checklist: ChecklistSettings;
  readonly thresholds: AlertThresholdSet;
  readonly secondPersonVerification: SecondPersonVerification;
  /** Pre-session questionnaires count when completed this many hours before check-in (or linked to the session). */
  readonly questionnaireWindowHours: number;
  readonly rems: RemsSettingDefaults;
}

export const DEFAULT_SECOND_PERSON_VERIFICATION: SecondPersonVerification = { iv: true, esketamine: false };

export const SECOND_PERSON_VERIFICATION_CITATION: Citation = MONITORING_SOURCES.clinicDefault(
  'Independent double check of the prepared IV ketamine infusion by a second staff member before it starts: a clinic setting, on by default '
  + 'for IV (ISMP\'s list of high-alert medications in acute care names IV general anaesthetic agents such as ketamine); off by default for '
  + 'esketamine, whose fixed 28 mg devices need no calculation',
);

export const DEFAULT_TREATMENT_DAY_SETTINGS: TreatmentDaySettings = {
  monitoring: DEFAULT_MONITORING_SETTINGS,
  checklist: DEFAULT_CHECKLIST_SETTINGS,
  thresholds: DEFAULT_ALERT_THRESHOLDS,
  secondPersonVerification: DEFAULT_SECOND_PERSON_VERIFICATION,
  questionnaireWindowHours: 24,
  rems: DEFAULT_REMS_SETTING,
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The clinic's settings with defaults filled in; throws DomainValidationError on an edited value the domain refuses. */
export function resolveTreatmentDaySettings(clinicSettings: Record<string, unknown> | null | undefined): TreatmentDaySettings {
  const raw = isObject(clinicSettings?.treatmentDay) ? clinicSettings.treatmentDay : {};
  const monitoring = { ...DEFAULT_MONITORING_SETTINGS, ...(isObject(raw.monitoring) ? raw.monitoring : {}) } as MonitoringSettings;
  validateMonitoringSettings(monitoring);
  const checklist = { ...DEFAULT_CHECKLIST_SETTINGS, ...(isObject(raw.checklist) ? raw.checklist : {}) } as ChecklistSettings;
  const thresholds = isObject(raw.thresholds) ? (raw.thresholds as unknown as AlertThresholdSet) : DEFAULT_ALERT_THRESHOLDS;
  if (thresholds !== DEFAULT_ALERT_THRESHOLDS) validateAlertThresholds(thresholds);
  const verification = isObject(raw.secondPersonVerification) ? raw.secondPersonVerification : {};
  return {
    monitoring,
    checklist,
    thresholds,
    secondPersonVerification: {
      iv: typeof verification.iv === 'boolean' ? verification.iv : DEFAULT_SECOND_PERSON_VERIFICATION.iv,
      esketamine: typeof verification.esketamine === 'boolean' ? verification.esketamine : DEFAULT_SECOND_PERSON_VERIFICATION.esketamine,
    },
    questionnaireWindowHours: typeof raw.questionnaireWindowHours === 'number' && raw.questionnaireWindowHours > 0 ? raw.questionnaireWindowHours : 24,
    rems: { ...DEFAULT_REMS_SETTING, ...(isObject(raw.rems) ? (raw.rems as Partial<RemsSettingDefaults>) : {}) },
  };
}

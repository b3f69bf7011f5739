/**
 * The treatment-day settings a clinic may edit, stored under `treatmentDay` in the clinic's settings JSON, each
 * falling back to the shipped, cited defaults in src/domain (monitoring timings, checklist rules, alert limits).
 * Edited values are checked by the domain's own validators, so a broken clinic setting is a 400, never a wrong rule.
 */
import type { Citation } from '../../../domain/shared/citation.js';
import {
  DEFAULT_ALERT_THRESHOLDS,
  DEFAULT_MONITORING_SETTINGS,
  validateAlertThresholds,
  validateMonitoringSettings,
  type AlertThresholdSet,
  type MonitoringSettings,
} from '../../../domain/monitoring/index.js';
import { MONITORING_SOURCES, VITAL_SIGN_KEYS } from '../../../domain/monitoring/index.js';
import { DEFAULT_CHECKLIST_SETTINGS, type ChecklistSettings } from '../../../domain/session/index.js';
import { isRecord } from '../../../domain/shared/guards.js';
import { DomainValidationError, type FieldIssue } from '../../../domain/shared/validation.js';
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
  'Independent double check of the prepared IV ketamine infusion by a second staff member before it starts: a clinic setting, on by default ' +
    "for IV (ISMP's list of high-alert medications in acute care names IV general anaesthetic agents such as ketamine); off by default for " +
    'esketamine, whose fixed 28 mg devices need no calculation',
);

export const DEFAULT_TREATMENT_DAY_SETTINGS: TreatmentDaySettings = {
  monitoring: DEFAULT_MONITORING_SETTINGS,
  checklist: DEFAULT_CHECKLIST_SETTINGS,
  thresholds: DEFAULT_ALERT_THRESHOLDS,
  secondPersonVerification: DEFAULT_SECOND_PERSON_VERIFICATION,
  questionnaireWindowHours: 24,
  rems: DEFAULT_REMS_SETTING,
};

/** Shape checks for the checklist settings (the domain trusts its input): every refused field is named. */
function validateChecklistSettings(c: Record<string, unknown>, path: string): void {
  const issues: FieldIssue[] = [];
  const known = Object.keys(DEFAULT_CHECKLIST_SETTINGS);
  for (const key of Object.keys(c))
    if (!known.includes(key)) issues.push({ field: `${path}.${key}`, message: 'is not a checklist setting' });
  const limit = (key: string, nullable: boolean) => {
    const v = c[key];
    if (v === undefined || (nullable && v === null)) return;
    const l = v as Record<string, unknown>;
    for (const part of ['systolicAbove', 'diastolicAbove']) {
      if (
        !isRecord(v) ||
        typeof l[part] !== 'number' ||
        !Number.isFinite(l[part]) ||
        (l[part] as number) < 40 ||
        (l[part] as number) > 300
      ) {
        issues.push({ field: `${path}.${key}.${part}`, message: 'must be a blood pressure in mmHg (40-300)' });
      }
    }
  };
  limit('ivBloodPressureHold', false);
  limit('esketamineBloodPressureCaution', false);
  limit('esketamineBloodPressureHold', true);
  for (const key of ['ivBloodPressureHoldAction', 'missingQuestionnaireAction']) {
    if (c[key] !== undefined && c[key] !== 'block' && c[key] !== 'warn')
      issues.push({ field: `${path}.${key}`, message: 'must be block or warn' });
  }
  for (const key of ['preDoseVitalsMaxAgeMin', 'pregnancyTestMaxAgeDays']) {
    if (c[key] !== undefined && (typeof c[key] !== 'number' || !Number.isFinite(c[key]) || (c[key] as number) <= 0))
      issues.push({ field: `${path}.${key}`, message: 'must be a number > 0' });
  }
  for (const key of ['pregnancyTestRequired', 'pregnancyCheckWhenCanBecomePregnant']) {
    if (c[key] !== undefined && typeof c[key] !== 'boolean')
      issues.push({ field: `${path}.${key}`, message: 'must be true or false' });
  }
  if (
    c.requiredPreDoseVitals !== undefined &&
    (!Array.isArray(c.requiredPreDoseVitals) ||
      c.requiredPreDoseVitals.some((k) => !(VITAL_SIGN_KEYS as readonly string[]).includes(k as string)))
  ) {
    issues.push({ field: `${path}.requiredPreDoseVitals`, message: `must list some of ${VITAL_SIGN_KEYS.join(', ')}` });
  }
  if (
    c.requiredQuestionnaires !== undefined &&
    (!Array.isArray(c.requiredQuestionnaires) ||
      c.requiredQuestionnaires.some((k) => typeof k !== 'string' || k === ''))
  ) {
    issues.push({ field: `${path}.requiredQuestionnaires`, message: 'must list instrument ids' });
  }
  if (c.fasting !== undefined) {
    const f = c.fasting as Record<string, Record<string, unknown>>;
    for (const modality of ['iv', 'esketamine']) {
      for (const key of ['foodMin', 'liquidMin']) {
        const v = isRecord(f) && isRecord(f[modality]) ? f[modality][key] : 'missing';
        if (v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0))
          issues.push({ field: `${path}.fasting.${modality}.${key}`, message: 'must be minutes >= 0 or null' });
      }
    }
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
}

/** The clinic's settings with defaults filled in; throws DomainValidationError on an edited value the domain refuses. */
export function resolveTreatmentDaySettings(
  clinicSettings: Record<string, unknown> | null | undefined,
): TreatmentDaySettings {
  const raw = isRecord(clinicSettings?.treatmentDay) ? clinicSettings.treatmentDay : {};
  const monitoring = {
    ...DEFAULT_MONITORING_SETTINGS,
    ...(isRecord(raw.monitoring) ? raw.monitoring : {}),
  } as MonitoringSettings;
  validateMonitoringSettings(monitoring, 'monitoring');
  if (isRecord(raw.checklist)) validateChecklistSettings(raw.checklist, 'checklist');
  const checklist = {
    ...DEFAULT_CHECKLIST_SETTINGS,
    ...(isRecord(raw.checklist) ? raw.checklist : {}),
  } as ChecklistSettings;
  const thresholds = isRecord(raw.thresholds)
    ? (raw.thresholds as unknown as AlertThresholdSet)
    : DEFAULT_ALERT_THRESHOLDS;
  if (thresholds !== DEFAULT_ALERT_THRESHOLDS) validateAlertThresholds(thresholds);
  const verification = isRecord(raw.secondPersonVerification) ? raw.secondPersonVerification : {};
  return {
    monitoring,
    checklist,
    thresholds,
    secondPersonVerification: {
      iv: typeof verification.iv === 'boolean' ? verification.iv : DEFAULT_SECOND_PERSON_VERIFICATION.iv,
      esketamine:
        typeof verification.esketamine === 'boolean'
          ? verification.esketamine
          : DEFAULT_SECOND_PERSON_VERIFICATION.esketamine,
    },
    questionnaireWindowHours:
      typeof raw.questionnaireWindowHours === 'number' && raw.questionnaireWindowHours > 0
        ? raw.questionnaireWindowHours
        : 24,
    rems: { ...DEFAULT_REMS_SETTING, ...(isRecord(raw.rems) ? (raw.rems as Partial<RemsSettingDefaults>) : {}) },
  };
}

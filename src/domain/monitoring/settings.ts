import type { Citation } from '../shared/citation.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import {
  GEN_HOSP_PSYCH_2024_BP,
  SPRAVATO_LABEL_BP_40_MIN,
  SPRAVATO_LABEL_DEVICES,
  SPRAVATO_LABEL_MONITORING,
  SPRAVATO_REMS_FORM_2021,
  clinicDefault,
} from './sources.js';

/**
 * Timing of the treatment day: when checks fall due, how long patients stay, what discharge needs.
 * Clinic-editable; `MONITORING_SETTING_CITATIONS` says where each default comes from.
 */
export interface MonitoringSettings {
  /** IV: minutes between vital-sign checks while the infusion runs. */
  readonly ivIntervalDuringInfusionMin: number;
  /** IV: a check when the infusion stops. */
  readonly ivCheckAtInfusionEnd: boolean;
  /**
   * IV: a reading from the stop until this many minutes after it counts for the end-of-infusion check, even when
   * it falls in the next check's window (an infusion stopped early, vital signs taken once the patient is settled).
   */
  readonly ivInfusionEndWindowMin: number;
  /** IV: minutes between checks after the infusion stops. */
  readonly ivIntervalAfterInfusionMin: number;
  /** IV: minimum minutes after the infusion stops before discharge. */
  readonly ivMinimumPostInfusionMin: number;
  /** Esketamine: the first post-dose BP check, minutes after the last device. */
  readonly esketamineFirstCheckMin: number;
  /** Esketamine: minutes between checks after the first one. */
  readonly esketamineRepeatIntervalMin: number;
  /** Esketamine: minimum monitoring after the last device (label: at least 2 hours; may be raised, never lowered). */
  readonly esketamineMinimumMonitoringMin: number;
  /** Esketamine: minutes to wait after each device before the next. */
  readonly esketamineMinutesBetweenDevices: number;
  /** A check at the end of the minimum monitoring time (the pre-discharge reading). */
  readonly checkBeforeDischarge: boolean;
  /** A reading this many minutes before a check's due time counts for it. */
  readonly earlyWindowMin: number;
  /** A check turns from due to overdue this many minutes after its due time. */
  readonly overdueGraceMin: number;
  /** MOAA/S the patient must reach before discharge. */
  readonly requiredMoaasForDischarge: number;
  /** The discharge vital signs and MOAA/S must be at most this old. */
  readonly dischargeAssessmentMaxAgeMin: number;
}

export const LABEL_MINIMUM_ESKETAMINE_MONITORING_MIN = 120;
export const LABEL_MINUTES_BETWEEN_DEVICES = 5;
/** "About 40 minutes" (SPRAVATO label): the range a clinic may set the first post-dose BP check in. */
export const ESKETAMINE_FIRST_CHECK_RANGE_MIN = { min: 30, max: 45 } as const;

export const DEFAULT_MONITORING_SETTINGS: MonitoringSettings = {
  ivIntervalDuringInfusionMin: 15,
  ivCheckAtInfusionEnd: true,
  ivInfusionEndWindowMin: 15,
  ivIntervalAfterInfusionMin: 15,
  ivMinimumPostInfusionMin: 30,
  esketamineFirstCheckMin: 40,
  esketamineRepeatIntervalMin: 30,
  esketamineMinimumMonitoringMin: LABEL_MINIMUM_ESKETAMINE_MONITORING_MIN,
  esketamineMinutesBetweenDevices: LABEL_MINUTES_BETWEEN_DEVICES,
  checkBeforeDischarge: true,
  earlyWindowMin: 5,
  overdueGraceMin: 5,
  requiredMoaasForDischarge: 5,
  dischargeAssessmentMaxAgeMin: 15,
};

export const MONITORING_SETTING_CITATIONS: Readonly<Record<keyof MonitoringSettings, Citation>> = {
  ivIntervalDuringInfusionMin: clinicDefault(
    `Every 15 min during IV infusion. No guideline fixes the interval; the Yale series (${GEN_HOSP_PSYCH_2024_BP.url}) measured every 10 min and saw the peak at 40 min`,
  ),
  ivCheckAtInfusionEnd: clinicDefault('A check when the infusion stops'),
  ivInfusionEndWindowMin: clinicDefault(
    'Vital signs taken within 15 min after the infusion stops count as the end-of-infusion check',
  ),
  ivIntervalAfterInfusionMin: clinicDefault('Every 15 min after the infusion until discharge'),
  ivMinimumPostInfusionMin: clinicDefault(
    'At least 30 min of observation after an IV infusion ends; no guideline fixes it',
  ),
  esketamineFirstCheckMin: SPRAVATO_LABEL_BP_40_MIN,
  esketamineRepeatIntervalMin: clinicDefault(
    'After the 40-min check the label says "as clinically warranted"; every 30 min is the clinic default',
  ),
  esketamineMinimumMonitoringMin: SPRAVATO_LABEL_MONITORING,
  esketamineMinutesBetweenDevices: SPRAVATO_LABEL_DEVICES,
  checkBeforeDischarge: SPRAVATO_REMS_FORM_2021,
  earlyWindowMin: clinicDefault('A reading up to 5 min early counts for a check'),
  overdueGraceMin: clinicDefault('A check is overdue 5 min after its due time'),
  requiredMoaasForDischarge: clinicDefault('MOAA/S 5 (responds readily to name in a normal tone) before discharge'),
  dischargeAssessmentMaxAgeMin: clinicDefault('Discharge vital signs and MOAA/S taken within the last 15 min'),
};

function positive(issues: FieldIssue[], path: string, value: number, key: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    issues.push({ field: `${path}.${key}`, message: 'must be a number > 0' });
}

/** Validates clinic-edited settings; throws a DomainValidationError naming each bad field. */
export function validateMonitoringSettings(s: MonitoringSettings, path = 'settings'): MonitoringSettings {
  const issues: FieldIssue[] = [];
  positive(issues, path, s.ivIntervalDuringInfusionMin, 'ivIntervalDuringInfusionMin');
  positive(issues, path, s.ivIntervalAfterInfusionMin, 'ivIntervalAfterInfusionMin');
  positive(issues, path, s.ivInfusionEndWindowMin, 'ivInfusionEndWindowMin');
  positive(issues, path, s.esketamineFirstCheckMin, 'esketamineFirstCheckMin');
  positive(issues, path, s.esketamineRepeatIntervalMin, 'esketamineRepeatIntervalMin');
  positive(issues, path, s.dischargeAssessmentMaxAgeMin, 'dischargeAssessmentMaxAgeMin');
  if (!Number.isFinite(s.ivMinimumPostInfusionMin) || s.ivMinimumPostInfusionMin < 0) {
    issues.push({ field: `${path}.ivMinimumPostInfusionMin`, message: 'must be a number >= 0' });
  }
  if (
    !Number.isFinite(s.esketamineMinimumMonitoringMin) ||
    s.esketamineMinimumMonitoringMin < LABEL_MINIMUM_ESKETAMINE_MONITORING_MIN
  ) {
    issues.push({
      field: `${path}.esketamineMinimumMonitoringMin`,
      message: `must be at least ${LABEL_MINIMUM_ESKETAMINE_MONITORING_MIN} min (Spravato label and REMS)`,
    });
  }
  if (
    !Number.isFinite(s.esketamineMinutesBetweenDevices) ||
    s.esketamineMinutesBetweenDevices < LABEL_MINUTES_BETWEEN_DEVICES
  ) {
    issues.push({
      field: `${path}.esketamineMinutesBetweenDevices`,
      message: `must be at least ${LABEL_MINUTES_BETWEEN_DEVICES} min (Spravato label)`,
    });
  }
  // The pre-discharge blood pressure is the label's, not a clinic choice (SPRAVATO label, Dosage and Administration:
  // reassess blood pressure before the patient leaves; REMS form "BP before completion"): it cannot be switched off.
  if (s.checkBeforeDischarge !== true) {
    issues.push({
      field: `${path}.checkBeforeDischarge`,
      message:
        'must stay on: the blood pressure before discharge is a label requirement (SPRAVATO Dosage and Administration)',
    });
  }
  // The first esketamine check is the label's reassessment "at about 40 minutes" (the peak of the rise): a clinic
  // may move it a few minutes, not past the peak.
  if (
    Number.isFinite(s.esketamineFirstCheckMin) &&
    (s.esketamineFirstCheckMin < ESKETAMINE_FIRST_CHECK_RANGE_MIN.min ||
      s.esketamineFirstCheckMin > ESKETAMINE_FIRST_CHECK_RANGE_MIN.max)
  ) {
    issues.push({
      field: `${path}.esketamineFirstCheckMin`,
      message: `must be from ${ESKETAMINE_FIRST_CHECK_RANGE_MIN.min} to ${ESKETAMINE_FIRST_CHECK_RANGE_MIN.max} min (SPRAVATO label: blood pressure at about 40 minutes after dosing)`,
    });
  }
  if (
    !Number.isInteger(s.requiredMoaasForDischarge) ||
    s.requiredMoaasForDischarge < 0 ||
    s.requiredMoaasForDischarge > 5
  ) {
    issues.push({ field: `${path}.requiredMoaasForDischarge`, message: 'must be a whole number from 0 to 5' });
  }
  if (!Number.isFinite(s.overdueGraceMin) || s.overdueGraceMin < 0)
    issues.push({ field: `${path}.overdueGraceMin`, message: 'must be >= 0' });
  const shortestInterval = Math.min(
    s.ivIntervalDuringInfusionMin,
    s.ivIntervalAfterInfusionMin,
    s.esketamineRepeatIntervalMin,
  );
  if (!Number.isFinite(s.earlyWindowMin) || s.earlyWindowMin < 0 || s.earlyWindowMin >= shortestInterval) {
    issues.push({
      field: `${path}.earlyWindowMin`,
      message: 'must be >= 0 and shorter than the shortest check interval',
    });
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
  return s;
}

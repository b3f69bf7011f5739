import type { Citation } from '../shared/citation.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import type { TreatmentModality } from '../session/modality.js';
import { addMinutes, checkDate, formatClock, minutesBetween } from '../session/time.js';
import { evaluateVitals } from './evaluate-vitals.js';
import {
  DEFAULT_MONITORING_SETTINGS,
  MONITORING_SETTING_CITATIONS,
  validateMonitoringSettings,
  type MonitoringSettings,
} from './settings.js';
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholdSet } from './thresholds.js';
import { SPRAVATO_LABEL_DRIVING, SPRAVATO_LABEL_MONITORING, SPRAVATO_REMS_FDA, clinicDefault } from './sources.js';
import { collectVitalSignIssues, hasBloodPressure, type VitalSignReading, type VitalSigns } from './vitals.js';

export type DischargeReasonCode =
  | 'dosing-not-complete'
  | 'monitoring-time-not-reached'
  | 'vitals-missing'
  | 'vitals-before-monitoring-start'
  | 'vitals-stale'
  | 'vitals-out-of-limits'
  | 'moaas-missing'
  | 'moaas-stale'
  | 'moaas-below-required'
  | 'not-clinically-stable'
  | 'no-ride'
  | 'open-alerts';

export interface DischargeReason {
  readonly code: DischargeReasonCode;
  /** Says exactly what is missing, with the numbers and times. */
  readonly message: string;
  /** False for the label/REMS minimum monitoring time: a prescriber cannot override it. */
  readonly overridable: boolean;
  readonly citation: Citation;
}

export interface DischargeOverride {
  readonly by: string;
  readonly at: Date;
  readonly reason: string;
}

export interface DischargeInput {
  readonly modality: TreatmentModality;
  /** Esketamine: when the last planned device was given (pass it only once all devices are in). */
  readonly lastDeviceAt?: Date;
  /** IV: when the infusion stopped. */
  readonly infusionEndedAt?: Date;
  readonly latestVitals?: VitalSignReading;
  readonly baselineVitals?: VitalSigns;
  readonly latestMoaas?: { readonly score: number; readonly at: Date };
  /** The clinician's judgement that the patient is clinically stable. */
  readonly clinicallyStable: boolean;
  /** The person taking the patient home is here. */
  readonly ridePresent: boolean;
  /** Alerts raised in this session and not yet acknowledged. */
  readonly openAlerts: ReadonlyArray<{ readonly code: string; readonly message?: string }>;
  readonly now: Date;
  readonly settings?: MonitoringSettings;
  readonly thresholds?: AlertThresholdSet;
  /** A prescriber's override of the overridable reasons, with who, when and why (audited by the caller). */
  readonly override?: DischargeOverride;
  /** IANA zone for the clock times in messages (default UTC). */
  readonly timeZone?: string;
}

export interface DischargeDecision {
  readonly allowed: boolean;
  /** Every unmet condition; empty when discharge is allowed on the merits. Kept when overridden, for the record. */
  readonly reasons: readonly DischargeReason[];
  /** The earliest time the minimum monitoring time is over (when dosing is complete). */
  readonly earliestAt?: Date;
  readonly overridden: boolean;
  readonly override?: DischargeOverride;
}

function validateInput(input: DischargeInput): void {
  const issues: FieldIssue[] = [];
  checkDate(input.now, 'now', issues);
  if (input.lastDeviceAt !== undefined) checkDate(input.lastDeviceAt, 'lastDeviceAt', issues);
  if (input.infusionEndedAt !== undefined) checkDate(input.infusionEndedAt, 'infusionEndedAt', issues);
  if (input.latestVitals) {
    checkDate(input.latestVitals.takenAt, 'latestVitals.takenAt', issues);
    collectVitalSignIssues(input.latestVitals, 'latestVitals', issues);
  }
  if (input.baselineVitals) collectVitalSignIssues(input.baselineVitals, 'baselineVitals', issues);
  if (input.latestMoaas) {
    checkDate(input.latestMoaas.at, 'latestMoaas.at', issues);
    const s = input.latestMoaas.score;
    if (!Number.isInteger(s) || s < 0 || s > 5)
      issues.push({ field: 'latestMoaas.score', message: 'MOAA/S must be a whole number from 0 to 5' });
  }
  if (typeof input.clinicallyStable !== 'boolean')
    issues.push({ field: 'clinicallyStable', message: 'must be true or false' });
  if (typeof input.ridePresent !== 'boolean') issues.push({ field: 'ridePresent', message: 'must be true or false' });
  if (input.override) {
    if (typeof input.override.by !== 'string' || input.override.by.trim() === '')
      issues.push({ field: 'override.by', message: 'is required' });
    if (typeof input.override.reason !== 'string' || input.override.reason.trim() === '')
      issues.push({ field: 'override.reason', message: 'an override needs a reason' });
    if (
      checkDate(input.override.at, 'override.at', issues) &&
      input.now instanceof Date &&
      input.override.at.getTime() > input.now.getTime()
    ) {
      issues.push({ field: 'override.at', message: 'is later than now' });
    }
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
}

/**
 * Whether the patient may go home now, and if not, every reason why.
 *  - Esketamine: at least `esketamineMinimumMonitoringMin` (120) after the last device — not overridable;
 *  - IV: at least `ivMinimumPostInfusionMin` (clinic default 30) after the infusion stopped — overridable;
 *  - both: fresh vital signs taken after dosing and within the alert limits (including rise over baseline),
 *    MOAA/S at the required level (default 5), clinically stable, ride present, no unacknowledged alert.
 * Blocked at 119 min and allowed at 120 min: the comparison is `now >= lastDevice + minimum`.
 */
export function evaluateDischarge(input: DischargeInput): DischargeDecision {
  validateInput(input);
  const settings = input.settings ?? DEFAULT_MONITORING_SETTINGS;
  validateMonitoringSettings(settings);
  const thresholds = input.thresholds ?? DEFAULT_ALERT_THRESHOLDS;
  const tz = input.timeZone ?? 'UTC';
  const now = input.now;
  const reasons: DischargeReason[] = [];
  const isEsketamine = input.modality === 'esketamine-nasal';
  const dosingEndedAt = isEsketamine ? input.lastDeviceAt : input.infusionEndedAt;
  const minimum = isEsketamine ? settings.esketamineMinimumMonitoringMin : settings.ivMinimumPostInfusionMin;
  const timeCitation = isEsketamine ? SPRAVATO_LABEL_MONITORING : MONITORING_SETTING_CITATIONS.ivMinimumPostInfusionMin;
  let earliestAt: Date | undefined;

  if (!dosingEndedAt) {
    reasons.push({
      code: 'dosing-not-complete',
      message: isEsketamine
        ? 'The last esketamine device is not recorded yet: the monitoring clock has not started.'
        : 'The infusion has not been stopped yet: the post-infusion monitoring clock has not started.',
      overridable: !isEsketamine,
      citation: timeCitation,
    });
  } else {
    earliestAt = addMinutes(dosingEndedAt, minimum);
    if (now.getTime() < earliestAt.getTime()) {
      const elapsed = Math.floor(minutesBetween(dosingEndedAt, now));
      const remaining = Math.ceil(minutesBetween(now, earliestAt));
      reasons.push({
        code: 'monitoring-time-not-reached',
        message: isEsketamine
          ? `${elapsed} of the required ${minimum} min after the last device (${formatClock(dosingEndedAt, tz)}) have passed; ` +
            `${remaining} min remain, earliest discharge ${formatClock(earliestAt, tz)}.`
          : `${elapsed} of the clinic's minimum ${minimum} min after the infusion ended (${formatClock(dosingEndedAt, tz)}) have passed; ` +
            `${remaining} min remain, earliest discharge ${formatClock(earliestAt, tz)}.`,
        overridable: !isEsketamine,
        citation: isEsketamine ? SPRAVATO_REMS_FDA : timeCitation,
      });
    }
  }

  const maxAge = settings.dischargeAssessmentMaxAgeMin;
  const vitals = input.latestVitals;
  const vitalsCitation = clinicDefault(
    `Discharge vital signs within the alert limits, taken after dosing and within ${maxAge} min`,
  );
  if (!vitals || !hasBloodPressure(vitals)) {
    reasons.push({
      code: 'vitals-missing',
      message: 'No discharge vital signs with a blood pressure are recorded.',
      overridable: true,
      citation: vitalsCitation,
    });
  } else if (dosingEndedAt && vitals.takenAt.getTime() < dosingEndedAt.getTime()) {
    reasons.push({
      code: 'vitals-before-monitoring-start',
      message: `The latest vital signs (${formatClock(vitals.takenAt, tz)}) were taken before dosing ended; take a new set.`,
      overridable: true,
      citation: vitalsCitation,
    });
  } else {
    const age = minutesBetween(vitals.takenAt, now);
    if (age > maxAge) {
      reasons.push({
        code: 'vitals-stale',
        message: `The latest vital signs are ${Math.floor(age)} min old (taken ${formatClock(vitals.takenAt, tz)}); discharge needs a set from the last ${maxAge} min.`,
        overridable: true,
        citation: vitalsCitation,
      });
    }
    const alerts = evaluateVitals(vitals, input.baselineVitals, {
      ...thresholds,
      thresholds: thresholds.thresholds.filter((t) => t.measure !== 'moaas'),
    });
    if (alerts.length > 0) {
      reasons.push({
        code: 'vitals-out-of-limits',
        message: `Vital signs are not within limits: ${alerts.map((a) => a.message).join('; ')}.`,
        overridable: true,
        citation: alerts[0]!.citation,
      });
    }
  }

  const required = settings.requiredMoaasForDischarge;
  const moaasCitation = MONITORING_SETTING_CITATIONS.requiredMoaasForDischarge;
  const moaas = input.latestMoaas;
  if (!moaas) {
    reasons.push({
      code: 'moaas-missing',
      message: `No MOAA/S is recorded; discharge needs MOAA/S ${required}.`,
      overridable: true,
      citation: moaasCitation,
    });
  } else {
    const age = minutesBetween(moaas.at, now);
    if (age > maxAge || (dosingEndedAt !== undefined && moaas.at.getTime() < dosingEndedAt.getTime())) {
      reasons.push({
        code: 'moaas-stale',
        message: `The latest MOAA/S was rated at ${formatClock(moaas.at, tz)}; discharge needs a rating taken after dosing and within the last ${maxAge} min.`,
        overridable: true,
        citation: moaasCitation,
      });
    }
    if (moaas.score < required) {
      reasons.push({
        code: 'moaas-below-required',
        message: `MOAA/S is ${moaas.score}; discharge needs ${required} (responds readily to name in a normal tone).`,
        overridable: true,
        citation: moaasCitation,
      });
    }
  }

  if (!input.clinicallyStable) {
    reasons.push({
      code: 'not-clinically-stable',
      message: 'The clinician has not judged the patient clinically stable.',
      overridable: false,
      citation: SPRAVATO_LABEL_MONITORING,
    });
  }
  if (!input.ridePresent) {
    reasons.push({
      code: 'no-ride',
      message:
        'The person taking the patient home is not here; the patient must not drive until the next day after a restful sleep.',
      overridable: true,
      citation: isEsketamine
        ? SPRAVATO_LABEL_DRIVING
        : clinicDefault('A ride home is required after ketamine treatment'),
    });
  }
  if (input.openAlerts.length > 0) {
    reasons.push({
      code: 'open-alerts',
      message: `${input.openAlerts.length} alert(s) not yet acknowledged: ${input.openAlerts.map((a) => a.message ?? a.code).join('; ')}.`,
      overridable: false,
      citation: clinicDefault('Every alert is acknowledged with the action taken before the patient leaves'),
    });
  }

  const base = { reasons, ...(earliestAt ? { earliestAt } : {}) };
  if (reasons.length === 0) return { allowed: true, overridden: false, ...base };
  if (input.override && reasons.every((r) => r.overridable)) {
    return { allowed: true, overridden: true, override: input.override, ...base };
  }
  return { allowed: false, overridden: false, ...base };
}

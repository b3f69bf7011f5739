import { DomainValidationError, RuleViolationError, type FieldIssue } from '../shared/validation.js';
import { ESKETAMINE_VALID_DOSES_MG } from '../dosing/esketamine.js';
import { addMinutes, checkDate, minutesBetween } from '../session/time.js';
import type { VitalSignReading } from '../monitoring/vitals.js';
import type { HealthcareSettingType } from './enrolment.js';
import { remsRulesFor, type ConcomitantMedicationClass, type RemsRuleSet } from './rules.js';

/**
 * The SPRAVATO REMS Patient Monitoring Form, as data: `buildMonitoringForm` checks that every field the rule set
 * in effect asks for is filled in and returns the form with its computed fields (monitoring duration, deadline).
 * The PDF and the submission to the REMS are the server's and the clinic's business.
 */

export interface PersonName {
  readonly firstName: string;
  readonly lastName: string;
}

export interface BloodPressure {
  readonly systolic: number;
  readonly diastolic: number;
}

export interface MonitoringFormInput {
  readonly setting: HealthcareSettingType;
  readonly patient: PersonName & { readonly birthDate: string; readonly sex: 'male' | 'female' | 'other' };
  readonly isFirstTreatment: boolean;
  readonly patientEnrolled: boolean;
  /** Yes/no for each class the rule set lists. */
  readonly concomitantMedications: Partial<Readonly<Record<ConcomitantMedicationClass, boolean>>>;
  readonly prescriber: PersonName;
  /** The healthcare provider who monitored the patient. */
  readonly monitoringProvider: PersonName & { readonly phone: string; readonly email: string };
  readonly healthcareSetting: {
    readonly name: string;
    readonly address1: string;
    readonly address2?: string;
    readonly city: string;
    readonly state: string;
    readonly zip: string;
  };
  /** Clinic-local date of the session, YYYY-MM-DD. */
  readonly treatmentDate: string;
  readonly doseMg: number;
  readonly lotNumbers: readonly string[];
  readonly firstDeviceAt: Date;
  readonly lastDeviceAt: Date;
  /** When monitoring ended (the patient was judged ready and left). */
  readonly monitoringEndedAt: Date;
  /** REMS evaluation question (2021 form): minutes from the start of administration at which the patient would have been ready without the 2-hour rule. */
  readonly readyToLeaveMinutes?: number;
  readonly vitalSignsAcceptable: { readonly beforeAdministration: boolean; readonly beforeCompletion: boolean };
  readonly bloodPressure: {
    readonly beforeAdministration: BloodPressure;
    readonly fortyMinutesAfter: BloodPressure;
    readonly beforeCompletion: BloodPressure;
  };
  readonly sedation: boolean;
  readonly dissociation: boolean;
  /** Required from the December 2024 rules on. */
  readonly respiratory?: {
    readonly respiratoryDepression: boolean;
    readonly pulseOximetryUsed: boolean;
    readonly lowestSpo2?: number;
  };
  readonly seriousAdverseEvents: { readonly occurred: boolean; readonly description?: string };
}

export interface MonitoringForm extends MonitoringFormInput {
  readonly ruleVersion: string;
  /** Minutes from the first device to the end of monitoring (the form's "total time"). */
  readonly treatmentDurationMin: number;
  /** Minutes from the last device to the end of monitoring. */
  readonly monitoringAfterLastDeviceMin: number;
  readonly submissionDeadline: Date;
  /** Facts a reviewer should see before submitting (e.g. monitoring shorter than required). */
  readonly warnings: readonly string[];
}

const text = (issues: FieldIssue[], field: string, value: unknown): void => {
  if (typeof value !== 'string' || value.trim() === '') issues.push({ field, message: 'is required' });
};
const bool = (issues: FieldIssue[], field: string, value: unknown): void => {
  if (typeof value !== 'boolean') issues.push({ field, message: 'must be answered yes or no' });
};
const bp = (issues: FieldIssue[], field: string, value: BloodPressure | undefined): void => {
  if (!value) {
    issues.push({ field, message: 'is required' });
    return;
  }
  if (!Number.isFinite(value.systolic) || value.systolic < 40 || value.systolic > 300)
    issues.push({ field: `${field}.systolic`, message: 'must be 40-300 mmHg' });
  if (!Number.isFinite(value.diastolic) || value.diastolic < 20 || value.diastolic >= value.systolic) {
    issues.push({ field: `${field}.diastolic`, message: 'must be 20 mmHg or more and below systolic' });
  }
};

/**
 * Validates a Patient Monitoring Form against the rule set in effect on the treatment date (or the one given)
 * and returns it with its computed fields. Throws DomainValidationError listing every missing or bad field,
 * and RuleViolationError `rems-form-not-required` for a setting that does not submit forms.
 */
export function buildMonitoringForm(input: MonitoringFormInput, rules?: RemsRuleSet): MonitoringForm {
  const issues: FieldIssue[] = [];
  const r = rules ?? remsRulesFor(input.treatmentDate);
  if (!r.formRequiredIn.includes(input.setting)) {
    throw new RuleViolationError(
      'rems-form-not-required',
      `SPRAVATO REMS Patient Monitoring Forms are not submitted by ${input.setting} settings.`,
      'setting',
    );
  }
  text(issues, 'patient.firstName', input.patient?.firstName);
  text(issues, 'patient.lastName', input.patient?.lastName);
  if (typeof input.patient?.birthDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(input.patient.birthDate))
    issues.push({ field: 'patient.birthDate', message: 'must be YYYY-MM-DD' });
  if (!['male', 'female', 'other'].includes(input.patient?.sex))
    issues.push({ field: 'patient.sex', message: 'must be male, female or other' });
  bool(issues, 'isFirstTreatment', input.isFirstTreatment);
  bool(issues, 'patientEnrolled', input.patientEnrolled);
  for (const cls of r.concomitantMedicationClasses)
    bool(issues, `concomitantMedications.${cls}`, input.concomitantMedications?.[cls]);
  text(issues, 'prescriber.firstName', input.prescriber?.firstName);
  text(issues, 'prescriber.lastName', input.prescriber?.lastName);
  for (const key of ['firstName', 'lastName', 'phone', 'email'] as const)
    text(issues, `monitoringProvider.${key}`, input.monitoringProvider?.[key]);
  for (const key of ['name', 'address1', 'city', 'state', 'zip'] as const)
    text(issues, `healthcareSetting.${key}`, input.healthcareSetting?.[key]);
  if (typeof input.treatmentDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(input.treatmentDate))
    issues.push({ field: 'treatmentDate', message: 'must be YYYY-MM-DD' });
  if (!(ESKETAMINE_VALID_DOSES_MG as readonly number[]).includes(input.doseMg))
    issues.push({ field: 'doseMg', message: 'must be 28, 56 or 84 mg' });
  if (!Array.isArray(input.lotNumbers) || input.lotNumbers.length === 0)
    issues.push({ field: 'lotNumbers', message: 'at least one lot number is required' });
  else input.lotNumbers.forEach((lot, i) => text(issues, `lotNumbers.${i}`, lot));
  const timesOk = [
    checkDate(input.firstDeviceAt, 'firstDeviceAt', issues),
    checkDate(input.lastDeviceAt, 'lastDeviceAt', issues),
    checkDate(input.monitoringEndedAt, 'monitoringEndedAt', issues),
  ].every(Boolean);
  if (timesOk && input.lastDeviceAt.getTime() < input.firstDeviceAt.getTime())
    issues.push({ field: 'lastDeviceAt', message: 'is before the first device' });
  if (timesOk && input.monitoringEndedAt.getTime() <= input.lastDeviceAt.getTime())
    issues.push({ field: 'monitoringEndedAt', message: 'must be after the last device' });
  if (
    input.readyToLeaveMinutes !== undefined &&
    (!Number.isFinite(input.readyToLeaveMinutes) || input.readyToLeaveMinutes < 0)
  ) {
    issues.push({ field: 'readyToLeaveMinutes', message: 'must be a number of minutes >= 0' });
  }
  bool(issues, 'vitalSignsAcceptable.beforeAdministration', input.vitalSignsAcceptable?.beforeAdministration);
  bool(issues, 'vitalSignsAcceptable.beforeCompletion', input.vitalSignsAcceptable?.beforeCompletion);
  bp(issues, 'bloodPressure.beforeAdministration', input.bloodPressure?.beforeAdministration);
  bp(issues, 'bloodPressure.fortyMinutesAfter', input.bloodPressure?.fortyMinutesAfter);
  bp(issues, 'bloodPressure.beforeCompletion', input.bloodPressure?.beforeCompletion);
  bool(issues, 'sedation', input.sedation);
  bool(issues, 'dissociation', input.dissociation);
  if (r.requiresRespiratoryMonitoring) {
    bool(issues, 'respiratory.respiratoryDepression', input.respiratory?.respiratoryDepression);
    bool(issues, 'respiratory.pulseOximetryUsed', input.respiratory?.pulseOximetryUsed);
    const spo2 = input.respiratory?.lowestSpo2;
    if (spo2 === undefined)
      issues.push({ field: 'respiratory.lowestSpo2', message: 'the lowest pulse-oximetry reading is required' });
    else if (!Number.isFinite(spo2) || spo2 < 50 || spo2 > 100)
      issues.push({ field: 'respiratory.lowestSpo2', message: 'must be 50-100%' });
  }
  bool(issues, 'seriousAdverseEvents.occurred', input.seriousAdverseEvents?.occurred);
  if (input.seriousAdverseEvents?.occurred === true)
    text(issues, 'seriousAdverseEvents.description', input.seriousAdverseEvents.description);
  if (issues.length > 0) throw new DomainValidationError(issues);

  const treatmentDurationMin = Math.round(minutesBetween(input.firstDeviceAt, input.monitoringEndedAt));
  const monitoringAfterLastDeviceMin = Math.round(minutesBetween(input.lastDeviceAt, input.monitoringEndedAt));
  const warnings: string[] = [];
  if (monitoringAfterLastDeviceMin < r.minimumMonitoringMin) {
    warnings.push(
      `Monitoring after the last device was ${monitoringAfterLastDeviceMin} min; the REMS requires at least ${r.minimumMonitoringMin} min.`,
    );
  }
  if (input.isFirstTreatment && !input.patientEnrolled)
    warnings.push('First treatment without REMS enrolment: submit the Patient Enrollment Form.');
  if (r.requiresRespiratoryMonitoring && input.respiratory?.pulseOximetryUsed === false)
    warnings.push('Pulse oximetry was not used; the REMS requires it.');
  return {
    ...input,
    ruleVersion: r.version,
    treatmentDurationMin,
    monitoringAfterLastDeviceMin,
    submissionDeadline: addMinutes(input.monitoringEndedAt, r.formSubmissionDays * 24 * 60),
    warnings,
  };
}

export interface FormObservations {
  readonly beforeAdministration?: BloodPressure;
  readonly fortyMinutesAfter?: BloodPressure;
  readonly beforeCompletion?: BloodPressure;
  readonly lowestSpo2?: number;
  /** True when any MOAA/S rating after dosing was below 5 (a suggestion for the clinician to confirm). */
  readonly sedationSuggested: boolean;
  readonly lowestMoaas?: number;
}

/**
 * Pre-fills the form's observations from the session record. The "40 minutes after" reading is the one closest
 * to 40 min after the last device within +/- `toleranceMin` (default 10); "before completion" is the last reading
 * taken after dosing. Sedation is only suggested: the clinician answers the form.
 */
export function formObservationsFromSession(input: {
  readonly preDoseVitals?: VitalSignReading;
  readonly readings: readonly VitalSignReading[];
  readonly moaasRatings: ReadonlyArray<{ readonly score: number; readonly at: Date }>;
  readonly lastDeviceAt: Date;
  readonly toleranceMin?: number;
}): FormObservations {
  const tolerance = input.toleranceMin ?? 10;
  const last = input.lastDeviceAt.getTime();
  const toBp = (v: VitalSignReading | undefined): BloodPressure | undefined =>
    v && v.systolic !== undefined && v.diastolic !== undefined
      ? { systolic: v.systolic, diastolic: v.diastolic }
      : undefined;
  const after = input.readings
    .filter((v) => v.takenAt.getTime() >= last && v.systolic !== undefined && v.diastolic !== undefined)
    .sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
  const target = last + 40 * 60_000;
  const near = after
    .filter((v) => Math.abs(v.takenAt.getTime() - target) <= tolerance * 60_000)
    .sort((a, b) => Math.abs(a.takenAt.getTime() - target) - Math.abs(b.takenAt.getTime() - target))[0];
  const spo2s = [input.preDoseVitals, ...input.readings].flatMap((v) => (v?.spo2 !== undefined ? [v.spo2] : []));
  const moaasAfter = input.moaasRatings.filter((m) => m.at.getTime() >= last).map((m) => m.score);
  const lowestMoaas = moaasAfter.length > 0 ? Math.min(...moaasAfter) : undefined;
  const beforeAdministration = toBp(input.preDoseVitals);
  const fortyMinutesAfter = toBp(near);
  const beforeCompletion = toBp(after[after.length - 1]);
  return {
    ...(beforeAdministration ? { beforeAdministration } : {}),
    ...(fortyMinutesAfter ? { fortyMinutesAfter } : {}),
    ...(beforeCompletion ? { beforeCompletion } : {}),
    ...(spo2s.length > 0 ? { lowestSpo2: Math.min(...spo2s) } : {}),
    ...(lowestMoaas !== undefined ? { lowestMoaas } : {}),
    sedationSuggested: lowestMoaas !== undefined && lowestMoaas < 5,
  };
}

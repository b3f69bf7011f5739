import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { checkDate } from '../session/time.js';

/** One set of vital signs. Every field is optional: a nurse may record BP alone. Units are fixed. */
export interface VitalSigns {
  /** mmHg */
  readonly systolic?: number;
  /** mmHg */
  readonly diastolic?: number;
  /** beats per minute */
  readonly heartRate?: number;
  /** percent, pulse oximetry */
  readonly spo2?: number;
  /** breaths per minute */
  readonly respiratoryRate?: number;
}

export interface VitalSignReading extends VitalSigns {
  readonly takenAt: Date;
}

export type VitalSignKey = keyof VitalSigns;
export const VITAL_SIGN_KEYS: readonly VitalSignKey[] = [
  'systolic',
  'diastolic',
  'heartRate',
  'spo2',
  'respiratoryRate',
];

export const VITAL_SIGN_UNITS: Readonly<Record<VitalSignKey, string>> = {
  systolic: 'mmHg',
  diastolic: 'mmHg',
  heartRate: '/min',
  spo2: '%',
  respiratoryRate: '/min',
};

export const VITAL_SIGN_LABELS: Readonly<Record<VitalSignKey, string>> = {
  systolic: 'Systolic BP',
  diastolic: 'Diastolic BP',
  heartRate: 'Heart rate',
  spo2: 'SpO2',
  respiratoryRate: 'Respiratory rate',
};

/**
 * Plausibility limits for input (not clinical limits): a value outside them is a typing error, answered with a
 * 400 that names the field, never an alert.
 */
export const VITAL_SIGN_PLAUSIBLE_RANGES: Readonly<Record<VitalSignKey, readonly [number, number]>> = {
  systolic: [40, 300],
  diastolic: [20, 200],
  heartRate: [20, 250],
  spo2: [50, 100],
  respiratoryRate: [0, 80],
};

export function collectVitalSignIssues(v: VitalSigns, path: string, issues: FieldIssue[]): void {
  for (const key of VITAL_SIGN_KEYS) {
    const value = v[key];
    if (value === undefined) continue;
    const [min, max] = VITAL_SIGN_PLAUSIBLE_RANGES[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      issues.push({ field: `${path}.${key}`, message: 'must be a number' });
    } else if (value < min || value > max) {
      issues.push({ field: `${path}.${key}`, message: `must be between ${min} and ${max} ${VITAL_SIGN_UNITS[key]}` });
    }
  }
  if ((v.systolic === undefined) !== (v.diastolic === undefined)) {
    issues.push({
      field: `${path}.${v.systolic === undefined ? 'systolic' : 'diastolic'}`,
      message: 'blood pressure needs both systolic and diastolic',
    });
  } else if (v.systolic !== undefined && v.diastolic !== undefined && v.diastolic >= v.systolic) {
    issues.push({ field: `${path}.diastolic`, message: 'must be lower than systolic' });
  }
}

/** Throws a DomainValidationError naming each implausible field. */
export function validateVitalSigns(v: VitalSigns, path = 'vitals'): void {
  const issues: FieldIssue[] = [];
  collectVitalSignIssues(v, path, issues);
  if (issues.length > 0) throw new DomainValidationError(issues);
}

export function validateVitalSignReading(v: VitalSignReading, path = 'reading'): void {
  const issues: FieldIssue[] = [];
  checkDate(v.takenAt, `${path}.takenAt`, issues);
  collectVitalSignIssues(v, path, issues);
  if (issues.length > 0) throw new DomainValidationError(issues);
}

export function hasBloodPressure(v: VitalSigns): v is VitalSigns & { systolic: number; diastolic: number } {
  return v.systolic !== undefined && v.diastolic !== undefined;
}

export function formatBloodPressure(v: VitalSigns): string {
  return hasBloodPressure(v) ? `${v.systolic}/${v.diastolic} mmHg` : 'not recorded';
}

/** MOAA/S: a single 0-5 rating (5 = responds readily to name spoken in a normal tone, 0 = no response). */
export function validateMoaas(score: unknown, field = 'moaas'): number {
  if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 5) {
    throw new DomainValidationError([{ field, message: 'MOAA/S must be a whole number from 0 to 5' }]);
  }
  return score;
}

/**
 * The five vital signs typed on the treatment day, at check-in (before the dose) and in monitoring observations:
 * their inputs in the order they are typed, what the form holds while they are typed (a number or empty text), and
 * the readings that were entered.
 */
import { numberOrUndefined } from './session-time';

export const VITAL_SIGNS = [
  { key: 'systolic', label: 'Systolic BP', suffix: ' mmHg' },
  { key: 'diastolic', label: 'Diastolic BP', suffix: ' mmHg' },
  { key: 'heartRate', label: 'Heart rate', suffix: ' /min' },
  { key: 'spo2', label: 'SpO2', suffix: ' %' },
  { key: 'respiratoryRate', label: 'Respiratory rate', suffix: ' /min' },
] as const;

export type VitalSignKey = (typeof VITAL_SIGNS)[number]['key'];

/** The vital signs as a form holds them: a number once typed, '' while empty. */
export type VitalSignsDraft = Record<VitalSignKey, string | number>;

export const NO_VITAL_SIGNS: VitalSignsDraft = {
  systolic: '',
  diastolic: '',
  heartRate: '',
  spo2: '',
  respiratoryRate: '',
};

/** The vital signs that were entered, as numbers, in the order they are typed; an empty one is left out. */
export function enteredVitalSigns(draft: VitalSignsDraft): Partial<Record<VitalSignKey, number>> {
  return Object.fromEntries(
    VITAL_SIGNS.flatMap(({ key }) => {
      const value = numberOrUndefined(draft[key]);
      return value === undefined ? [] : [[key, value]];
    }),
  );
}

import { RuleViolationError } from '../shared/validation.js';
import type { RemsRuleSet } from './rules.js';

export type HealthcareSettingType = 'outpatient' | 'inpatient';

/**
 * Outpatient settings enrol each patient in the REMS before the first treatment; inpatient settings do not.
 * Throws RuleViolationError `rems-patient-not-enrolled` when a treatment would start without it.
 */
export function assertRemsEnrolment(input: {
  setting: HealthcareSettingType;
  patientEnrolled: boolean;
  rules: RemsRuleSet;
}): void {
  if (input.setting !== 'outpatient' || !input.rules.enrolmentBeforeFirstTreatment) return;
  if (!input.patientEnrolled) {
    throw new RuleViolationError(
      'rems-patient-not-enrolled',
      'The patient must be enrolled in the SPRAVATO REMS before the first treatment in an outpatient setting.',
      'patientEnrolled',
    );
  }
}

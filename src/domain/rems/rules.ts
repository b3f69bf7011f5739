import type { Citation } from '../shared/citation.js';
import { DomainValidationError } from '../shared/validation.js';
import {
  SPRAVATO_REMS_FDA,
  SPRAVATO_REMS_FORM_2021,
  SPRAVATO_REMS_FORM_2024,
  SPRAVATO_REMS_OUTPATIENT,
} from '../monitoring/sources.js';

/**
 * The SPRAVATO REMS rules the software applies, as versioned data: the programme changes (the modification of
 * 31 Dec 2024 added respiratory depression, pulse oximetry and opioids). A session is judged by the rule set in
 * effect on its date. Add a new entry, never edit an old one.
 */

export type ConcomitantMedicationClass =
  | 'benzodiazepines'
  | 'non-benzodiazepine-sedative-hypnotics'
  | 'sedative-hypnotics'
  | 'opioids'
  | 'psychostimulants'
  | 'maois';

export const CONCOMITANT_CLASS_LABELS: Readonly<Record<ConcomitantMedicationClass, string>> = {
  benzodiazepines: 'Benzodiazepines',
  'non-benzodiazepine-sedative-hypnotics': 'Non-benzodiazepine sedative hypnotics',
  'sedative-hypnotics': 'Sedative hypnotics',
  opioids: 'Opioids',
  psychostimulants: 'Psychostimulants',
  maois: 'Monoamine oxidase inhibitors (MAOIs)',
};

export interface RemsRuleSet {
  readonly version: string;
  /** First day (YYYY-MM-DD) the rules apply to a session. */
  readonly effectiveFrom: string;
  /** Last day they apply (inclusive), when superseded. */
  readonly effectiveTo?: string;
  readonly summary: string;
  /** Outpatient settings enrol each patient before the first treatment. */
  readonly enrolmentBeforeFirstTreatment: boolean;
  /** Days after the session by which the Patient Monitoring Form is due. */
  readonly formSubmissionDays: number;
  readonly minimumMonitoringMin: number;
  /** The form records respiratory status and pulse oximetry. */
  readonly requiresRespiratoryMonitoring: boolean;
  /** Settings that submit forms (inpatient settings neither enrol patients nor submit forms). */
  readonly formRequiredIn: ReadonlyArray<'outpatient' | 'inpatient'>;
  readonly concomitantMedicationClasses: readonly ConcomitantMedicationClass[];
  readonly citations: readonly Citation[];
}

export const REMS_RULE_SETS: readonly RemsRuleSet[] = [
  {
    version: 'spravato-rems-2021-11',
    effectiveFrom: '2021-11-01',
    effectiveTo: '2024-12-30',
    summary:
      'Patient Monitoring Form (11/2021): sedation, dissociation, blood pressure at three points, 2-hour monitoring.',
    enrolmentBeforeFirstTreatment: true,
    formSubmissionDays: 7,
    minimumMonitoringMin: 120,
    requiresRespiratoryMonitoring: false,
    formRequiredIn: ['outpatient'],
    concomitantMedicationClasses: [
      'benzodiazepines',
      'non-benzodiazepine-sedative-hypnotics',
      'psychostimulants',
      'maois',
    ],
    citations: [SPRAVATO_REMS_FORM_2021, SPRAVATO_REMS_OUTPATIENT],
  },
  {
    version: 'spravato-rems-2024-12',
    effectiveFrom: '2024-12-31',
    summary:
      'REMS modification of 31 Dec 2024: monitoring also for respiratory depression, a pulse oximeter on site, a prescriber ' +
      'on site; the form records respiratory status with pulse oximetry and opioids among concomitant medicines.',
    enrolmentBeforeFirstTreatment: true,
    formSubmissionDays: 7,
    minimumMonitoringMin: 120,
    requiresRespiratoryMonitoring: true,
    formRequiredIn: ['outpatient'],
    concomitantMedicationClasses: ['benzodiazepines', 'sedative-hypnotics', 'opioids', 'psychostimulants'],
    citations: [SPRAVATO_REMS_FDA, SPRAVATO_REMS_FORM_2024, SPRAVATO_REMS_OUTPATIENT],
  },
];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The rule set in effect on a session date (YYYY-MM-DD, the clinic's local date). */
export function remsRulesFor(sessionDate: string, ruleSets: readonly RemsRuleSet[] = REMS_RULE_SETS): RemsRuleSet {
  if (typeof sessionDate !== 'string' || !ISO_DATE.test(sessionDate)) {
    throw new DomainValidationError([{ field: 'sessionDate', message: 'must be a date as YYYY-MM-DD' }]);
  }
  const found = ruleSets.find(
    (r) => r.effectiveFrom <= sessionDate && (r.effectiveTo === undefined || sessionDate <= r.effectiveTo),
  );
  if (!found) {
    throw new DomainValidationError([
      { field: 'sessionDate', message: `no SPRAVATO REMS rule set covers ${sessionDate}` },
    ]);
  }
  return found;
}

export const CURRENT_REMS_RULES: RemsRuleSet = REMS_RULE_SETS[REMS_RULE_SETS.length - 1]!;

import type { Citation } from '../shared/citation.js';

/** Procedure and diagnosis codes used on treatment days, with their sources. Descriptions are short paraphrases. */

export const CPT_IV_INFUSION: Citation = {
  source:
    'AMA CPT 96365 (IV infusion for therapy, prophylaxis or diagnosis; initial, up to 1 hour) and +96366 (each additional hour)',
  detail:
    'Time rules as restated by AAPC and by CMS-based guides: 96365 needs an infusion of more than 15 minutes (15 minutes or ' +
    'less is reported as a push); +96366 is reported for each additional hour, and a final partial hour counts only when ' +
    'it runs more than 30 minutes past the last full hour (a 75-minute infusion is 96365 alone).',
  url: 'https://aapc.com/codes/coding-newsletters/my-pulmonology-coding-alert/you-be-the-coderinfusion-codes-necessitate-constant-supervision-article',
  status: 'published',
};

export const HCPCS_ESKETAMINE: Citation = {
  source: 'CMS HCPCS Level II G2082 and G2083 (added 1 Jan 2020)',
  detail:
    'Office or other outpatient visit for an established patient needing supervision of esketamine nasal self-administration, ' +
    'including 2 hours of post-administration observation: G2082 up to 56 mg, G2083 more than 56 mg',
  url: 'https://www.carepartnersct.com/2-1-22-pharm-changes',
  status: 'regulation',
};

export interface ProcedureCode {
  readonly system: 'CPT' | 'HCPCS';
  readonly code: string;
  readonly description: string;
  readonly citation: Citation;
}

export const PROCEDURE_CODES = {
  '96365': {
    system: 'CPT',
    code: '96365',
    description: 'IV infusion, therapy/prophylaxis/diagnosis; initial, up to 1 hour',
    citation: CPT_IV_INFUSION,
  },
  '96366': {
    system: 'CPT',
    code: '96366',
    description: 'IV infusion, therapy/prophylaxis/diagnosis; each additional hour (add-on)',
    citation: CPT_IV_INFUSION,
  },
  G2082: {
    system: 'HCPCS',
    code: 'G2082',
    description: 'Visit with supervised esketamine nasal self-administration, up to 56 mg, incl. 2 h observation',
    citation: HCPCS_ESKETAMINE,
  },
  G2083: {
    system: 'HCPCS',
    code: 'G2083',
    description: 'Visit with supervised esketamine nasal self-administration, more than 56 mg, incl. 2 h observation',
    citation: HCPCS_ESKETAMINE,
  },
} as const satisfies Record<string, ProcedureCode>;

export const ICD10CM_SOURCE: Citation = {
  source: 'ICD-10-CM (CDC National Center for Health Statistics / CMS), tabular list',
  url: 'https://www.cms.gov/medicare/coding-billing/icd-10-codes',
  status: 'regulation',
};

/** Diagnoses commonly seen in ketamine clinics (clinical-reference.md section 6). Other well-formed codes are accepted. */
export const COMMON_DIAGNOSES: Readonly<Record<string, string>> = {
  'F32.0': 'Major depressive disorder, single episode, mild',
  'F32.1': 'Major depressive disorder, single episode, moderate',
  'F32.2': 'Major depressive disorder, single episode, severe without psychotic features',
  'F32.3': 'Major depressive disorder, single episode, severe with psychotic features',
  'F32.4': 'Major depressive disorder, single episode, in partial remission',
  'F32.5': 'Major depressive disorder, single episode, in full remission',
  'F32.9': 'Major depressive disorder, single episode, unspecified',
  'F33.0': 'Major depressive disorder, recurrent, mild',
  'F33.1': 'Major depressive disorder, recurrent, moderate',
  'F33.2': 'Major depressive disorder, recurrent, severe without psychotic features',
  'F33.3': 'Major depressive disorder, recurrent, severe with psychotic symptoms',
  'F33.41': 'Major depressive disorder, recurrent, in partial remission',
  'F33.42': 'Major depressive disorder, recurrent, in full remission',
  'F33.9': 'Major depressive disorder, recurrent, unspecified',
  'F41.1': 'Generalized anxiety disorder',
  'F43.10': 'Post-traumatic stress disorder, unspecified',
  'F43.11': 'Post-traumatic stress disorder, acute',
  'F43.12': 'Post-traumatic stress disorder, chronic',
  'R45.851': 'Suicidal ideations',
};

/** Category headings that need more characters before they can go on a claim. */
export const NON_BILLABLE_HEADINGS: readonly string[] = [
  'F32',
  'F33',
  'F33.4',
  'F41',
  'F43',
  'F43.1',
  'F31',
  'G90',
  'G90.5',
  'G90.51',
  'G90.52',
  'R45',
  'R45.85',
];

/**
 * Medical and psychiatric conditions the eligibility rules know. A fact that names any other code is refused
 * (DomainValidationError on `facts.conditions.<index>`): an unknown code must never be silently ignored.
 */
export const CONDITION_CODES = [
  'aneurysmal-vascular-disease',
  'arteriovenous-malformation',
  'intracerebral-hemorrhage-history',
  'uncontrolled-hypertension',
  'cardiovascular-disease-unstable',
  'psychosis-active',
  'schizophrenia',
  'mania-current',
  'bipolar-disorder-history',
  'substance-use-disorder-active',
  'ketamine-use-disorder-history',
  'severe-hepatic-disease',
  'moderate-hepatic-impairment',
  'raised-intracranial-pressure',
  'raised-intraocular-pressure',
  'ketamine-hypersensitivity',
  'interstitial-cystitis',
] as const;
export type ConditionCode = (typeof CONDITION_CODES)[number];

export const CONDITION_NAMES: Readonly<Record<ConditionCode, string>> = {
  'aneurysmal-vascular-disease': 'Aneurysmal vascular disease (aortic, intracranial or peripheral arterial)',
  'arteriovenous-malformation': 'Arteriovenous malformation',
  'intracerebral-hemorrhage-history': 'History of intracerebral haemorrhage',
  'uncontrolled-hypertension': 'Uncontrolled hypertension',
  'cardiovascular-disease-unstable': 'Unstable or poorly controlled cardiovascular disease',
  'psychosis-active': 'Active psychosis',
  schizophrenia: 'Schizophrenia (current or past)',
  'mania-current': 'Current mania or hypomania',
  'bipolar-disorder-history': 'Bipolar disorder (a past manic or hypomanic episode, or a bipolar diagnosis)',
  'substance-use-disorder-active': 'Active substance use disorder',
  'ketamine-use-disorder-history': 'History of ketamine misuse or ketamine use disorder',
  'severe-hepatic-disease': 'Severe hepatic disease',
  'moderate-hepatic-impairment': 'Moderate hepatic impairment (Child-Pugh B)',
  'raised-intracranial-pressure': 'Raised intracranial pressure',
  'raised-intraocular-pressure': 'Raised intraocular pressure (e.g. glaucoma)',
  'ketamine-hypersensitivity': 'Hypersensitivity to ketamine or esketamine',
  'interstitial-cystitis': 'Interstitial or ulcerative cystitis',
};

export function isConditionCode(value: unknown): value is ConditionCode {
  return typeof value === 'string' && (CONDITION_CODES as readonly string[]).includes(value);
}

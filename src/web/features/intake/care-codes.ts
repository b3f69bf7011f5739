/**
 * Codes the issue-4 API speaks, with the words the app shows for them. They mirror the server's lists
 * (src/domain/eligibility/conditions.ts, src/domain/protocols/modality.ts and definitions.ts); the server refuses
 * any other code with a 400 naming the field, so a list out of step shows up at once.
 */

export type Modality = 'iv-ketamine' | 'im-ketamine' | 'esketamine-nasal' | 'kap' | 'iv-ketamine-pain';

export const MODALITIES: readonly Modality[] = ['iv-ketamine', 'im-ketamine', 'esketamine-nasal', 'kap', 'iv-ketamine-pain'];

export const MODALITY_LABELS: Readonly<Record<Modality, string>> = {
  'iv-ketamine': 'IV ketamine (mood)',
  'im-ketamine': 'IM ketamine (mood)',
  'esketamine-nasal': 'Esketamine nasal spray',
  kap: 'Ketamine-assisted psychotherapy',
  'iv-ketamine-pain': 'IV ketamine (chronic pain)',
};

export function modalityLabel(modality: string): string {
  return MODALITY_LABELS[modality as Modality] ?? modality;
}

export type ConditionCode =
  | 'aneurysmal-vascular-disease' | 'arteriovenous-malformation' | 'intracerebral-hemorrhage-history' | 'uncontrolled-hypertension'
  | 'cardiovascular-disease-unstable' | 'psychosis-active' | 'schizophrenia' | 'mania-current' | 'bipolar-disorder-history'
  | 'substance-use-disorder-active' | 'ketamine-use-disorder-history' | 'severe-hepatic-disease' | 'moderate-hepatic-impairment'
  | 'raised-intracranial-pressure' | 'raised-intraocular-pressure'
  | 'ketamine-hypersensitivity' | 'interstitial-cystitis';

/** The intake's checklist, in the server's order. */
export const CONDITIONS: ReadonlyArray<{ readonly code: ConditionCode; readonly label: string }> = [
  { code: 'aneurysmal-vascular-disease', label: 'Aneurysmal vascular disease (aortic, intracranial or peripheral arterial)' },
  { code: 'arteriovenous-malformation', label: 'Arteriovenous malformation' },
  { code: 'intracerebral-hemorrhage-history', label: 'History of intracerebral haemorrhage' },
  { code: 'uncontrolled-hypertension', label: 'Uncontrolled hypertension' },
  { code: 'cardiovascular-disease-unstable', label: 'Unstable or poorly controlled cardiovascular disease' },
  { code: 'psychosis-active', label: 'Active psychosis' },
  { code: 'schizophrenia', label: 'Schizophrenia (current or past)' },
  { code: 'mania-current', label: 'Current mania or hypomania' },
  { code: 'bipolar-disorder-history', label: 'Bipolar disorder (a past manic or hypomanic episode, or a bipolar diagnosis)' },
  { code: 'substance-use-disorder-active', label: 'Active substance use disorder' },
  { code: 'ketamine-use-disorder-history', label: 'History of ketamine misuse or ketamine use disorder' },
  { code: 'severe-hepatic-disease', label: 'Severe hepatic disease' },
  { code: 'moderate-hepatic-impairment', label: 'Moderate hepatic impairment (Child-Pugh B)' },
  { code: 'raised-intracranial-pressure', label: 'Raised intracranial pressure' },
  { code: 'raised-intraocular-pressure', label: 'Raised intraocular pressure (e.g. glaucoma)' },
  { code: 'ketamine-hypersensitivity', label: 'Hypersensitivity to ketamine or esketamine' },
  { code: 'interstitial-cystitis', label: 'Interstitial or ulcerative cystitis' },
];

export type ProtocolId = 'iv-ketamine-induction' | 'iv-ketamine-maintenance' | 'esketamine-trd' | 'esketamine-mdsi' | 'kap' | 'iv-ketamine-pain';

export const PROTOCOLS: ReadonlyArray<{ readonly id: ProtocolId; readonly modality: Modality; readonly label: string }> = [
  { id: 'iv-ketamine-induction', modality: 'iv-ketamine', label: 'IV ketamine induction series (mood)' },
  { id: 'iv-ketamine-maintenance', modality: 'iv-ketamine', label: 'IV ketamine maintenance infusions (mood)' },
  { id: 'esketamine-trd', modality: 'esketamine-nasal', label: 'Esketamine for treatment-resistant depression' },
  { id: 'esketamine-mdsi', modality: 'esketamine-nasal', label: 'Esketamine for MDD with acute suicidal ideation' },
  { id: 'kap', modality: 'kap', label: 'Ketamine-assisted psychotherapy' },
  { id: 'iv-ketamine-pain', modality: 'iv-ketamine-pain', label: 'IV ketamine for chronic pain' },
];

export const ADHERENCE_LEVELS = ['good', 'partial', 'poor'] as const;
export const TRIAL_OUTCOMES = ['no-response', 'partial-response', 'response', 'remission', 'not-tolerated'] as const;
export type Adherence = (typeof ADHERENCE_LEVELS)[number];
export type TrialOutcome = (typeof TRIAL_OUTCOMES)[number];

/** 'partial-response' -> 'Partial response'. */
export function words(code: string): string {
  const text = code.replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

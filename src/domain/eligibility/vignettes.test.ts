import { describe, expect, it } from 'vitest';
import { evaluateEligibility, type EligibilityDecision } from './evaluate.js';
import { CONDITION_CODES } from './conditions.js';
import type { EligibilityFacts } from './facts.js';
import type { RuleCode } from './rules.js';
import { MODALITIES, type Modality } from '../protocols/modality.js';
import { TWO_FAILED_TRIALS } from './trials.testing.js';

// Vignettes written for this project (no real patients). Expected results follow the default rule set:
// - esketamine: SPRAVATO US PI sections 1 (indications), 4 (contraindications), Warnings (blood pressure
//   > 140/90 as a general guide, dissociation, abuse, cystitis, embryo-fetal toxicity), 7 (interactions), 8.
// - racemic ketamine for mood: Sanacora et al., JAMA Psychiatry 2017;74(4):399-405, plus clinic defaults.
// - chronic pain: Cohen et al., Reg Anesth Pain Med 2018;43(5):521-546 (ASRA/AAPM/ASA), plus clinic defaults.
// Rule set 2.0.0 changed vignettes that asserted an unsafe answer (each marked "was ..." below): a missing fact is
// a review, not a pass; esketamine outside its label indication is ineligible without two prescribers; MDSI needs
// an oral antidepressant (label section 1); bipolar disorder is a review reason.
const adult: EligibilityFacts = {
  age: 42,
  weightKg: 75,
  systolic: 124,
  diastolic: 78,
  pregnant: false,
  diagnoses: ['F33.2'],
  trials: TWO_FAILED_TRIALS,
};
const painAdult: EligibilityFacts = {
  age: 51,
  weightKg: 80,
  systolic: 128,
  diastolic: 82,
  canBecomePregnant: false,
  diagnoses: ['G90.50'],
};

interface Vignette {
  readonly name: string;
  readonly modality: Modality;
  readonly facts: EligibilityFacts;
  readonly decision: EligibilityDecision;
  /** Every reason code expected, in the order returned (absolute, relative, info). */
  readonly codes: readonly RuleCode[];
}

const VIGNETTES: readonly Vignette[] = [
  {
    name: 'TRD after sertraline and venlafaxine failures',
    modality: 'esketamine-nasal',
    facts: adult,
    decision: 'eligible',
    codes: [],
  },
  {
    name: 'MDD with R45.851 and no trials, on sertraline (MDSI indication)',
    modality: 'esketamine-nasal',
    facts: { ...adult, trials: [], diagnoses: ['F32.2', 'R45.851'], medications: ['sertraline 100 mg'] },
    decision: 'eligible',
    codes: [],
  },
  {
    name: 'MDD with acute suicidal ideation recorded as a flag, on Lexapro',
    modality: 'esketamine-nasal',
    facts: { ...adult, trials: undefined, acuteSuicidalIdeation: true, medications: ['Lexapro 10mg'] },
    decision: 'eligible',
    codes: [],
  },
  // was 'eligible': MDSI is indicated only together with an oral antidepressant (label section 1).
  {
    name: 'MDD with acute suicidal ideation and no oral antidepressant',
    modality: 'esketamine-nasal',
    facts: { ...adult, trials: undefined, acuteSuicidalIdeation: true },
    decision: 'ineligible',
    codes: ['esketamine-indication-not-established'],
  },
  {
    name: 'TRD on esketamine monotherapy with suicidal ideation (TRD carries the indication)',
    modality: 'esketamine-nasal',
    facts: { ...adult, acuteSuicidalIdeation: true },
    decision: 'eligible',
    codes: [],
  },
  {
    name: 'recurrent MDD in full remission (F33.42) only',
    modality: 'esketamine-nasal',
    facts: { ...adult, diagnoses: ['F33.42'] },
    decision: 'ineligible',
    codes: ['esketamine-indication-not-established'],
  },
  {
    name: 'history of intracerebral haemorrhage',
    modality: 'esketamine-nasal',
    facts: { ...adult, conditions: ['intracerebral-hemorrhage-history'] },
    decision: 'ineligible',
    codes: ['intracerebral-hemorrhage-history'],
  },
  {
    name: 'abdominal aortic aneurysm',
    modality: 'esketamine-nasal',
    facts: { ...adult, conditions: ['aneurysmal-vascular-disease'] },
    decision: 'ineligible',
    codes: ['aneurysmal-vascular-disease'],
  },
  {
    name: 'cerebral arteriovenous malformation',
    modality: 'esketamine-nasal',
    facts: { ...adult, conditions: ['arteriovenous-malformation'] },
    decision: 'ineligible',
    codes: ['arteriovenous-malformation'],
  },
  {
    name: 'anaphylaxis to ketamine during surgery',
    modality: 'esketamine-nasal',
    facts: { ...adult, conditions: ['ketamine-hypersensitivity'] },
    decision: 'ineligible',
    codes: ['ketamine-hypersensitivity'],
  },
  // was 'review': not treatment-resistant is off-label; a second prescriber countersigns.
  {
    name: 'MDD with one failed trial only',
    modality: 'esketamine-nasal',
    facts: { ...adult, trials: [TWO_FAILED_TRIALS[0]] },
    decision: 'ineligible',
    codes: ['esketamine-indication-not-established'],
  },
  // was 'review' with the indication reason only.
  {
    name: 'bipolar depression, no MDD code',
    modality: 'esketamine-nasal',
    facts: { ...adult, diagnoses: ['F31.4'] },
    decision: 'ineligible',
    codes: ['bipolar-disorder-history', 'esketamine-indication-not-established'],
  },
  {
    name: 'TRD with a past hypomanic episode',
    modality: 'esketamine-nasal',
    facts: { ...adult, conditions: ['bipolar-disorder-history'] },
    decision: 'review',
    codes: ['bipolar-disorder-history'],
  },
  {
    name: 'TRD with compensated cirrhosis, Child-Pugh B',
    modality: 'esketamine-nasal',
    facts: { ...adult, conditions: ['moderate-hepatic-impairment'] },
    decision: 'review',
    codes: ['moderate-hepatic-impairment'],
  },
  {
    name: 'MDD, no trials recorded yet',
    modality: 'esketamine-nasal',
    facts: { ...adult, trials: undefined },
    decision: 'review',
    codes: ['esketamine-indication-facts-not-recorded'],
  },
  {
    name: '16-year-old with TRD',
    modality: 'esketamine-nasal',
    facts: { ...adult, age: 16 },
    decision: 'ineligible',
    codes: ['age-under-minimum'],
  },
  {
    name: 'pregnant, second trimester',
    modality: 'esketamine-nasal',
    facts: { ...adult, pregnant: true },
    decision: 'ineligible',
    codes: ['pregnancy'],
  },
  {
    name: 'breastfeeding a 4-month-old',
    modality: 'esketamine-nasal',
    facts: { ...adult, breastfeeding: true },
    decision: 'review',
    codes: ['breastfeeding'],
  },
  {
    name: 'blood pressure 150/92 at intake',
    modality: 'esketamine-nasal',
    facts: { ...adult, systolic: 150, diastolic: 92 },
    decision: 'review',
    codes: ['blood-pressure-elevated'],
  },
  // was 'eligible' (the missing reading was information only).
  {
    name: 'blood pressure not yet measured',
    modality: 'esketamine-nasal',
    facts: { ...adult, systolic: undefined, diastolic: undefined },
    decision: 'review',
    codes: ['blood-pressure-not-recorded'],
  },
  {
    name: 'no age, no blood pressure, no pregnancy status',
    modality: 'esketamine-nasal',
    facts: { diagnoses: ['F33.2'], trials: TWO_FAILED_TRIALS },
    decision: 'review',
    codes: ['age-not-recorded', 'pregnancy-status-not-recorded', 'blood-pressure-not-recorded'],
  },
  {
    name: 'pregnancy status unknown, can become pregnant',
    modality: 'esketamine-nasal',
    facts: { ...adult, pregnant: undefined, canBecomePregnant: true },
    decision: 'review',
    codes: ['pregnancy-status-not-recorded'],
  },
  {
    name: 'Xanax 0.5 mg at night and Adderall XR 20 mg',
    modality: 'esketamine-nasal',
    facts: { ...adult, medications: ['Xanax 0.5 mg', 'Adderall XR 20 mg'] },
    decision: 'review',
    codes: ['medication-stimulant', 'medication-benzodiazepine'],
  },
  {
    name: 'linezolid for an infection',
    modality: 'esketamine-nasal',
    facts: { ...adult, medications: ['linezolid 600 mg bid'] },
    decision: 'review',
    codes: ['medication-maoi'],
  },
  {
    name: 'drinks alcohol most evenings',
    modality: 'esketamine-nasal',
    facts: { ...adult, medications: ['alcohol'] },
    decision: 'eligible',
    codes: ['medication-alcohol'],
  },
  {
    name: 'an herbal product nobody recognises',
    modality: 'esketamine-nasal',
    facts: { ...adult, medications: ['kratom extract'] },
    decision: 'review',
    codes: ['medication-unrecognised'],
  },
  {
    name: 'lorazepam at night and amphetamine for ADHD',
    modality: 'esketamine-nasal',
    facts: { ...adult, medications: ['lorazepam', 'amphetamine'] },
    decision: 'review',
    codes: ['medication-stimulant', 'medication-benzodiazepine'],
  },
  {
    name: 'on phenelzine',
    modality: 'esketamine-nasal',
    facts: { ...adult, medications: ['phenelzine'] },
    decision: 'review',
    codes: ['medication-maoi'],
  },
  {
    name: 'interstitial cystitis under urology care',
    modality: 'esketamine-nasal',
    facts: { ...adult, conditions: ['interstitial-cystitis'] },
    decision: 'review',
    codes: ['interstitial-cystitis'],
  },
  {
    name: 'treated open-angle glaucoma',
    modality: 'esketamine-nasal',
    facts: { ...adult, conditions: ['raised-intraocular-pressure'] },
    decision: 'review',
    codes: ['raised-intraocular-pressure'],
  },
  {
    name: 'decompensated cirrhosis',
    modality: 'esketamine-nasal',
    facts: { ...adult, conditions: ['severe-hepatic-disease'] },
    decision: 'ineligible',
    codes: ['severe-hepatic-disease'],
  },
  {
    name: 'recurrent MDD, healthy',
    modality: 'iv-ketamine',
    facts: { ...adult, trials: undefined },
    decision: 'eligible',
    codes: [],
  },
  {
    name: 'hypertension poorly controlled on three agents (158/96)',
    modality: 'iv-ketamine',
    facts: { ...adult, systolic: 158, diastolic: 96, conditions: ['uncontrolled-hypertension'] },
    decision: 'ineligible',
    codes: ['uncontrolled-hypertension'],
  },
  {
    name: 'unstable angina last month',
    modality: 'iv-ketamine',
    facts: { ...adult, conditions: ['cardiovascular-disease-unstable'] },
    decision: 'ineligible',
    codes: ['cardiovascular-disease-unstable'],
  },
  {
    name: 'psychotic depression with active delusions',
    modality: 'iv-ketamine',
    facts: { ...adult, conditions: ['psychosis-active'] },
    decision: 'ineligible',
    codes: ['psychosis-active'],
  },
  {
    name: 'schizophrenia in remission with depressive episode',
    modality: 'iv-ketamine',
    facts: { ...adult, conditions: ['schizophrenia'] },
    decision: 'review',
    codes: ['schizophrenia'],
  },
  {
    name: 'bipolar I, currently manic',
    modality: 'iv-ketamine',
    facts: { ...adult, diagnoses: ['F31.2'], conditions: ['mania-current'] },
    decision: 'ineligible',
    codes: ['mania-current', 'bipolar-disorder-history'],
  },
  {
    name: 'daily cocaine use',
    modality: 'iv-ketamine',
    facts: { ...adult, conditions: ['substance-use-disorder-active'] },
    decision: 'ineligible',
    codes: ['substance-use-disorder-active'],
  },
  {
    name: 'clonazepam and lamotrigine for bipolar II depression',
    modality: 'iv-ketamine',
    facts: { ...adult, diagnoses: ['F31.81'], medications: ['clonazepam', 'lamotrigine'] },
    decision: 'review',
    codes: ['bipolar-disorder-history', 'medication-benzodiazepine', 'medication-lamotrigine'],
  },
  {
    name: 'blood pressure 150/95: below the IV clinic threshold',
    modality: 'iv-ketamine',
    facts: { ...adult, systolic: 150, diastolic: 95 },
    decision: 'eligible',
    codes: [],
  },
  {
    name: 'blood pressure 170/104 at intake',
    modality: 'iv-ketamine',
    facts: { ...adult, systolic: 170, diastolic: 104 },
    decision: 'review',
    codes: ['blood-pressure-elevated'],
  },
  {
    name: 'intracerebral haemorrhage five years ago',
    modality: 'iv-ketamine',
    facts: { ...adult, conditions: ['intracerebral-hemorrhage-history'] },
    decision: 'ineligible',
    codes: ['intracerebral-hemorrhage-history'],
  },
  {
    name: 'past recreational ketamine dependence',
    modality: 'im-ketamine',
    facts: { ...adult, conditions: ['ketamine-use-disorder-history'] },
    decision: 'ineligible',
    codes: ['ketamine-use-disorder-history'],
  },
  {
    name: 'idiopathic intracranial hypertension',
    modality: 'im-ketamine',
    facts: { ...adult, conditions: ['raised-intracranial-pressure'] },
    decision: 'ineligible',
    codes: ['raised-intracranial-pressure'],
  },
  {
    name: 'known arteriovenous malformation',
    modality: 'im-ketamine',
    facts: { ...adult, conditions: ['arteriovenous-malformation'] },
    decision: 'ineligible',
    codes: ['arteriovenous-malformation'],
  },
  {
    name: 'PTSD with depression, healthy',
    modality: 'kap',
    facts: { ...adult, diagnoses: ['F43.10', 'F33.1'], trials: undefined },
    decision: 'eligible',
    codes: [],
  },
  {
    name: 'oxycodone after back surgery and zolpidem',
    modality: 'kap',
    facts: { ...adult, medications: ['oxycodone', 'zolpidem'] },
    decision: 'review',
    codes: ['medication-opioid', 'medication-other-sedative'],
  },
  {
    name: 'interstitial cystitis',
    modality: 'kap',
    facts: { ...adult, conditions: ['interstitial-cystitis'] },
    decision: 'review',
    codes: ['interstitial-cystitis'],
  },
  {
    name: 'allergic to ketamine',
    modality: 'kap',
    facts: { ...adult, conditions: ['ketamine-hypersensitivity'] },
    decision: 'ineligible',
    codes: ['ketamine-hypersensitivity'],
  },
  {
    name: 'CRPS of the right hand, healthy',
    modality: 'iv-ketamine-pain',
    facts: painAdult,
    decision: 'eligible',
    codes: [],
  },
  {
    name: 'CRPS on oxycodone and gabapentin',
    modality: 'iv-ketamine-pain',
    facts: { ...painAdult, medications: ['oxycodone', 'gabapentin'] },
    decision: 'eligible',
    codes: ['medication-opioid', 'medication-other-sedative'],
  },
  {
    name: 'CRPS with alcoholic cirrhosis',
    modality: 'iv-ketamine-pain',
    facts: { ...painAdult, conditions: ['severe-hepatic-disease'] },
    decision: 'ineligible',
    codes: ['severe-hepatic-disease'],
  },
  {
    name: 'CRPS with glaucoma',
    modality: 'iv-ketamine-pain',
    facts: { ...painAdult, conditions: ['raised-intraocular-pressure'] },
    decision: 'review',
    codes: ['raised-intraocular-pressure'],
  },
  {
    name: 'CRPS in pregnancy',
    modality: 'iv-ketamine-pain',
    facts: { ...painAdult, canBecomePregnant: true, pregnant: true },
    decision: 'ineligible',
    codes: ['pregnancy'],
  },
  {
    name: 'CRPS with aortic aneurysm and past schizophrenia',
    modality: 'iv-ketamine-pain',
    facts: { ...painAdult, conditions: ['schizophrenia', 'aneurysmal-vascular-disease'] },
    decision: 'ineligible',
    codes: ['aneurysmal-vascular-disease', 'schizophrenia'],
  },
];

describe('eligibility vignettes', () => {
  it.each(VIGNETTES)('$modality: $name -> $decision', ({ modality, facts, decision, codes }) => {
    const result = evaluateEligibility(modality, facts);
    expect(result.reasons.map((r) => r.code)).toEqual(codes);
    expect(result.decision).toBe(decision);
    for (const reason of result.reasons) {
      expect(reason.message.length).toBeGreaterThan(10);
      expect(reason.source.source.length).toBeGreaterThan(5);
    }
  });

  it('has at least 30 vignettes covering every condition code and every modality', () => {
    expect(VIGNETTES.length).toBeGreaterThanOrEqual(30);
    const conditions = new Set(VIGNETTES.flatMap((v) => v.facts.conditions ?? []));
    expect([...CONDITION_CODES].filter((c) => !conditions.has(c))).toEqual([]);
    const modalities = new Set(VIGNETTES.map((v) => v.modality));
    expect([...MODALITIES].filter((m) => !modalities.has(m))).toEqual([]);
  });
});

import type { Citation } from '../shared/citation.js';
import { DomainValidationError, RuleViolationError, type FieldIssue } from '../shared/validation.js';
import { MODALITIES, isModality, type Modality } from '../protocols/modality.js';
import { SOURCES, clinicDefault } from '../protocols/sources.js';
import { CONDITION_CODES, type ConditionCode } from './conditions.js';
import { MEDICATION_CLASSES, type MedicationClass } from './medications.js';
import { isRecord } from '../shared/guards.js';

/**
 * - `absolute`: blocks; nobody can override it.
 * - `relative`: a prescriber must review and document why treatment goes ahead. A clinic may mark a relative rule
 *   `blocking`: the decision is then `ineligible`, and going ahead needs a second prescriber's countersignature.
 * - `info`: shown to the prescriber, changes nothing.
 */
export const SEVERITIES = ['absolute', 'relative', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type MedicationRuleCode = `medication-${MedicationClass}`;
export const RULE_CODES = [
  ...CONDITION_CODES,
  'age-under-minimum',
  'age-not-recorded',
  'pregnancy',
  'pregnancy-status-not-recorded',
  'breastfeeding',
  'blood-pressure-elevated',
  'blood-pressure-not-recorded',
  'esketamine-indication-not-established',
  'esketamine-indication-facts-not-recorded',
  ...MEDICATION_CLASSES.map((c): MedicationRuleCode => `medication-${c}`),
  'medication-unrecognised',
] as const;
export type RuleCode = ConditionCode | MedicationRuleCode | (typeof RULE_CODES)[number];

/** Rule codes that only exist for esketamine (its label indication). */
export const ESKETAMINE_ONLY_RULE_CODES: readonly RuleCode[] = [
  'esketamine-indication-not-established',
  'esketamine-indication-facts-not-recorded',
];

export interface RuleThreshold {
  /** `age-under-minimum`: fires when age < minAgeYears. */
  readonly minAgeYears?: number;
  /** `blood-pressure-elevated`: fires when systolic > systolicAbove or diastolic > diastolicAbove. */
  readonly systolicAbove?: number;
  readonly diastolicAbove?: number;
}

export interface EligibilityRule {
  readonly severity: Severity;
  /** Only for `relative`: the decision becomes `ineligible` (override needs a countersignature). */
  readonly blocking: boolean;
  readonly enabled: boolean;
  readonly message: string;
  readonly source: Citation;
  readonly threshold?: RuleThreshold;
  /**
   * A contraindication in the esketamine label (section 4). A clinic cannot make it less than `absolute` or turn
   * it off: the label, not the clinic, decides it.
   */
  readonly labelContraindication?: boolean;
  /**
   * A rule the esketamine label sets (adults only, pregnancy, blood pressure, indication, interactions...) or a
   * safety net under it (a missing fact, an unrecognised medicine). A clinic may make it stricter, never weaker:
   * not off, not a lower severity, not non-blocking when it blocks, no higher blood-pressure or lower age threshold.
   */
  readonly labelFloor?: boolean;
  /** Set when a clinic changed the rule; `defaultSource` keeps the citation of the shipped default. */
  readonly clinicOverridden?: boolean;
  readonly defaultSource?: Citation;
}

export type ModalityRules = Readonly<Partial<Record<RuleCode, EligibilityRule>>>;

export interface EligibilityRuleSet {
  readonly version: string;
  readonly modalities: Readonly<Record<Modality, ModalityRules>>;
}

type Group = 'esketamine' | 'mood' | 'pain';
const GROUP_OF: Readonly<Record<Modality, Group>> = {
  'esketamine-nasal': 'esketamine',
  'iv-ketamine': 'mood',
  'im-ketamine': 'mood',
  kap: 'mood',
  'iv-ketamine-pain': 'pain',
};

function r(
  severity: Severity,
  message: string,
  source: Citation,
  extra: Partial<EligibilityRule> = {},
): EligibilityRule {
  return { severity, blocking: false, enabled: true, message, source, ...extra };
}
const blocking = { blocking: true } as const;

const raisesBp = (what: string): string =>
  `${what}: ketamine and esketamine raise blood pressure (peak about 40 minutes after dosing), which can make it bleed or rupture.`;

/** Per rule code, the default for each group of modalities. */
const DEFAULTS: Readonly<Record<RuleCode, Partial<Record<Group, EligibilityRule>>>> = {
  'aneurysmal-vascular-disease': {
    esketamine: r(
      'absolute',
      `${raisesBp('Aneurysmal vascular disease')} Contraindicated in the esketamine label.`,
      SOURCES.spravatoContraindications,
      { labelContraindication: true },
    ),
    mood: r(
      'absolute',
      raisesBp('Aneurysmal vascular disease'),
      clinicDefault(
        'Absolute by analogy with the esketamine label contraindication (section 4); same blood-pressure mechanism',
      ),
    ),
    pain: r(
      'absolute',
      raisesBp('Aneurysmal vascular disease'),
      clinicDefault(
        'Absolute by analogy with the esketamine label contraindication (section 4); same blood-pressure mechanism',
      ),
    ),
  },
  'arteriovenous-malformation': {
    esketamine: r(
      'absolute',
      `${raisesBp('Arteriovenous malformation')} Contraindicated in the esketamine label.`,
      SOURCES.spravatoContraindications,
      { labelContraindication: true },
    ),
    mood: r(
      'absolute',
      raisesBp('Arteriovenous malformation'),
      clinicDefault('Absolute by analogy with the esketamine label contraindication (section 4)'),
    ),
    pain: r(
      'absolute',
      raisesBp('Arteriovenous malformation'),
      clinicDefault('Absolute by analogy with the esketamine label contraindication (section 4)'),
    ),
  },
  'intracerebral-hemorrhage-history': {
    esketamine: r(
      'absolute',
      `${raisesBp('History of intracerebral haemorrhage')} Contraindicated in the esketamine label.`,
      SOURCES.spravatoContraindications,
      { labelContraindication: true },
    ),
    mood: r(
      'absolute',
      raisesBp('History of intracerebral haemorrhage'),
      clinicDefault('Absolute by analogy with the esketamine label contraindication (section 4)'),
    ),
    pain: r(
      'absolute',
      raisesBp('History of intracerebral haemorrhage'),
      clinicDefault('Absolute by analogy with the esketamine label contraindication (section 4)'),
    ),
  },
  'ketamine-hypersensitivity': {
    esketamine: r(
      'absolute',
      'Hypersensitivity to esketamine or ketamine: contraindicated in the esketamine label.',
      SOURCES.spravatoContraindications,
      { labelContraindication: true },
    ),
    mood: r(
      'absolute',
      'Hypersensitivity to ketamine: do not give the drug.',
      clinicDefault(
        'Hypersensitivity to the drug itself; listed by the consensus documents (clinical-reference section 1)',
      ),
    ),
    pain: r(
      'absolute',
      'Hypersensitivity to ketamine: do not give the drug.',
      clinicDefault(
        'Hypersensitivity to the drug itself; listed by the consensus documents (clinical-reference section 1)',
      ),
    ),
  },
  'uncontrolled-hypertension': {
    esketamine: r(
      'relative',
      'Uncontrolled hypertension: esketamine raises blood pressure. Control it first, or document why benefit outweighs risk.',
      SOURCES.spravatoBloodPressure,
      blocking,
    ),
    mood: r(
      'relative',
      'Uncontrolled hypertension: ketamine raises blood pressure during and after the infusion. Control it first.',
      SOURCES.sanacoraContraindications,
      blocking,
    ),
    pain: r(
      'relative',
      'Uncontrolled hypertension: ketamine should not be used in poorly controlled cardiovascular disease.',
      SOURCES.cohenContraindications,
      blocking,
    ),
  },
  'cardiovascular-disease-unstable': {
    esketamine: r(
      'relative',
      'Unstable cardiovascular disease: assess whether a rise in blood pressure and heart rate is safe before esketamine.',
      SOURCES.spravatoBloodPressure,
      blocking,
    ),
    mood: r(
      'relative',
      'Unstable cardiovascular disease: ketamine raises blood pressure and heart rate; cardiology input before treatment.',
      SOURCES.sanacoraContraindications,
      blocking,
    ),
    pain: r(
      'relative',
      'Unstable cardiovascular disease: ketamine should not be used in poorly controlled cardiovascular disease.',
      SOURCES.cohenContraindications,
      blocking,
    ),
  },
  'psychosis-active': {
    esketamine: r(
      'relative',
      'Active psychosis: dissociation and perceptual changes may worsen it; treat only if benefit outweighs risk.',
      SOURCES.spravatoDissociation,
      blocking,
    ),
    mood: r(
      'relative',
      'Active psychosis: ketamine can worsen psychotic symptoms.',
      SOURCES.sanacoraContraindications,
      blocking,
    ),
    pain: r(
      'relative',
      'Active psychosis: ketamine should be avoided in poorly controlled psychosis.',
      SOURCES.cohenContraindications,
      blocking,
    ),
  },
  schizophrenia: {
    esketamine: r(
      'relative',
      'Schizophrenia (current or past): assess psychosis risk carefully before esketamine.',
      SOURCES.spravatoDissociation,
    ),
    mood: r(
      'relative',
      'Schizophrenia (current or past): ketamine can bring on psychotic symptoms.',
      SOURCES.sanacoraContraindications,
    ),
    pain: r(
      'relative',
      'Schizophrenia (current or past): ketamine can bring on psychotic symptoms.',
      SOURCES.cohenContraindications,
    ),
  },
  'mania-current': {
    esketamine: r(
      'relative',
      'Current mania or hypomania: treat the mania first; esketamine is for depressive episodes.',
      clinicDefault('Ketamine treatments are studied in depressive episodes; current mania is a reason to wait'),
    ),
    mood: r(
      'relative',
      'Current mania or hypomania: treat the mania first; ketamine is studied in depressive episodes.',
      clinicDefault('Ketamine treatments are studied in depressive episodes; current mania is a reason to wait'),
      blocking,
    ),
    pain: r(
      'relative',
      'Current mania or hypomania: psychiatric review before ketamine.',
      clinicDefault('Psychiatric stability before ketamine infusions'),
    ),
  },
  'bipolar-disorder-history': {
    esketamine: r(
      'relative',
      'Bipolar disorder: esketamine is indicated and was studied in major depressive disorder; antidepressant treatment can bring on mania. A prescriber weighs it and plans mood monitoring.',
      clinicDefault('Outside the label population (SPRAVATO sections 1 and 14: MDD); review by clinic default'),
    ),
    mood: r(
      'relative',
      'Bipolar disorder: ketamine can bring on mania or hypomania; make sure a mood stabiliser and mood monitoring are in place.',
      clinicDefault(
        'Bipolar depression is studied less than MDD in the ketamine literature (Sanacora 2017); review by clinic default',
      ),
    ),
    pain: r(
      'relative',
      'Bipolar disorder: ketamine can bring on mania or hypomania; psychiatric review before a course.',
      clinicDefault('Psychiatric stability before ketamine infusions'),
    ),
  },
  'substance-use-disorder-active': {
    esketamine: r(
      'relative',
      'Active substance use disorder: esketamine can be misused; weigh the risk and monitor for misuse.',
      SOURCES.spravatoAbuse,
    ),
    mood: r(
      'relative',
      'Active substance use disorder: ketamine can be misused; treat the substance use first.',
      SOURCES.sanacoraContraindications,
      blocking,
    ),
    pain: r(
      'relative',
      'Active substance use disorder: serial ketamine infusions should not be given during active substance abuse.',
      SOURCES.cohenContraindications,
      blocking,
    ),
  },
  'ketamine-use-disorder-history': {
    esketamine: r(
      'relative',
      'History of ketamine misuse: high risk of relapse into misuse with esketamine.',
      SOURCES.spravatoAbuse,
      blocking,
    ),
    mood: r(
      'relative',
      'History of ketamine misuse: high risk of relapse into misuse.',
      clinicDefault('Ketamine misuse risk (Sanacora 2017; Cohen 2018): blocking by clinic default'),
      blocking,
    ),
    pain: r(
      'relative',
      'History of ketamine misuse: high risk of relapse into misuse.',
      clinicDefault('Ketamine misuse risk (Cohen 2018): blocking by clinic default'),
      blocking,
    ),
  },
  'severe-hepatic-disease': {
    esketamine: r(
      'relative',
      'Severe hepatic disease: no experience with esketamine in severe (Child-Pugh C) impairment; not recommended.',
      SOURCES.spravatoHepatic,
      blocking,
    ),
    mood: r(
      'relative',
      'Severe hepatic disease: ketamine is metabolised by the liver; avoid in severe disease.',
      SOURCES.cohenContraindications,
      blocking,
    ),
    pain: r(
      'relative',
      'Severe hepatic disease: avoid ketamine infusions (moderate disease: caution and monitoring).',
      SOURCES.cohenContraindications,
      blocking,
    ),
  },
  'moderate-hepatic-impairment': {
    esketamine: r(
      'relative',
      'Moderate hepatic impairment (Child-Pugh B): esketamine levels are higher and last longer; plan a longer monitoring period after each dose.',
      SOURCES.spravatoHepaticModerate,
    ),
    mood: r(
      'relative',
      'Moderate hepatic impairment: ketamine is cleared by the liver; use caution and monitor longer.',
      SOURCES.cohenContraindications,
    ),
    pain: r(
      'relative',
      'Moderate hepatic impairment: caution and monitoring with ketamine infusions.',
      SOURCES.cohenContraindications,
    ),
  },
  'raised-intracranial-pressure': {
    esketamine: r(
      'relative',
      'Raised intracranial pressure: do not give esketamine where a rise in intracranial pressure poses a serious risk.',
      SOURCES.spravatoBloodPressure,
      blocking,
    ),
    mood: r(
      'relative',
      'Raised intracranial pressure: ketamine should not be used, or only at lower doses with great caution.',
      SOURCES.cohenContraindications,
      blocking,
    ),
    pain: r(
      'relative',
      'Raised intracranial pressure: ketamine should not be used, or only at lower doses with great caution.',
      SOURCES.cohenContraindications,
      blocking,
    ),
  },
  'raised-intraocular-pressure': {
    esketamine: r(
      'relative',
      'Raised intraocular pressure: ketamine raises eye pressure; ophthalmic review first.',
      clinicDefault('Raised intraocular pressure is a caution in Cohen 2018; the esketamine label does not list it'),
    ),
    mood: r(
      'relative',
      'Raised intraocular pressure: ketamine raises eye pressure; ophthalmic review first.',
      SOURCES.cohenContraindications,
    ),
    pain: r(
      'relative',
      'Raised intraocular pressure: ketamine should not be used, or only at lower doses with great caution.',
      SOURCES.cohenContraindications,
    ),
  },
  'interstitial-cystitis': {
    esketamine: r(
      'relative',
      'Interstitial or ulcerative cystitis: ketamine can damage the bladder; monitor urinary symptoms closely.',
      SOURCES.spravatoCystitis,
    ),
    mood: r(
      'relative',
      'Interstitial or ulcerative cystitis: ketamine can damage the bladder with repeated use.',
      clinicDefault('Ketamine-associated cystitis with repeated use; the esketamine label warns of it'),
    ),
    pain: r(
      'relative',
      'Interstitial or ulcerative cystitis: ketamine can damage the bladder with repeated use.',
      clinicDefault('Ketamine-associated cystitis with repeated use; the esketamine label warns of it'),
    ),
  },
  'age-under-minimum': {
    esketamine: r(
      'relative',
      'Under 18: esketamine is not approved for patients under 18.',
      SOURCES.spravatoPediatric,
      { blocking: true, threshold: { minAgeYears: 18 } },
    ),
    mood: r(
      'relative',
      'Under 18: ketamine treatment of mood disorders is studied in adults.',
      clinicDefault('Adult treatment only unless two prescribers agree'),
      { blocking: true, threshold: { minAgeYears: 18 } },
    ),
    pain: r(
      'relative',
      'Under 18: the chronic-pain consensus covers adults.',
      clinicDefault('Adult treatment only unless two prescribers agree'),
      { blocking: true, threshold: { minAgeYears: 18 } },
    ),
  },
  'age-not-recorded': {
    esketamine: r(
      'relative',
      'Age not recorded: esketamine is for adults only; record the date of birth before deciding.',
      SOURCES.spravatoPediatric,
    ),
    mood: r(
      'relative',
      'Age not recorded: record the date of birth before deciding (adult treatment only).',
      clinicDefault('A missing fact a rule needs is a review, not a pass'),
    ),
    pain: r(
      'relative',
      'Age not recorded: record the date of birth before deciding (adult treatment only).',
      clinicDefault('A missing fact a rule needs is a review, not a pass'),
    ),
  },
  pregnancy: {
    esketamine: r(
      'relative',
      'Pregnancy: esketamine may harm the fetus and is not recommended in pregnancy.',
      SOURCES.spravatoPregnancy,
      blocking,
    ),
    mood: r(
      'relative',
      'Pregnancy: ketamine may harm the fetus; relative contraindication in the consensus guidance.',
      clinicDefault(
        'Pregnancy is a relative contraindication in Cohen 2018; embryo-fetal risk per the esketamine label',
      ),
      blocking,
    ),
    pain: r(
      'relative',
      'Pregnancy: relative contraindication to ketamine infusions.',
      SOURCES.cohenContraindications,
      blocking,
    ),
  },
  'pregnancy-status-not-recorded': {
    esketamine: r(
      'relative',
      'Pregnancy status unknown for a patient who can become pregnant: esketamine may harm the fetus and is not recommended in pregnancy. Establish the status (test) before deciding; a pregnancy check before each session is on by default.',
      SOURCES.spravatoPregnancy,
    ),
    mood: r(
      'relative',
      'Pregnancy status unknown for a patient who can become pregnant: establish it before deciding.',
      clinicDefault(
        'A missing fact a rule needs is a review, not a pass; pregnancy is a relative contraindication (Cohen 2018)',
      ),
    ),
    pain: r(
      'relative',
      'Pregnancy status unknown for a patient who can become pregnant: establish it before deciding.',
      clinicDefault(
        'A missing fact a rule needs is a review, not a pass; pregnancy is a relative contraindication (Cohen 2018)',
      ),
    ),
  },
  breastfeeding: {
    esketamine: r('relative', 'Breastfeeding: not recommended during esketamine treatment.', SOURCES.spravatoLactation),
    mood: r(
      'relative',
      'Breastfeeding: ketamine passes into breast milk; discuss pausing breastfeeding.',
      clinicDefault('By analogy with the esketamine label, section 8.2'),
    ),
    pain: r(
      'relative',
      'Breastfeeding: ketamine passes into breast milk; discuss pausing breastfeeding.',
      clinicDefault('By analogy with the esketamine label, section 8.2'),
    ),
  },
  'blood-pressure-elevated': {
    esketamine: r(
      'relative',
      'Blood pressure is elevated before treatment: weigh the short-term rise esketamine causes before going ahead.',
      SOURCES.spravatoBloodPressure,
      { threshold: { systolicAbove: 140, diastolicAbove: 90 } },
    ),
    mood: r(
      'relative',
      'Blood pressure is elevated: ketamine raises it further during the infusion.',
      clinicDefault('160/100 mmHg, the same as the clinic-default pre-infusion hold (clinical-reference section 1)'),
      { threshold: { systolicAbove: 160, diastolicAbove: 100 } },
    ),
    pain: r(
      'relative',
      'Blood pressure is elevated: ketamine raises it further during the infusion.',
      clinicDefault('160/100 mmHg, the same as the clinic-default pre-infusion hold (clinical-reference section 1)'),
      { threshold: { systolicAbove: 160, diastolicAbove: 100 } },
    ),
  },
  'blood-pressure-not-recorded': {
    esketamine: r(
      'relative',
      'No seated blood pressure recorded: measure it before deciding.',
      SOURCES.spravatoBloodPressure,
    ),
    mood: r(
      'relative',
      'No seated blood pressure recorded: measure it before deciding.',
      clinicDefault(
        'Blood pressure is needed to apply the elevated-pressure rule; a missing fact is a review, not a pass',
      ),
    ),
    pain: r(
      'relative',
      'No seated blood pressure recorded: measure it before deciding.',
      clinicDefault(
        'Blood pressure is needed to apply the elevated-pressure rule; a missing fact is a review, not a pass',
      ),
    ),
  },
  'esketamine-indication-not-established': {
    esketamine: r(
      'relative',
      "Outside the esketamine label indication (treatment-resistant depression, or MDD with acute suicidal ideation or behaviour together with an oral antidepressant). Off-label use needs a prescriber's documented reason and a second prescriber's countersignature.",
      SOURCES.spravatoIndications,
      blocking,
    ),
  },
  'esketamine-indication-facts-not-recorded': {
    esketamine: r(
      'relative',
      'The facts that establish the esketamine indication are not recorded: record them before deciding.',
      SOURCES.spravatoIndications,
    ),
  },
  'medication-benzodiazepine': {
    esketamine: r('info', 'Benzodiazepine: closely monitor for added sedation.', SOURCES.spravatoInteractions),
    mood: r(
      'relative',
      'Benzodiazepine: may blunt the antidepressant response and adds sedation; consider holding or lowering the dose before sessions.',
      clinicDefault(
        'Reported to blunt ketamine response (Sanacora 2017; clinical-reference section 1); severity chosen by the clinic',
      ),
    ),
    pain: r(
      'info',
      'Benzodiazepine: monitor for added sedation.',
      clinicDefault('Added sedation; no effect on analgesic response established'),
    ),
  },
  'medication-lamotrigine': {
    esketamine: r(
      'info',
      'Lamotrigine: may blunt the response to ketamine-class drugs.',
      clinicDefault(
        'Lamotrigine reduces glutamate release; reported to blunt ketamine effects; not in the esketamine label',
      ),
    ),
    mood: r(
      'relative',
      'Lamotrigine: may blunt the antidepressant response to ketamine.',
      clinicDefault(
        'Reported to blunt ketamine response (clinical-reference section 1); severity chosen by the clinic',
      ),
    ),
    pain: r('info', 'Lamotrigine: may blunt ketamine effects.', clinicDefault('Reported to blunt ketamine effects')),
  },
  'medication-maoi': {
    esketamine: r(
      'relative',
      'MAO inhibitor: closely monitor blood pressure; the rise can be larger.',
      SOURCES.spravatoInteractions,
    ),
    mood: r(
      'relative',
      'MAO inhibitor: ketamine can raise blood pressure further; monitor closely.',
      clinicDefault('By analogy with the esketamine label, Drug Interactions (MAOIs)'),
    ),
    pain: r(
      'relative',
      'MAO inhibitor: ketamine can raise blood pressure further; monitor closely.',
      clinicDefault('By analogy with the esketamine label, Drug Interactions (MAOIs)'),
    ),
  },
  'medication-stimulant': {
    esketamine: r(
      'relative',
      'Psychostimulant: closely monitor blood pressure; the rise can be larger.',
      SOURCES.spravatoInteractions,
    ),
    mood: r(
      'relative',
      'Psychostimulant: ketamine can raise blood pressure further; consider holding it on treatment days.',
      clinicDefault('By analogy with the esketamine label, Drug Interactions (psychostimulants)'),
    ),
    pain: r(
      'relative',
      'Psychostimulant: ketamine can raise blood pressure further; consider holding it on treatment days.',
      clinicDefault('By analogy with the esketamine label, Drug Interactions (psychostimulants)'),
    ),
  },
  'medication-opioid': {
    esketamine: r('info', 'Opioid: closely monitor for added sedation and breathing.', SOURCES.spravatoInteractions),
    mood: r(
      'relative',
      'Opioid: added sedation and respiratory depression; plan monitoring.',
      clinicDefault('CNS depressant; by analogy with the esketamine label, Drug Interactions'),
    ),
    pain: r(
      'info',
      'Opioid: common in chronic pain; monitor sedation and breathing during the infusion.',
      clinicDefault('CNS depressant; expected in chronic-pain patients'),
    ),
  },
  'medication-alcohol': {
    esketamine: r(
      'info',
      'Alcohol: a CNS depressant; closely monitor for added sedation and advise no alcohol on treatment days.',
      SOURCES.spravatoInteractions,
    ),
    mood: r(
      'info',
      'Alcohol: a CNS depressant; monitor for added sedation and advise no alcohol on treatment days.',
      clinicDefault('CNS depressant; by analogy with the esketamine label, Drug Interactions'),
    ),
    pain: r(
      'info',
      'Alcohol: a CNS depressant; monitor for added sedation.',
      clinicDefault('CNS depressant; by analogy with the esketamine label, Drug Interactions'),
    ),
  },
  'medication-unrecognised': {
    esketamine: r(
      'relative',
      "Not in the medicine table, so it could not be checked against the label's interaction classes (CNS depressants, psychostimulants, MAO inhibitors): a prescriber checks it.",
      SOURCES.spravatoInteractions,
    ),
    mood: r(
      'relative',
      'Not in the medicine table, so it could not be checked for interactions: a prescriber checks it.',
      clinicDefault('An unrecognised medicine is never dropped: it reaches a prescriber by name'),
    ),
    pain: r(
      'relative',
      'Not in the medicine table, so it could not be checked for interactions: a prescriber checks it.',
      clinicDefault('An unrecognised medicine is never dropped: it reaches a prescriber by name'),
    ),
  },
  'medication-other-sedative': {
    esketamine: r('info', 'Other sedating medicine: closely monitor for added sedation.', SOURCES.spravatoInteractions),
    mood: r(
      'info',
      'Other sedating medicine: monitor for added sedation.',
      clinicDefault('CNS depressant; by analogy with the esketamine label, Drug Interactions'),
    ),
    pain: r(
      'info',
      'Other sedating medicine: monitor for added sedation.',
      clinicDefault('CNS depressant; by analogy with the esketamine label, Drug Interactions'),
    ),
  },
};

/**
 * The shipped rule set's version. 2.0.0: missing facts give `review`; medicines normalised by ingredient with
 * unrecognised ones named; esketamine label rules locked against weakening; indication rules per section 1
 * (remission codes, MDSI with an oral antidepressant, off-label blocking); bipolar history; moderate hepatic
 * impairment. A clinic's edits make `2.0.0+clinic.<revision>`.
 */
export const SHIPPED_RULE_SET_VERSION = '2.0.0';

/** Rules that stand in for a missing fact or an unrecognised medicine: floors for esketamine whatever they cite. */
const SAFETY_NET_CODES: readonly RuleCode[] = [
  'age-not-recorded',
  'pregnancy-status-not-recorded',
  'blood-pressure-not-recorded',
  'esketamine-indication-facts-not-recorded',
  'medication-unrecognised',
];

function buildDefaults(): EligibilityRuleSet {
  const modalities = {} as Record<Modality, ModalityRules>;
  for (const modality of MODALITIES) {
    const group = GROUP_OF[modality];
    const rules: Partial<Record<RuleCode, EligibilityRule>> = {};
    for (const code of RULE_CODES) {
      const rule = DEFAULTS[code][group];
      if (!rule) continue;
      // Esketamine: what the label sets, and the safety nets under it, are floors a clinic can only raise.
      const floor = group === 'esketamine' && (rule.source.status === 'label' || SAFETY_NET_CODES.includes(code));
      rules[code] = floor ? { ...rule, labelFloor: true } : rule;
    }
    modalities[modality] = rules;
  }
  return { version: SHIPPED_RULE_SET_VERSION, modalities };
}

/** The shipped rule set: every modality, every rule, each with its citation. */
export const DEFAULT_ELIGIBILITY_RULES: EligibilityRuleSet = buildDefaults();

export interface ClinicRuleOverride {
  readonly severity?: Severity;
  readonly blocking?: boolean;
  readonly enabled?: boolean;
  readonly message?: string;
  readonly threshold?: RuleThreshold;
}
export type ClinicOverrides = Readonly<
  Partial<Record<Modality, Readonly<Partial<Record<RuleCode, ClinicRuleOverride>>>>>
>;

const THRESHOLD_LIMITS: Readonly<Record<keyof RuleThreshold, readonly [number, number]>> = {
  minAgeYears: [0, 130],
  systolicAbove: [80, 250],
  diastolicAbove: [40, 150],
};

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { absolute: 0, relative: 1, info: 2 };

/** For each threshold: which way of moving it makes its rule fire less often than the label floor, and the refusal. */
const WEAKER_THAN_FLOOR: Readonly<
  Record<
    keyof RuleThreshold,
    { isWeaker: (value: number, floor: number) => boolean; message: (floor: number) => string }
  >
> = {
  minAgeYears: {
    isWeaker: (value, floor) => value < floor,
    message: (floor) => `the minimum age cannot go below ${floor}`,
  },
  systolicAbove: {
    isWeaker: (value, floor) => value > floor,
    message: (floor) => `the systolic threshold cannot go above ${floor} mmHg`,
  },
  diastolicAbove: {
    isWeaker: (value, floor) => value > floor,
    message: (floor) => `the diastolic threshold cannot go above ${floor} mmHg`,
  },
};

/** The first way a change would make a label floor weaker than shipped, or undefined when it is as strict or stricter. */
function weakening(
  shipped: EligibilityRule,
  change: ClinicRuleOverride,
  threshold: RuleThreshold | undefined,
): { field: string; message: string } | undefined {
  if (change.enabled === false) return { field: 'enabled', message: 'it cannot be turned off' };
  const severity = change.severity ?? shipped.severity;
  if (SEVERITY_RANK[severity] > SEVERITY_RANK[shipped.severity])
    return { field: 'severity', message: `it stays at least '${shipped.severity}'` };
  if (shipped.blocking && severity === 'relative' && change.blocking === false)
    return { field: 'blocking', message: 'it stays blocking' };
  const floor = shipped.threshold;
  if (threshold && floor) {
    for (const key of ['minAgeYears', 'systolicAbove', 'diastolicAbove'] as const) {
      const value = threshold[key];
      const limit = floor[key];
      if (value !== undefined && limit !== undefined && WEAKER_THAN_FLOOR[key].isWeaker(value, limit))
        return { field: `threshold.${key}`, message: WEAKER_THAN_FLOOR[key].message(limit) };
    }
  }
  return undefined;
}

/**
 * A clinic's edits applied to a rule set (the defaults unless given). `overrides` is
 * `{ [modality]: { [ruleCode]: { severity?, blocking?, enabled?, message?, threshold? } } }`.
 *
 * - Bad shape, unknown modality or rule code, or a threshold key the rule does not have: DomainValidationError
 *   naming the field (`overrides.iv-ketamine.pregnancy.severity`).
 * - An esketamine label contraindication (section 4) can be reworded but never made less than `absolute` nor
 *   disabled: RuleViolationError `label-contraindication-locked`. The label is not the clinic's to change.
 * - Any other esketamine rule marked `labelFloor` (adults only, pregnancy, blood pressure, indication, interactions,
 *   missing facts, unrecognised medicines) may only be made stricter: turning it off, lowering its severity,
 *   making it non-blocking, lowering the minimum age or raising a blood-pressure threshold is a
 *   RuleViolationError `label-rule-locked` naming the field (`overrides.esketamine-nasal.pregnancy.enabled`).
 * - `version` names the result; the server passes `<shipped>+clinic.<revision>` so every saved change has its own.
 * - A changed rule keeps its default citation in `defaultSource` and cites the clinic setting in `source`.
 */
export function applyClinicOverrides(
  overrides: unknown,
  base: EligibilityRuleSet = DEFAULT_ELIGIBILITY_RULES,
  version = `${base.version}+clinic`,
): EligibilityRuleSet {
  const issues: FieldIssue[] = [];
  if (!isRecord(overrides))
    throw new DomainValidationError([{ field: 'overrides', message: 'must be an object keyed by modality' }]);
  const modalities: Record<Modality, ModalityRules> = { ...base.modalities };
  for (const [modalityKey, byCode] of Object.entries(overrides)) {
    const at = `overrides.${modalityKey}`;
    if (!isModality(modalityKey)) {
      issues.push({ field: at, message: 'is not a known modality' });
      continue;
    }
    if (!isRecord(byCode)) {
      issues.push({ field: at, message: 'must be an object keyed by rule code' });
      continue;
    }
    const rules: Partial<Record<RuleCode, EligibilityRule>> = { ...base.modalities[modalityKey] };
    for (const [code, raw] of Object.entries(byCode)) {
      const ruleAt = `${at}.${code}`;
      const current = rules[code as RuleCode];
      if (current === undefined) {
        issues.push({ field: ruleAt, message: `is not a rule for ${modalityKey}` });
        continue;
      }
      if (!isRecord(raw)) {
        issues.push({ field: ruleAt, message: 'must be an object' });
        continue;
      }
      const before = issues.length;
      for (const key of Object.keys(raw)) {
        if (!['severity', 'blocking', 'enabled', 'message', 'threshold'].includes(key))
          issues.push({ field: `${ruleAt}.${key}`, message: 'is not an editable rule setting' });
      }
      if (raw.severity !== undefined && !(SEVERITIES as readonly unknown[]).includes(raw.severity)) {
        issues.push({ field: `${ruleAt}.severity`, message: "must be 'absolute', 'relative' or 'info'" });
      }
      if (raw.blocking !== undefined && typeof raw.blocking !== 'boolean')
        issues.push({ field: `${ruleAt}.blocking`, message: 'must be true or false' });
      if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean')
        issues.push({ field: `${ruleAt}.enabled`, message: 'must be true or false' });
      if (raw.message !== undefined && (typeof raw.message !== 'string' || raw.message.trim() === '')) {
        issues.push({ field: `${ruleAt}.message`, message: 'must be a non-empty text' });
      }
      let threshold: RuleThreshold | undefined;
      if (raw.threshold !== undefined) {
        if (!isRecord(raw.threshold) || current.threshold === undefined) {
          issues.push({
            field: `${ruleAt}.threshold`,
            message: current.threshold === undefined ? 'this rule has no threshold' : 'must be an object',
          });
        } else {
          const next: Record<string, number> = { ...current.threshold };
          for (const [key, value] of Object.entries(raw.threshold)) {
            const limits = THRESHOLD_LIMITS[key as keyof RuleThreshold] as readonly [number, number] | undefined;
            if (limits === undefined || !(key in current.threshold)) {
              issues.push({ field: `${ruleAt}.threshold.${key}`, message: 'is not a threshold of this rule' });
            } else if (typeof value !== 'number' || !Number.isFinite(value) || value < limits[0] || value > limits[1]) {
              issues.push({
                field: `${ruleAt}.threshold.${key}`,
                message: `must be a number from ${limits[0]} to ${limits[1]}`,
              });
            } else {
              next[key] = value;
            }
          }
          threshold = next;
        }
      }
      if (issues.length > before) continue;
      const change = raw as ClinicRuleOverride;
      if (current.labelContraindication) {
        if (change.severity !== undefined && change.severity !== 'absolute') {
          throw new RuleViolationError(
            'label-contraindication-locked',
            `${code} is a contraindication in the esketamine label and stays absolute`,
            `${ruleAt}.severity`,
          );
        }
        if (change.enabled === false) {
          throw new RuleViolationError(
            'label-contraindication-locked',
            `${code} is a contraindication in the esketamine label and cannot be turned off`,
            `${ruleAt}.enabled`,
          );
        }
      }
      const shipped = DEFAULT_ELIGIBILITY_RULES.modalities[modalityKey][code as RuleCode];
      if (current.labelFloor && shipped) {
        const weaker = weakening(shipped, change, threshold);
        if (weaker) {
          throw new RuleViolationError(
            'label-rule-locked',
            `${code} for ${modalityKey} is set by the label (${shipped.source.detail ?? shipped.source.source}): a clinic may make it stricter, not weaker; ${weaker.message}`,
            `${ruleAt}.${weaker.field}`,
          );
        }
      }
      const changesDecision =
        change.severity !== undefined ||
        change.blocking !== undefined ||
        change.enabled !== undefined ||
        threshold !== undefined;
      const defaultSource = current.defaultSource ?? current.source;
      rules[code as RuleCode] = {
        ...current,
        ...(change.severity !== undefined ? { severity: change.severity } : {}),
        ...(change.blocking !== undefined ? { blocking: change.blocking } : {}),
        ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
        ...(change.message !== undefined ? { message: change.message.trim() } : {}),
        ...(threshold !== undefined ? { threshold } : {}),
        ...(changesDecision
          ? {
              clinicOverridden: true,
              defaultSource,
              source: {
                source: 'Clinic setting',
                detail: `Changed by the clinic; shipped default cites: ${defaultSource.source}${defaultSource.detail ? ` (${defaultSource.detail})` : ''}`,
                status: 'clinic-default',
              },
            }
          : {}),
      };
    }
    modalities[modalityKey] = rules;
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
  return { version, modalities };
}

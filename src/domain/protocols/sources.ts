import type { Citation } from '../shared/citation.js';

/**
 * The sources the eligibility rules, protocols, dosing arithmetic and consent texts cite, in one place so a
 * reference is spelled the same everywhere. Section numbers of the Spravato label follow the 2019 US prescribing
 * information; later revisions (respiratory depression added in 2024-2025) renumber section 5, so the section
 * title is given as well and is the stable way to find the text.
 */
const SPRAVATO = 'SPRAVATO (esketamine) nasal spray, US Prescribing Information, Janssen Pharmaceuticals';
const SANACORA =
  'Sanacora G, Frye MA, McDonald W, et al. A consensus statement on the use of ketamine in the treatment of mood disorders. JAMA Psychiatry 2017;74(4):399-405';
const SANACORA_URL = 'https://doi.org/10.1001/jamapsychiatry.2017.0080';
const COHEN =
  'Cohen SP, Bhatia A, Buvanendran A, et al. Consensus guidelines on the use of intravenous ketamine infusions for chronic pain from ASRA, AAPM and ASA. Reg Anesth Pain Med 2018;43(5):521-546';
const COHEN_URL = 'https://doi.org/10.1097/AAP.0000000000000808';

export const SOURCES = {
  spravatoIndications: {
    source: SPRAVATO,
    detail:
      'Section 1, Indications and Usage (TRD in adults; depressive symptoms in adults with MDD with acute suicidal ideation or behavior)',
    status: 'label',
  },
  spravatoTrdDosing: {
    source: SPRAVATO,
    detail:
      'Section 2, Dosage and Administration: TRD (weeks 1-4 twice weekly, day 1 56 mg then 56 or 84 mg; weeks 5-8 weekly; week 9 on every 2 weeks or weekly)',
    status: 'label',
  },
  spravatoMdsiDosing: {
    source: SPRAVATO,
    detail:
      'Section 2, Dosage and Administration: MDD with acute suicidal ideation or behavior (84 mg twice weekly for 4 weeks; may reduce to 56 mg)',
    status: 'label',
  },
  spravatoAdministration: {
    source: SPRAVATO,
    detail:
      'Section 2, Administration: 28 mg per device (2 sprays), 5 minutes between devices; no food for 2 hours and no liquids for 30 minutes before; nasal corticosteroid or decongestant at least 1 hour before',
    status: 'label',
  },
  spravatoMonitoring: {
    source: SPRAVATO,
    detail:
      'Section 2 and Warnings (Sedation; Dissociation): monitor for at least 2 hours after administration, then assess readiness to leave',
    status: 'label',
  },
  spravatoContraindications: {
    source: SPRAVATO,
    detail:
      'Section 4, Contraindications: aneurysmal vascular disease, arteriovenous malformation, history of intracerebral hemorrhage, hypersensitivity to esketamine, ketamine or excipients',
    status: 'label',
  },
  spravatoBloodPressure: {
    source: SPRAVATO,
    detail:
      'Warnings and Precautions, Increase in Blood Pressure (5.6 in 2019): if BP is elevated before dosing (as a general guide > 140/90 mmHg) weigh benefit and risk before giving',
    status: 'label',
  },
  spravatoDissociation: {
    source: SPRAVATO,
    detail: 'Warnings and Precautions, Dissociation (5.2): carefully assess patients with psychosis before treatment',
    status: 'label',
  },
  spravatoAbuse: {
    source: SPRAVATO,
    detail:
      'Warnings and Precautions, Abuse and Misuse (5.3): consider risks in patients with a history of substance use disorder',
    status: 'label',
  },
  spravatoDriving: {
    source: SPRAVATO,
    detail:
      'Warnings and Precautions, Impaired Ability to Drive and Operate Machinery (5.8): no driving until the next day after a restful sleep',
    status: 'label',
  },
  spravatoCystitis: {
    source: SPRAVATO,
    detail:
      'Warnings and Precautions, Ulcerative or Interstitial Cystitis (5.9): monitor urinary tract and bladder symptoms',
    status: 'label',
  },
  spravatoPregnancy: {
    source: SPRAVATO,
    detail: 'Warnings and Precautions, Embryo-fetal Toxicity (5.10) and Section 8.1: not recommended during pregnancy',
    status: 'label',
  },
  spravatoLactation: {
    source: SPRAVATO,
    detail: 'Section 8.2, Lactation: breastfeeding not recommended during treatment',
    status: 'label',
  },
  spravatoPediatric: {
    source: SPRAVATO,
    detail: 'Section 8.4, Pediatric Use: not approved in patients under 18',
    status: 'label',
  },
  spravatoHepatic: {
    source: SPRAVATO,
    detail:
      'Section 8.6 (2019 numbering), Hepatic Impairment: not studied in severe (Child-Pugh C) impairment; use not recommended',
    status: 'label',
  },
  spravatoHepaticModerate: {
    source: SPRAVATO,
    detail:
      'Section 8.6 (2019 numbering), Hepatic Impairment: esketamine exposure and half-life are higher in moderate (Child-Pugh B) impairment; these patients may need monitoring for adverse reactions for a longer period',
    status: 'label',
  },
  spravatoMdsiWithOralAntidepressant: {
    source: SPRAVATO,
    detail:
      'Section 1, Indications and Usage: depressive symptoms in adults with MDD with acute suicidal ideation or behavior, in conjunction with an oral antidepressant (the January 2025 monotherapy approval covers TRD only)',
    status: 'label',
  },
  spravatoTrdInductionReview: {
    source: SPRAVATO,
    detail:
      'Section 2, Dosage and Administration (TRD): evaluate evidence of therapeutic benefit at the end of the induction phase to determine the need for continued treatment',
    status: 'label',
  },
  spravatoMissedSessions: {
    source: SPRAVATO,
    detail:
      'Section 2, Dosage and Administration, Missed Treatment Session(s): if sessions are missed during maintenance and depressive symptoms worsen, consider per clinical judgement returning to the previous dosing schedule (every 2 weeks to once weekly, once weekly to twice weekly)',
    status: 'label',
  },
  jnjMissedInduction: {
    source:
      'Janssen (J&J) Medical Information, SPRAVATO: Management of Missed Dose or Reinitiation After Discontinuation (last updated 10 Oct 2025)',
    url: 'https://www.jnjmedicalconnect.com/products/spravato/medical-content/dosage-and-administration-management-of-missed-dose-or-reinitiation-after-spravato-discontinuation',
    detail: 'A session missed during the first 4 weeks: continue the current dosing schedule',
    status: 'published',
  },
  spravatoRems: {
    source: SPRAVATO,
    detail:
      'Warnings and Precautions, SPRAVATO REMS (5.4 in 2019): available only in certified settings; each patient enrolled before the first treatment',
    status: 'label',
  },
  spravatoInteractions: {
    source: SPRAVATO,
    detail: 'Section 7, Drug Interactions: CNS depressants (sedation), psychostimulants and MAOIs (blood pressure)',
    status: 'label',
  },
  spravatoTrdDefinition: {
    source: SPRAVATO,
    detail:
      'Section 14, Clinical Studies: TRD = inadequate response to at least two different antidepressants of adequate dose and duration in the current episode',
    status: 'label',
  },
  sanacoraDose: {
    source: SANACORA,
    url: SANACORA_URL,
    detail: 'Dose and delivery: 0.5 mg/kg over 40 minutes is the most studied regimen',
    status: 'published',
  },
  sanacoraContraindications: {
    source: SANACORA,
    url: SANACORA_URL,
    detail:
      'Patient selection: psychosis, substance use, uncontrolled cardiovascular disease and hypertension, pregnancy',
    status: 'published',
  },
  sanacoraRepeated: {
    source: SANACORA,
    url: SANACORA_URL,
    detail:
      'Frequency and duration of treatment: repeated infusions over 2-3 weeks studied; maintenance schedules not established',
    status: 'published',
  },
  cohenContraindications: {
    source: COHEN,
    url: COHEN_URL,
    detail:
      'Contraindications: poorly controlled cardiovascular disease, pregnancy, active psychosis, severe hepatic disease (avoid), elevated intracranial or intraocular pressure, active substance abuse',
    status: 'published',
  },
  cohenDosing: {
    source: COHEN,
    url: COHEN_URL,
    detail:
      'Indications (CRPS): e.g. 0.35 mg/kg/h over 4 hours daily for 10 days, or 22 mg/h for 4 days; infusion 0.5-2 mg/kg/h',
    status: 'published',
  },
  zanosDoseRanges: {
    source:
      'Zanos P, Moaddel R, Morris PJ, et al. Ketamine and ketamine metabolite pharmacology: insights into therapeutic mechanisms. Pharmacol Rev 2018;70(3):621-660',
    url: 'https://doi.org/10.1124/pr.117.015198',
    detail:
      'Table 1: antidepressant (subanaesthetic) IV dosing 0.5 mg/kg over 40 minutes, studied up to about 1 mg/kg; 1-2 mg/kg IV is general-anaesthesia induction dosing',
    status: 'published',
  },
  devine: {
    source: 'Devine BJ. Gentamicin therapy. Drug Intell Clin Pharm 1974;8:650-655',
    detail: 'Ideal body weight: 50 kg (men) or 45.5 kg (women) + 2.3 kg per inch over 5 feet',
    status: 'published',
  },
  adjustedWeight: {
    source:
      'Traynor AM, Nafziger AN, Bertino JS. Aminoglycoside dosing weight correction factors for patients of various body sizes. Antimicrob Agents Chemother 1995;39(2):545-548',
    url: 'https://doi.org/10.1128/AAC.39.2.545',
    detail:
      'Dosing weight = IBW + 0.4 x (actual - IBW); derived for aminoglycosides, used for ketamine by clinic choice',
    status: 'published',
  },
  scotlandSsriDoses: {
    source: 'Scottish Government. Quality prescribing for antidepressants: a guide for improvement 2024-2027',
    url: 'https://www.gov.scot/publications/quality-prescribing-antidepressants-guide-improvement-2024-2027/',
    detail:
      'Standard effective SSRI doses: citalopram, fluoxetine, paroxetine 20 mg; escitalopram 10 mg; sertraline 50 mg',
    status: 'published',
  },
  clinicDefault: {
    source: 'Ketaclinic clinic default (no source fixes this value; a clinic admin may change it)',
    status: 'clinic-default',
  },
} as const satisfies Record<string, Citation>;

/** A clinic default that names the published context it was chosen from. */
export function clinicDefault(detail: string): Citation {
  return { source: SOURCES.clinicDefault.source, detail, status: 'clinic-default' };
}

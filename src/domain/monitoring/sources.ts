import type { Citation } from '../shared/citation.js';

/**
 * The sources behind the treatment-day rules, in one place so the code, the tests and the UI cite the same thing.
 * Wording here is ours; where a value is the clinic's choice rather than the source's, `clinicDefault` says so.
 */

export const SPRAVATO_PI_URL =
  'https://www.janssenlabels.com/package-insert/product-monograph/prescribing-information/SPRAVATO-pi.pdf';
const SPRAVATO_PI = 'SPRAVATO (esketamine) nasal spray CIII, US Prescribing Information (Janssen)';

/** Monitoring for at least 2 hours, then an assessment of clinical stability before the patient leaves. */
export const SPRAVATO_LABEL_MONITORING: Citation = {
  source: SPRAVATO_PI,
  detail:
    'Boxed Warning; Warnings and Precautions 5.1 (sedation) and 5.2 (dissociation): monitor for at least 2 hours at ' +
    'each treatment session, then assess when the patient is clinically stable and ready to leave',
  url: SPRAVATO_PI_URL,
  status: 'label',
};

/** Blood pressure before dosing; > 140/90 as a general guide to weigh benefit against risk. */
export const SPRAVATO_LABEL_BP_BEFORE_DOSING: Citation = {
  source: SPRAVATO_PI,
  detail:
    'Dosage and Administration (blood pressure assessment) and Warnings and Precautions 5.6: assess BP before ' +
    'dosing; if it is elevated (general guide > 140/90 mmHg) weigh short-term BP rise against benefit; do not give ' +
    'when a rise in BP or intracranial pressure poses a serious risk. Wording checked via J&J Medical Information ' +
    '"Concomitant use of SPRAVATO with antihypertensive medications", which quotes the label.',
  url: 'https://www.jnjmedicalconnect.com/products/spravato/medical-content/concomitant-use-of-spravato-with-antihypertensive-medications',
  status: 'label',
};

/** BP reassessed about 40 minutes after dosing (the time of peak concentration), then as clinically warranted. */
export const SPRAVATO_LABEL_BP_40_MIN: Citation = {
  source: SPRAVATO_PI,
  detail:
    'Dosage and Administration: reassess blood pressure at about 40 minutes after dosing and then as clinically ' +
    'warranted until values are at a safe level and the session ends (spravatohcp.com dosing page restates it)',
  url: 'https://www.spravatohcp.com/dosing-spravato-trd',
  status: 'label',
};

/** 8-19% of patients had a rise of >= 40 mmHg systolic and/or >= 25 mmHg diastolic; peak ~40 min, lasting ~4 h. */
export const SPRAVATO_LABEL_BP_RISE: Citation = {
  source: SPRAVATO_PI,
  detail:
    'Warnings and Precautions 5.6 Increases in Blood Pressure: rises peak about 40 minutes after dosing and last ' +
    'about 4 hours; 8% to 19% of patients had a rise of >= 40 mmHg systolic and/or >= 25 mmHg diastolic in the ' +
    'first 1.5 hours at least once in the first 4 weeks',
  url: SPRAVATO_PI_URL,
  status: 'label',
};

/** 28 mg per device, two sprays; wait 5 minutes after each device. */
export const SPRAVATO_LABEL_DEVICES: Citation = {
  source: SPRAVATO_PI,
  detail:
    'Dosage and Administration / Instructions for Use: each device delivers 28 mg in 2 sprays; wait 5 minutes after each device',
  url: 'https://www.spravatohcp.com/dosing-and-administration',
  status: 'label',
};

/** No food for 2 hours and no liquids for 30 minutes before dosing (nausea and vomiting). */
export const SPRAVATO_LABEL_FASTING: Citation = {
  source: SPRAVATO_PI,
  detail:
    'Dosage and Administration (food and liquid intake before administration): avoid food for at least 2 hours and ' +
    'liquids for at least 30 minutes before dosing; also in the Medication Guide (spravato.com)',
  url: 'https://www.spravato.com/treatment-with-SPRAVATO',
  status: 'label',
};

/** No driving until the next day after restful sleep; patients need a ride home. */
export const SPRAVATO_LABEL_DRIVING: Citation = {
  source: SPRAVATO_PI,
  detail:
    'Warnings and Precautions 5.8 and Patient Counseling Information 17: no driving or machinery until the next ' +
    'day after a restful sleep; patients need someone to drive them home after each session',
  url: SPRAVATO_PI_URL,
  status: 'label',
};

/** Pregnancy: may cause fetal harm. */
export const SPRAVATO_LABEL_PREGNANCY: Citation = {
  source: SPRAVATO_PI,
  detail: 'Warnings and Precautions (embryo-fetal toxicity) and Use in Specific Populations 8.1: may cause fetal harm',
  url: SPRAVATO_PI_URL,
  status: 'label',
};

/** The FDA's REMS summary (last update 31 Dec 2024): 2-hour monitoring, sedation, dissociation, respiratory depression, pulse oximeter. */
export const SPRAVATO_REMS_FDA: Citation = {
  source:
    'FDA, Approved Risk Evaluation and Mitigation Strategies: Spravato (esketamine), NDA 211243, REMS last update 12/31/2024',
  detail:
    'Patients monitored for at least two hours and until sedation, dissociation and respiratory depression resolve; ' +
    'outpatient settings must have a prescriber on site and a pulse oximeter; settings enrol patients in the REMS',
  url: 'https://www.accessdata.fda.gov/scripts/cder/rems/index.cfm?event=IndvRemsDetails.page&REMS=386',
  status: 'regulation',
};

/** Outpatient settings enrol patients before treatment and submit a Patient Monitoring Form after each session. */
export const SPRAVATO_REMS_OUTPATIENT: Citation = {
  source: 'SPRAVATO REMS, Outpatient Healthcare Settings (spravatorems.com)',
  detail:
    'Outpatient settings enrol patients before treatment and submit a Patient Monitoring Form after each treatment; inpatient settings do neither',
  url: 'https://www.spravatorems.com/outpatient-hcs.html',
  status: 'regulation',
};

/** The Patient Monitoring Form (outpatient), 11/2021 edition. */
export const SPRAVATO_REMS_FORM_2021: Citation = {
  source: 'SPRAVATO REMS Patient Monitoring Form - Outpatient Use Only (Janssen, 11/2021)',
  detail:
    'Submit within 7 days after every session; fields: patient, concomitant medicines (benzodiazepines, ' +
    'non-benzodiazepine sedative hypnotics, psychostimulants, MAOIs), monitoring provider, healthcare setting, date, ' +
    'dose, lot number, treatment duration (>= 2 h), BP before / at 40 min / before completion, sedation, dissociation, adverse events',
  url: 'https://manualspro.net/445029-spravato-patient-monitoring-form-instructions',
  status: 'regulation',
};

/** The Patient Monitoring Form after the December 2024 REMS modification (respiratory depression, pulse oximetry, opioids). */
export const SPRAVATO_REMS_FORM_2024: Citation = {
  source: 'SPRAVATO REMS Patient Monitoring Form overview (J&J Medical Connect video transcript)',
  detail:
    'Complete after every session and submit within 7 days; monitor for sedation, dissociation and respiratory ' +
    'depression for at least 2 hours; concomitant medicines include benzodiazepines, sedative hypnotics, opioids, psychostimulants',
  url: 'https://jnjmedicalconnect.com/products/spravato/video-spravato-rems-patient-monitoring-form-overview',
  status: 'regulation',
};

/** Yale review of IV ketamine infusions: BP peaks ~40 min after start. */
export const GEN_HOSP_PSYCH_2024_BP: Citation = {
  source:
    'Blood pressure changes during ketamine infusion for the treatment of depression. Gen Hosp Psychiatry 2024 ' +
    '(Yale Depression Research Program; PMID 38991311)',
  detail:
    '138 patients, 2,342 infusions, BP recorded every 10 min: SBP/DBP peaked 40 min after the start (mean +16.0 / ' +
    '+11.0 mmHg); severe hypertension in 0.98% of sessions, 43% of those in the first three infusions',
  url: 'https://doi.org/10.1016/j.genhosppsych.2024.07.001',
  status: 'published',
};

/** APA task-force consensus on ketamine for mood disorders (monitoring recommended; no numeric stop limits). */
export const SANACORA_2017: Citation = {
  source:
    'Sanacora G, Frye MA, McDonald W, et al. A Consensus Statement on the Use of Ketamine in the Treatment of Mood ' +
    'Disorders. JAMA Psychiatry 2017;74(4):399-405',
  detail:
    'Recommends monitoring blood pressure and other vital signs during and after infusion; sets no numeric stop thresholds we could find',
  url: 'https://doi.org/10.1001/jamapsychiatry.2017.0080',
  status: 'published',
};

/** A value the clinic chose (or may change) because no source fixes it. Shown to users as a clinic default. */
export function clinicDefault(detail: string): Citation {
  return {
    source: 'Clinic default: no guideline or label fixes this value (see clinical-reference.md)',
    detail,
    status: 'clinic-default',
  };
}

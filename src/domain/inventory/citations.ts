import type { Citation } from '../shared/citation.js';

/**
 * The sources behind the controlled-substance ledger. Each rule in this folder names one of these, and the test
 * that checks the rule cites the same source in a comment.
 *
 * Ketamine and esketamine are DEA Schedule III (openFDA NDC directory: `dea_schedule: "CIII"` for both).
 */

/** Inventories: opening/close of business, initial inventory, biennial inventory, estimated counts of opened CIII-V containers. */
export const CFR_1304_11: Citation = {
  source: '21 CFR 1304.11 Inventory requirements',
  detail:
    '(a) each inventory indicates whether it was taken at the opening or close of business; (b) initial inventory on ' +
    'the first day of controlled-substance activity; (c) biennial inventory "on any date which is within two years ' +
    'of the previous biennial inventory date"; (e)(3) dispensers: an opened commercial container of a Schedule III, ' +
    'IV or V substance may be counted or measured by estimate (exact count if it holds more than 1,000 tablets or capsules)',
  url: 'https://www.ecfr.gov/current/title-21/section-1304.11',
  status: 'regulation',
};

/** Continuing records: complete and accurate, on a current basis; the date actually received/transferred/destroyed is the record date. */
export const CFR_1304_21: Citation = {
  source: '21 CFR 1304.21 General requirements for continuing records',
  detail:
    '(a) a complete and accurate record of each substance received, sold, delivered or otherwise disposed of; ' +
    '(b) separate records per registered location; (d) the date of actual receipt, transfer or destruction is recorded',
  url: 'https://www.ecfr.gov/current/title-21/section-1304.21',
  status: 'regulation',
};

/** Records for dispensers: receipts (containers, units per container, supplier name/address/registration) and dispensing/administration. */
export const CFR_1304_22_C: Citation = {
  source: '21 CFR 1304.22(c) Records for dispensers and researchers',
  detail:
    'name of substance; finished form and units or volume per commercial container; number of containers received ' +
    "with date and the supplier's name, address and registration number; units or volume dispensed with the name " +
    'and address of the person, the date and the name or initials of who dispensed or administered; units or volume ' +
    'disposed of in any other manner with date and manner of disposal',
  url: 'https://www.ecfr.gov/current/title-21/section-1304.22',
  status: 'regulation',
};

/** Theft or significant loss: written notice to the DEA Field Division Office within one business day; DEA Form 106. */
export const CFR_1301_76_B: Citation = {
  source: '21 CFR 1301.76(b) Other security controls for practitioners',
  detail:
    'notify the DEA Field Division Office in writing of any theft or significant loss within one business day of ' +
    'discovery, and complete and submit DEA Form 106',
  url: 'https://www.ecfr.gov/current/title-21/section-1301.76',
  status: 'regulation',
};

/** The 2023 final rule that set the 45-calendar-day limit for DEA Form 106 and made electronic filing mandatory. */
export const FORM_106_45_DAYS: Citation = {
  source:
    'DEA final rule "Reporting Theft or Significant Loss of Controlled Substances", 88 FR 40707 (22 June 2023), effective 24 July 2023',
  detail:
    'DEA Form 106 is submitted electronically within 45 days after discovery of the theft or loss; the ' +
    'one-business-day written notice is unchanged',
  url: 'https://www.federalregister.gov/documents/2023/06/22/2023-13085/reporting-theft-or-significant-loss-of-controlled-substances',
  status: 'regulation',
};

/** DEA Form 106 (OMB 1117-0001): the fields of a theft/loss report. */
export const DEA_FORM_106: Citation = {
  source: 'DEA Form 106, Report of Theft or Loss of Controlled Substances (OMB 1117-0001)',
  detail:
    'registrant name, address, phone, DEA number; date of theft or loss; principal business; county; reported to ' +
    'police, police department name and phone; thefts/losses in past 24 months; type (night break-in, armed robbery, ' +
    'employee pilferage, customer theft, lost in transit, other); armed robbery killed/injured; purchase value; other ' +
    'merchandise taken; carrier details if lost in transit; NDC, name, strength, form and quantity of each substance',
  url: 'https://www.deadiversion.usdoj.gov/21cfr_reports/theft/index.html',
  status: 'regulation',
};

/** DEA Form 41 (OMB 1117-0007): record of controlled substances destroyed, with two authorised employee witnesses. */
export const DEA_FORM_41: Citation = {
  source: 'DEA Form 41, Registrant Record of Controlled Substances Destroyed (OMB 1117-0007); 21 CFR 1317.95(d)',
  detail:
    'A registrant (DEA number, name, address, phone, contact); B items destroyed (NDC, batch, name, strength, form, ' +
    'package quantity, full packages, partial package count, total destroyed); C date, method and location of ' +
    'destruction; D printed names and signatures of the first and second authorised employee witnesses',
  url: 'https://www.deadiversion.usdoj.gov/21cfr_reports/surrend/index.html',
  status: 'regulation',
};

/**
 * The DEA registration number's check digit. The algorithm is not in the CFR; it is published widely in pharmacy
 * references and used by pharmacy systems: 2 letters + 7 digits, and the last digit of
 * (d1 + d3 + d5) + 2 x (d2 + d4 + d6) equals d7.
 */
export const DEA_NUMBER_CHECK_DIGIT: Citation = {
  source:
    'DEA registration number format and check digit, as published in pharmacy references (e.g. takerx.com "Verify a DEA number")',
  detail:
    'two letters and seven digits; last digit of (d1+d3+d5) + 2*(d2+d4+d6) must equal d7. Not published in 21 CFR; a format check only, not proof of an active registration',
  url: 'http://www.takerx.com/verify.html',
  status: 'published',
};

/** Esketamine (Spravato) kits as listed in the FDA NDC directory. */
export const SPRAVATO_NDC: Citation = {
  source: 'FDA NDC Directory (openFDA), product 50458-028 Spravato (esketamine hydrochloride), Janssen Pharmaceuticals',
  detail:
    '28 mg/0.2 mL single-use nasal spray device; 50458-028-02 = 2 devices per kit, 50458-028-03 = 3 devices per kit; DEA schedule CIII',
  url: 'https://api.fda.gov/drug/ndc.json?search=product_ndc:%2250458-028%22',
  status: 'label',
};

/** One ketamine NDC verified in the FDA NDC directory. */
export const HOSPIRA_KETAMINE_100_NDC: Citation = {
  source: 'FDA NDC Directory (openFDA), product 0409-2051 Ketamine Hydrochloride, Hospira',
  detail: '100 mg/mL, 5 mL multiple-dose vial 0409-2051-15, sold as 10 vials per box 0409-2051-05; DEA schedule CIII',
  url: 'https://api.fda.gov/drug/ndc.json?search=product_ndc:%220409-2051%22',
  status: 'label',
};

/** Ketamine vial presentations as stated in labels (the NDCs used for these are examples, see products.ts). */
export const KETAMINE_PRESENTATIONS: Citation = {
  source: 'Ketamine hydrochloride injection USP labels (e.g. Eugia US, revised 2/2024; Gland Pharma, revised 2/2023)',
  detail:
    'Dosage forms and strengths: 500 mg/10 mL (50 mg/mL), 1,000 mg/10 mL (100 mg/mL), 500 mg/5 mL (100 mg/mL) multiple-dose vials',
  status: 'label',
};

/** A second person witnesses waste: state rule or clinic policy, not a federal rule. On by default. */
export const WASTE_WITNESS_DEFAULT: Citation = {
  source:
    'Clinic default: a second staff member witnesses waste (common state rule / clinic policy; not required by 21 CFR)',
  detail: 'Ketaclinic clinical reference section 5; issue 6',
  status: 'clinic-default',
};

/** A witness at receipt: clinic policy (issue 6), not a federal rule. On by default. */
export const RECEIPT_WITNESS_DEFAULT: Citation = {
  source:
    'Clinic default: receipts are checked in by the receiving staff member and a witness (not required by 21 CFR)',
  detail: 'Issue 6, "Receipt"',
  status: 'clinic-default',
};

/** How an opened container is treated in counts other than the initial/biennial inventory: exact, by clinic policy. */
export const EXACT_SHIFT_COUNTS: Citation = {
  source:
    'Clinic default: shift and daily counts measure opened containers exactly; estimates are reserved for the inventories 21 CFR 1304.11(e)(3) allows',
  status: 'clinic-default',
};

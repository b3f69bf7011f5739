import type { Citation } from '../shared/citation.js';

/** Remission: a total at or below `maxTotal`. */
export interface RemissionRule {
  readonly maxTotal: number;
  readonly citation: Citation;
}

/** A measure counts toward relapse when its total is at or above `minTotal` (instead of loss of response). */
export interface RelapseThreshold {
  readonly minTotal: number;
  readonly citation: Citation;
}

/**
 * Measurement-based-care outcome rules. Every number here is a clinic setting with its source; `DEFAULT_OUTCOME_SETTINGS`
 * are the defaults a new clinic starts from.
 */
export interface OutcomeSettings {
  /** Response: a fall from baseline of at least this fraction (0.5 = 50%). */
  readonly responseMinFall: number;
  readonly responseCitation: Citation;
  /** Remission rule per instrument id; instruments without one never report remission. */
  readonly remission: Readonly<Record<string, RemissionRule>>;
  /** Rapid response: response on a measure taken within this many hours after the first treatment. */
  readonly rapidResponseWindowHours: number;
  readonly rapidResponseCitation: Citation;
  readonly relapse: {
    /** How many consecutive follow-up measures must fail (after response was reached) to call a relapse. */
    readonly consecutiveMeasures: number;
    /** Optional per-instrument absolute threshold used instead of loss of response (e.g. MADRS >= 22). */
    readonly thresholds: Readonly<Record<string, RelapseThreshold>>;
    readonly citation: Citation;
  };
}

export const RESPONSE_CITATION: Citation = {
  source:
    'Rush AJ, Kraemer HC, Sackeim HA, et al. Report by the ACNP Task Force on response and remission in major depressive disorder. Neuropsychopharmacology 2006;31:1841-1853',
  detail:
    'Response = a reduction of at least 50% from baseline on the severity measure; the definition used in esketamine and ketamine trials (e.g. a >=50% fall in MADRS total)',
  status: 'published',
};

export const PHQ9_REMISSION_CITATION: Citation = {
  source:
    'Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16:606-613 (minimal band 0-4); SUSTAIN-3 subgroup analysis, CNS Drugs 2023;37(8):715-723, Table 3',
  detail: 'Remission on the PHQ-9 = a total below 5',
  url: 'https://doi.org/10.1007/s40263-023-01026-3',
  status: 'published',
};

export const GAD7_REMISSION_CITATION: Citation = {
  source: 'Spitzer RL, Kroenke K, Williams JBW, Löwe B. Arch Intern Med 2006;166:1092-1097 (minimal band 0-4)',
  detail: 'Remission on the GAD-7 = a total below 5 (the minimal band)',
  status: 'published',
};

export const MADRS_REMISSION_CITATION: Citation = {
  source:
    'Zimmerman M, Posternak MA, Chelminski I. Defining remission on the Montgomery-Asberg Depression Rating Scale. J Clin Psychiatry 2004;65(2):163-168; ketamine relapse study (PMCID PMC6803106) defining remission as MADRS <= 10',
  detail:
    'Remission on the MADRS = a total of 10 or less (some esketamine trials use 12 or less: a clinic may change it)',
  status: 'published',
};

export const QIDS_REMISSION_CITATION: Citation = {
  source:
    'Rush AJ, Trivedi MH, Wisniewski SR, et al. Acute and longer-term outcomes in depressed outpatients requiring one or several treatment steps: a STAR*D report. Am J Psychiatry 2006;163(11):1905-1917',
  detail: 'Remission on the QIDS-SR16 = a total of 5 or less',
  status: 'published',
};

export const RAPID_RESPONSE_CITATION: Citation = {
  source:
    'Clinic default (Ketaclinic clinical reference, outcome rules): rapid response = response within 24 h of the first session',
  detail:
    'Ketamine and esketamine trials measure early antidepressant effect at about 24 h (e.g. the MADRS with a 24-hour recall period)',
  status: 'clinic-default',
};

export const RELAPSE_CITATION: Citation = {
  source:
    'Clinic default modelled on relapse-prevention trial definitions: Daly EJ, et al. JAMA Psychiatry 2019;76(9):893-903 (SUSTAIN-1, esketamine); NCT04007367 (relapse = 2 consecutive HAM-D scores >= 18 assessed 7-14 days apart)',
  detail:
    "Relapse = after response was reached, this many consecutive follow-up measures that no longer meet the response criterion (or that reach the instrument's relapse threshold where one is set). Confirmed at the last of those measures.",
  status: 'clinic-default',
};

/** An optional stricter relapse threshold for the MADRS, as used in a ketamine relapse study. */
export const MADRS_RELAPSE_THRESHOLD: RelapseThreshold = {
  minTotal: 22,
  citation: {
    source:
      'Rate and time to relapse for remitters and responders to ketamine in treatment-resistant depression (PMCID PMC6803106)',
    detail: 'Relapse defined as a MADRS total of 22 or more',
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC6803106',
    status: 'published',
  },
};

export const DEFAULT_OUTCOME_SETTINGS: OutcomeSettings = {
  responseMinFall: 0.5,
  responseCitation: RESPONSE_CITATION,
  remission: {
    'phq-9': { maxTotal: 4, citation: PHQ9_REMISSION_CITATION },
    'gad-7': { maxTotal: 4, citation: GAD7_REMISSION_CITATION },
    madrs: { maxTotal: 10, citation: MADRS_REMISSION_CITATION },
    'qids-sr16': { maxTotal: 5, citation: QIDS_REMISSION_CITATION },
  },
  rapidResponseWindowHours: 24,
  rapidResponseCitation: RAPID_RESPONSE_CITATION,
  relapse: { consecutiveMeasures: 2, thresholds: {}, citation: RELAPSE_CITATION },
};

import type { Citation } from '../shared/citation.js';
import { itemScoresOf, linkIds, sumOf, validateAnswers } from './answers.js';
import { BREMNER_1998, CADSS_COPYRIGHT, CADSS_LABELS, CADSS_OPTIONS } from './cadss.js';
import type { InstrumentDefinition, InstrumentItem } from './types.js';

export const RODRIGUES_2021: Citation = {
  source:
    'Rodrigues NB, McIntyre RS, Lipsitz O, et al. A simplified 6-item clinician administered dissociative symptom scale (CADSS-6) for monitoring dissociative effects of sub-anesthetic ketamine infusions. J Affect Disord 2021;282:160-164',
  detail:
    'The CADSS-6 uses questions 1, 2, 6, 7, 15 and 22 of the full-length (23-item) CADSS; its total correlated 0.91-0.95 with the full CADSS. Not yet validated prospectively.',
  url: 'https://doi.org/10.1016/j.jad.2020.12.119',
  status: 'published',
};

/**
 * CADSS-6 linkId -> CADSS item number. The short form's items are numbered "1".."6" in the order of the full
 * scale, so a CADSS-6 answer can be compared item by item with a full CADSS.
 */
export const CADSS6_TO_CADSS: Readonly<Record<string, string>> = {
  '1': '1',
  '2': '2',
  '3': '6',
  '4': '7',
  '5': '15',
  '6': '22',
};

const ITEMS: InstrumentItem[] = linkIds(6).map((linkId) => {
  const full = CADSS6_TO_CADSS[linkId] ?? '';
  return {
    linkId,
    text: `${CADSS_LABELS[Number(full) - 1] ?? ''} (CADSS item ${full})`,
    answerType: 'choice',
    options: CADSS_OPTIONS,
    required: true,
  };
});

export const CADSS_6: InstrumentDefinition = {
  id: 'cadss-6',
  title: 'Clinician-Administered Dissociative States Scale, 6-item short form',
  shortName: 'CADSS-6',
  version: '1.0.0',
  respondent: 'clinician',
  preamble: 'Ask each item about the present moment and rate the answer 0-4 from the published CADSS form.',
  recallPeriod: 'Present state (now)',
  items: ITEMS,
  scoring: {
    description:
      'Sum of 6 items, each 0-4 (total 0-24). linkIds 1-6 are CADSS items 1, 2, 6, 7, 15 and 22 in that order. No severity bands are published.',
    totalRange: { min: 0, max: 24 },
    missingItems: 'Rejected: every item is required.',
    citation: RODRIGUES_2021,
  },
  bands: [],
  bandCitation: null,
  flagRules: [],
  loinc: {},
  citation: RODRIGUES_2021,
  copyright: `${CADSS_COPYRIGHT} Short form: Rodrigues et al., J Affect Disord 2021. Source scale: ${BREMNER_1998.source}.`,
  itemTextPolicy: 'own-labels',
  score(answers) {
    const valid = validateAnswers(ITEMS, answers);
    return {
      instrument: 'cadss-6',
      total: sumOf(valid, linkIds(6)),
      band: null,
      flags: [],
      itemScores: itemScoresOf(valid),
    };
  },
};

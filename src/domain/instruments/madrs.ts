import type { Citation } from '../shared/citation.js';
import {
  bandFor,
  itemScoresOf,
  requiredChoiceItems,
  scoredOptions,
  sumOf,
  validateAnswers,
  linkIds,
} from './answers.js';
import type { InstrumentDefinition, InstrumentItem, ScoreFlag, SeverityBand } from './types.js';

export const MONTGOMERY_ASBERG_1979: Citation = {
  source:
    'Montgomery SA, Åsberg M. A new depression scale designed to be sensitive to change. Br J Psychiatry 1979;134:382-389',
  detail:
    '10 clinician-rated items, each 0-6 (anchors defined at 0, 2, 4 and 6; 1, 3 and 5 rate between them); total 0-60',
  url: 'https://doi.org/10.1192/bjp.134.4.382',
  status: 'published',
};

export const MADRS_BANDS_CITATION: Citation = {
  source:
    'Snaith RP, Harrop FM, Newby DA, Teale C. Grade scores of the Montgomery-Åsberg Depression and the Clinical Anxiety Scales. Br J Psychiatry 1986;148:599-601; Müller MJ, et al. J Affect Disord 2000;60(2):137-140',
  detail:
    '0-6 symptoms absent (normal), 7-19 mild, 20-34 moderate, 35-60 severe; Müller 2000 supports 35 as the moderate/severe boundary',
  status: 'published',
};

export const MADRS_ITEM10_CITATION: Citation = {
  source: 'Clinic default (no published alert threshold for MADRS item 10)',
  detail:
    'Item 10 rates suicidal thoughts; a rating of 2 or more describes at least fleeting suicidal thoughts in the published anchors',
  status: 'clinic-default',
};

// Copyright: reproduction terms for the MADRS item anchors could not be confirmed, so this file carries short
// labels of our own; the rater uses the published scale (or its structured interview guide) for the anchors.
const LABELS = [
  'Apparent sadness',
  'Reported sadness',
  'Inner tension',
  'Reduced sleep',
  'Reduced appetite',
  'Concentration difficulties',
  'Lassitude',
  'Inability to feel',
  'Pessimistic thoughts',
  'Suicidal thoughts',
];

const OPTIONS = scoredOptions([
  '0 (rate from the published anchor)',
  '1 (between anchors 0 and 2)',
  '2 (rate from the published anchor)',
  '3 (between anchors 2 and 4)',
  '4 (rate from the published anchor)',
  '5 (between anchors 4 and 6)',
  '6 (rate from the published anchor)',
]);

const ITEMS: InstrumentItem[] = requiredChoiceItems(LABELS, OPTIONS);

const BANDS: SeverityBand[] = [
  { code: 'normal', min: 0, max: 6, label: 'Normal (symptoms absent)' },
  { code: 'mild', min: 7, max: 19, label: 'Mild' },
  { code: 'moderate', min: 20, max: 34, label: 'Moderate' },
  { code: 'severe', min: 35, max: 60, label: 'Severe' },
];

/** Item-10 rating at which the `suicidal-thoughts` flag is raised (clinic default). */
export const MADRS_SUICIDAL_THOUGHTS_FLAG_AT = 2;

export const MADRS: InstrumentDefinition = {
  id: 'madrs',
  title: 'Montgomery-Åsberg Depression Rating Scale',
  shortName: 'MADRS',
  version: '1.0.0',
  respondent: 'clinician',
  preamble:
    'Rate each item from a clinical interview, using the anchors of the published scale. Recall: the past week.',
  recallPeriod: 'Past week',
  items: ITEMS,
  scoring: {
    description: 'Sum of items 1-10, each rated 0-6 (total 0-60).',
    totalRange: { min: 0, max: 60 },
    missingItems: 'Rejected: every item is required.',
    citation: MONTGOMERY_ASBERG_1979,
  },
  bands: BANDS,
  bandCitation: MADRS_BANDS_CITATION,
  flagRules: [
    {
      code: 'suicidal-thoughts',
      item: '10',
      description: `Item 10 (suicidal thoughts) rated ${MADRS_SUICIDAL_THOUGHTS_FLAG_AT} or more`,
      citation: MADRS_ITEM10_CITATION,
    },
  ],
  loinc: {},
  citation: MONTGOMERY_ASBERG_1979,
  copyright:
    'MADRS: Montgomery SA, Åsberg M, Br J Psychiatry 1979. Rights in the published scale belong to its authors and publisher; reproduction terms could not be confirmed, so only short item labels are shown. Use the published scale for the rating anchors.',
  itemTextPolicy: 'own-labels',
  score(answers) {
    const valid = validateAnswers(ITEMS, answers);
    const total = sumOf(valid, linkIds(10));
    const flags: ScoreFlag[] = [];
    const item10 = valid.get('10');
    if (typeof item10 === 'number' && item10 >= MADRS_SUICIDAL_THOUGHTS_FLAG_AT) {
      flags.push({
        code: 'suicidal-thoughts',
        item: '10',
        message: `MADRS item 10 (suicidal thoughts) rated ${item10}: review the suicide-risk assessment.`,
      });
    }
    return { instrument: 'madrs', total, band: bandFor(BANDS, total), flags, itemScores: itemScoresOf(valid) };
  },
};

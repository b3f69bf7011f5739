import type { Citation } from '../shared/citation.js';
import {
  bandFor,
  itemScoresOf,
  LAST_TWO_WEEKS_FREQUENCY,
  requiredChoiceItems,
  sumOf,
  validateAnswers,
  linkIds,
} from './answers.js';
import type { InstrumentDefinition, InstrumentItem, SeverityBand } from './types.js';

export const SPITZER_2006: Citation = {
  source:
    'Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-1097',
  detail:
    'Items scored 0-3, total 0-21; scores of 5, 10 and 15 are the cut-points for mild, moderate and severe anxiety',
  url: 'https://doi.org/10.1001/archinte.166.10.1092',
  status: 'published',
};

const LOINC_ITEMS = ['69725-0', '68509-9', '69733-4', '69734-2', '69735-9', '69689-8', '69736-7'];

// Item wording reproduced as published: the GAD-7 is free to use (Pfizer), see `copyright`.
const TEXTS = [
  'Feeling nervous, anxious, or on edge',
  'Not being able to stop or control worrying',
  'Worrying too much about different things',
  'Trouble relaxing',
  'Being so restless that it is hard to sit still',
  'Becoming easily annoyed or irritable',
  'Feeling afraid, as if something awful might happen',
];

const ITEMS: InstrumentItem[] = requiredChoiceItems(TEXTS, LAST_TWO_WEEKS_FREQUENCY, LOINC_ITEMS);

const BANDS: SeverityBand[] = [
  { code: 'minimal', min: 0, max: 4, label: 'Minimal' },
  { code: 'mild', min: 5, max: 9, label: 'Mild' },
  { code: 'moderate', min: 10, max: 14, label: 'Moderate' },
  { code: 'severe', min: 15, max: 21, label: 'Severe' },
];

export const GAD_7: InstrumentDefinition = {
  id: 'gad-7',
  title: 'Generalized Anxiety Disorder 7-item scale',
  shortName: 'GAD-7',
  version: '1.0.0',
  respondent: 'patient',
  preamble: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  recallPeriod: 'Last 2 weeks',
  items: ITEMS,
  scoring: {
    description: 'Sum of items 1-7, each scored 0-3 (total 0-21).',
    totalRange: { min: 0, max: 21 },
    missingItems: 'Rejected: every item is required. We found no prorating rule from the publisher to apply.',
    citation: SPITZER_2006,
  },
  bands: BANDS,
  bandCitation: SPITZER_2006,
  flagRules: [],
  loinc: { panel: '69737-5', total: '70274-6' },
  citation: SPITZER_2006,
  copyright:
    'GAD-7 Copyright © Pfizer Inc. All rights reserved. Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. Free to use.',
  itemTextPolicy: 'publisher',
  score(answers) {
    const valid = validateAnswers(ITEMS, answers);
    const total = sumOf(valid, linkIds(7));
    return { instrument: 'gad-7', total, band: bandFor(BANDS, total), flags: [], itemScores: itemScoresOf(valid) };
  },
};

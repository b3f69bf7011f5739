import type { Citation } from '../shared/citation.js';
import { bandFor, itemScoresOf, num, scoredOptions, validateAnswers } from './answers.js';
import type { InstrumentDefinition, InstrumentItem, SeverityBand } from './types.js';

export const PAIN_NRS_CITATION: Citation = {
  source: 'Pain severity 0-10 numeric rating scale (LOINC 72514-3: 0 is no pain, 10 is the worst pain imaginable)',
  url: 'https://loinc.org/72514-3',
  status: 'published',
};

export const PAIN_NRS_BANDS_CITATION: Citation = {
  source:
    'Serlin RC, Mendoza TR, Nakamura Y, Edwards KR, Cleeland CS. When is cancer pain mild, moderate or severe? Pain 1995;61(2):277-284; Palos GR, Mendoza TR, Mobley GM, Cantor SB, Cleeland CS. J Pain 2006;7(1):49-56',
  detail:
    '1-4 mild, 5-6 moderate, 7-10 severe (cut-points 4 and 6). Cut-points vary by condition (e.g. Boonstra 2016 found 5 and 7 in chronic musculoskeletal pain); treat these as descriptive.',
  status: 'published',
};

const OPTIONS = scoredOptions([
  '0 (no pain)',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10 (worst pain imaginable)',
]);

const ITEMS: InstrumentItem[] = [
  {
    linkId: '1',
    text: 'On a scale of 0 to 10, where 0 is no pain and 10 is the worst pain imaginable, how much pain do you have now?',
    answerType: 'choice',
    options: OPTIONS,
    required: true,
    loinc: '72514-3',
  },
];

const BANDS: SeverityBand[] = [
  { code: 'none', min: 0, max: 0, label: 'No pain' },
  { code: 'mild', min: 1, max: 4, label: 'Mild' },
  { code: 'moderate', min: 5, max: 6, label: 'Moderate' },
  { code: 'severe', min: 7, max: 10, label: 'Severe' },
];

export const PAIN_NRS: InstrumentDefinition = {
  id: 'pain-nrs',
  title: 'Pain Numeric Rating Scale (0-10)',
  shortName: 'Pain NRS',
  version: '1.0.0',
  respondent: 'patient',
  preamble: 'Rate your pain right now.',
  recallPeriod: 'Now',
  items: ITEMS,
  scoring: {
    description: 'Single rating 0-10; the total is the rating.',
    totalRange: { min: 0, max: 10 },
    missingItems: 'Rejected: the rating is required.',
    citation: PAIN_NRS_CITATION,
  },
  bands: BANDS,
  bandCitation: PAIN_NRS_BANDS_CITATION,
  flagRules: [],
  loinc: { total: '72514-3' },
  citation: PAIN_NRS_CITATION,
  copyright: 'Generic 0-10 numeric rating scale; no copyright restriction known. Wording is our own.',
  itemTextPolicy: 'own-labels',
  score(answers) {
    const valid = validateAnswers(ITEMS, answers);
    const rating = num(valid, '1');
    return {
      instrument: 'pain-nrs',
      total: rating,
      band: bandFor(BANDS, rating),
      flags: [],
      itemScores: itemScoresOf(valid),
    };
  },
};

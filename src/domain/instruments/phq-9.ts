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
import type { InstrumentDefinition, InstrumentItem, ScoreFlag, SeverityBand } from './types.js';

/** Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. */
export const KROENKE_2001: Citation = {
  source:
    'Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med 2001;16(9):606-613',
  detail:
    'Scores 0-3 per item, total 0-27; totals of 5, 10, 15 and 20 are the cut-points for mild, moderate, moderately severe and severe depression',
  url: 'https://doi.org/10.1046/j.1525-1497.2001.016009606.x',
  status: 'published',
};

const LOINC_ITEMS = ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8'];

// Item wording reproduced as published: the PHQ-9 is free to use (Pfizer), see `copyright`.
const TEXTS = [
  'Little interest or pleasure in doing things',
  'Feeling down, depressed, or hopeless',
  'Trouble falling or staying asleep, or sleeping too much',
  'Feeling tired or having little energy',
  'Poor appetite or overeating',
  'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
  'Trouble concentrating on things, such as reading the newspaper or watching television',
  'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
  'Thoughts that you would be better off dead or of hurting yourself in some way',
];

const ITEMS: InstrumentItem[] = requiredChoiceItems(TEXTS, LAST_TWO_WEEKS_FREQUENCY, LOINC_ITEMS);

const BANDS: SeverityBand[] = [
  { code: 'minimal', min: 0, max: 4, label: 'Minimal or none' },
  { code: 'mild', min: 5, max: 9, label: 'Mild' },
  { code: 'moderate', min: 10, max: 14, label: 'Moderate' },
  { code: 'moderately-severe', min: 15, max: 19, label: 'Moderately severe' },
  { code: 'severe', min: 20, max: 27, label: 'Severe' },
];

export const PHQ9_SUICIDE_ITEM_CITATION: Citation = {
  source:
    'Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16(9):606-613; Ketaclinic clinical reference section 3',
  detail:
    'Item 9 asks about thoughts of being better off dead or of self-harm; any answer above "Not at all" must reach a clinician',
  status: 'published',
};

export const PHQ_9: InstrumentDefinition = {
  id: 'phq-9',
  title: 'Patient Health Questionnaire-9',
  shortName: 'PHQ-9',
  version: '1.0.0',
  respondent: 'patient',
  preamble: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  recallPeriod: 'Last 2 weeks',
  items: ITEMS,
  scoring: {
    description:
      'Sum of items 1-9, each scored 0-3 (total 0-27). The unscored functional-difficulty question is not collected here.',
    totalRange: { min: 0, max: 27 },
    missingItems: 'Rejected: every item is required. We found no prorating rule from the publisher to apply.',
    citation: KROENKE_2001,
  },
  bands: BANDS,
  bandCitation: KROENKE_2001,
  flagRules: [
    { code: 'suicide-risk', item: '9', description: 'Item 9 scored above 0', citation: PHQ9_SUICIDE_ITEM_CITATION },
  ],
  loinc: { panel: '44249-1', total: '44261-6' },
  citation: KROENKE_2001,
  copyright:
    'PHQ-9 Copyright © Pfizer Inc. All rights reserved. Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. Free to use.',
  itemTextPolicy: 'publisher',
  score(answers) {
    const valid = validateAnswers(ITEMS, answers);
    const total = sumOf(valid, linkIds(9));
    const flags: ScoreFlag[] = [];
    const item9 = valid.get('9');
    if (typeof item9 === 'number' && item9 > 0) {
      flags.push({
        code: 'suicide-risk',
        item: '9',
        message: `Item 9 (thoughts of being better off dead or of self-harm) scored ${item9}: a clinician must review today.`,
      });
    }
    return { instrument: 'phq-9', total, band: bandFor(BANDS, total), flags, itemScores: itemScoresOf(valid) };
  },
};

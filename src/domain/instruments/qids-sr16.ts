import type { Citation } from '../shared/citation.js';
import {
  bandFor,
  itemScoresOf,
  linkIds,
  maxOf,
  num,
  scoredOptions,
  validateAnswers,
  type ValidAnswers,
} from './answers.js';
import type { FieldIssue } from '../shared/validation.js';
import type { InstrumentDefinition, InstrumentItem, ScoreFlag, SeverityBand } from './types.js';

export const RUSH_2003: Citation = {
  source:
    'Rush AJ, Trivedi MH, Ibrahim HM, et al. The 16-Item Quick Inventory of Depressive Symptomatology (QIDS), clinician rating (QIDS-C), and self-report (QIDS-SR): a psychometric evaluation in patients with chronic major depression. Biol Psychiatry 2003;54(5):573-583',
  detail:
    'Total 0-27 = highest of items 1-4 (sleep) + item 5 + highest of items 6-9 (appetite/weight) + items 10-14 + highest of items 15-16 (psychomotor)',
  url: 'https://doi.org/10.1016/s0006-3223(02)01866-8',
  status: 'published',
};

export const QIDS_BANDS_CITATION: Citation = {
  source:
    'IDS/QIDS official site (ids-qids.org), "Interpretation"; adapted from Rush et al. 2003 and Trivedi et al. 2004',
  detail: 'QIDS-SR16 total 0-5 none, 6-10 mild, 11-15 moderate, 16-20 severe, 21-27 very severe',
  url: 'http://www.ids-qids.org/interpretation.html',
  status: 'published',
};

export const QIDS_PAIRS_CITATION: Citation = {
  source: 'QIDS-SR16 published form and IDS/QIDS scoring instructions (ids-qids.org)',
  detail:
    'The respondent completes one of the appetite items (6 decreased / 7 increased) and one of the weight items (8 decreased / 9 increased); the domain score is the highest of items 6-9, so if both items of a pair are given the higher one counts (the IDS rule for the same pairs)',
  url: 'http://www.ids-qids.org/',
  status: 'published',
};

// Copyright: the paper QIDS may be used by clinicians and researchers without permission, but electronic
// administration is licensed separately; reproduction of the anchors in software is not clearly permitted, so
// this file carries short labels of our own. Respondents see the published form's statements.
const LABELS = [
  'Falling asleep (sleep onset)',
  'Sleep during the night (mid-nocturnal)',
  'Waking up too early',
  'Sleeping too much',
  'Feeling sad',
  'Decreased appetite',
  'Increased appetite',
  'Decreased weight (within the last two weeks)',
  'Increased weight (within the last two weeks)',
  'Concentration and decision making',
  'View of myself',
  'Thoughts of death or suicide',
  'General interest',
  'Energy level',
  'Feeling slowed down',
  'Feeling restless',
];

const OPTIONS = scoredOptions([
  '0 (statement 0 of the published form)',
  '1 (statement 1 of the published form)',
  '2 (statement 2 of the published form)',
  '3 (statement 3 of the published form)',
]);

const PAIRED = new Set(['6', '7', '8', '9']);

const ITEMS: InstrumentItem[] = linkIds(16).map((linkId, i) => {
  const item: InstrumentItem = {
    linkId,
    text: LABELS[i] ?? '',
    answerType: 'choice',
    options: OPTIONS,
    required: !PAIRED.has(linkId),
  };
  if (!PAIRED.has(linkId)) return item;
  const partner = { '6': '7', '7': '6', '8': '9', '9': '8' }[linkId] ?? '';
  return { ...item, note: `Answer this item or item ${partner} (the published form asks for one of the pair).` };
});

const BANDS: SeverityBand[] = [
  { code: 'none', min: 0, max: 5, label: 'None' },
  { code: 'mild', min: 6, max: 10, label: 'Mild' },
  { code: 'moderate', min: 11, max: 15, label: 'Moderate' },
  { code: 'severe', min: 16, max: 20, label: 'Severe' },
  { code: 'very-severe', min: 21, max: 27, label: 'Very severe' },
];

function pairChecks(valid: ValidAnswers): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!valid.has('6') && !valid.has('7'))
    issues.push({ field: 'answers.6', message: 'answer item 6 (decreased appetite) or item 7 (increased appetite)' });
  if (!valid.has('8') && !valid.has('9'))
    issues.push({ field: 'answers.8', message: 'answer item 8 (decreased weight) or item 9 (increased weight)' });
  return issues;
}

/** The nine DSM symptom-domain scores that make up the total. */
export function qidsDomains(valid: ValidAnswers): Record<string, number> {
  return {
    sleep: maxOf(valid, ['1', '2', '3', '4']),
    sadMood: num(valid, '5'),
    appetiteWeight: maxOf(valid, ['6', '7', '8', '9']),
    concentration: num(valid, '10'),
    viewOfSelf: num(valid, '11'),
    suicidalIdeation: num(valid, '12'),
    interest: num(valid, '13'),
    energy: num(valid, '14'),
    psychomotor: maxOf(valid, ['15', '16']),
  };
}

export const QIDS_SR16: InstrumentDefinition = {
  id: 'qids-sr16',
  title: 'Quick Inventory of Depressive Symptomatology, Self-Report (16 items)',
  shortName: 'QIDS-SR16',
  version: '1.0.0',
  respondent: 'patient',
  preamble:
    'For each item, choose the one statement of the published form that best describes you over the last 7 days.',
  recallPeriod: 'Last 7 days',
  items: ITEMS,
  scoring: {
    description:
      'Nine domain scores summed (total 0-27): sleep = highest of items 1-4; item 5; appetite/weight = highest of items 6-9; items 10, 11, 12, 13, 14; psychomotor = highest of items 15-16.',
    totalRange: { min: 0, max: 27 },
    missingItems:
      'Items 1-5 and 10-16 are required. Of items 6-9, at least one of 6/7 and one of 8/9 are required (the published form asks for one of each pair); a missing partner is simply not counted.',
    citation: RUSH_2003,
  },
  bands: BANDS,
  bandCitation: QIDS_BANDS_CITATION,
  flagRules: [
    {
      code: 'suicide-risk',
      item: '12',
      description: 'Item 12 (thoughts of death or suicide) scored above 0',
      citation: RUSH_2003,
    },
  ],
  loinc: {},
  citation: RUSH_2003,
  copyright:
    'QIDS-SR16: Rush AJ, Trivedi MH, et al. (2003). Paper versions are available at no cost to clinicians and researchers (ids-qids.org); electronic administration is licensed separately, so this software shows only short item labels. Use the published form for the item statements.',
  itemTextPolicy: 'own-labels',
  score(answers) {
    const valid = validateAnswers(ITEMS, answers, { extraChecks: pairChecks });
    const domains = qidsDomains(valid);
    const total = Object.values(domains).reduce((sum, v) => sum + v, 0);
    const flags: ScoreFlag[] = [];
    const item12 = num(valid, '12');
    if (item12 > 0) {
      flags.push({
        code: 'suicide-risk',
        item: '12',
        message: `Item 12 (thoughts of death or suicide) scored ${item12}: a clinician must review today.`,
      });
    }
    return {
      instrument: 'qids-sr16',
      total,
      band: bandFor(BANDS, total),
      flags,
      itemScores: itemScoresOf(valid),
      subscales: domains,
    };
  },
};

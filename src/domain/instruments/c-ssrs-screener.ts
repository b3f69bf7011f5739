import type { Citation } from '../shared/citation.js';
import { validateAnswers, itemScoresOf, YES_NO_OPTIONS, type ValidAnswers } from './answers.js';
import type { InstrumentDefinition, InstrumentItem, ScoreFlag, SeverityBand } from './types.js';

export const POSNER_2011: Citation = {
  source:
    'Posner K, Brown GK, Stanley B, et al. The Columbia-Suicide Severity Rating Scale: initial validity and internal consistency findings. Am J Psychiatry 2011;168(12):1266-1277',
  url: 'https://doi.org/10.1176/appi.ajp.2011.10111704',
  status: 'published',
};

export const CSSRS_TRIAGE_CITATION: Citation = {
  source:
    'Columbia Lighthouse Project, C-SSRS Screener with triage (2021) and "Clinical triage guidelines using the C-SSRS"',
  detail:
    'Yes to 1 or 2 only: low risk. Yes to 3: moderate. Yes to 4 or 5: high. Yes to 6: high if within the past 3 months, otherwise moderate. A yes to 4 or 5 in the past month or any suicidal behaviour in the past 3 months is the most emergent situation.',
  url: 'https://cssrs.columbia.edu/',
  status: 'published',
};

export type CssrsRisk = 'none' | 'low' | 'moderate' | 'high';

// Item wording reproduced with attribution: the C-SSRS is free for clinical use (see `copyright`).
const ITEMS: InstrumentItem[] = [
  {
    linkId: '1',
    text: 'Have you wished you were dead or wished you could go to sleep and not wake up?',
    answerType: 'boolean',
    options: YES_NO_OPTIONS,
    required: true,
  },
  {
    linkId: '2',
    text: 'Have you actually had any thoughts of killing yourself?',
    answerType: 'boolean',
    options: YES_NO_OPTIONS,
    required: true,
  },
  {
    linkId: '3',
    text: 'Have you been thinking about how you might do this?',
    answerType: 'boolean',
    options: YES_NO_OPTIONS,
    required: true,
    enableWhen: { linkId: '2', answer: true },
    note: 'Asked only when item 2 is yes; if given anyway, a yes still counts.',
  },
  {
    linkId: '4',
    text: 'Have you had these thoughts and had some intention of acting on them?',
    answerType: 'boolean',
    options: YES_NO_OPTIONS,
    required: true,
    enableWhen: { linkId: '2', answer: true },
    note: 'Asked only when item 2 is yes; if given anyway, a yes still counts.',
  },
  {
    linkId: '5',
    text: 'Have you started to work out or worked out the details of how to kill yourself? Do you intend to carry out this plan?',
    answerType: 'boolean',
    options: YES_NO_OPTIONS,
    required: true,
    enableWhen: { linkId: '2', answer: true },
    note: 'Asked only when item 2 is yes; if given anyway, a yes still counts.',
  },
  {
    linkId: '6',
    text: 'Have you done anything, started to do anything, or prepared to do anything to end your life?',
    answerType: 'boolean',
    options: YES_NO_OPTIONS,
    required: true,
    note: 'First (recent) screen: ask about lifetime, then item 6a. Since-last-visit screen: ask about the time since the last visit and leave 6a unanswered.',
  },
  {
    linkId: '6a',
    text: 'If yes: was this within the past 3 months?',
    answerType: 'boolean',
    options: YES_NO_OPTIONS,
    required: false,
    enableWhen: { linkId: '6', answer: true },
    note: 'Unanswered when item 6 is yes is scored as within 3 months (high risk): the since-last-visit form asks about recent behaviour only.',
  },
];

const BANDS: SeverityBand[] = [
  { code: 'none', min: 0, max: 0, label: 'No risk identified by the screener' },
  { code: 'low', min: 1, max: 1, label: 'Low risk' },
  { code: 'moderate', min: 2, max: 2, label: 'Moderate risk' },
  { code: 'high', min: 3, max: 3, label: 'High risk' },
];

const RANK: Record<CssrsRisk, number> = { none: 0, low: 1, moderate: 2, high: 3 };

/** Triage per the Columbia screener: the highest level any "yes" reaches. */
export function cssrsTriage(valid: ValidAnswers): { risk: CssrsRisk; reasons: string[] } {
  const yes = (id: string) => valid.get(id) === true;
  let risk: CssrsRisk = 'none';
  const reasons: string[] = [];
  const raise = (to: CssrsRisk, reason: string) => {
    reasons.push(reason);
    if (RANK[to] > RANK[risk]) risk = to;
  };
  if (yes('1')) raise('low', 'item 1 (wish to be dead) yes');
  if (yes('2')) raise('low', 'item 2 (thoughts of killing oneself) yes');
  if (yes('3')) raise('moderate', 'item 3 (thinking about a method) yes');
  if (yes('4')) raise('high', 'item 4 (some intent to act) yes');
  if (yes('5')) raise('high', 'item 5 (plan and intent) yes');
  if (yes('6')) {
    const isOlder = valid.get('6a') === false;
    raise(
      isOlder ? 'moderate' : 'high',
      isOlder
        ? 'item 6 (suicidal behaviour) yes, more than 3 months ago'
        : 'item 6 (suicidal behaviour) yes, within 3 months or since the last visit',
    );
  }
  return { risk, reasons };
}

export const C_SSRS_SCREENER: InstrumentDefinition = {
  id: 'c-ssrs-screener',
  title: 'Columbia-Suicide Severity Rating Scale, Screener (recent / since last visit)',
  shortName: 'C-SSRS Screener',
  version: '1.0.0',
  respondent: 'clinician',
  preamble:
    'Ask questions 1 and 2. If item 2 is yes, ask questions 3, 4 and 5; if item 2 is no, go to question 6. Ask question 6 in all cases.',
  recallPeriod:
    'Items 1-5: past month (first screen) or since the last visit. Item 6: lifetime with 6a (first screen) or since the last visit.',
  items: ITEMS,
  scoring: {
    description:
      'No total. The band is the triage risk level: the highest level reached by any yes (see the triage citation).',
    totalRange: null,
    missingItems:
      'Items 1, 2 and 6 are always required; 3-5 are required when item 2 is yes. Item 6a is optional (unanswered is scored as recent).',
    citation: CSSRS_TRIAGE_CITATION,
  },
  bands: BANDS,
  bandCitation: CSSRS_TRIAGE_CITATION,
  flagRules: [
    {
      code: 'suicide-risk',
      description: 'Any triage level above none (low, moderate or high)',
      citation: CSSRS_TRIAGE_CITATION,
    },
  ],
  loinc: { band: '93374-7' },
  citation: POSNER_2011,
  copyright:
    'Columbia-Suicide Severity Rating Scale (C-SSRS) © The Research Foundation for Mental Hygiene, Inc. Developed by Kelly Posner, Ph.D., and colleagues (Columbia Lighthouse Project). Free for use in clinical and community settings without permission; attribution required.',
  itemTextPolicy: 'publisher',
  score(answers) {
    const valid = validateAnswers(ITEMS, answers);
    const { risk, reasons } = cssrsTriage(valid);
    const flags: ScoreFlag[] = [];
    if (risk !== 'none') {
      flags.push({
        code: 'suicide-risk',
        message: `C-SSRS screener triage: ${risk} risk (${reasons.join('; ')}). Follow the clinic's crisis protocol.`,
      });
    }
    return { instrument: 'c-ssrs-screener', total: null, band: risk, flags, itemScores: itemScoresOf(valid) };
  },
};

import type { Citation } from '../shared/citation.js';
import { bandFor, itemScoresOf, num, scoredOptions, validateAnswers } from './answers.js';
import type { InstrumentDefinition, InstrumentItem, ScoreFlag, SeverityBand } from './types.js';

export const CHERNIK_1990: Citation = {
  source:
    "Chernik DA, Gillings D, Laine H, et al. Validity and reliability of the Observer's Assessment of Alertness/Sedation Scale: study with intravenous midazolam. J Clin Psychopharmacol 1990;10(4):244-251",
  detail:
    'Modified (responsiveness-only) scale: 5 responds readily to name in normal tone; 4 lethargic response to name; 3 responds only to name called loudly and/or repeatedly; 2 responds only to mild prodding or shaking; 1 responds only to painful trapezius squeeze; 0 no response to painful trapezius squeeze',
  status: 'published',
};

export const SPRAVATO_SEDATION_CITATION: Citation = {
  source:
    'SPRAVATO (esketamine) nasal spray US prescribing information, section 5.1 Sedation; Janssen Medical Information, "Adverse event of SPRAVATO - sedation and somnolence"',
  detail:
    'Loss of consciousness is a MOAA/S score of 0. In the phase 3 programme a MOAA/S score of 4 was mild sedation and a score of 3 or less was moderate or greater sedation.',
  status: 'label',
};

export const MOAAS_DEEP_SEDATION_CITATION: Citation = {
  source:
    'Clinic default, modelled on the ASA continuum of depth of sedation (deep sedation: purposeful response only after repeated or painful stimulation)',
  detail: 'MOAA/S 1 (responds only to a painful trapezius squeeze) or lower is flagged as deep sedation',
  status: 'clinic-default',
};

/** Ratings at or below these values raise the flags (see citations). */
export const MOAAS_SEDATION_AT_OR_BELOW = 3;
export const MOAAS_DEEP_SEDATION_AT_OR_BELOW = 1;

// Our own short descriptions of the published anchors (see CHERNIK_1990.detail).
const OPTIONS = scoredOptions([
  'No response, even to a painful trapezius squeeze',
  'Responds only after a painful trapezius squeeze',
  'Responds only after mild prodding or shaking',
  'Responds only when the name is called loudly and/or repeatedly',
  'Lethargic response to the name spoken in a normal tone',
  'Responds readily to the name spoken in a normal tone',
]);

const ITEMS: InstrumentItem[] = [
  { linkId: '1', text: 'Responsiveness (MOAA/S rating)', answerType: 'choice', options: OPTIONS, required: true },
];

/** One band per rating, named after the response the rater observed. */
const BANDS: SeverityBand[] = [
  { code: 'unresponsive', min: 0, max: 0, label: 'No response (loss of consciousness)' },
  { code: 'responds-to-pain', min: 1, max: 1, label: 'Responds only to painful stimulus' },
  { code: 'responds-to-touch', min: 2, max: 2, label: 'Responds only to mild prodding or shaking' },
  { code: 'responds-to-loud-voice', min: 3, max: 3, label: 'Responds only to a loud or repeated name' },
  { code: 'lethargic', min: 4, max: 4, label: 'Lethargic response to normal voice' },
  { code: 'alert', min: 5, max: 5, label: 'Alert: responds readily to normal voice' },
];

export const MOAA_S: InstrumentDefinition = {
  id: 'moaa-s',
  title: "Modified Observer's Assessment of Alertness/Sedation",
  shortName: 'MOAA/S',
  version: '1.0.0',
  respondent: 'clinician',
  preamble: "Rate the patient's responsiveness now, starting with the least stimulus (name in a normal tone).",
  recallPeriod: 'Present state (now)',
  items: ITEMS,
  scoring: {
    description: 'Single rating 0-5; the total is the rating. Lower is deeper sedation.',
    totalRange: { min: 0, max: 5 },
    missingItems: 'Rejected: the rating is required.',
    citation: CHERNIK_1990,
  },
  bands: BANDS,
  bandCitation: CHERNIK_1990,
  flagRules: [
    {
      code: 'sedation',
      item: '1',
      description: `Rating ${MOAAS_SEDATION_AT_OR_BELOW} or less: moderate or greater sedation`,
      citation: SPRAVATO_SEDATION_CITATION,
    },
    {
      code: 'deep-sedation',
      item: '1',
      description: `Rating ${MOAAS_DEEP_SEDATION_AT_OR_BELOW} or less`,
      citation: MOAAS_DEEP_SEDATION_CITATION,
    },
    {
      code: 'loss-of-consciousness',
      item: '1',
      description: 'Rating 0 (a serious event to report under the esketamine REMS)',
      citation: SPRAVATO_SEDATION_CITATION,
    },
  ],
  loinc: {},
  citation: CHERNIK_1990,
  copyright: 'MOAA/S: modified from the OAA/S of Chernik et al. 1990; the anchors are described here in our own words.',
  itemTextPolicy: 'own-labels',
  score(answers) {
    const valid = validateAnswers(ITEMS, answers);
    const rating = num(valid, '1');
    const flags: ScoreFlag[] = [];
    if (rating <= MOAAS_SEDATION_AT_OR_BELOW) {
      flags.push({
        code: 'sedation',
        item: '1',
        message: `MOAA/S ${rating}: moderate or greater sedation; continue monitoring until the patient is alert (5).`,
      });
    }
    if (rating <= MOAAS_DEEP_SEDATION_AT_OR_BELOW) {
      flags.push({
        code: 'deep-sedation',
        item: '1',
        message: `MOAA/S ${rating}: deep sedation; check airway, breathing and oxygen saturation now.`,
      });
    }
    if (rating === 0) {
      flags.push({
        code: 'loss-of-consciousness',
        item: '1',
        message: 'MOAA/S 0: loss of consciousness; treat as a serious adverse event and record it for the REMS.',
      });
    }
    return {
      instrument: 'moaa-s',
      total: rating,
      band: bandFor(BANDS, rating),
      flags,
      itemScores: itemScoresOf(valid),
    };
  },
};

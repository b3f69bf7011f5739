import type { Citation } from '../shared/citation.js';
import { itemScoresOf, linkIds, scoredOptions, sumOf, validateAnswers } from './answers.js';
import type { InstrumentDefinition, InstrumentItem } from './types.js';

export const BREMNER_1998: Citation = {
  source:
    'Bremner JD, Krystal JH, Putnam FW, et al. Measurement of dissociative states with the Clinician-Administered Dissociative States Scale (CADSS). J Trauma Stress 1998;11(1):125-136',
  detail:
    'Subjective items rated 0 (not at all) to 4 (extremely); the 23-subjective-item form used in ketamine and esketamine studies totals 0-92',
  url: 'https://doi.org/10.1023/A:1024465317902',
  status: 'published',
};

export const CADSS_23_CITATION: Citation = {
  source:
    'Bremner JD, Williamson D, Vaccarino V. Psychometric properties of the 23-item Clinician Administered Dissociative States Scale (CADSS) in a psychological trauma population. J Affect Disord 2024;364:249-258',
  detail:
    'The 23-item CADSS has a single-factor structure; it is used to measure dissociation after NMDA-receptor antagonists (ketamine, esketamine)',
  url: 'https://doi.org/10.1016/j.jad.2024.08.050',
  status: 'published',
};

/**
 * Short labels of our own (reproduction terms for the CADSS wording could not be confirmed). Items 1-19 follow the
 * order of the subjective items in Bremner et al. 1998, Table 1; the wording of items 20-23 of the 23-item form
 * could not be confirmed from a stored source, so they carry neutral labels. Raters use the published form.
 */
export const CADSS_LABELS: readonly string[] = [
  'Things seem to move in slow motion',
  'Things seem unreal, as in a dream',
  'Feeling separated from what is happening (as in a film, or like a robot)',
  "Seeing things as if from outside one's body",
  'Watching the situation as an onlooker',
  "Feeling disconnected from one's own body",
  "Sense of one's body changed (larger or smaller)",
  'People seem motionless, lifeless or mechanical',
  'Objects look different than expected',
  'Colours seem less intense',
  'Seeing things as if through a tunnel or a wide-angle lens',
  'The experience seems to last much longer than expected',
  'Things seem to happen very quickly',
  'Things happen that one cannot account for later',
  'Spacing out, or losing track of what is going on',
  'Sounds almost disappear or become much stronger',
  'Things seem very real, with a special sense of clarity',
  'The world seems seen through a fog; people and objects far away or unclear',
  'Colours seem much brighter than expected',
  'Subjective item 20 of the 23-item form (see published form)',
  'Subjective item 21 of the 23-item form (see published form)',
  'Subjective item 22 of the 23-item form (see published form)',
  'Subjective item 23 of the 23-item form (see published form)',
];

export const CADSS_OPTIONS = scoredOptions(['Not at all', 'Slightly', 'Moderately', 'Considerably', 'Extremely']);

const ITEMS: InstrumentItem[] = linkIds(23).map((linkId, i) => ({
  linkId,
  text: CADSS_LABELS[i] ?? '',
  answerType: 'choice',
  options: CADSS_OPTIONS,
  required: true,
}));

export const CADSS_COPYRIGHT =
  'CADSS © J. Douglas Bremner, M.D. (Bremner et al., J Trauma Stress 1998). Reproduction terms for the item wording could not be confirmed, so only short labels are shown; administer from the published form.';

export const CADSS: InstrumentDefinition = {
  id: 'cadss',
  title: 'Clinician-Administered Dissociative States Scale (23 subjective items)',
  shortName: 'CADSS',
  version: '1.0.0',
  respondent: 'clinician',
  preamble:
    'Ask each item about the present moment ("at this time, in this room") and rate the answer 0-4 from the published form.',
  recallPeriod: 'Present state (now)',
  items: ITEMS,
  scoring: {
    description:
      "Sum of the 23 subjective items, each 0-4 (total 0-92). No severity bands are published; it is an in-session side-effect measure read against the patient's own pre-dose score.",
    totalRange: { min: 0, max: 92 },
    missingItems: 'Rejected: every item is required.',
    citation: CADSS_23_CITATION,
  },
  bands: [],
  bandCitation: null,
  flagRules: [],
  loinc: {},
  citation: BREMNER_1998,
  copyright: CADSS_COPYRIGHT,
  itemTextPolicy: 'own-labels',
  score(answers) {
    const valid = validateAnswers(ITEMS, answers);
    return {
      instrument: 'cadss',
      total: sumOf(valid, linkIds(23)),
      band: null,
      flags: [],
      itemScores: itemScoresOf(valid),
    };
  },
};

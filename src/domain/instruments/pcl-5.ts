import type { Citation } from '../shared/citation.js';
import {
  bandFor,
  itemScoresOf,
  num,
  requiredChoiceItems,
  scoredOptions,
  sumOf,
  type ValidAnswers,
  validateAnswers,
  linkIds,
} from './answers.js';
import type { InstrumentDefinition, InstrumentItem, ScoreFlag, SeverityBand } from './types.js';

export const WEATHERS_2013: Citation = {
  source:
    'Weathers FW, Litz BT, Keane TM, Palmieri PA, Marx BP, Schnurr PP. The PTSD Checklist for DSM-5 (PCL-5). National Center for PTSD, 2013',
  detail:
    'Scoring: total 0-80 (sum of 20 items rated 0-4); cluster scores B 1-5, C 6-7, D 8-14, E 15-20; provisional diagnosis by the DSM-5 rule treating items rated 2 ("Moderately") or higher as endorsed: at least 1 B, 1 C, 2 D and 2 E items',
  url: 'https://www.ptsd.va.gov/professional/assessment/adult-sr/ptsd-checklist.asp',
  status: 'published',
};

export const PCL5_CUTOFF_CITATION: Citation = {
  source:
    'National Center for PTSD, PCL-5 scoring guidance; Bovin MJ, Marx BP, Weathers FW, et al. Psychol Assess 2016;28(11):1379-1391',
  detail:
    'A total of 31-33 is indicative of probable PTSD across samples; we use 33 (the upper end) as the default. The cut-off depends on the population and purpose: a lower one screens more leniently.',
  url: 'https://doi.org/10.1037/pas0000254',
  status: 'published',
};

/** The total at or above which the band is `probable-ptsd`. */
export const PCL5_PROBABLE_PTSD_CUTOFF = 33;

/** DSM-5 clusters and the number of items rated >= 2 each needs for the provisional-diagnosis rule. */
export const PCL5_CLUSTERS = {
  B: { items: linkIds(5), needed: 1, label: 'Intrusion' },
  C: { items: ['6', '7'], needed: 1, label: 'Avoidance' },
  D: {
    items: ['8', '9', '10', '11', '12', '13', '14'],
    needed: 2,
    label: 'Negative alterations in cognition and mood',
  },
  E: { items: ['15', '16', '17', '18', '19', '20'], needed: 2, label: 'Alterations in arousal and reactivity' },
} as const;

// Item wording reproduced as published: the PCL-5 is in the public domain (US Department of Veterans Affairs).
const TEXTS = [
  'Repeated, disturbing, and unwanted memories of the stressful experience?',
  'Repeated, disturbing dreams of the stressful experience?',
  'Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?',
  'Feeling very upset when something reminded you of the stressful experience?',
  'Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?',
  'Avoiding memories, thoughts, or feelings related to the stressful experience?',
  'Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?',
  'Trouble remembering important parts of the stressful experience?',
  'Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?',
  'Blaming yourself or someone else for the stressful experience or what happened after it?',
  'Having strong negative feelings such as fear, horror, anger, guilt, or shame?',
  'Loss of interest in activities that you used to enjoy?',
  'Feeling distant or cut off from other people?',
  'Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?',
  'Irritable behavior, angry outbursts, or acting aggressively?',
  'Taking too many risks or doing things that could cause you harm?',
  'Being "superalert" or watchful or on guard?',
  'Feeling jumpy or easily startled?',
  'Having difficulty concentrating?',
  'Trouble falling or staying asleep?',
];

const OPTIONS = scoredOptions(['Not at all', 'A little bit', 'Moderately', 'Quite a bit', 'Extremely']);

const ITEMS: InstrumentItem[] = requiredChoiceItems(TEXTS, OPTIONS);

const BANDS: SeverityBand[] = [
  { code: 'below-threshold', min: 0, max: PCL5_PROBABLE_PTSD_CUTOFF - 1, label: 'Below the probable-PTSD cut-off' },
  {
    code: 'probable-ptsd',
    min: PCL5_PROBABLE_PTSD_CUTOFF,
    max: 80,
    label: 'Probable PTSD (confirm with a clinical interview)',
  },
];

/** Whether the DSM-5 cluster rule is met (items rated 2 or higher count as endorsed). */
export function meetsPcl5ClusterRule(valid: ValidAnswers): boolean {
  return Object.values(PCL5_CLUSTERS).every(
    (cluster) => cluster.items.filter((id) => num(valid, id) >= 2).length >= cluster.needed,
  );
}

export const PCL_5: InstrumentDefinition = {
  id: 'pcl-5',
  title: 'PTSD Checklist for DSM-5',
  shortName: 'PCL-5',
  version: '1.0.0',
  respondent: 'patient',
  preamble:
    'Below is a list of problems that people sometimes have in response to a very stressful experience. In the past month, how much were you bothered by:',
  recallPeriod: 'Past month',
  items: ITEMS,
  scoring: {
    description: `Sum of items 1-20, each scored 0-4 (total 0-80). Cluster scores B (1-5), C (6-7), D (8-14), E (15-20). Band "probable-ptsd" at a total of ${PCL5_PROBABLE_PTSD_CUTOFF} or more; the DSM-5 cluster rule is reported as the flag "ptsd-cluster-rule-met".`,
    totalRange: { min: 0, max: 80 },
    missingItems:
      'Rejected: every item is required. We found no prorating rule from the National Center for PTSD to apply.',
    citation: WEATHERS_2013,
  },
  bands: BANDS,
  bandCitation: PCL5_CUTOFF_CITATION,
  flagRules: [
    {
      code: 'ptsd-cluster-rule-met',
      description:
        'Provisional PTSD by the DSM-5 cluster rule (at least 1 B, 1 C, 2 D and 2 E items rated 2 or higher)',
      citation: WEATHERS_2013,
    },
  ],
  loinc: { panel: '101697-1', total: '101698-9' },
  citation: WEATHERS_2013,
  copyright:
    'PCL-5: Weathers, Litz, Keane, Palmieri, Marx & Schnurr, National Center for PTSD (2013). In the public domain.',
  itemTextPolicy: 'publisher',
  score(answers) {
    const valid = validateAnswers(ITEMS, answers);
    const total = sumOf(valid, linkIds(20));
    const flags: ScoreFlag[] = [];
    if (meetsPcl5ClusterRule(valid)) {
      flags.push({
        code: 'ptsd-cluster-rule-met',
        message:
          'The DSM-5 cluster rule for a provisional PTSD diagnosis is met; confirm with a clinical interview (e.g. CAPS-5).',
      });
    }
    return {
      instrument: 'pcl-5',
      total,
      band: bandFor(BANDS, total),
      flags,
      itemScores: itemScoresOf(valid),
      subscales: {
        clusterB: sumOf(valid, PCL5_CLUSTERS.B.items),
        clusterC: sumOf(valid, PCL5_CLUSTERS.C.items),
        clusterD: sumOf(valid, PCL5_CLUSTERS.D.items),
        clusterE: sumOf(valid, PCL5_CLUSTERS.E.items),
      },
    };
  },
};

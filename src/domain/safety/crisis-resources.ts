import type { Citation } from '../shared/citation.js';

export interface CrisisResource {
  readonly name: string;
  /** How to reach it, as shown to a patient. */
  readonly contact: string;
  readonly description: string;
  /** Where it serves, e.g. "US". */
  readonly region: string;
  readonly url?: string;
}

export const LIFELINE_988_CITATION: Citation = {
  source: 'Substance Abuse and Mental Health Services Administration (SAMHSA), 988 Suicide & Crisis Lifeline',
  detail:
    'National US number for suicidal and mental-health crises since 16 July 2022: call or text 988, or chat online; available 24/7',
  url: 'https://988lifeline.org',
  status: 'published',
};

/** The clinic's crisis resources: shown with every suicide-risk alert and at once to a patient who answers positively. */
export interface CrisisResourceSettings {
  readonly resources: readonly CrisisResource[];
  readonly citation: Citation;
}

/** US defaults; a clinic outside the US (or with a local crisis team) replaces them in its settings. */
export const DEFAULT_CRISIS_RESOURCES: CrisisResourceSettings = {
  resources: [
    {
      name: '988 Suicide & Crisis Lifeline',
      contact: 'Call or text 988, or chat at 988lifeline.org',
      description: 'Free, confidential support 24 hours a day for anyone in suicidal crisis or emotional distress.',
      region: 'US',
      url: 'https://988lifeline.org',
    },
    {
      name: 'Emergency services',
      contact: 'Call 911',
      description:
        'If you are in immediate danger or may act on thoughts of suicide, call 911 or go to the nearest emergency department.',
      region: 'US',
    },
  ],
  citation: LIFELINE_988_CITATION,
};

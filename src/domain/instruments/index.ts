/**
 * The instrument registry: every questionnaire and rating scale the clinic can administer, and one entry point to
 * score any of them. See README.md in this folder for adding an instrument.
 */
import { CADSS } from './cadss.js';
import { CADSS_6 } from './cadss-6.js';
import { C_SSRS_SCREENER } from './c-ssrs-screener.js';
import { GAD_7 } from './gad-7.js';
import { MADRS } from './madrs.js';
import { MOAA_S } from './moaa-s.js';
import { PAIN_NRS } from './pain-nrs.js';
import { PCL_5 } from './pcl-5.js';
import { PHQ_9 } from './phq-9.js';
import { QIDS_SR16 } from './qids-sr16.js';
import type { InstrumentDefinition, ScoreResult } from './types.js';

export type * from './types.js';
export { CADSS, CADSS_6, C_SSRS_SCREENER, GAD_7, MADRS, MOAA_S, PAIN_NRS, PCL_5, PHQ_9, QIDS_SR16 };
export { CADSS6_TO_CADSS } from './cadss-6.js';
export { PCL5_PROBABLE_PTSD_CUTOFF } from './pcl-5.js';

export const INSTRUMENT_IDS = [
  'phq-9',
  'gad-7',
  'pcl-5',
  'c-ssrs-screener',
  'madrs',
  'qids-sr16',
  'cadss',
  'cadss-6',
  'moaa-s',
  'pain-nrs',
] as const;

export type InstrumentId = (typeof INSTRUMENT_IDS)[number];

const REGISTRY: ReadonlyMap<string, InstrumentDefinition> = new Map(
  [PHQ_9, GAD_7, PCL_5, C_SSRS_SCREENER, MADRS, QIDS_SR16, CADSS, CADSS_6, MOAA_S, PAIN_NRS].map((d) => [d.id, d]),
);

/** Thrown for an instrument id the registry does not know (HTTP 404 at the edge, not 400 on an answer). */
export class UnknownInstrumentError extends Error {
  readonly instrumentId: string;
  constructor(instrumentId: string) {
    super(`Unknown instrument "${instrumentId}". Known: ${INSTRUMENT_IDS.join(', ')}`);
    this.name = 'UnknownInstrumentError';
    this.instrumentId = instrumentId;
  }
}

export function isInstrumentId(id: string): id is InstrumentId {
  return REGISTRY.has(id);
}

/** All instruments, in `INSTRUMENT_IDS` order. */
export function listInstruments(): InstrumentDefinition[] {
  return INSTRUMENT_IDS.map((id) => getInstrument(id));
}

/** The definition for `id`; throws `UnknownInstrumentError` if there is none. */
export function getInstrument(id: string): InstrumentDefinition {
  const definition = REGISTRY.get(id);
  if (definition === undefined) throw new UnknownInstrumentError(id);
  return definition;
}

/**
 * Scores one completed instrument. Throws `UnknownInstrumentError` for an unknown id, and `DomainValidationError`
 * naming `answers.<linkId>` for an unknown item, a wrong type, a non-integer, an out-of-range value or a missing
 * required item.
 */
export function scoreInstrument(id: string, answers: Record<string, unknown>): ScoreResult {
  return getInstrument(id).score(answers);
}

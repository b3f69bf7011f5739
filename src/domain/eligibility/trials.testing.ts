/** Test fixtures: antidepressant trials (the adequacy rules are in treatment-resistance.ts). */
import type { AntidepressantTrial } from './treatment-resistance.js';

/** An adequate antidepressant trial in the current episode (dose, 8 weeks, good adherence) that brought no response. */
export const FAILED_SERTRALINE_TRIAL: AntidepressantTrial = {
  drug: 'sertraline',
  doseMgPerDay: 150,
  weeks: 8,
  adherence: 'good',
  outcome: 'no-response',
  currentEpisode: true,
};

/**
 * A treatment-resistant patient's antidepressant history, two trials in the current episode at an
 * adequate dose and duration with good adherence, neither bringing remission (SPRAVATO US PI section 1: TRD is
 * MDD that has not responded to at least two antidepressants; the adequacy rules are in treatment-resistance.ts).
 */
export const TWO_FAILED_TRIALS = [
  FAILED_SERTRALINE_TRIAL,
  {
    drug: 'venlafaxine',
    doseMgPerDay: 225,
    weeks: 10,
    adherence: 'good',
    outcome: 'partial-response',
    currentEpisode: true,
  },
] as const;

/**
 * Test fixture: a treatment-resistant patient's antidepressant history, two trials in the current episode at an
 * adequate dose and duration with good adherence, neither bringing remission (SPRAVATO US PI section 1: TRD is
 * MDD that has not responded to at least two antidepressants; the adequacy rules are in treatment-resistance.ts).
 */
export const TWO_FAILED_TRIALS = [
  { drug: 'sertraline', doseMgPerDay: 150, weeks: 8, adherence: 'good', outcome: 'no-response', currentEpisode: true },
  {
    drug: 'venlafaxine',
    doseMgPerDay: 225,
    weeks: 10,
    adherence: 'good',
    outcome: 'partial-response',
    currentEpisode: true,
  },
] as const;

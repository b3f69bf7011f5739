/** Intake test data shared by the intake, plan and self-intake tests. */
import type { Intake } from '../../../contract/intake.js';

/** An adequate antidepressant trial in the current episode (dose, 8 weeks, good adherence) that brought no response. */
export const FAILED_SERTRALINE_TRIAL: NonNullable<Intake['trials']>[number] = {
  drug: 'sertraline',
  doseMgPerDay: 150,
  weeks: 8,
  adherence: 'good',
  outcome: 'no-response',
  currentEpisode: true,
};

/**
 * Measurement-based-care outcomes over one patient's score series for one instrument: baseline, change,
 * response, remission, rapid response and relapse, with the time each event happened. Pure: the series and the
 * first treatment time are passed in.
 */
import { isValidDate } from '../shared/guards.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { DEFAULT_OUTCOME_SETTINGS, type OutcomeSettings } from './outcome-settings.js';

export interface ScorePoint {
  readonly at: Date;
  readonly total: number;
}

export type OutcomeEventType = 'response' | 'rapid-response' | 'remission' | 'relapse';

export interface OutcomeEvent {
  readonly type: OutcomeEventType;
  /** When the event was established (for relapse: the measure that confirmed it). */
  readonly at: Date;
  readonly total: number;
  /** Relapse only: the first of the consecutive failing measures. */
  readonly onsetAt?: Date;
}

export interface OutcomeSummary {
  readonly instrument: string;
  readonly firstTreatmentAt: Date | null;
  /** The last score at or before the first treatment; null if there is none (or no treatment yet). */
  readonly baseline: ScorePoint | null;
  /** The latest score after the first treatment; null if there is none. */
  readonly latest: ScorePoint | null;
  /** latest - baseline (negative = fewer symptoms). */
  readonly change: number | null;
  /** 100 * (latest - baseline) / baseline; null when the baseline is 0 or missing. */
  readonly percentChange: number | null;
  readonly responseAt: Date | null;
  readonly rapidResponse: boolean;
  readonly remissionAt: Date | null;
  /** First relapse after the first response. */
  readonly relapseAt: Date | null;
  readonly isRespondingNow: boolean;
  readonly isRemittedNow: boolean;
  /** Every event in time order (response can recur after a relapse). */
  readonly events: OutcomeEvent[];
  /** Why something could not be judged, in plain words. */
  readonly notes: string[];
}

export interface OutcomeInput {
  readonly instrument: string;
  readonly scores: readonly ScorePoint[];
  /** Start of the first treatment session; null if treatment has not started. */
  readonly firstTreatmentAt: Date | null;
}

const HOUR_MS = 3_600_000;

function validate(input: OutcomeInput, settings: OutcomeSettings): void {
  const issues: FieldIssue[] = [];
  input.scores.forEach((point, i) => {
    if (!isValidDate(point.at)) issues.push({ field: `scores.${i}.at`, message: 'must be a valid date' });
    if (typeof point.total !== 'number' || !Number.isFinite(point.total) || point.total < 0) {
      issues.push({ field: `scores.${i}.total`, message: 'must be a number of 0 or more' });
    }
  });
  if (input.firstTreatmentAt !== null && !isValidDate(input.firstTreatmentAt)) {
    issues.push({ field: 'firstTreatmentAt', message: 'must be a valid date or null' });
  }
  if (!(settings.responseMinFall > 0 && settings.responseMinFall <= 1)) {
    issues.push({ field: 'settings.responseMinFall', message: 'must be above 0 and at most 1' });
  }
  if (!Number.isInteger(settings.relapse.consecutiveMeasures) || settings.relapse.consecutiveMeasures < 1) {
    issues.push({ field: 'settings.relapse.consecutiveMeasures', message: 'must be a whole number of 1 or more' });
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
}

/** Whether `total` is a response relative to `baseline` (needs a baseline above 0). */
export function isResponse(
  baseline: number,
  total: number,
  minFall = DEFAULT_OUTCOME_SETTINGS.responseMinFall,
): boolean {
  return baseline > 0 && (baseline - total) / baseline >= minFall;
}

export function summarizeOutcomes(
  input: OutcomeInput,
  settings: OutcomeSettings = DEFAULT_OUTCOME_SETTINGS,
): OutcomeSummary {
  validate(input, settings);
  const sorted = [...input.scores].sort((a, b) => a.at.getTime() - b.at.getTime());
  const start = input.firstTreatmentAt;
  const notes: string[] = [];
  if (start === null) notes.push('Treatment has not started: there is no baseline yet.');

  const baseline = start === null ? null : (sorted.filter((p) => p.at.getTime() <= start.getTime()).at(-1) ?? null);
  const followUps = start === null ? [] : sorted.filter((p) => p.at.getTime() > start.getTime());
  if (start !== null && baseline === null)
    notes.push('No score at or before the first treatment: response and relapse cannot be judged.');
  if (baseline !== null && baseline.total === 0)
    notes.push('The baseline total is 0: a percentage fall cannot be computed.');

  const remissionRule = settings.remission[input.instrument];
  if (remissionRule === undefined) notes.push(`No remission rule is set for ${input.instrument}.`);
  const relapseThreshold = settings.relapse.thresholds[input.instrument];

  const responds = (p: ScorePoint) =>
    baseline !== null && isResponse(baseline.total, p.total, settings.responseMinFall);
  const remits = (p: ScorePoint) => remissionRule !== undefined && p.total <= remissionRule.maxTotal;
  const failsForRelapse = (p: ScorePoint) =>
    relapseThreshold !== undefined ? p.total >= relapseThreshold.minTotal : !responds(p);

  const events: OutcomeEvent[] = [];
  let isResponding = false;
  let failingRun: ScorePoint[] = [];
  let hasRemitted = false;
  // The instant of the response, or of the last measure counted toward relapse. A measure taken at that same instant
  // (a duplicate entry, or an import of the same assessment) is not a later follow-up, so it neither counts toward a
  // relapse nor breaks a run: relapse needs consecutive follow-ups after the response, one per assessment.
  let lastCountedAt = -Infinity;
  for (const point of followUps) {
    if (remits(point) && !hasRemitted) {
      hasRemitted = true;
      events.push({ type: 'remission', at: point.at, total: point.total });
    }
    if (!isResponding) {
      if (responds(point)) {
        isResponding = true;
        failingRun = [];
        events.push({ type: 'response', at: point.at, total: point.total });
        lastCountedAt = point.at.getTime();
        const hoursAfter = start === null ? Infinity : (point.at.getTime() - start.getTime()) / HOUR_MS;
        const isFirstResponse = events.filter((e) => e.type === 'response').length === 1;
        if (isFirstResponse && hoursAfter <= settings.rapidResponseWindowHours) {
          events.push({ type: 'rapid-response', at: point.at, total: point.total });
        }
      }
      continue;
    }
    if (point.at.getTime() <= lastCountedAt) continue;
    lastCountedAt = point.at.getTime();
    if (failsForRelapse(point)) {
      failingRun.push(point);
      if (failingRun.length >= settings.relapse.consecutiveMeasures) {
        const onset = failingRun[0] ?? point;
        events.push({ type: 'relapse', at: point.at, total: point.total, onsetAt: onset.at });
        isResponding = false;
        hasRemitted = false;
        failingRun = [];
      }
    } else {
      failingRun = [];
    }
  }

  const latest = followUps.at(-1) ?? null;
  const firstOf = (type: OutcomeEventType) => events.find((e) => e.type === type)?.at ?? null;
  const change = baseline !== null && latest !== null ? latest.total - baseline.total : null;
  const percentChange =
    change !== null && baseline !== null && baseline.total > 0 ? (100 * change) / baseline.total : null;
  return {
    instrument: input.instrument,
    firstTreatmentAt: start,
    baseline,
    latest,
    change,
    percentChange,
    responseAt: firstOf('response'),
    rapidResponse: firstOf('rapid-response') !== null,
    remissionAt: firstOf('remission'),
    relapseAt: firstOf('relapse'),
    isRespondingNow: latest !== null && responds(latest),
    isRemittedNow: latest !== null && remits(latest),
    events,
    notes,
  };
}

import { DomainValidationError } from '../shared/validation.js';
import { readTimeline, type SessionEvent } from '../session/events.js';
import { assertValidDate, minutesBetween } from '../session/time.js';
import type { Infusion } from './simulate.js';

/** The planned infusion: `doseMg` at a constant rate over `durationMin`, starting at `startMin`. */
export function plannedInfusion(doseMg: number, durationMin: number, startMin = 0): Infusion[] {
  if (!Number.isFinite(doseMg) || doseMg <= 0)
    throw new DomainValidationError([{ field: 'doseMg', message: 'must be > 0' }]);
  if (!Number.isFinite(durationMin) || durationMin <= 0)
    throw new DomainValidationError([{ field: 'durationMin', message: 'must be > 0' }]);
  return [{ startMin, endMin: startMin + durationMin, rateMgPerMin: doseMg / durationMin }];
}

/**
 * The infusion actually given, read from the session events (start, rate changes, pauses, resumes, stop), in
 * minutes from `timeZero` (default: the infusion start). An infusion still running is drawn up to `asOf`.
 */
export function actualInfusions(events: readonly SessionEvent[], asOf: Date, timeZero?: Date): Infusion[] {
  assertValidDate(asOf, 'asOf');
  const started = readTimeline('iv-ketamine', events, asOf).infusionStartedAt;
  if (!started) return [];
  const zero = timeZero ? assertValidDate(timeZero, 'timeZero') : started;
  if (zero.getTime() > started.getTime()) {
    throw new DomainValidationError([{ field: 'timeZero', message: 'must not be after the infusion start' }]);
  }
  const relevant = events
    .filter((e) => e.at.getTime() <= asOf.getTime())
    .map((e, index) => ({ e, index }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.index - b.index)
    .map(({ e }) => e);

  const segments: Infusion[] = [];
  let setRate = 0;
  let running = false;
  let segmentStart: Date | undefined;
  const close = (at: Date): void => {
    if (running && segmentStart && setRate > 0 && at.getTime() > segmentStart.getTime()) {
      segments.push({
        startMin: minutesBetween(zero, segmentStart),
        endMin: minutesBetween(zero, at),
        rateMgPerMin: setRate,
      });
    }
  };
  let stopped = false;
  for (const e of relevant) {
    if (stopped) break;
    switch (e.type) {
      case 'infusion-started':
        if (running) break;
        setRate = e.rateMgPerMin;
        running = true;
        segmentStart = e.at;
        break;
      case 'infusion-rate-changed':
        close(e.at);
        setRate = e.rateMgPerMin;
        segmentStart = e.at;
        break;
      case 'infusion-paused':
        close(e.at);
        running = false;
        break;
      case 'infusion-resumed':
        if (!running) {
          running = true;
          segmentStart = e.at;
        }
        break;
      case 'infusion-stopped':
        close(e.at);
        running = false;
        stopped = true;
        break;
      default:
        break;
    }
  }
  if (!stopped) close(asOf);
  return segments;
}

/** Minutes the infusion actually ran (pauses and zero-rate stretches excluded), e.g. for the 96365/96366 time. */
export function infusionRunningMinutes(events: readonly SessionEvent[], asOf: Date): number {
  return actualInfusions(events, asOf).reduce((sum, s) => sum + (s.endMin - s.startMin), 0);
}

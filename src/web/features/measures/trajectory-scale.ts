/**
 * The arithmetic of the trajectory chart, kept apart from the drawing so it can be tested: time and score
 * scales, the extent of the time axis, the bands as score intervals, and the date ticks.
 */

const DAY = 86_400_000;

export interface Interval {
  readonly from: number;
  readonly to: number;
}

/** A linear map from a domain to a range (either may run backwards, e.g. scores upwards on screen). */
export function linearScale(domain: Interval, range: Interval): (value: number) => number {
  const span = domain.to - domain.from;
  return (value) =>
    span === 0 ? (range.from + range.to) / 2 : range.from + ((value - domain.from) / span) * (range.to - range.from);
}

/**
 * The time axis: from the earliest to the latest of the scores and sessions, with a margin of 4% each side
 * (at least half a day), so a point never sits on the frame. One instant alone gets a day each side.
 */
export function timeExtent(instants: readonly number[]): Interval | null {
  if (instants.length === 0) return null;
  const from = Math.min(...instants);
  const to = Math.max(...instants);
  if (from === to) return { from: from - DAY, to: to + DAY };
  const pad = Math.max((to - from) * 0.04, DAY / 2);
  return { from: from - pad, to: to + pad };
}

/** The score axis: the instrument's published range, widened if a stored score lies outside it. */
export function scoreExtent(range: { min: number; max: number } | null, totals: readonly number[]): Interval {
  const low = Math.min(range?.min ?? 0, ...totals);
  const high = Math.max(range?.max ?? 0, ...totals, low + 1);
  return { from: low, to: high };
}

export interface BandInput {
  readonly code: string;
  readonly min: number;
  readonly max: number;
  readonly label: string;
}

/**
 * Bands as shaded score intervals. Bands are published on whole scores ("5-9", "10-14"), so each is drawn from
 * its minimum to the next band's minimum (the last to the top of the axis), leaving no gaps between them.
 */
export function bandIntervals(bands: readonly BandInput[], axis: Interval): Array<BandInput & Interval> {
  const sorted = [...bands].sort((a, b) => a.min - b.min);
  return sorted
    .map((band, i) => ({
      ...band,
      from: Math.max(band.min, axis.from),
      to: Math.min(sorted[i + 1]?.min ?? axis.to, axis.to),
    }))
    .filter((band) => band.to > band.from);
}

/** Score ticks: about five, on whole numbers, always including both ends of the axis. */
export function scoreTicks(axis: Interval): number[] {
  const span = axis.to - axis.from;
  const step = span <= 10 ? 2 : span <= 30 ? 5 : span <= 60 ? 10 : 20;
  const ticks = new Set<number>([axis.from, axis.to]);
  for (let v = Math.ceil(axis.from / step) * step; v <= axis.to; v += step) ticks.add(v);
  return [...ticks]
    .sort((a, b) => a - b)
    .filter(
      (v, i, all) => i === 0 || i === all.length - 1 || (v - all[i - 1]! >= step / 2 && all.at(-1)! - v >= step / 2),
    );
}

/** Date ticks at UTC midnights, every 1, 2, 7, 14 or 28 days so that there are at most `maxTicks`. */
export function dateTicks(axis: Interval, maxTicks = 6): number[] {
  const days = (axis.to - axis.from) / DAY;
  const step = [1, 2, 7, 14, 28, 56, 91, 182, 364].find((s) => days / s <= maxTicks) ?? 364;
  const first = Math.ceil(axis.from / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = first; t <= axis.to; t += step * DAY) ticks.push(t);
  return ticks;
}

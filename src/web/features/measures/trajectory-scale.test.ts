import { describe, expect, it } from 'vitest';
import { bandIntervals, dateTicks, linearScale, scoreExtent, scoreTicks, timeExtent } from './trajectory-scale';

const DAY = 86_400_000;
const day = (n: number) => Date.UTC(2026, 0, 1) + n * DAY;

describe('trajectory chart scales', () => {
  it('maps scores upwards on screen: the lowest score at the bottom, the highest at the top', () => {
    const y = linearScale({ from: 0, to: 27 }, { from: 200, to: 20 });
    expect(y(0)).toBe(200);
    expect(y(27)).toBe(20);
    expect(y(13.5)).toBe(110);
  });

  it('puts the time axis around every score and session, with a margin, and a lone instant in a two-day window', () => {
    expect(timeExtent([])).toBeNull();
    expect(timeExtent([day(3)])).toEqual({ from: day(2), to: day(4) });
    const extent = timeExtent([day(0), day(100), day(50)])!;
    expect(extent.from).toBe(day(0) - 4 * DAY);
    expect(extent.to).toBe(day(100) + 4 * DAY);
  });

  it('uses the instrument range for the score axis and widens it for a score outside it', () => {
    expect(scoreExtent({ min: 0, max: 27 }, [4, 21])).toEqual({ from: 0, to: 27 });
    expect(scoreExtent({ min: 0, max: 27 }, [30])).toEqual({ from: 0, to: 30 });
    expect(scoreExtent(null, [])).toEqual({ from: 0, to: 1 });
  });

  it("shades PHQ-9 bands edge to edge: each band from its minimum to the next band's minimum", () => {
    // PHQ-9 bands (Kroenke, Spitzer & Williams 2001): 0-4, 5-9, 10-14, 15-19, 20-27.
    const bands = [
      { code: 'mild', min: 5, max: 9, label: 'Mild' },
      { code: 'minimal', min: 0, max: 4, label: 'Minimal' },
      { code: 'moderate', min: 10, max: 14, label: 'Moderate' },
      { code: 'moderately-severe', min: 15, max: 19, label: 'Moderately severe' },
      { code: 'severe', min: 20, max: 27, label: 'Severe' },
    ];
    const intervals = bandIntervals(bands, { from: 0, to: 27 });
    expect(intervals.map((b) => [b.code, b.from, b.to])).toEqual([
      ['minimal', 0, 5],
      ['mild', 5, 10],
      ['moderate', 10, 15],
      ['moderately-severe', 15, 20],
      ['severe', 20, 27],
    ]);
  });

  it('chooses whole-number score ticks that include both ends of the axis', () => {
    expect(scoreTicks({ from: 0, to: 27 })).toEqual([0, 5, 10, 15, 20, 27]);
    expect(scoreTicks({ from: 0, to: 10 })).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('chooses date ticks at midnight, no more than asked for', () => {
    const daily = dateTicks({ from: day(0) + 1, to: day(4) });
    expect(daily).toEqual([day(1), day(2), day(3), day(4)]);
    const weekly = dateTicks({ from: day(0), to: day(30) });
    expect(weekly.length).toBeLessThanOrEqual(6);
    expect(weekly[1]! - weekly[0]!).toBe(7 * DAY);
  });
});

import { describe, expect, it } from 'vitest';
import { niceTicks, pkCurves } from './pk-curve';

const START = '2026-12-02T10:00:00.000Z';
const minutesAfter = (min: number) => new Date(new Date(START).getTime() + min * 60_000);

describe('the session PK chart data', () => {
  it('predicts the planned infusion with the Domino model, naming it and saying it never sets a dose', () => {
    const curves = pkCurves({ weightKg: 70, doseMg: 35, durationMin: 40, timeline: [], now: minutesAfter(0) });
    expect(curves.planned.model.name).toMatch(/Domino/);
    expect(curves.planned.disclaimer).toMatch(/never sets a dose/);
    expect(curves.actual).toBeNull();
    // The concentration peaks at the end of a constant infusion.
    expect(curves.planned.peak.tMin).toBe(40);
    expect(curves.untilMin).toBe(160);
  });

  it('draws the actual infusion from the administration entries, a pause lowering it below the plan', () => {
    const timeline = [
      { kind: 'infusion-started', data: { rateMgPerMin: 0.875 }, at: START, isCorrected: false },
      { kind: 'vitals', data: { systolic: 130 }, at: minutesAfter(5).toISOString(), isCorrected: false },
      { kind: 'infusion-paused', data: { reason: 'nausea' }, at: minutesAfter(10).toISOString(), isCorrected: false },
      { kind: 'infusion-resumed', data: {}, at: minutesAfter(20).toISOString(), isCorrected: false },
    ];
    const curves = pkCurves({ weightKg: 70, doseMg: 35, durationMin: 40, timeline, now: minutesAfter(25) });
    expect(curves.nowMin).toBeCloseTo(25);
    const actual = curves.actual!;
    expect(actual.points.at(-1)!.tMin).toBeCloseTo(25);
    const plannedAt20 = curves.planned.points.find((p) => p.tMin === 20)!.ngPerMl;
    const actualAt20 = actual.points.find((p) => p.tMin === 20)!.ngPerMl;
    expect(actualAt20).toBeLessThan(plannedAt20);
    // Identical until the pause.
    expect(actual.points.find((p) => p.tMin === 10)!.ngPerMl).toBeCloseTo(
      curves.planned.points.find((p) => p.tMin === 10)!.ngPerMl,
      6,
    );
  });

  it('chooses round ticks that cover the maximum', () => {
    expect(niceTicks(160, 8)).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160]);
    const ticks = niceTicks(437);
    expect(ticks[0]).toBe(0);
    expect(ticks.at(-1)!).toBeGreaterThanOrEqual(437);
  });
});

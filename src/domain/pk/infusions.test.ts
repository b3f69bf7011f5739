import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../session/events.js';
import { actualInfusions, infusionRunningMinutes, plannedInfusion } from './infusions.js';

const T0 = Date.parse('2025-03-04T14:00:00Z');
const at = (min: number): Date => new Date(T0 + min * 60_000);

describe('plannedInfusion', () => {
  // Source: Sanacora 2017, 0.5 mg/kg over 40 minutes (35 mg for 70 kg).
  it('spreads the dose evenly over the duration', () => {
    expect(plannedInfusion(35, 40)).toEqual([{ startMin: 0, endMin: 40, rateMgPerMin: 0.875 }]);
  });
});

describe('actualInfusions', () => {
  const events: SessionEvent[] = [
    { type: 'checked-in', at: at(-15) },
    { type: 'infusion-started', at: at(0), rateMgPerMin: 0.875 },
    { type: 'infusion-paused', at: at(10), reason: 'nausea' },
    { type: 'infusion-resumed', at: at(14) },
    { type: 'infusion-rate-changed', at: at(20), rateMgPerMin: 0.5 },
    { type: 'infusion-stopped', at: at(45) },
  ];

  it('turns start, pause, resume, rate change and stop into segments from the infusion start', () => {
    expect(actualInfusions(events, at(60))).toEqual([
      { startMin: 0, endMin: 10, rateMgPerMin: 0.875 },
      { startMin: 14, endMin: 20, rateMgPerMin: 0.875 },
      { startMin: 20, endMin: 45, rateMgPerMin: 0.5 },
    ]);
  });

  it('draws a running infusion up to now', () => {
    expect(actualInfusions(events, at(17))).toEqual([
      { startMin: 0, endMin: 10, rateMgPerMin: 0.875 },
      { startMin: 14, endMin: 17, rateMgPerMin: 0.875 },
    ]);
  });

  it('can use another time zero, e.g. check-in', () => {
    expect(actualInfusions(events.slice(0, 3), at(12), at(-15))[0]).toEqual({
      startMin: 15,
      endMin: 25,
      rateMgPerMin: 0.875,
    });
  });

  it('is empty before the infusion starts', () => {
    expect(actualInfusions(events, at(-1))).toEqual([]);
  });
});

describe('infusionRunningMinutes', () => {
  it('adds the running stretches and leaves out pauses', () => {
    const events: SessionEvent[] = [
      { type: 'infusion-started', at: at(0), rateMgPerMin: 0.875 },
      { type: 'infusion-paused', at: at(10), reason: 'nausea' },
      { type: 'infusion-resumed', at: at(14) },
      { type: 'infusion-stopped', at: at(44) },
    ];
    expect(infusionRunningMinutes(events, at(60))).toBe(40);
  });
});

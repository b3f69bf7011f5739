import { describe, expect, it } from 'vitest';
import type { ClinicHours } from './clinic-hours.js';
import type { ChairBooking } from './overlap.js';
import { placeInChairs, placementRefusal, roundUpToQuarter } from './plan-placement.js';

// Source: issue 4 (chair scheduling, clinic defaults): a plan's sessions are placed on their planned dates, the
// whole chair time inside clinic hours, the protocol's spacing kept (IV ketamine induction at least 48 h apart =
// 2 calendar days, src/domain/protocols/definitions.ts), never before now.
const hours: ClinicHours = { 1: { open: '08:00', close: '18:00' }, 3: { open: '08:00', close: '18:00' }, 0: 'closed' };
const wednesday = '2026-11-04';

describe('placementRefusal', () => {
  it('leaves a session planned for a day that has passed to be booked by hand', () => {
    expect(placementRefusal('2026-11-01', '2026-11-02', [], 2)).toEqual({
      reason: 'in-the-past',
      message: 'Planned for 2026-11-01, which has passed: book it by hand on another day.',
    });
  });

  it("refuses a session closer to a booked one than the protocol's minimum days", () => {
    expect(placementRefusal(wednesday, '2026-11-02', [{ sessionNumber: 1, date: '2026-11-03' }], 2)).toEqual({
      reason: 'spacing',
      message: 'Session 1 is booked on 2026-11-03, 1 day(s) away; the protocol needs at least 2.',
    });
  });

  it('places a session today, and one exactly the minimum apart', () => {
    expect(placementRefusal('2026-11-02', '2026-11-02', [], 2)).toBeUndefined();
    expect(placementRefusal(wednesday, '2026-11-02', [{ sessionNumber: 1, date: '2026-11-02' }], 2)).toBeUndefined();
  });
});

describe('roundUpToQuarter', () => {
  it('rounds up to the next quarter hour, and past 23:45 to 24:00', () => {
    expect(roundUpToQuarter('10:00')).toBe('10:00');
    expect(roundUpToQuarter('10:01')).toBe('10:15');
    expect(roundUpToQuarter('23:46')).toBe('24:00');
  });
});

describe('placeInChairs', () => {
  const base = {
    date: wednesday,
    today: '2026-11-02',
    nowTime: '10:07',
    chairIds: ['c1', 'c2'],
    oneChair: false,
    chairMinutes: 100,
    hours,
    existing: [] as ChairBooking[],
  };

  it('takes the first chair free for the whole chair time from opening', () => {
    expect(placeInChairs(base)).toEqual({ chairId: 'c1', start: `${wednesday}T08:00`, end: `${wednesday}T09:40` });
  });

  it('takes the next chair, or the next quarter hour, when a chair is taken', () => {
    const existing = [{ chairId: 'c1', start: `${wednesday}T08:00`, end: `${wednesday}T09:40` }];
    expect(placeInChairs({ ...base, existing })).toMatchObject({ chairId: 'c2', start: `${wednesday}T08:00` });
    expect(placeInChairs({ ...base, chairIds: ['c1'], oneChair: true, existing })).toMatchObject({
      chairId: 'c1',
      start: `${wednesday}T09:45`,
    });
  });

  it('starts no earlier than the time asked for', () => {
    expect(placeInChairs({ ...base, startTime: '09:00' })).toMatchObject({ start: `${wednesday}T09:00` });
  });

  it('today, starts no earlier than now rounded up to the quarter hour, nor than the time asked for', () => {
    const today = { ...base, date: wednesday, today: wednesday };
    expect(placeInChairs(today)).toMatchObject({ start: `${wednesday}T10:15` });
    expect(placeInChairs({ ...today, startTime: '09:00' })).toMatchObject({ start: `${wednesday}T10:15` });
    expect(placeInChairs({ ...today, startTime: '11:00' })).toMatchObject({ start: `${wednesday}T11:00` });
  });

  it('places nothing once the day is over', () => {
    expect(placeInChairs({ ...base, today: wednesday, nowTime: '23:50' })).toEqual({
      reason: 'no-free-chair',
      message: 'The day is over.',
    });
  });

  it('says when the whole chair time fits in no chair, naming the day and the earliest start', () => {
    expect(placeInChairs({ ...base, startTime: '17:00' })).toEqual({
      reason: 'no-free-chair',
      message: 'No chair is free for 100 minutes on Wednesday 2026-11-04 from 17:00.',
    });
    expect(placeInChairs({ ...base, date: '2026-11-08', chairIds: ['c1'], oneChair: true })).toEqual({
      reason: 'no-free-chair',
      message: 'No free time in that chair for 100 minutes on Sunday 2026-11-08.',
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { ClinicHours } from './clinic-hours.js';
import { canBeMoved, isTooEarlyForNoShow, slotRefusal, takesReminderConfirmations } from './booked-session.js';

// Source: issue 4 (chair scheduling, workflow rules of the clinic): the whole chair time inside clinic hours, nothing
// booked in the past, only a scheduled session moved, reminders confirmed until the session ends, a no-show recorded
// after the start. Times: 2026-11-04 is a Wednesday; 14:00 UTC is 09:00 in America/New_York.
const hours: ClinicHours = { 3: { open: '08:00', close: '18:00' }, 0: 'closed' };
const now = new Date('2026-11-02T15:00:00Z');

describe('slotRefusal', () => {
  it('accepts a chair time that ends exactly at closing', () => {
    expect(
      slotRefusal({
        start: '2026-11-04T16:20',
        startsAt: new Date('2026-11-04T21:20:00Z'),
        chairMinutes: 100,
        hours,
        now,
      }),
    ).toBeUndefined();
  });

  it('refuses a chair time that runs past closing, saying the whole of it must fit', () => {
    expect(
      slotRefusal({
        start: '2026-11-04T17:00',
        startsAt: new Date('2026-11-04T22:00:00Z'),
        chairMinutes: 100,
        hours,
        now,
      }),
    ).toMatchObject({
      code: 'outside-clinic-hours',
      message: expect.stringMatching(
        /: the whole chair time \(100 min, dosing and monitoring\) must fit inside clinic hours\.$/,
      ),
    });
  });

  it('refuses a start before now, even inside clinic hours', () => {
    expect(
      slotRefusal({
        start: '2026-11-04T09:00',
        startsAt: new Date('2026-11-04T14:00:00Z'),
        chairMinutes: 100,
        hours,
        now: new Date('2026-11-04T14:01:00Z'),
      }),
    ).toEqual({
      code: 'in-the-past',
      message: 'A session cannot be booked in the past.',
      fieldMessage: 'is in the past',
    });
  });
});

describe('which changes a booked session allows', () => {
  it('moves only a scheduled session', () => {
    expect(canBeMoved('scheduled')).toBe(true);
    for (const status of ['in-progress', 'completed', 'cancelled', 'no-show'] as const)
      expect(canBeMoved(status)).toBe(false);
  });

  it('takes reminder confirmations while scheduled or under way, not once it ended', () => {
    expect(takesReminderConfirmations('scheduled')).toBe(true);
    expect(takesReminderConfirmations('in-progress')).toBe(true);
    for (const status of ['completed', 'cancelled', 'no-show'] as const)
      expect(takesReminderConfirmations(status)).toBe(false);
  });

  it('records a no-show from the start time on, never before', () => {
    const startsAt = new Date('2026-11-04T14:00:00Z');
    expect(isTooEarlyForNoShow(startsAt, new Date('2026-11-04T13:59:00Z'))).toBe(true);
    expect(isTooEarlyForNoShow(startsAt, startsAt)).toBe(false);
    expect(isTooEarlyForNoShow(startsAt, new Date('2026-11-04T14:30:00Z'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { firstFreeStart } from './slots';

const hours = { open: '08:00', close: '17:00' };

describe('the first free slot of a clinician on a day', () => {
  it('is the opening time on an empty day, and none on a closed day', () => {
    expect(firstFreeStart('2026-11-16', hours, [], 60)).toBe('2026-11-16T08:00');
    expect(firstFreeStart('2026-11-22', null, [], 60)).toBeNull();
  });

  it('skips bookings, fitting in a gap only when the whole visit fits', () => {
    const busy = [
      { start: '2026-11-16T08:00', end: '2026-11-16T09:00' },
      { start: '2026-11-16T09:30', end: '2026-11-16T11:00' },
    ];
    expect(firstFreeStart('2026-11-16', hours, busy, 30)).toBe('2026-11-16T09:00');
    expect(firstFreeStart('2026-11-16', hours, busy, 60)).toBe('2026-11-16T11:00');
  });

  it('starts no earlier than the next quarter hour after now, and finds nothing when the day is full', () => {
    expect(firstFreeStart('2026-11-16', hours, [], 30, '10:05')).toBe('2026-11-16T10:15');
    expect(
      firstFreeStart('2026-11-16', hours, [{ start: '2026-11-16T08:00', end: '2026-11-16T16:30' }], 60),
    ).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  chairConflicts,
  findFirstFreeSlot,
  intervalsOverlap,
  sessionChairEnd,
  toMinuteNumber,
  fromMinuteNumber,
  type ChairBooking,
} from './overlap.js';
import { DomainValidationError } from '../shared/validation.js';

const booking = (id: string, chairId: string, start: string, end: string): ChairBooking => ({
  id,
  chairId,
  start,
  end,
});

describe('chair booking overlap', () => {
  it('treats intervals as half-open: back-to-back bookings do not conflict', () => {
    expect(intervalsOverlap({ start: 0, end: 60 }, { start: 60, end: 120 })).toBe(false);
    expect(intervalsOverlap({ start: 0, end: 61 }, { start: 60, end: 120 })).toBe(true);
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 300 }),
        (a, al, b, bl) => {
          const x = { start: a, end: a + al };
          const y = { start: b, end: b + bl };
          expect(intervalsOverlap(x, y)).toBe(intervalsOverlap(y, x));
        },
      ),
    );
  });

  // Source: SPRAVATO US PI: the chair is held for dosing plus at least 2 hours of monitoring.
  it('holds the chair for dosing plus monitoring', () => {
    expect(sessionChairEnd('2025-03-03T09:00', { durationMin: 10, monitoringMin: 120 })).toBe('2025-03-03T11:10');
  });

  it('finds conflicts on the same chair only, and ignores the booking being moved', () => {
    const existing = [
      booking('a', 'chair-1', '2025-03-03T09:00', '2025-03-03T11:10'),
      booking('b', 'chair-2', '2025-03-03T09:00', '2025-03-03T11:10'),
    ];
    expect(
      chairConflicts({ chairId: 'chair-1', start: '2025-03-03T11:00', end: '2025-03-03T12:00' }, existing).map(
        (b) => b.id,
      ),
    ).toEqual(['a']);
    expect(
      chairConflicts({ chairId: 'chair-1', start: '2025-03-03T11:10', end: '2025-03-03T12:00' }, existing),
    ).toEqual([]);
    expect(
      chairConflicts({ id: 'a', chairId: 'chair-1', start: '2025-03-03T09:30', end: '2025-03-03T11:40' }, existing),
    ).toEqual([]);
  });

  it('names a booking that ends before it starts', () => {
    try {
      chairConflicts({ chairId: 'c', start: '2025-03-03T10:00', end: '2025-03-03T09:00' }, []);
      expect.unreachable();
    } catch (error) {
      expect((error as DomainValidationError).issues[0]?.field).toBe('booking.end');
    }
  });

  it('crosses midnight on the wall clock', () => {
    expect(fromMinuteNumber(toMinuteNumber('2025-03-03T23:30') + 60)).toBe('2025-03-04T00:30');
  });

  it('finds the first free slot inside hours, trying chairs in order', () => {
    const hours = { 1: { open: '08:00', close: '12:00' } } as const;
    const existing = [
      booking('a', 'c1', '2025-03-03T08:00', '2025-03-03T10:05'),
      booking('b', 'c2', '2025-03-03T08:00', '2025-03-03T09:00'),
    ];
    expect(
      findFirstFreeSlot({ date: '2025-03-03', chairIds: ['c1', 'c2'], chairMinutes: 125, hours, existing }),
    ).toEqual({
      chairId: 'c2',
      start: '2025-03-03T09:00',
      end: '2025-03-03T11:05',
    });
    expect(
      findFirstFreeSlot({ date: '2025-03-03', chairIds: ['c1'], chairMinutes: 125, hours, existing }),
    ).toBeUndefined();
    expect(
      findFirstFreeSlot({ date: '2025-03-04', chairIds: ['c1'], chairMinutes: 60, hours, existing: [] }),
    ).toBeUndefined();
  });

  it('never returns a slot that conflicts or leaves clinic hours', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 12 })), { maxLength: 8 }),
        fc.integer({ min: 15, max: 300 }),
        (slots, minutes) => {
          const existing = slots.map(([s, l], i) =>
            booking(
              `b${i}`,
              'c1',
              fromMinuteNumber(toMinuteNumber('2025-03-03T07:00') + s * 15),
              fromMinuteNumber(toMinuteNumber('2025-03-03T07:00') + (s + l) * 15),
            ),
          );
          const slot = findFirstFreeSlot({
            date: '2025-03-03',
            chairIds: ['c1'],
            chairMinutes: minutes,
            hours: { 1: { open: '08:00', close: '18:00' } },
            existing,
          });
          if (slot) {
            expect(chairConflicts({ chairId: slot.chairId, start: slot.start, end: slot.end }, existing)).toEqual([]);
            expect(slot.start >= '2025-03-03T08:00' && slot.end <= '2025-03-03T18:00').toBe(true);
          }
        },
      ),
    );
  });
});

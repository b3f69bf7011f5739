import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../shared/validation.js';
import {
  DEFAULT_ESCALATION_SETTINGS,
  escalationDueAt,
  isEscalationDue,
  type EscalationSettings,
} from './escalation.js';

// Source: clinic default (15 minutes of clinic time); clinic hours are clinic data.
const eastern: EscalationSettings = {
  ...DEFAULT_ESCALATION_SETTINGS,
  clinicHours: {
    utcOffsetMinutes: -300, // UTC-5
    days: {
      mon: { open: '09:00', close: '17:00' },
      tue: { open: '09:00', close: '17:00' },
      fri: { open: '09:00', close: '17:00' },
    },
  },
};

describe('escalationDueAt', () => {
  it('adds 15 minutes during opening hours', () => {
    // Monday 2026-03-02 10:00 local = 15:00 UTC.
    expect(escalationDueAt(new Date('2026-03-02T15:00:00Z'), eastern)).toEqual(new Date('2026-03-02T15:15:00Z'));
  });

  it('carries the remainder over the closing time to the next opening day', () => {
    // Monday 16:50 local: 10 minutes today, 5 minutes on Tuesday from 09:00 local (14:00 UTC).
    expect(escalationDueAt(new Date('2026-03-02T21:50:00Z'), eastern)).toEqual(new Date('2026-03-03T14:05:00Z'));
  });

  it('starts the clock at the next opening when created while closed (Tuesday night -> Friday)', () => {
    // Tuesday 20:00 local; Wednesday and Thursday closed; Friday 09:00 local = 14:00 UTC.
    expect(escalationDueAt(new Date('2026-03-04T01:00:00Z'), eastern)).toEqual(new Date('2026-03-06T14:15:00Z'));
  });

  it('starts the clock at opening when created before opening on an open day', () => {
    // Monday 07:00 local.
    expect(escalationDueAt(new Date('2026-03-02T12:00:00Z'), eastern)).toEqual(new Date('2026-03-02T14:15:00Z'));
  });

  it('counts wall-clock minutes when the clinic has no hours (staffed round the clock)', () => {
    const settings = { ...DEFAULT_ESCALATION_SETTINGS, clinicHours: null };
    expect(escalationDueAt(new Date('2026-03-07T03:00:00Z'), settings)).toEqual(new Date('2026-03-07T03:15:00Z'));
  });

  it('rejects invalid clinic hours by field', () => {
    const bad: EscalationSettings = {
      ...eastern,
      clinicHours: {
        utcOffsetMinutes: 0,
        days: { mon: { open: '18:00', close: '09:00' }, tue: { open: '9am', close: '17:00' } },
      },
    };
    try {
      escalationDueAt(new Date('2026-03-02T15:00:00Z'), bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).issues.map((i) => i.field)).toEqual([
        'settings.clinicHours.days.mon.close',
        'settings.clinicHours.days.tue.open',
      ]);
    }
  });

  it('rejects clinic hours with no open day', () => {
    expect(() =>
      escalationDueAt(new Date('2026-03-02T15:00:00Z'), { ...eastern, clinicHours: { utcOffsetMinutes: 0, days: {} } }),
    ).toThrowError(/no open day/);
  });
});

describe('isEscalationDue', () => {
  const createdAt = new Date('2026-03-02T15:00:00Z');
  it('is due at the escalation time while unacknowledged, not before', () => {
    expect(isEscalationDue({ createdAt, acknowledgedAt: null }, new Date('2026-03-02T15:14:59Z'), eastern)).toBe(false);
    expect(isEscalationDue({ createdAt, acknowledgedAt: null }, new Date('2026-03-02T15:15:00Z'), eastern)).toBe(true);
  });

  it('is never due once acknowledged', () => {
    expect(
      isEscalationDue(
        { createdAt, acknowledgedAt: new Date('2026-03-02T15:05:00Z') },
        new Date('2026-03-03T00:00:00Z'),
        eastern,
      ),
    ).toBe(false);
  });
});

describe('escalationDueAt properties', () => {
  it('is never earlier than the wait and always falls inside opening hours', () => {
    const start = new Date('2026-03-01T00:00:00Z').getTime();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 14 * 24 * 60 }), fc.integer({ min: 1, max: 600 }), (minutes, wait) => {
        const createdAt = new Date(start + minutes * 60_000);
        const settings = { ...eastern, escalateAfterMinutes: wait };
        const due = escalationDueAt(createdAt, settings);
        expect(due.getTime()).toBeGreaterThanOrEqual(createdAt.getTime() + wait * 60_000);
        const local = new Date(due.getTime() - 300 * 60_000);
        const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes();
        expect([1, 2, 5]).toContain(local.getUTCDay());
        expect(minuteOfDay).toBeGreaterThan(9 * 60);
        expect(minuteOfDay).toBeLessThanOrEqual(17 * 60);
      }),
    );
  });
});

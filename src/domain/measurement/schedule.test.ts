import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainValidationError } from '../shared/validation.js';
import {
  computeMeasurementItems,
  DEFAULT_DUE_WINDOWS,
  dueInputHorizon,
  dueMeasures,
  trimDueInput,
  type MeasurementSchedule,
  type ScheduleRule,
} from './schedule.js';

// Source for all windows: clinic defaults (DEFAULT_DUE_WINDOWS); no published source fixes them.
const t = (iso: string) => new Date(iso);
const session1 = t('2026-02-02T09:00:00Z');
const session2 = t('2026-02-04T09:00:00Z');
const schedule: MeasurementSchedule = {
  rules: [
    { instrument: 'phq-9', timing: 'baseline' },
    { instrument: 'phq-9', timing: 'pre-session' },
    { instrument: 'phq-9', timing: 'post-session-24h' },
    { instrument: 'gad-7', timing: 'weekly' },
  ],
};

describe('measurement schedule', () => {
  it('makes the baseline due at the first session, open 14 days before', () => {
    const items = computeMeasurementItems({
      schedule: { rules: [schedule.rules[0]!] },
      sessions: [session2, session1],
      completed: [],
      now: t('2026-01-30T12:00:00Z'),
    });
    expect(items).toEqual([
      {
        instrument: 'phq-9',
        timing: 'baseline',
        anchor: session1,
        status: 'due',
        windowStart: t('2026-01-19T09:00:00Z'),
        dueAt: session1,
        windowEnd: session1,
      },
    ]);
  });

  it('makes the baseline due now when no session is booked', () => {
    const now = t('2026-01-10T12:00:00Z');
    const [baseline] = computeMeasurementItems({
      schedule: { rules: [schedule.rules[0]!] },
      sessions: [],
      completed: [],
      now,
    });
    expect(baseline).toMatchObject({ status: 'due', dueAt: now });
  });

  it('marks a missed baseline once the first session has started', () => {
    const [baseline] = computeMeasurementItems({
      schedule: { rules: [schedule.rules[0]!] },
      sessions: [session1],
      completed: [],
      now: t('2026-02-02T09:01:00Z'),
    });
    expect(baseline?.status).toBe('missed');
  });

  it('lists pre-session and 24-hour items per session with their windows and statuses', () => {
    const now = t('2026-02-03T08:00:00Z'); // 23 h after session 1
    const items = computeMeasurementItems({
      schedule: { rules: [schedule.rules[1]!, schedule.rules[2]!] },
      sessions: [session1, session2],
      completed: [{ instrument: 'phq-9', completedAt: t('2026-02-02T08:30:00Z') }],
      now,
    });
    expect(items.map((i) => [i.timing, i.anchor.toISOString(), i.status])).toEqual([
      ['pre-session', session1.toISOString(), 'completed'],
      ['post-session-24h', session1.toISOString(), 'due'],
      ['pre-session', session2.toISOString(), 'due'],
      ['post-session-24h', session2.toISOString(), 'upcoming'],
    ]);
    expect(items[1]).toMatchObject({
      windowStart: t('2026-02-03T05:00:00Z'),
      dueAt: t('2026-02-03T09:00:00Z'),
      windowEnd: t('2026-02-04T09:00:00Z'),
    });
  });

  it('turns a 24-hour item overdue after 24 h and missed after 48 h', () => {
    const input = { schedule: { rules: [schedule.rules[2]!] }, sessions: [session1], completed: [] };
    expect(computeMeasurementItems({ ...input, now: t('2026-02-03T10:00:00Z') })[0]?.status).toBe('overdue');
    expect(computeMeasurementItems({ ...input, now: t('2026-02-04T09:00:01Z') })[0]?.status).toBe('missed');
  });

  it('does not count a measure taken before the previous session as the next pre-session measure', () => {
    const items = computeMeasurementItems({
      schedule: { rules: [schedule.rules[1]!] },
      sessions: [session1, session2],
      completed: [{ instrument: 'phq-9', completedAt: t('2026-02-02T08:00:00Z') }],
      now: t('2026-02-04T08:00:00Z'),
    });
    expect(items.map((i) => i.status)).toEqual(['completed', 'due']);
    expect(items[1]?.windowStart).toEqual(t('2026-02-02T09:00:00.001Z'));
  });

  it('lets one completed questionnaire satisfy the 24-hour item and the next pre-session item', () => {
    const items = computeMeasurementItems({
      schedule: { rules: [schedule.rules[1]!, schedule.rules[2]!] },
      sessions: [session1, session2],
      completed: [{ instrument: 'phq-9', completedAt: t('2026-02-03T10:00:00Z') }],
      now: t('2026-02-03T11:00:00Z'),
    });
    const byKey = Object.fromEntries(items.map((i) => [`${i.timing}@${i.anchor.toISOString()}`, i.status]));
    expect(byKey[`post-session-24h@${session1.toISOString()}`]).toBe('completed');
    expect(byKey[`pre-session@${session2.toISOString()}`]).toBe('completed');
  });

  it('repeats weekly items from the first session up to one week ahead, stopping at endsAt', () => {
    const now = t('2026-02-17T12:00:00Z');
    const weekly = computeMeasurementItems({
      schedule: { rules: [schedule.rules[3]!] },
      sessions: [session1],
      completed: [],
      now,
    });
    expect(weekly.map((i) => [i.occurrence, i.dueAt.toISOString().slice(0, 10), i.status])).toEqual([
      [1, '2026-02-09', 'missed'],
      [2, '2026-02-16', 'overdue'],
      [3, '2026-02-23', 'upcoming'],
    ]);
    const ended = computeMeasurementItems({
      schedule: { rules: [{ ...schedule.rules[3]!, endsAt: t('2026-02-10T00:00:00Z') }] },
      sessions: [session1],
      completed: [],
      now,
    });
    expect(ended).toHaveLength(1);
  });

  it('repeats monthly follow-ups every 28 days from a chosen start, listing up to 28 days ahead', () => {
    const items = computeMeasurementItems({
      schedule: { rules: [{ instrument: 'phq-9', timing: 'monthly', startsAt: t('2026-03-01T00:00:00Z') }] },
      sessions: [session1],
      completed: [{ instrument: 'phq-9', completedAt: t('2026-03-27T00:00:00Z') }],
      now: t('2026-04-20T00:00:00Z'),
    });
    expect(items.map((i) => [i.dueAt.toISOString().slice(0, 10), i.status])).toEqual([
      ['2026-03-29', 'completed'],
      ['2026-04-26', 'due'],
    ]);
  });

  it('lists only due and overdue items for action', () => {
    const items = dueMeasures({
      schedule,
      sessions: [session1, session2],
      completed: [],
      now: t('2026-02-03T10:00:00Z'),
    });
    expect(items.map((i) => `${i.instrument}:${i.timing}:${i.status}`)).toEqual([
      'phq-9:post-session-24h:overdue',
      'phq-9:pre-session:due',
    ]);
  });

  it('rejects an unknown instrument and an invalid date by field', () => {
    try {
      computeMeasurementItems({
        schedule: { rules: [{ instrument: 'bdi', timing: 'weekly' }] },
        sessions: [new Date('x')],
        completed: [],
        now: session1,
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).issues.map((i) => i.field)).toEqual([
        'schedule.rules.0.instrument',
        'sessions.0',
      ]);
    }
  });
});

describe('the part of a history that can still make a measure due', () => {
  const DAY = 86_400_000;
  const now = new Date('2026-06-15T15:00:00Z');

  it('reaches back as far as the longest window (baseline, 14 days) for measures, and 48 h for sessions', () => {
    // DEFAULT_DUE_WINDOWS: baseline opens 14 days before; post-session windows close 48 h after the session.
    const horizon = dueInputHorizon(now, DEFAULT_DUE_WINDOWS);
    expect(horizon.completedFrom.toISOString()).toBe('2026-06-01T15:00:00.000Z');
    expect(horizon.sessionsFrom.toISOString()).toBe('2026-06-13T15:00:00.000Z');
  });

  it('keeps the first session, the one before the horizon and those after it', () => {
    const at = (d: number) => new Date(now.getTime() + d * DAY);
    const trimmed = trimDueInput({
      schedule: { rules: [] },
      sessions: [at(-3), at(-90), at(-1), at(-30), at(2)],
      completed: [],
      now,
    });
    expect(trimmed.sessions).toEqual([at(-90), at(-3), at(-1), at(2)]);
  });

  // Whatever the history, the clinic page's trimmed read lists exactly what the whole history would.
  it('gives the same due list as the whole history, for random histories and schedules', () => {
    const timings = ['baseline', 'pre-session', 'post-session-24h', 'weekly', 'monthly'] as const;
    const instruments = ['phq-9', 'gad-7', 'c-ssrs-screener'] as const;
    // Most offsets near `now`, where windows overlap the horizon; some far back (first sessions, old measures).
    const offsetHours = fc.oneof(
      fc.integer({ min: -24 * 5, max: 24 * 5 }),
      fc.integer({ min: -24 * 400, max: 24 * 10 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ instrument: fc.constantFrom(...instruments), timing: fc.constantFrom(...timings) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(offsetHours, { maxLength: 30 }),
        fc.array(fc.record({ instrument: fc.constantFrom(...instruments), hours: offsetHours }), { maxLength: 60 }),
        (rules: ScheduleRule[], sessionHours, completedHours) => {
          const input = {
            schedule: { rules },
            sessions: sessionHours.map((h) => new Date(now.getTime() + h * 3_600_000)),
            completed: completedHours.map((c) => ({
              instrument: c.instrument,
              completedAt: new Date(now.getTime() + c.hours * 3_600_000),
            })),
            now,
          };
          expect(dueMeasures(trimDueInput(input))).toEqual(dueMeasures(input));
        },
      ),
      { numRuns: 500 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { addMinutes, chairColumns, chairTime, isActiveSession, sessionsMissingReminders } from './day';
import type { Chair, ScheduledSession } from './schedule.api';

const chair = (id: string, name: string, isActive = true): Chair => ({ id, name, room: 'Room A', isActive });

function session(
  id: string,
  start: string,
  chairId: string | null,
  overrides: Partial<ScheduledSession> = {},
): ScheduledSession {
  return {
    id,
    patientId: `p-${id}`,
    patient: { id: `p-${id}`, givenName: 'Given', familyName: `Family ${id}`, mrn: `MRN-${id}` },
    planId: null,
    protocolId: null,
    modality: 'iv-ketamine',
    sessionNumber: 1,
    phase: null,
    doseMg: null,
    route: null,
    durationMin: null,
    monitoringMin: null,
    chair: chairId ? { id: chairId, name: chairId } : null,
    staff: null,
    start,
    end: `${start.slice(0, 11)}23:00`,
    startsAt: `${start}:00Z`,
    endsAt: `${start.slice(0, 11)}23:00:00Z`,
    status: 'scheduled',
    cancelReasonCode: null,
    cancelNote: null,
    noShowNote: null,
    reminders: null,
    ...overrides,
  };
}

describe('day view columns', () => {
  const chairs = [chair('c1', 'Chair 1'), chair('c2', 'Chair 2'), chair('old', 'Old chair', false)];

  it("puts each of the day's sessions in its chair's column, in time order, and leaves other days out", () => {
    // Given sessions booked out of order, one of them on the next day
    const sessions = [
      session('late', '2026-12-03T11:00', 'c1'),
      session('early', '2026-12-03T09:00', 'c1'),
      session('other', '2026-12-03T10:00', 'c2'),
      session('tomorrow', '2026-12-04T08:00', 'c1'),
    ];
    // When the day is laid out
    const columns = chairColumns({ chairs, sessions }, '2026-12-03');
    // Then every active chair has its column, with its sessions of that day from earliest to latest
    expect(columns.map((c) => [c.name, c.sessions.map((s) => s.id)])).toEqual([
      ['Chair 1', ['early', 'late']],
      ['Chair 2', ['other']],
    ]);
  });

  it('keeps an empty active chair, shows an inactive chair only while it holds a session, and adds "No chair" last when needed', () => {
    const empty = chairColumns({ chairs, sessions: [] }, '2026-12-03');
    expect(empty.map((c) => c.name)).toEqual(['Chair 1', 'Chair 2']);

    const columns = chairColumns(
      { chairs, sessions: [session('a', '2026-12-03T09:00', 'old'), session('b', '2026-12-03T09:30', null)] },
      '2026-12-03',
    );
    expect(columns.map((c) => [c.name, c.sessions.length])).toEqual([
      ['Chair 1', 0],
      ['Chair 2', 0],
      ['Old chair', 1],
      ['No chair', 1],
    ]);
    expect(columns.at(-1)?.id).toBe('');
  });

  it('orders sessions starting at the same minute by family name, so the order never jumps between reloads', () => {
    const sessions = [
      session('z', '2026-12-03T09:00', 'c1', { patient: { id: 'pz', givenName: 'A', familyName: 'Zimmer', mrn: '1' } }),
      session('a', '2026-12-03T09:00', 'c1', { patient: { id: 'pa', givenName: 'B', familyName: 'Abbott', mrn: '2' } }),
    ];
    expect(chairColumns({ chairs, sessions }, '2026-12-03')[0]?.sessions.map((s) => s.id)).toEqual(['a', 'z']);
  });
});

describe("a session's chair time", () => {
  it('splits the chair time into treatment and the monitoring after it', () => {
    // An IV infusion of 40 min followed by 60 min of monitoring holds the chair 09:00-10:40
    expect(
      chairTime({ start: '2026-12-03T09:00', end: '2026-12-03T10:40', durationMin: 40, monitoringMin: 60 }),
    ).toEqual({ start: '09:00', monitoringFrom: '09:40', end: '10:40', treatmentMin: 40, monitoringMin: 60 });
  });

  it('counts monitoring back from the end when only the monitoring minutes are known, and says nothing when neither is', () => {
    expect(
      chairTime({ start: '2026-12-03T10:00', end: '2026-12-03T12:15', durationMin: null, monitoringMin: 120 })
        .monitoringFrom,
    ).toBe('10:15');
    expect(chairTime({ start: '2026-12-03T10:00', end: '2026-12-03T11:00' }).monitoringFrom).toBeNull();
  });

  it('adds minutes on a 24-hour clock', () => {
    expect(addMinutes('09:50', 15)).toBe('10:05');
    expect(addMinutes('23:30', 45)).toBe('00:15');
    expect(addMinutes('00:10', -20)).toBe('23:50');
  });
});

describe('sessions still missing a reminder', () => {
  const open = { complete: false, items: [], missing: ['Ride home confirmed'] };
  it('lists booked or under-way sessions with an open reminder, never a cancelled one, a no-show or a complete one', () => {
    const sessions = [
      session('open', '2026-12-03T09:00', 'c1', { reminders: open }),
      session('running', '2026-12-03T09:00', 'c2', { reminders: open, status: 'in-progress' }),
      session('done', '2026-12-03T10:00', 'c1', { reminders: { complete: true, items: [], missing: [] } }),
      session('cancelled', '2026-12-03T11:00', 'c1', { reminders: open, status: 'cancelled' }),
      session('no-show', '2026-12-03T12:00', 'c1', { reminders: open, status: 'no-show' }),
      session('no-plan', '2026-12-03T13:00', 'c1', { reminders: null }),
    ];
    expect(sessionsMissingReminders(sessions).map((s) => s.id)).toEqual(['open', 'running']);
    expect(isActiveSession({ status: 'completed' })).toBe(false);
  });
});

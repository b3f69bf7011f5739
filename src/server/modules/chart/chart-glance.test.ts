import { describe, expect, it } from 'vitest';
import {
  ageInYears,
  currentPlanOf,
  nextSessionOf,
  planPhase,
  scoreDirection,
  type GlanceSession,
} from './chart-glance.js';

describe('ageInYears', () => {
  it('counts a birthday only once it has come', () => {
    expect(ageInYears('1990-05-14', '2026-05-13')).toBe(35);
    expect(ageInYears('1990-05-14', '2026-05-14')).toBe(36);
  });

  it('turns a 29 February birthday on 1 March in a common year', () => {
    expect(ageInYears('2000-02-29', '2027-02-28')).toBe(26);
    expect(ageInYears('2000-02-29', '2027-03-01')).toBe(27);
  });
});

const at = (iso: string) => new Date(iso);
const session = (
  startsAt: string,
  status: GlanceSession['status'],
  phase: string | null,
  planId: string | null = 'p1',
): GlanceSession => ({ startsAt: at(startsAt), status, phase, planId });

describe('nextSessionOf and planPhase', () => {
  const now = at('2026-11-10T12:00:00Z');
  const sessions = [
    session('2026-11-03T10:00:00Z', 'completed', 'induction'),
    session('2026-11-09T10:00:00Z', 'cancelled', 'induction'),
    session('2026-11-12T10:00:00Z', 'scheduled', 'induction'),
    session('2026-12-01T10:00:00Z', 'scheduled', 'maintenance'),
  ];

  it('is the first scheduled session from now on, skipping cancelled ones', () => {
    expect(nextSessionOf(sessions, now)?.startsAt).toEqual(at('2026-11-12T10:00:00Z'));
  });

  it('is the session under way when there is one', () => {
    const running = [...sessions, session('2026-11-10T11:30:00Z', 'in-progress', 'induction')];
    expect(nextSessionOf(running, now)?.status).toBe('in-progress');
  });

  it("names the plan's phase by its next session, else by its last held one", () => {
    expect(planPhase('p1', sessions, now)).toBe('induction');
    expect(planPhase('p1', sessions, at('2026-11-20T00:00:00Z'))).toBe('maintenance');
    expect(planPhase('p1', sessions.slice(0, 2), now)).toBe('induction');
    expect(planPhase('other', sessions, now)).toBeNull();
  });
});

describe('currentPlanOf', () => {
  it('prefers the active plan, then the newest draft', () => {
    expect(
      currentPlanOf([
        { status: 'draft', n: 3 },
        { status: 'active', n: 2 },
      ]),
    ).toEqual({ status: 'active', n: 2 });
    expect(
      currentPlanOf([
        { status: 'discontinued', n: 3 },
        { status: 'draft', n: 2 },
      ]),
    ).toEqual({ status: 'draft', n: 2 });
    expect(currentPlanOf([{ status: 'completed', n: 1 }])).toEqual({ status: 'completed', n: 1 });
    expect(currentPlanOf([])).toBeNull();
  });
});

describe('scoreDirection', () => {
  it('compares the latest score with the one before it', () => {
    expect(scoreDirection([18])).toBe('first');
    expect(scoreDirection([18, 12])).toBe('down');
    expect(scoreDirection([12, 15])).toBe('up');
    expect(scoreDirection([12, 12])).toBe('same');
  });
});

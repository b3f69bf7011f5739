/**
 * The arithmetic of the patient header, kept pure so it is tested without a database: age on the clinic's date,
 * the plan's current phase, and a score's direction. Nothing here is a clinical rule; response and remission come
 * from src/domain/outcomes.
 */

/** Whole years from a date of birth to a calendar date (both YYYY-MM-DD); 29 February birthdays turn on 1 March. */
export function ageInYears(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return Math.max(0, ty - by - (hadBirthday ? 0 : 1));
}

export interface GlanceSession {
  readonly startsAt: Date;
  readonly status: 'scheduled' | 'in-progress' | 'completed' | 'cancelled' | 'no-show';
  readonly phase: string | null;
  readonly planId: string | null;
}

/** The next session still to happen (scheduled or under way, ending after `now` is not needed: it starts after now or is in progress). */
export function nextSessionOf<T extends GlanceSession>(sessions: readonly T[], now: Date): T | null {
  const inProgress = sessions.find((s) => s.status === 'in-progress');
  if (inProgress) return inProgress;
  return (
    sessions
      .filter((s) => s.status === 'scheduled' && s.startsAt.getTime() >= now.getTime())
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0] ?? null
  );
}

/** A plan's phase now: that of its next session to happen, else of its last held session, else null. */
export function planPhase(planId: string, sessions: readonly GlanceSession[], now: Date): string | null {
  const ofPlan = sessions.filter((s) => s.planId === planId);
  const next = nextSessionOf(ofPlan, now);
  if (next?.phase) return next.phase;
  const held = ofPlan
    .filter((s) => s.status === 'completed')
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return held.at(-1)?.phase ?? null;
}

/** The plan the header shows: the active one, else the newest draft, else the newest of any status. */
export function currentPlanOf<T extends { status: string }>(plansNewestFirst: readonly T[]): T | null {
  return (
    plansNewestFirst.find((p) => p.status === 'active') ??
    plansNewestFirst.find((p) => p.status === 'draft') ??
    plansNewestFirst[0] ??
    null
  );
}

/** The latest score against the one before it. */
export function scoreDirection(totals: readonly number[]): 'up' | 'down' | 'same' | 'first' {
  if (totals.length < 2) return 'first';
  const latest = totals.at(-1)!;
  const previous = totals.at(-2)!;
  return latest > previous ? 'up' : latest < previous ? 'down' : 'same';
}

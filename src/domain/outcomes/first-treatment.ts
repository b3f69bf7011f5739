/**
 * When treatment began, the point a patient's baseline is read against. Pure.
 */

/**
 * The start of the first session that took place (completed, or in progress now); null before any. Booked,
 * cancelled and no-show sessions are not treatment. Baseline is the last score before this moment (Ketaclinic
 * clinical reference, section 2, outcome rules), and rapid response is counted from it.
 */
export function firstTreatmentAt(
  sessions: ReadonlyArray<{ readonly startsAt: Date; readonly status: string }>,
): Date | null {
  let first: Date | null = null;
  for (const s of sessions) {
    if (s.status !== 'completed' && s.status !== 'in-progress') continue;
    if (first === null || s.startsAt < first) first = s.startsAt;
  }
  return first;
}

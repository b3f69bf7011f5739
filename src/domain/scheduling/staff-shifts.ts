/**
 * Who may staff a chair session, and what a shift may be. Workflow rules of chair scheduling (issue 4), clinic
 * defaults rather than clinical thresholds:
 *  - a session is staffed by an active nurse, prescriber or therapist: not by an admin or the front desk;
 *  - a shift ends after it starts and lasts at most 16 hours (a double shift; anything longer is a typing mistake).
 */

/** The longest shift accepted, in hours. */
export const MAX_SHIFT_HOURS = 16;

const NON_CLINICAL_ROLES: readonly string[] = ['admin', 'front_desk'];

/** An active member of the clinic's clinical staff (nurse, prescriber, therapist), who can be on shift for a session. */
export function isClinicalStaff(member: { readonly isActive: boolean; readonly role: string }): boolean {
  return member.isActive && !NON_CLINICAL_ROLES.includes(member.role);
}

/** What is wrong with a shift from `startsAt` to `endsAt`, if anything (about its end). */
export function shiftProblem(startsAt: Date, endsAt: Date): { message: string; fieldMessage: string } | undefined {
  if (endsAt <= startsAt) return { message: 'A shift ends after it starts.', fieldMessage: 'must be after start' };
  if (endsAt.getTime() - startsAt.getTime() > MAX_SHIFT_HOURS * 3_600_000)
    return {
      message: `A shift is at most ${MAX_SHIFT_HOURS} hours.`,
      fieldMessage: `at most ${MAX_SHIFT_HOURS} hours after start`,
    };
  return undefined;
}

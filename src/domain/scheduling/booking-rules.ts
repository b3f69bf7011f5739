/**
 * Rules a booking must keep beyond the chair (which the database guards): the protocol's minimum spacing between a
 * plan's sessions, and the pre-session reminders with what is still missing.
 *
 * Sources: the spacing is each protocol's own setting (`minDaysBetween` / `minHoursBetween` in
 * ../protocols/definitions.ts, cited there: e.g. IV induction sessions at least 48 h apart, a clinic default of
 * issue 4); the reminders are the protocol's `preSession` requirements (SPRAVATO label: no food 2 h and no liquids
 * 30 min before, REMS enrolment before the first session, a ride home after each).
 */
import { toDayNumber } from './dates.js';
import { preSessionChecklist } from './reminders.js';
import type { PreSessionRequirement, Protocol, RequirementCode } from '../protocols/index.js';

/** The protocol's minimum calendar days between consecutive sessions (48 h = 2 days for the IV induction). */
export function minimumDaysBetween(protocol: Protocol): number {
  const days = protocol.settings.minDaysBetween?.value;
  if (days !== undefined) return days;
  const hours = protocol.settings.minHoursBetween?.value;
  return hours !== undefined ? Math.ceil(hours / 24) : 1;
}

export interface SpacingConflict {
  readonly sessionNumber: number;
  readonly date: string;
  readonly daysApart: number;
  readonly minimumDays: number;
}

/**
 * The first other booked session of the plan closer than `minimumDays` to `date` (both directions), if any.
 * Sessions are compared by local calendar date, as the protocols define spacing.
 */
export function spacingConflict(
  date: string,
  others: ReadonlyArray<{ readonly sessionNumber: number; readonly date: string }>,
  minimumDays: number,
): SpacingConflict | undefined {
  const day = toDayNumber(date, 'start');
  for (const other of others) {
    const daysApart = Math.abs(toDayNumber(other.date) - day);
    if (daysApart < minimumDays)
      return { sessionNumber: other.sessionNumber, date: other.date, daysApart, minimumDays };
  }
  return undefined;
}

export interface ReminderItem {
  readonly code: RequirementCode;
  readonly label: string;
  readonly instructions: string;
  readonly scope: PreSessionRequirement['scope'];
  readonly status: 'confirmed' | 'missing';
  /** consent-current is worked out from the consent record; the others are confirmed by staff. */
  readonly automatic: boolean;
  readonly confirmedAt: string | null;
  readonly confirmedBy: string | null;
  readonly fasting?: { readonly noFoodHours: number; readonly noLiquidsMinutes: number };
}

export interface SessionReminders {
  readonly complete: boolean;
  readonly items: ReminderItem[];
  /** Labels of what is still missing, in the protocol's order (the day view's short list). */
  readonly missing: string[];
}

/**
 * The pre-session reminders for a session: the protocol's requirements (REMS only before session 1), each confirmed
 * or missing. Consent is confirmed by a current signature, never by hand.
 */
export function sessionReminders(
  protocol: Protocol,
  sessionNumber: number,
  byHand: ReadonlyMap<string, { readonly at: Date; readonly by: string | null }>,
  consentCurrent: boolean,
  /**
   * Requirements the clinic's records already show (the patient's REMS enrolment, the ride home recorded at check-in),
   * so the day schedule agrees with the session's checklist instead of asking staff to confirm them again.
   */
  fromRecords: ReadonlyMap<string, { readonly at: Date; readonly by: string | null }> = new Map(),
): SessionReminders {
  const confirmations = new Map([...fromRecords, ...byHand]);
  const confirmed: RequirementCode[] = [...confirmations.keys()].filter(
    (c): c is RequirementCode => c !== 'consent-current' && protocol.preSession.some((r) => r.code === c),
  );
  if (consentCurrent) confirmed.push('consent-current');
  const checklist = preSessionChecklist(protocol, confirmed, sessionNumber);
  const satisfied = new Set(checklist.satisfied.map((r) => r.code));
  const applicable = [...checklist.satisfied, ...checklist.missing].sort(
    (a, b) => protocol.preSession.indexOf(a) - protocol.preSession.indexOf(b),
  );
  const items = applicable.map((r): ReminderItem => {
    const confirmation = confirmations.get(r.code);
    const isConfirmed = satisfied.has(r.code);
    return {
      code: r.code,
      label: r.label,
      instructions: r.instructions,
      scope: r.scope,
      status: isConfirmed ? 'confirmed' : 'missing',
      automatic: r.code === 'consent-current' || (isConfirmed && fromRecords.has(r.code) && !byHand.has(r.code)),
      confirmedAt: isConfirmed && confirmation ? confirmation.at.toISOString() : null,
      confirmedBy: isConfirmed && confirmation ? confirmation.by : null,
      ...(r.fasting ? { fasting: r.fasting } : {}),
    };
  });
  return { complete: checklist.complete, items, missing: checklist.missing.map((r) => r.label) };
}

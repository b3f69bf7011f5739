/**
 * The booking rules of appointments beyond plan sessions (consultations, evaluations, follow-ups, therapy,
 * telehealth). What each rule applies is clinic data: an appointment type (set up by a clinic admin) says how long it
 * lasts, which staff roles may hold it, whether it takes a room, a chair or neither, whether its patients share one
 * slot (group therapy) and whether it is held by video. No clinical guideline fixes these: they are clinic policy
 * (status 'clinic-default' in the sense of ../README.md), applied the same way for every clinic.
 *
 * That no clinician, room or chair is booked twice at once is enforced by the database (resource_hold's exclusion
 * constraint, migration 20261206110100); `groupSlotKey` names the share group that constraint lets overlap.
 */
import { DomainValidationError, RuleViolationError } from '../shared/validation.js';
import { checkWithinClinicHours, type ClinicHours } from './clinic-hours.js';
import type { LocalDateTime } from './overlap.js';

export type AppointmentResourceKind = 'room' | 'chair';
export type AppointmentStatus = 'booked' | 'cancelled';

/** The parts of an appointment type its booking rules read. */
export interface AppointmentTypeRules {
  readonly id: string;
  readonly name: string;
  readonly durationMin: number;
  /** The staff roles that may hold it ('prescriber', 'nurse', 'therapist', ...). */
  readonly roles: readonly string[];
  readonly resource: AppointmentResourceKind | 'none';
  readonly isGroup: boolean;
  readonly isTelehealth: boolean;
}

/** RuleViolationError `role-cannot-hold-type` (422, on `staffId`) unless the staff member's role may hold the type. */
export function requireRoleMayHold(
  type: AppointmentTypeRules,
  staff: { readonly displayName: string; readonly role: string },
): void {
  if (type.roles.includes(staff.role)) return;
  const held = type.roles.join(' or ');
  throw new RuleViolationError(
    'role-cannot-hold-type',
    `${staff.displayName} (${staff.role.replace('_', ' ')}) cannot hold a ${type.name}: it is held by ${held}.`,
    undefined,
    [{ field: 'staffId', message: `a ${type.name} needs ${held}` }],
  );
}

/**
 * The room (or chair) a booking of the type uses: the one named when the type takes that kind of resource, else
 * null. A type that takes one needs it named; a type that does not refuses one. DomainValidationError on `roomId` /
 * `chairId` otherwise.
 */
export function resourceToBook(
  type: AppointmentTypeRules,
  kind: AppointmentResourceKind,
  resourceId: string | undefined,
): string | null {
  const field = `${kind}Id`;
  if (type.resource === kind) {
    if (!resourceId) throw new DomainValidationError([{ field, message: 'is required' }]);
    return resourceId;
  }
  if (resourceId) throw new DomainValidationError([{ field, message: `not used by a ${type.name}` }]);
  return null;
}

/** A video link belongs only to a type held by video (DomainValidationError on `videoLink`). */
export function requireVideoLinkFits(type: AppointmentTypeRules, videoLink: string | undefined): void {
  if (videoLink && !type.isTelehealth)
    throw new DomainValidationError([{ field: 'videoLink', message: 'only for telehealth types' }]);
}

/**
 * When a booking starting at `start` (the clinic's wall clock; `startsAt` the same moment as an instant) ends, once
 * it is known to start no earlier than `now` (`in-the-past`, 422) and to lie, for the type's whole length, inside
 * the clinic's hours (`outside-clinic-hours`, 422). Both name `start`.
 */
export function appointmentEnd(input: {
  readonly start: LocalDateTime;
  readonly startsAt: Date;
  readonly now: Date;
  readonly durationMin: number;
  readonly clinicHours: ClinicHours;
}): Date {
  if (input.startsAt.getTime() < input.now.getTime())
    throw new RuleViolationError('in-the-past', `${input.start.replace('T', ' ')} has passed.`, undefined, [
      { field: 'start', message: 'is in the past' },
    ]);
  const [date, time] = input.start.split('T') as [string, string];
  const hours = checkWithinClinicHours({ date, startTime: time, durationMin: input.durationMin }, input.clinicHours);
  if (!hours.inside)
    throw new RuleViolationError('outside-clinic-hours', `${hours.message}.`, undefined, [
      { field: 'start', message: hours.message },
    ]);
  return new Date(input.startsAt.getTime() + input.durationMin * 60_000);
}

/**
 * The slot a group type's patients share: the same type with the same clinician at the same start is one session,
 * so those bookings may overlap each other (and nothing else). Null for a type booked one patient at a time.
 */
export function groupSlotKey(type: AppointmentTypeRules, staffId: string, startsAt: Date): string | null {
  return type.isGroup ? `group:${type.id}:${staffId}:${startsAt.toISOString()}` : null;
}

/**
 * Only a booked appointment is moved or cancelled; a cancelled one stays as it was (the record is kept, and a new
 * booking is made instead).
 */
export function isAppointmentChangeable(status: AppointmentStatus): boolean {
  return status === 'booked';
}

/** A cancellation says why, in at least three characters (DomainValidationError on `reason`); the reason, trimmed. */
export function cancellationReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length < 3) throw new DomainValidationError([{ field: 'reason', message: 'is required' }]);
  return trimmed;
}

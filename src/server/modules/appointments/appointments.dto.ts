/**
 * Appointment rows as API responses (src/contract/appointments.ts): an appointment type, an appointment on the
 * clinic's wall clock, a plan session on the calendar, an appointment's history. Pure mapping, no I/O.
 */
import type { AppointmentDto } from '../../../contract/appointments.js';
import { instantToLocal } from '../clinics/clinic-time.js';
import type { CalendarPlanSessionRow as PlanSessionRow } from './appointments-ports.js';
import type { AppointmentsRepository } from './appointments.repository.js';
import { staffRef } from '../../../contract/common.js';

export type AppointmentRow = NonNullable<Awaited<ReturnType<AppointmentsRepository['find']>>>;
export type AppointmentTypeRow = NonNullable<Awaited<ReturnType<AppointmentsRepository['findType']>>>;
type EventRow = Awaited<ReturnType<AppointmentsRepository['events']>>[number];

export function appointmentTypeDto(t: AppointmentTypeRow) {
  return {
    id: t.id,
    code: t.code,
    name: t.name,
    durationMin: t.durationMin,
    roles: t.roles,
    resource: t.resource,
    isGroup: t.isGroup,
    isTelehealth: t.isTelehealth,
    isActive: t.isActive,
  };
}

/** `chairNames`: the names of the chairs appointments hold, by id (scheduling owns chairs). */
export function appointmentDto(
  timeZone: string,
  r: AppointmentRow,
  chairNames: ReadonlyMap<string, string>,
): AppointmentDto {
  return {
    id: r.id,
    patient: { id: r.patientId, givenName: r.givenName, familyName: r.familyName, mrn: r.mrn },
    type: {
      id: r.typeId,
      code: r.typeCode,
      name: r.typeName,
      resource: r.typeResource,
      isGroup: r.typeIsGroup,
      isTelehealth: r.typeIsTelehealth,
    },
    staff: { id: r.staffId, displayName: r.staffName, role: r.staffRole },
    room: r.roomId ? { id: r.roomId, name: r.roomName ?? '' } : null,
    chair: r.chairId ? { id: r.chairId, name: chairNames.get(r.chairId) ?? '' } : null,
    start: instantToLocal(r.startsAt, timeZone),
    end: instantToLocal(r.endsAt, timeZone),
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    status: r.status,
    videoLink: r.videoLink,
    note: r.note,
    version: r.version,
    cancelReason: r.cancelReason,
    cancelledAt: r.cancelledAt ? r.cancelledAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
  };
}

/** A plan session as the calendar shows it: the staff member's and the chair's time it holds. */
export function calendarPlanSessionDto(timeZone: string, s: PlanSessionRow) {
  return {
    id: s.id,
    patient: { id: s.patientId, givenName: s.givenName, familyName: s.familyName, mrn: s.mrn },
    modality: s.modality,
    sessionNumber: s.sessionNumber,
    chair: s.chairId ? { id: s.chairId, name: s.chairName ?? '' } : null,
    staff: staffRef(s.staffId, s.staffName),
    start: instantToLocal(s.startsAt, timeZone),
    end: instantToLocal(s.endsAt, timeZone),
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    status: s.status,
  };
}

/** One entry of an appointment's history (booked, rescheduled, cancelled): who, when, the start it set, why. */
export function appointmentEventDto(e: EventRow) {
  const detail = e.detail as { start?: unknown; reason?: unknown };
  return {
    kind: e.kind,
    at: e.occurredAt.toISOString(),
    by: staffRef(e.userId, e.displayName),
    start: typeof detail.start === 'string' ? detail.start : null,
    reason: typeof detail.reason === 'string' ? detail.reason : null,
  };
}

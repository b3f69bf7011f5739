/** A booked session as the API shows it: the clinic's wall-clock times beside the instants, with its reminders. */
import type { SessionReminders } from '../../../domain/scheduling/index.js';
import type { ClinicContext } from '../clinics/clinic-context.js';
import { instantToLocal } from '../clinics/clinic-time.js';
import type { SessionRow } from './scheduling-support.js';
import { staffRef } from '../../../contract/common.js';

export function sessionDto(clinic: Pick<ClinicContext, 'timeZone'>, r: SessionRow, reminders: SessionReminders | null) {
  return {
    id: r.id,
    patientId: r.patientId,
    patient: { id: r.patientId, givenName: r.givenName, familyName: r.familyName, mrn: r.mrn },
    planId: r.planId,
    protocolId: r.protocolId,
    modality: r.modality,
    sessionNumber: r.sessionNumber,
    phase: r.phase,
    doseMg: r.doseMg,
    route: r.route,
    durationMin: r.durationMin,
    monitoringMin: r.monitoringMin,
    chair: r.chairId ? { id: r.chairId, name: r.chairName ?? '' } : null,
    staff: staffRef(r.staffId, r.staffName),
    start: instantToLocal(r.startsAt, clinic.timeZone),
    end: instantToLocal(r.endsAt, clinic.timeZone),
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    status: r.status,
    cancelReasonCode: r.cancelReasonCode,
    cancelNote: r.cancelNote,
    noShowNote: r.noShowNote,
    reminders,
  };
}

/** A staff shift as the API shows it: who, and from when to when on the clinic's clock. */
export function shiftDto(
  clinic: Pick<ClinicContext, 'timeZone'>,
  s: {
    id: string;
    userId: string;
    displayName: string;
    role: string;
    startsAt: Date;
    endsAt: Date;
    note: string | null;
  },
) {
  return {
    id: s.id,
    userId: s.userId,
    displayName: s.displayName,
    role: s.role,
    start: instantToLocal(s.startsAt, clinic.timeZone),
    end: instantToLocal(s.endsAt, clinic.timeZone),
    note: s.note,
  };
}

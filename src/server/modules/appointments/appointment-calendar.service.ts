/**
 * The calendar: appointments and the plan sessions that hold staff and chairs, for a day or a few weeks, by
 * clinician, room, chair or patient; and one appointment with its history. Reads only, each audited.
 */
import { fromMinuteNumber, toMinuteNumber } from '../../../domain/scheduling/index.js';
import { BadRequestError, NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import { loadClinicContext } from '../clinics/clinic-context.js';
import { localToInstant } from '../clinics/clinic-time.js';
import { appointmentDto, appointmentEventDto, appointmentTypeDto, calendarPlanSessionDto } from './appointments.dto.js';
import type { AppointmentsPorts } from './appointments-ports.js';
import type { AppointmentsRepository } from './appointments.repository.js';

export class AppointmentCalendarService {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly ports: AppointmentsPorts,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
  ) {}

  async calendar(
    ctx: RequestContext,
    query: {
      from: string;
      to: string;
      staffId?: string | undefined;
      roomId?: string | undefined;
      chairId?: string | undefined;
      patientId?: string | undefined;
      includeCancelled?: boolean | undefined;
    },
  ) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    if (query.to < query.from)
      throw new BadRequestError('`to` is before `from`.', [{ field: 'to', message: 'is before from' }]);
    const from = localToInstant(`${query.from}T00:00`, clinic.timeZone, 'from');
    // The day after `to` (checked first: an impossible date such as 2026-13-45 is a 400 naming the field).
    const dayAfterTo = fromMinuteNumber(toMinuteNumber(`${query.to}T00:00`, 'to') + 1440);
    const to = localToInstant(dayAfterTo, clinic.timeZone, 'to');
    if (to.getTime() - from.getTime() > 42 * 86_400_000)
      throw new BadRequestError('Ask for at most six weeks at a time.', [
        { field: 'to', message: 'more than 42 days after from' },
      ]);
    const [rows, sessions, staff, rooms, chairs, types] = await Promise.all([
      this.appointments.calendar(clinicId, from, to, query),
      query.roomId ? Promise.resolve([]) : this.ports.scheduling.planSessionsHoldingTime(clinicId, from, to, query),
      this.ports.users.bookableStaff(clinicId),
      this.appointments.rooms(clinicId),
      this.ports.scheduling.activeChairs(clinicId),
      this.appointments.types(clinicId),
    ]);
    const chairNames = await this.ports.scheduling.chairNames(
      clinicId,
      rows.map((r) => r.chairId),
    );
    await this.audit.record(ctx, {
      action: 'search',
      resourceType: 'Appointment',
      detail: {
        from: query.from,
        to: query.to,
        appointments: rows.length,
        planSessions: sessions.length,
        ...(query.patientId ? { patientId: query.patientId } : {}),
      },
    });
    return {
      timeZone: clinic.timeZone,
      from: query.from,
      to: query.to,
      appointments: rows.map((r) => appointmentDto(clinic.timeZone, r, chairNames)),
      planSessions: sessions.map((s) => calendarPlanSessionDto(clinic.timeZone, s)),
      staff,
      rooms,
      chairs,
      types: types.map(appointmentTypeDto),
    };
  }

  async get(ctx: RequestContext, id: string) {
    const clinic = await loadClinicContext(this.clinics, ctx.principal.clinicId);
    const row = await this.appointments.find(ctx.principal.clinicId, id);
    if (!row) throw new NotFoundError('No such appointment.');
    const events = await this.appointments.events(ctx.principal.clinicId, id);
    const chairNames = await this.ports.scheduling.chairNames(ctx.principal.clinicId, [row.chairId]);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'Appointment',
      resourceId: id,
      patientId: row.patientId,
    });
    return { ...appointmentDto(clinic.timeZone, row, chairNames), history: events.map(appointmentEventDto) };
  }
}

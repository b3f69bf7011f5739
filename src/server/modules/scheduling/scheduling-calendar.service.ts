/** The calendar (day and week views: sessions, chairs, opening hours, staff and shifts) and one session's history. */
import { addDays, isClinicalStaff, toDayNumber, WEEKDAY_NAMES, weekdayOf } from '../../../domain/scheduling/index.js';
import { BadRequestError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import { loadClinicContext } from '../clinics/clinic-context.js';
import { localToInstant } from '../clinics/clinic-time.js';
import type { SchedulingRepository } from './scheduling.repository.js';
import { withPlanProtocols, type SchedulingPorts } from './scheduling-ports.js';
import { sessionDto, shiftDto } from './scheduling.dto.js';
import type { SessionRemindersService } from './scheduling-reminders.service.js';
import { staffRef } from '../../../contract/common.js';

export class ScheduleCalendarService {
  constructor(
    private readonly scheduling: SchedulingRepository,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly sessions: Pick<SessionRemindersService, 'sessionWithReminders' | 'remindersFor'>,
    /** The clinic's staff, and the protocol of each session's plan (scheduling-ports.ts). */
    private readonly ports: SchedulingPorts,
  ) {}
  async getSession(ctx: RequestContext, sessionId: string) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const session = await this.sessions.sessionWithReminders(clinic, sessionId);
    const events = await this.scheduling.events(clinicId, sessionId);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'Appointment',
      resourceId: sessionId,
      patientId: session.patientId,
    });
    return {
      ...session,
      history: events.map((e) => ({
        kind: e.kind,
        detail: e.detail,
        at: e.occurredAt.toISOString(),
        by: staffRef(e.userId, e.displayName),
      })),
    };
  }

  /** Day and week views: sessions from `from` to `to` (local dates, inclusive), the chairs, opening hours, staff and shifts. */
  async calendar(
    ctx: RequestContext,
    query: {
      from: string;
      to: string;
      chairId?: string | undefined;
      staffId?: string | undefined;
      includeCancelled?: boolean | undefined;
    },
  ) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const span = toDayNumber(query.to, 'querystring.to') - toDayNumber(query.from, 'querystring.from');
    if (span < 0)
      throw new BadRequestError('The range ends before it starts.', [
        { field: 'querystring.to', message: 'must not be before from' },
      ]);
    if (span > 41)
      throw new BadRequestError('Ask for at most 42 days at a time.', [
        { field: 'querystring.to', message: 'must be within 42 days of from' },
      ]);
    const fromInstant = localToInstant(`${query.from}T00:00`, clinic.timeZone, 'querystring.from');
    const toInstant = localToInstant(`${addDays(query.to, 1)}T00:00`, clinic.timeZone, 'querystring.to');
    const [rows, chairs, staff, shifts] = await Promise.all([
      this.scheduling
        .calendar(clinicId, fromInstant, toInstant, query)
        .then((booked) => withPlanProtocols(this.ports.plans, clinicId, booked)),
      this.scheduling.listChairs(clinicId),
      this.ports.users.staffMembers(clinicId),
      this.scheduling.shifts(clinicId, fromInstant, toInstant, query.staffId),
    ]);
    const reminders = await this.sessions.remindersFor(clinic, rows);
    const days = [];
    for (let i = 0; i <= span; i++) {
      const date = addDays(query.from, i);
      const hours = clinic.settings.clinicHours[weekdayOf(date)];
      days.push({
        date,
        weekday: WEEKDAY_NAMES[weekdayOf(date)],
        hours: hours === undefined || hours === 'closed' ? null : hours,
      });
    }
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'Schedule',
      detail: {
        from: query.from,
        to: query.to,
        sessions: rows.length,
        byChair: Boolean(query.chairId),
        byStaff: Boolean(query.staffId),
      },
    });
    return {
      timeZone: clinic.timeZone,
      from: query.from,
      to: query.to,
      days,
      chairs: chairs
        .filter((c) => c.isActive || rows.some((r) => r.chairId === c.id))
        .map((c) => ({ id: c.id, name: c.name, room: c.room, isActive: c.isActive })),
      staff: staff.filter(isClinicalStaff).map((s) => ({ id: s.id, displayName: s.displayName, role: s.role })),
      shifts: shifts.map((s) => shiftDto(clinic, s)),
      sessions: rows.map((r, i) => sessionDto(clinic, r, reminders[i] ?? null)),
    };
  }
}

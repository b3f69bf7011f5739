/**
 * Booking appointments beyond plan sessions (issue 14): consultations, evaluations, follow-ups, therapy, measure-only
 * visits and telehealth. The front desk (and clinicians, admins) book, reschedule and cancel them from the calendar.
 * Types and rooms they are booked from: appointment-types.service.ts; the calendar: appointment-calendar.service.ts.
 *
 * The service loads what a booking names, asks the domain's rules (src/domain/scheduling/appointments.ts: the type's
 * roles and resource, not in the past, clinic hours) and checks the resources are free, so that a person gets a clear
 * answer; the database's exclusion constraint on resource_hold is what makes a double booking of a clinician, a room
 * or a chair impossible when two requests race, including against plan sessions (migration 20261206110100). Either
 * way the answer is 409 naming what clashes.
 */
import type { AppointmentDto, NewAppointment, RescheduleAppointment } from '../../../contract/appointments.js';
import {
  appointmentEnd,
  cancellationReason,
  groupSlotKey,
  isAppointmentChangeable,
  requireRoleMayHold,
  requireVideoLinkFits,
  resourceToBook,
} from '../../../domain/scheduling/index.js';
import type { Database, StaffRole } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError, ConflictError, NotFoundError, type ProblemField } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { OutboxRepository } from '../outbox/outbox.repository.js';
import { loadClinicContext, type ClinicContext } from '../clinics/clinic-context.js';
import { instantToLocal, localToInstant } from '../clinics/clinic-time.js';
import { isDatabaseError } from '../scheduling/scheduling-support.js';
import { appointmentDto, type AppointmentRow, type AppointmentTypeRow } from './appointments.dto.js';
import type { AppointmentsPorts } from './appointments-ports.js';
import type { AppointmentsRepository, HoldClash } from './appointments.repository.js';
import type { Transaction } from 'kysely';
import { NO_SUCH_PATIENT } from '../patients/patient-lookup.js';

/** A double booking refused: 409 with `code` naming the kind of resource (`staff-double-booked`, ...). */
export class DoubleBookingError extends ConflictError {
  constructor(
    message: string,
    readonly code: string,
    fields: readonly ProblemField[],
  ) {
    super(message, fields);
  }
}

type ResourceKind = 'staff' | 'room' | 'chair';

interface Placement {
  readonly staff: { id: string; displayName: string; role: StaffRole };
  readonly room: { id: string; name: string } | null;
  readonly chair: { id: string; name: string } | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly groupKey: string | null;
}

const FIELD_OF: Record<ResourceKind, string> = { staff: 'staffId', room: 'roomId', chair: 'chairId' };

/** The outbox key prefix of a booking's reminders (withdrawn when it is moved or cancelled). */
export function appointmentReminderKeyPrefix(id: string): string {
  return `reminder:appointment:${id}:`;
}

export class AppointmentsService {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly ports: AppointmentsPorts,
    private readonly outbox: OutboxRepository,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
  ) {}

  // Booking ------------------------------------------------------------------------------------------------------

  async book(ctx: RequestContext, input: NewAppointment): Promise<AppointmentDto> {
    const { clinicId, userId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const now = this.clock();
    const patient = await this.ports.patients.findById(clinicId, input.patientId);
    if (!patient) throw new BadRequestError(NO_SUCH_PATIENT, [{ field: 'patientId', message: 'not found' }]);
    const type = await this.appointments.findType(clinicId, input.typeId);
    if (!type || !type.isActive)
      throw new BadRequestError('No such appointment type in use.', [
        { field: 'typeId', message: 'not found or not in use' },
      ]);
    requireVideoLinkFits(type, input.videoLink);
    const placement = await this.place(
      clinic,
      type,
      { staffId: input.staffId, roomId: input.roomId, chairId: input.chairId, start: input.start },
      now,
    );
    let id: string;
    try {
      id = await this.transact(async (trx) => {
        await this.requireFree(trx, clinic, placement, null);
        const created = await this.appointments.insert(trx, {
          clinicId,
          patientId: patient.id,
          typeId: type.id,
          staffId: placement.staff.id,
          roomId: placement.room?.id ?? null,
          chairId: placement.chair?.id ?? null,
          startsAt: placement.startsAt,
          endsAt: placement.endsAt,
          groupKey: placement.groupKey,
          videoLink: input.videoLink ?? null,
          note: input.note?.trim() || null,
          createdAt: now,
          createdBy: userId,
        });
        await this.appointments.insertEvent(trx, {
          clinicId,
          appointmentId: created.id,
          kind: 'booked',
          detail: {
            start: input.start,
            staffId: placement.staff.id,
            roomId: placement.room?.id ?? null,
            chairId: placement.chair?.id ?? null,
          },
          occurredAt: now,
          userId,
        });
        await this.audit.record(
          ctx,
          {
            action: 'book',
            resourceType: 'Appointment',
            resourceId: created.id,
            patientId: patient.id,
            occurredAt: now,
            detail: { type: type.code },
          },
          trx,
        );
        return created.id;
      });
    } catch (error) {
      throw await this.explainRace(error, clinic, placement, null);
    }
    return this.reread(clinic.timeZone, clinicId, id);
  }

  async reschedule(ctx: RequestContext, id: string, input: RescheduleAppointment): Promise<AppointmentDto> {
    const { clinicId, userId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const now = this.clock();
    const current = await this.require(clinicId, id);
    if (!isAppointmentChangeable(current.status))
      throw new ConflictError('This appointment is cancelled: book a new one instead.');
    if (current.version !== input.version)
      throw new ConflictError(
        `This appointment was changed by someone else (you saw version ${input.version}; it is at ${current.version}). Reload and try again.`,
        [{ field: 'version', message: 'is stale' }],
      );
    const type = await this.appointments.findType(clinicId, current.typeId);
    if (!type) throw new NotFoundError('The appointment type is gone.');
    const placement = await this.place(
      clinic,
      type,
      {
        staffId: input.staffId ?? current.staffId,
        roomId: input.roomId ?? current.roomId ?? undefined,
        chairId: input.chairId ?? current.chairId ?? undefined,
        start: input.start,
      },
      now,
    );
    try {
      await this.transact(async (trx) => {
        await this.requireFree(trx, clinic, placement, id);
        const moved = await this.appointments.move(
          trx,
          clinicId,
          id,
          input.version,
          {
            startsAt: placement.startsAt,
            endsAt: placement.endsAt,
            staffId: placement.staff.id,
            roomId: placement.room?.id ?? null,
            chairId: placement.chair?.id ?? null,
            groupKey: placement.groupKey,
          },
          now,
        );
        if (!moved)
          throw new ConflictError(
            'This appointment was changed or cancelled by someone else just now. Reload and try again.',
            [{ field: 'version', message: 'is stale' }],
          );
        await this.outbox.withdraw(
          trx,
          clinicId,
          appointmentReminderKeyPrefix(id),
          'The appointment was moved before this was sent (the new time has its own reminders).',
        );
        await this.appointments.insertEvent(trx, {
          clinicId,
          appointmentId: id,
          kind: 'rescheduled',
          detail: {
            from: instantToLocal(current.startsAt, clinic.timeZone),
            start: input.start,
            staffId: placement.staff.id,
          },
          occurredAt: now,
          userId,
        });
        await this.audit.record(
          ctx,
          {
            action: 'reschedule',
            resourceType: 'Appointment',
            resourceId: id,
            patientId: current.patientId,
            occurredAt: now,
          },
          trx,
        );
      });
    } catch (error) {
      throw await this.explainRace(error, clinic, placement, id);
    }
    return this.reread(clinic.timeZone, clinicId, id);
  }

  async cancel(ctx: RequestContext, id: string, reason: string): Promise<AppointmentDto> {
    const { clinicId, userId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const now = this.clock();
    const trimmed = cancellationReason(reason);
    await this.transact(async (trx) => {
      const current = await this.appointments.find(clinicId, id, trx);
      if (!current) throw new NotFoundError('No such appointment.');
      if (!isAppointmentChangeable(current.status)) throw new ConflictError('This appointment is already cancelled.');
      // The update is conditional on 'booked' too: a cancellation racing this one finds nothing to change.
      const cancelled = await this.appointments.cancel(trx, clinicId, id, userId, now, trimmed);
      if (!cancelled) throw new ConflictError('This appointment is already cancelled.');
      await this.outbox.withdraw(
        trx,
        clinicId,
        appointmentReminderKeyPrefix(id),
        'The appointment was cancelled before this was sent.',
      );
      await this.appointments.insertEvent(trx, {
        clinicId,
        appointmentId: id,
        kind: 'cancelled',
        detail: { reason: trimmed },
        occurredAt: now,
        userId,
      });
      await this.audit.record(
        ctx,
        {
          action: 'cancel',
          resourceType: 'Appointment',
          resourceId: id,
          patientId: current.patientId,
          occurredAt: now,
        },
        trx,
      );
    });
    return this.reread(clinic.timeZone, clinicId, id);
  }

  // Internals ----------------------------------------------------------------------------------------------------

  private async require(clinicId: string, id: string): Promise<AppointmentRow> {
    const row = await this.appointments.find(clinicId, id);
    if (!row) throw new NotFoundError('No such appointment.');
    return row;
  }

  /** The appointment as the API returns it after a change, with its chair's name from scheduling. */
  private async reread(timeZone: string, clinicId: string, id: string): Promise<AppointmentDto> {
    const row = await this.require(clinicId, id);
    return appointmentDto(timeZone, row, await this.ports.scheduling.chairNames(clinicId, [row.chairId]));
  }

  /** Checks who and where against the type, and the time against the clinic's hours; the instants it names. */
  private async place(
    clinic: ClinicContext,
    type: AppointmentTypeRow,
    input: { staffId: string; roomId?: string | undefined; chairId?: string | undefined; start: string },
    now: Date,
  ): Promise<Placement> {
    const { clinicId } = clinic;
    const staff = await this.ports.users.findStaffMember(clinicId, input.staffId);
    if (!staff || !staff.isActive)
      throw new BadRequestError('No such active staff member in this clinic.', [
        { field: 'staffId', message: 'not found' },
      ]);
    requireRoleMayHold(type, staff);
    const roomId = resourceToBook(type, 'room', input.roomId);
    const room = roomId ? await this.activeRoom(clinicId, roomId) : null;
    const chairId = resourceToBook(type, 'chair', input.chairId);
    const chair = chairId ? await this.activeChair(clinicId, chairId) : null;
    const startsAt = localToInstant(input.start, clinic.timeZone, 'start');
    const endsAt = appointmentEnd({
      start: input.start,
      startsAt,
      now,
      durationMin: type.durationMin,
      clinicHours: clinic.settings.clinicHours,
    });
    return {
      staff: { id: staff.id, displayName: staff.displayName, role: staff.role },
      room,
      chair,
      startsAt,
      endsAt,
      groupKey: groupSlotKey(type, staff.id, startsAt),
    };
  }

  private async activeRoom(clinicId: string, id: string): Promise<Placement['room']> {
    const found = await this.appointments.findRoom(clinicId, id);
    if (!found || !found.isActive)
      throw new BadRequestError('No such room in use.', [{ field: 'roomId', message: 'not found' }]);
    return { id: found.id, name: found.name };
  }

  private async activeChair(clinicId: string, id: string): Promise<Placement['chair']> {
    const found = await this.ports.scheduling.findChair(clinicId, id);
    if (!found || !found.isActive)
      throw new BadRequestError('No such chair in use.', [{ field: 'chairId', message: 'not found' }]);
    return { id: found.id, name: found.name };
  }

  private resources(p: Placement): Array<{ kind: ResourceKind; id: string; name: string }> {
    return [
      { kind: 'staff' as const, id: p.staff.id, name: p.staff.displayName },
      ...(p.room ? [{ kind: 'room' as const, id: p.room.id, name: p.room.name }] : []),
      ...(p.chair ? [{ kind: 'chair' as const, id: p.chair.id, name: p.chair.name }] : []),
    ];
  }

  /** The friendly check before the write; the exclusion constraint is the guarantee. */
  private async requireFree(
    trx: Transaction<Database>,
    clinic: ClinicContext,
    p: Placement,
    appointmentId: string | null,
  ): Promise<void> {
    const clashes = await this.clashesFor(clinic, p, appointmentId, trx);
    if (clashes.length > 0) throw this.conflict(clinic, p, clashes);
  }

  private async clashesFor(
    clinic: ClinicContext,
    p: Placement,
    appointmentId: string | null,
    trx?: Transaction<Database>,
  ): Promise<HoldClash[]> {
    const ownGroup = p.groupKey ?? `appointment:${appointmentId ?? 'new'}`;
    const clashes = await this.appointments.clashes(
      clinic.clinicId,
      this.resources(p),
      p.startsAt,
      p.endsAt,
      ownGroup,
      trx,
    );
    return clashes.filter((c) => appointmentId === null || c.appointmentId !== appointmentId);
  }

  private conflict(clinic: ClinicContext, p: Placement, clashes: readonly HoldClash[]): DoubleBookingError {
    const names = new Map(this.resources(p).map((r) => [`${r.kind}:${r.id}`, r.name]));
    const date = instantToLocal(p.startsAt, clinic.timeZone).slice(0, 10);
    const lines: string[] = [];
    const fields: ProblemField[] = [];
    for (const c of clashes) {
      const what = c.sessionId ? 'a plan session' : `a ${c.typeName ?? 'booking'}`;
      const when = `${instantToLocal(c.startsAt, clinic.timeZone).slice(11)}-${instantToLocal(c.endsAt, clinic.timeZone).slice(11)}`;
      const name = names.get(`${c.resourceKind}:${c.resourceId}`) ?? c.resourceKind;
      lines.push(`${name} is already booked ${when} (${what})`);
      if (!fields.some((f) => f.field === FIELD_OF[c.resourceKind]))
        fields.push({ field: FIELD_OF[c.resourceKind], message: `${name} is booked ${when}` });
    }
    const wanted = `${instantToLocal(p.startsAt, clinic.timeZone).slice(11)}-${instantToLocal(p.endsAt, clinic.timeZone).slice(11)}`;
    fields.push({ field: 'start', message: `overlaps another booking` });
    const first = clashes[0]!;
    return new DoubleBookingError(
      `${[...new Set(lines)].join('; ')} on ${date}, so ${wanted} is not free. Choose another time, clinician or room.`,
      `${first.resourceKind}-double-booked`,
      fields,
    );
  }

  /** The database refused a double booking (23P01) that the check before did not see: a race. Name the clash. */
  private async explainRace(
    error: unknown,
    clinic: ClinicContext,
    p: Placement,
    appointmentId: string | null,
  ): Promise<unknown> {
    if (!isDatabaseError(error, '23P01')) return error;
    const clashes = await this.clashesFor(clinic, p, appointmentId);
    if (clashes.length > 0) return this.conflict(clinic, p, clashes);
    return new DoubleBookingError(
      'Someone else booked the same clinician, room or chair at the same moment. Reload and choose another time.',
      'double-booked',
      [{ field: 'start', message: 'taken just now' }],
    );
  }
}

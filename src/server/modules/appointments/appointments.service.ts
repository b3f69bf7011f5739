/**
 * Appointments beyond plan sessions (issue 14): consultations, evaluations, follow-ups, therapy, measure-only visits
 * and telehealth. The front desk (and clinicians, admins) book, reschedule and cancel them from the calendar.
 *
 * The service checks what it can first (the type's roles and resource, clinic hours, the resources free) so that a
 * person gets a clear answer; the database's exclusion constraint on resource_hold is what makes a double booking of
 * a clinician, a room or a chair impossible when two requests race, including against plan sessions (migration
 * 20261206110100). Either way the answer is 409 naming what clashes.
 */
import type { AppointmentDto, NewAppointment, RescheduleAppointment } from '../../../contract/appointments.js';
import { checkWithinClinicHours } from '../../../domain/scheduling/index.js';
import type { AppointmentResource, Database, StaffRole } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import {
  BadRequestError,
  ConflictError,
  NotFoundError,
  RuleRefusedError,
  type ProblemField,
} from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { OutboxRepository } from '../outbox/outbox.repository.js';
import { loadClinicContext, type ClinicContext } from '../scheduling/clinic-context.js';
import { instantToLocal, localToInstant } from '../scheduling/clinic-time.js';
import { DEFAULT_APPOINTMENT_TYPES, DEFAULT_ROOMS } from './appointment-type-defaults.js';
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

type AppointmentRow = NonNullable<Awaited<ReturnType<AppointmentsRepository['find']>>>;
type TypeRow = NonNullable<Awaited<ReturnType<AppointmentsRepository['findType']>>>;
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

function isDatabaseError(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** The outbox key prefix of a booking's reminders (withdrawn when it is moved or cancelled). */
export function appointmentReminderKeyPrefix(id: string): string {
  return `reminder:appointment:${id}:`;
}

export class AppointmentsService {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly outbox: OutboxRepository,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
  ) {}

  /** A new clinic's appointment types and rooms (the demo seed calls it; existing ones are kept). */
  async addDefaults(clinicId: string): Promise<void> {
    const now = this.clock();
    await this.transact(async (trx) => {
      const types = new Set((await this.appointments.types(clinicId, trx)).map((t) => t.code));
      for (const t of DEFAULT_APPOINTMENT_TYPES) {
        if (types.has(t.code)) continue;
        await this.appointments.insertType(trx, {
          clinicId,
          code: t.code,
          name: t.name,
          durationMin: t.durationMin,
          roles: t.roles,
          resource: t.resource,
          isGroup: t.isGroup ?? false,
          isTelehealth: t.isTelehealth ?? false,
          at: now,
        });
      }
      const rooms = new Set((await this.appointments.rooms(clinicId, trx)).map((r) => r.name.toLowerCase()));
      for (const name of DEFAULT_ROOMS)
        if (!rooms.has(name.toLowerCase())) await this.appointments.insertRoom(trx, { clinicId, name, at: now });
    });
  }

  // Clinic data --------------------------------------------------------------------------------------------------

  async listTypes(ctx: RequestContext) {
    return { types: (await this.appointments.types(ctx.principal.clinicId)).map(typeDto) };
  }

  async createType(
    ctx: RequestContext,
    input: {
      code: string;
      name: string;
      durationMin: number;
      roles: StaffRole[];
      resource: AppointmentResource;
      isGroup?: boolean | undefined;
      isTelehealth?: boolean | undefined;
    },
  ) {
    const now = this.clock();
    try {
      return await this.transact(async (trx) => {
        const row = await this.appointments.insertType(trx, {
          clinicId: ctx.principal.clinicId,
          code: input.code,
          name: input.name.trim(),
          durationMin: input.durationMin,
          roles: input.roles,
          resource: input.resource,
          isGroup: input.isGroup ?? false,
          isTelehealth: input.isTelehealth ?? false,
          at: now,
        });
        await this.audit.record(
          ctx,
          {
            action: 'create',
            resourceType: 'AppointmentType',
            resourceId: row.id,
            occurredAt: now,
            detail: { code: input.code },
          },
          trx,
        );
        return typeDto(row);
      });
    } catch (error) {
      if (isDatabaseError(error, '23505'))
        throw new ConflictError(`There is already an appointment type with the code "${input.code}".`, [
          { field: 'code', message: 'is taken' },
        ]);
      throw error;
    }
  }

  async updateType(
    ctx: RequestContext,
    id: string,
    patch: {
      name?: string | undefined;
      durationMin?: number | undefined;
      roles?: StaffRole[] | undefined;
      resource?: AppointmentResource | undefined;
      isActive?: boolean | undefined;
    },
  ) {
    const now = this.clock();
    return this.transact(async (trx) => {
      const row = await this.appointments.updateType(
        trx,
        ctx.principal.clinicId,
        id,
        { ...patch, name: patch.name?.trim() },
        now,
      );
      if (!row) throw new NotFoundError('No such appointment type.');
      await this.audit.record(
        ctx,
        {
          action: 'update',
          resourceType: 'AppointmentType',
          resourceId: id,
          occurredAt: now,
          detail: { fields: Object.keys(patch) },
        },
        trx,
      );
      return typeDto(row);
    });
  }

  async listRooms(ctx: RequestContext) {
    return { rooms: await this.appointments.rooms(ctx.principal.clinicId) };
  }

  async createRoom(ctx: RequestContext, name: string) {
    const now = this.clock();
    try {
      return await this.transact(async (trx) => {
        const row = await this.appointments.insertRoom(trx, {
          clinicId: ctx.principal.clinicId,
          name: name.trim(),
          at: now,
        });
        await this.audit.record(
          ctx,
          { action: 'create', resourceType: 'Room', resourceId: row.id, occurredAt: now },
          trx,
        );
        return row;
      });
    } catch (error) {
      if (isDatabaseError(error, '23505'))
        throw new ConflictError(`There is already a room called "${name.trim()}".`, [
          { field: 'name', message: 'is taken' },
        ]);
      throw error;
    }
  }

  // The calendar -------------------------------------------------------------------------------------------------

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
    const to = localToInstant(`${nextDate(query.to)}T00:00`, clinic.timeZone, 'to');
    if (to.getTime() - from.getTime() > 42 * 86_400_000)
      throw new BadRequestError('Ask for at most six weeks at a time.', [
        { field: 'to', message: 'more than 42 days after from' },
      ]);
    const [rows, sessions, staff, rooms, chairs, types] = await Promise.all([
      this.appointments.calendar(clinicId, from, to, query),
      query.roomId ? Promise.resolve([]) : this.appointments.planSessions(clinicId, from, to, query),
      this.appointments.activeStaff(clinicId),
      this.appointments.rooms(clinicId),
      this.appointments.chairs(clinicId),
      this.appointments.types(clinicId),
    ]);
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
      appointments: rows.map((r) => toDto(clinic, r)),
      planSessions: sessions.map((s) => ({
        id: s.id,
        patient: { id: s.patientId, givenName: s.givenName, familyName: s.familyName, mrn: s.mrn },
        modality: s.modality,
        sessionNumber: s.sessionNumber,
        chair: s.chairId ? { id: s.chairId, name: s.chairName ?? '' } : null,
        staff: s.staffId ? { id: s.staffId, displayName: s.staffName ?? '' } : null,
        start: instantToLocal(s.startsAt, clinic.timeZone),
        end: instantToLocal(s.endsAt, clinic.timeZone),
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
        status: s.status,
      })),
      staff,
      rooms,
      chairs,
      types: types.map(typeDto),
    };
  }

  async get(ctx: RequestContext, id: string) {
    const clinic = await loadClinicContext(this.clinics, ctx.principal.clinicId);
    const row = await this.require(ctx.principal.clinicId, id);
    const events = await this.appointments.events(ctx.principal.clinicId, id);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'Appointment',
      resourceId: id,
      patientId: row.patientId,
    });
    return {
      ...toDto(clinic, row),
      history: events.map((e) => {
        const detail = e.detail as { start?: unknown; reason?: unknown };
        return {
          kind: e.kind,
          at: e.occurredAt.toISOString(),
          by: e.userId ? { id: e.userId, displayName: e.displayName ?? '' } : null,
          start: typeof detail.start === 'string' ? detail.start : null,
          reason: typeof detail.reason === 'string' ? detail.reason : null,
        };
      }),
    };
  }

  // Booking ------------------------------------------------------------------------------------------------------

  async book(ctx: RequestContext, input: NewAppointment): Promise<AppointmentDto> {
    const { clinicId, userId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const now = this.clock();
    const patient = await this.appointments.findPatient(clinicId, input.patientId);
    if (!patient) throw new BadRequestError(NO_SUCH_PATIENT, [{ field: 'patientId', message: 'not found' }]);
    const type = await this.appointments.findType(clinicId, input.typeId);
    if (!type || !type.isActive)
      throw new BadRequestError('No such appointment type in use.', [
        { field: 'typeId', message: 'not found or not in use' },
      ]);
    if (input.videoLink && !type.isTelehealth)
      throw new BadRequestError(`A ${type.name} is not held by video.`, [
        { field: 'videoLink', message: 'only for telehealth types' },
      ]);
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
    return toDto(clinic, await this.require(clinicId, id));
  }

  async reschedule(ctx: RequestContext, id: string, input: RescheduleAppointment): Promise<AppointmentDto> {
    const { clinicId, userId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const now = this.clock();
    const current = await this.require(clinicId, id);
    if (current.status !== 'booked') throw new ConflictError('This appointment is cancelled: book a new one instead.');
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
    return toDto(clinic, await this.require(clinicId, id));
  }

  async cancel(ctx: RequestContext, id: string, reason: string): Promise<AppointmentDto> {
    const { clinicId, userId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const now = this.clock();
    const trimmed = reason.trim();
    if (trimmed.length < 3)
      throw new BadRequestError('Say why the appointment is cancelled.', [{ field: 'reason', message: 'is required' }]);
    await this.transact(async (trx) => {
      const current = await this.appointments.find(clinicId, id, trx);
      if (!current) throw new NotFoundError('No such appointment.');
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
    return toDto(clinic, await this.require(clinicId, id));
  }

  // Internals ----------------------------------------------------------------------------------------------------

  private async require(clinicId: string, id: string): Promise<AppointmentRow> {
    const row = await this.appointments.find(clinicId, id);
    if (!row) throw new NotFoundError('No such appointment.');
    return row;
  }

  /** Checks who and where against the type, and the time against the clinic's hours; the instants it names. */
  private async place(
    clinic: ClinicContext,
    type: TypeRow,
    input: { staffId: string; roomId?: string | undefined; chairId?: string | undefined; start: string },
    now: Date,
  ): Promise<Placement> {
    const { clinicId } = clinic;
    const staff = await this.appointments.findStaff(clinicId, input.staffId);
    if (!staff || !staff.isActive)
      throw new BadRequestError('No such active staff member in this clinic.', [
        { field: 'staffId', message: 'not found' },
      ]);
    if (!type.roles.includes(staff.role)) {
      throw new RuleRefusedError(
        `${staff.displayName} (${staff.role.replace('_', ' ')}) cannot hold a ${type.name}: it is held by ${type.roles.join(' or ')}.`,
        'role-cannot-hold-type',
        [{ field: 'staffId', message: `a ${type.name} needs ${type.roles.join(' or ')}` }],
      );
    }
    let room: Placement['room'] = null;
    let chair: Placement['chair'] = null;
    if (type.resource === 'room') {
      if (!input.roomId)
        throw new BadRequestError(`A ${type.name} needs a room.`, [{ field: 'roomId', message: 'is required' }]);
      const found = await this.appointments.findRoom(clinicId, input.roomId);
      if (!found || !found.isActive)
        throw new BadRequestError('No such room in use.', [{ field: 'roomId', message: 'not found' }]);
      room = { id: found.id, name: found.name };
    } else if (input.roomId) {
      throw new BadRequestError(`A ${type.name} does not take a room.`, [
        { field: 'roomId', message: `not used by a ${type.name}` },
      ]);
    }
    if (type.resource === 'chair') {
      if (!input.chairId)
        throw new BadRequestError(`A ${type.name} needs a chair.`, [{ field: 'chairId', message: 'is required' }]);
      const found = await this.appointments.findChair(clinicId, input.chairId);
      if (!found || !found.isActive)
        throw new BadRequestError('No such chair in use.', [{ field: 'chairId', message: 'not found' }]);
      chair = { id: found.id, name: found.name };
    } else if (input.chairId) {
      throw new BadRequestError(`A ${type.name} does not take a chair.`, [
        { field: 'chairId', message: `not used by a ${type.name}` },
      ]);
    }
    const startsAt = localToInstant(input.start, clinic.timeZone, 'start');
    if (startsAt.getTime() < now.getTime())
      throw new RuleRefusedError(`${input.start.replace('T', ' ')} has passed.`, 'in-the-past', [
        { field: 'start', message: 'is in the past' },
      ]);
    const [date, time] = input.start.split('T') as [string, string];
    const hours = checkWithinClinicHours(
      { date, startTime: time, durationMin: type.durationMin },
      clinic.settings.clinicHours,
    );
    if (!hours.inside)
      throw new RuleRefusedError(`${hours.message}.`, 'outside-clinic-hours', [
        { field: 'start', message: hours.message },
      ]);
    const endsAt = new Date(startsAt.getTime() + type.durationMin * 60_000);
    const groupKey = type.isGroup ? `group:${type.id}:${staff.id}:${startsAt.toISOString()}` : null;
    return {
      staff: { id: staff.id, displayName: staff.displayName, role: staff.role },
      room,
      chair,
      startsAt,
      endsAt,
      groupKey,
    };
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

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function typeDto(t: TypeRow) {
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

function toDto(clinic: ClinicContext, r: AppointmentRow): AppointmentDto {
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
    chair: r.chairId ? { id: r.chairId, name: r.chairName ?? '' } : null,
    start: instantToLocal(r.startsAt, clinic.timeZone),
    end: instantToLocal(r.endsAt, clinic.timeZone),
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

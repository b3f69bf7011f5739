/**
 * The clinic data appointments are booked from: appointment types (length, the roles that may hold them, room /
 * chair / neither, group, telehealth) and rooms. An admin adds and edits them; a new clinic starts with the defaults
 * in appointment-type-defaults.ts.
 */
import type { AppointmentResource, StaffRole } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import { takenConflict } from '../scheduling/scheduling-support.js';
import { DEFAULT_APPOINTMENT_TYPES, DEFAULT_ROOMS } from './appointment-type-defaults.js';
import { appointmentTypeDto } from './appointments.dto.js';
import type { AppointmentsRepository } from './appointments.repository.js';

/** A new appointment type's columns, from a default or an admin's input: neither group nor telehealth unless said. */
function typeColumns(t: {
  code: string;
  name: string;
  durationMin: number;
  roles: readonly StaffRole[];
  resource: AppointmentResource;
  isGroup?: boolean | undefined;
  isTelehealth?: boolean | undefined;
}) {
  return {
    code: t.code,
    name: t.name.trim(),
    durationMin: t.durationMin,
    roles: t.roles,
    resource: t.resource,
    isGroup: t.isGroup ?? false,
    isTelehealth: t.isTelehealth ?? false,
  };
}

export class AppointmentTypesService {
  constructor(
    private readonly appointments: AppointmentsRepository,
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
        await this.appointments.insertType(trx, { clinicId, ...typeColumns(t), at: now });
      }
      const rooms = new Set((await this.appointments.rooms(clinicId, trx)).map((r) => r.name.toLowerCase()));
      for (const name of DEFAULT_ROOMS)
        if (!rooms.has(name.toLowerCase())) await this.appointments.insertRoom(trx, { clinicId, name, at: now });
    });
  }

  async listTypes(ctx: RequestContext) {
    return { types: (await this.appointments.types(ctx.principal.clinicId)).map(appointmentTypeDto) };
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
          ...typeColumns(input),
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
        return appointmentTypeDto(row);
      });
    } catch (error) {
      throw takenConflict(error, `There is already an appointment type with the code "${input.code}".`, 'code');
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
      return appointmentTypeDto(row);
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
      throw takenConflict(error, `There is already a room called "${name.trim()}".`);
    }
  }
}

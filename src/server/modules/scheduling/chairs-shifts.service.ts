import { addDays, isClinicalStaff, shiftProblem } from '../../../domain/scheduling/index.js';
import { BadRequestError, ConflictError, NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { loadClinicContext } from '../clinics/clinic-context.js';
import { localToInstant } from '../clinics/clinic-time.js';
import type { SchedulingPorts } from './scheduling-ports.js';
import { shiftDto } from './scheduling.dto.js';

import { isDatabaseError, chairDto, takenConflict, type SchedulingDeps } from './scheduling-support.js';

/** The clinic's chairs and the staff's shifts (who is on when), for the scheduling service and its routes. */
export class ChairsShiftsService {
  constructor(
    private readonly deps: SchedulingDeps,
    /** The staff member a shift or booking names (scheduling-ports.ts). */
    private readonly ports: Pick<SchedulingPorts, 'users'>,
  ) {}

  async listChairs(ctx: RequestContext) {
    return { items: (await this.deps.scheduling.listChairs(ctx.principal.clinicId)).map(chairDto) };
  }

  async createChair(ctx: RequestContext, input: { name: string; room?: string | null | undefined }) {
    const now = this.deps.clock();
    const chair = await this.deps
      .transact(async (trx) => {
        const created = await this.deps.scheduling.insertChair(trx, {
          clinicId: ctx.principal.clinicId,
          name: input.name.trim(),
          room: input.room?.trim() || null,
          at: now,
        });
        await this.deps.audit.record(
          ctx,
          { action: 'create', resourceType: 'Chair', resourceId: created.id, occurredAt: now },
          trx,
        );
        return created;
      })
      .catch((error: unknown) => {
        throw takenConflict(error, `There is already a chair called "${input.name.trim()}".`);
      });
    return chairDto(chair);
  }

  async updateChair(
    ctx: RequestContext,
    chairId: string,
    input: { name?: string | undefined; room?: string | null | undefined; isActive?: boolean | undefined },
  ) {
    const { clinicId } = ctx.principal;
    const now = this.deps.clock();
    const chair = await this.deps
      .transact(async (trx) => {
        if (!(await this.deps.scheduling.findChair(clinicId, chairId, trx)))
          throw new NotFoundError('No such chair in this clinic.');
        if (input.isActive === false) {
          const future = await this.deps.scheduling.futureBookingsOnChair(clinicId, chairId, now, trx);
          if (future > 0)
            throw new ConflictError(
              `The chair has ${future} future booking(s): move or cancel them before taking it out of use.`,
              [{ field: 'isActive', message: `${future} future booking(s)` }],
            );
        }
        const changes = {
          ...(input.name !== undefined ? { name: input.name.trim() } : {}),
          ...(input.room !== undefined ? { room: input.room?.trim() || null } : {}),
          ...(input.isActive !== undefined ? { isActive: input.isActive } : {}),
        };
        const updated = await this.deps.scheduling.updateChair(trx, clinicId, chairId, changes, now);
        await this.deps.audit.record(
          ctx,
          {
            action: 'update',
            resourceType: 'Chair',
            resourceId: chairId,
            occurredAt: now,
            detail: { changed: Object.keys(changes) },
          },
          trx,
        );
        return updated!;
      })
      .catch((error: unknown) => {
        throw takenConflict(error, `There is already a chair called "${input.name?.trim()}".`);
      });
    return chairDto(chair);
  }

  async listShifts(ctx: RequestContext, query: { from: string; to: string; userId?: string | undefined }) {
    const clinic = await loadClinicContext(this.deps.clinics, ctx.principal.clinicId);
    const from = localToInstant(`${query.from}T00:00`, clinic.timeZone, 'querystring.from');
    const to = localToInstant(`${addDays(query.to, 1)}T00:00`, clinic.timeZone, 'querystring.to');
    const rows = await this.deps.scheduling.shifts(clinic.clinicId, from, to, query.userId);
    return {
      items: rows.map((s) => shiftDto(clinic, s)),
    };
  }

  async addShift(
    ctx: RequestContext,
    input: { userId: string; start: string; end: string; note?: string | undefined },
  ) {
    const clinic = await loadClinicContext(this.deps.clinics, ctx.principal.clinicId);
    await this.requireStaff(clinic.clinicId, input.userId, 'userId');
    const startsAt = localToInstant(input.start, clinic.timeZone, 'start');
    const endsAt = localToInstant(input.end, clinic.timeZone, 'end');
    const problem = shiftProblem(startsAt, endsAt);
    if (problem) throw new BadRequestError(problem.message, [{ field: 'end', message: problem.fieldMessage }]);
    const now = this.deps.clock();
    const created = await this.deps
      .transact(async (trx) => {
        const row = await this.deps.scheduling.insertShift(trx, {
          clinicId: clinic.clinicId,
          userId: input.userId,
          startsAt,
          endsAt,
          note: input.note?.trim() || null,
          createdAt: now,
          createdBy: ctx.principal.userId,
        });
        await this.deps.audit.record(
          ctx,
          {
            action: 'create',
            resourceType: 'StaffShift',
            resourceId: row.id,
            occurredAt: now,
            detail: { userId: input.userId },
          },
          trx,
        );
        return row;
      })
      .catch((error: unknown) => {
        if (isDatabaseError(error, '23P01'))
          throw new ConflictError('This overlaps another shift of the same person.', [
            { field: 'start', message: 'overlaps another shift' },
          ]);
        throw error;
      });
    return {
      id: created.id,
      userId: input.userId,
      start: input.start,
      end: input.end,
      note: input.note?.trim() || null,
    };
  }

  async removeShift(ctx: RequestContext, shiftId: string) {
    const now = this.deps.clock();
    await this.deps.transact(async (trx) => {
      const removed = await this.deps.scheduling.deleteShift(trx, ctx.principal.clinicId, shiftId);
      if (!removed) throw new NotFoundError('No such shift in this clinic.');
      await this.deps.audit.record(
        ctx,
        {
          action: 'delete',
          resourceType: 'StaffShift',
          resourceId: shiftId,
          occurredAt: now,
          detail: { userId: removed.userId },
        },
        trx,
      );
    });
  }

  /** A clinical staff member of the clinic (not an admin or the front desk), or 400 naming `field`. */
  async requireStaff(clinicId: string, userId: string, field: string) {
    const staff = await this.ports.users.findStaffMember(clinicId, userId);
    if (!staff || !isClinicalStaff(staff)) {
      throw new BadRequestError('No such clinical staff member in this clinic.', [
        { field, message: 'is not an active nurse, prescriber or therapist of this clinic' },
      ]);
    }
    return staff;
  }
}

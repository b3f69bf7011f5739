/**
 * The checks a booking and a move share (the chair, the staff member on shift, the slot inside clinic hours, the
 * protocol's spacing, the chair free), and the 409 that explains a conflict the database refused.
 *
 * The service checks what it can first so that a person gets a clear answer; the database's exclusion constraint is
 * what makes double-booking impossible when two requests race (docs/adr/0003). The loser of a race gets 409 naming
 * the chair and the time.
 */
import { slotRefusal, spacingConflict } from '../../../domain/scheduling/index.js';
import { BadRequestError, ConflictError, RuleRefusedError } from '../../errors/http-errors.js';
import type { ClinicContext } from '../clinics/clinic-context.js';
import { instantToLocal, localDateOf, localToInstant } from '../clinics/clinic-time.js';
import type { ChairsShiftsService } from './chairs-shifts.service.js';
import type { SchedulingRepository } from './scheduling.repository.js';
import {
  ChairConflictError,
  chairConflict,
  isDatabaseError,
  type BookingOptions,
  type Slot,
  type Trx,
} from './scheduling-support.js';

export class BookingChecks {
  constructor(
    private readonly scheduling: SchedulingRepository,
    private readonly chairsShifts: Pick<ChairsShiftsService, 'requireStaff'>,
  ) {}

  async requireChair(clinicId: string, chairId: string, field: string) {
    const chair = /^[0-9a-f-]{36}$/i.test(chairId) ? await this.scheduling.findChair(clinicId, chairId) : undefined;
    if (!chair)
      throw new BadRequestError('No such chair in this clinic.', [{ field, message: 'is not a chair of this clinic' }]);
    if (!chair.isActive)
      throw new RuleRefusedError(`${chair.name} is out of use.`, 'chair-inactive', [
        { field, message: 'is out of use' },
      ]);
    return chair;
  }

  async requireStaffOnShift(clinic: ClinicContext, userId: string, slot: Slot, field: string) {
    const staff = await this.chairsShifts.requireStaff(clinic.clinicId, userId, field);
    if (!(await this.scheduling.isOnShift(clinic.clinicId, userId, slot.startsAt, slot.endsAt))) {
      const from = instantToLocal(slot.startsAt, clinic.timeZone).replace('T', ' ');
      const to = instantToLocal(slot.endsAt, clinic.timeZone).slice(11);
      throw new RuleRefusedError(`${staff.displayName} has no shift covering ${from}-${to}.`, 'staff-not-on-shift', [
        { field, message: 'is not on shift then' },
      ]);
    }
  }

  /** Start instant, end instant and checks: inside clinic hours for the whole chair time, not in the past. */
  slot(
    clinic: ClinicContext,
    start: string,
    minutes: { durationMin: number; monitoringMin: number },
    now: Date,
    field: string,
    options: BookingOptions,
  ): Slot {
    const startsAt = localToInstant(start, clinic.timeZone, field);
    const chairMin = minutes.durationMin + minutes.monitoringMin;
    const endsAt = new Date(startsAt.getTime() + chairMin * 60_000);
    const date = start.slice(0, 10);
    if (!options.ignoreClinicHoursAndPast) {
      const refusal = slotRefusal({ start, startsAt, chairMinutes: chairMin, hours: clinic.settings.clinicHours, now });
      if (refusal)
        throw new RuleRefusedError(refusal.message, refusal.code, [{ field, message: refusal.fieldMessage }]);
    }
    return { startsAt, endsAt, date, chairMin };
  }

  requireSpacing(
    clinic: ClinicContext,
    date: string,
    others: ReadonlyArray<{ sessionNumber: number | null; startsAt: Date }>,
    minDays: number,
    field: string,
  ): void {
    const conflict = spacingConflict(
      date,
      others.map((o) => ({ sessionNumber: o.sessionNumber ?? 0, date: localDateOf(o.startsAt, clinic.timeZone) })),
      minDays,
    );
    if (conflict) {
      throw new RuleRefusedError(
        `Session ${conflict.sessionNumber} of this plan is on ${conflict.date}, ${conflict.daysApart} day(s) away; the protocol needs at least ${minDays} day(s) between sessions.`,
        'spacing-below-minimum',
        [{ field, message: `too close to session ${conflict.sessionNumber}` }],
      );
    }
  }

  /** The friendly check before the insert; the exclusion constraint is the guarantee. */
  async requireChairFree(
    trx: Trx,
    clinic: ClinicContext,
    chair: { id: string; name: string },
    slot: Slot,
    exceptSessionId?: string,
  ): Promise<void> {
    const clashes = (
      await this.scheduling.liveChairBookings(clinic.clinicId, slot.startsAt, slot.endsAt, chair.id, trx)
    ).filter((b) => b.id !== exceptSessionId);
    if (clashes.length > 0) throw chairConflict(clinic, chair, slot, clashes);
  }

  /** Turns the database refusing a double booking (23P01) or a second booking of a plan session (23505) into a 409. */
  async explainConflict(
    error: unknown,
    clinic: ClinicContext,
    attempts: ReadonlyArray<{ chair: { id: string; name: string }; slot: Slot }>,
    sessionNumber?: number,
  ): Promise<unknown> {
    if (isDatabaseError(error, '23P01') && error.constraint === 'resource_hold_no_overlap') {
      // The chair or the staff member is held by an appointment (issue 14: appointments and plan sessions share time).
      return new ConflictError(
        'The chair or the staff member is taken by an appointment at that time. Choose another chair, staff member or time.',
        [{ field: 'start', message: 'overlaps an appointment' }],
      );
    }
    if (isDatabaseError(error, '23P01')) {
      for (const { chair, slot } of attempts) {
        const clashes = await this.scheduling.liveChairBookings(clinic.clinicId, slot.startsAt, slot.endsAt, chair.id);
        if (clashes.length > 0) return chairConflict(clinic, chair, slot, clashes);
      }
      const first = attempts[0];
      return new ChairConflictError(
        first
          ? `${first.chair.name} was booked by someone else at the same moment (${instantToLocal(first.slot.startsAt, clinic.timeZone).replace('T', ' ')}). Choose another chair or time.`
          : 'A chair was booked by someone else at the same moment.',
      );
    }
    if (isDatabaseError(error, '23505') && error.constraint === 'treatment_session_plan_session_key') {
      return new ConflictError(
        `${sessionNumber ? `Session ${sessionNumber}` : 'A session'} of this plan is already booked (cancel or reschedule that booking instead).`,
      );
    }
    return error;
  }
}

/**
 * Booking a signed plan's sessions into chairs: one session at a time, or every unbooked session on its planned date
 * in the first free chair. A chair holds one patient for the whole chair time (dosing + monitoring).
 *
 * The checks shared with moving a session (clinic hours, the protocol's spacing, staff on shift, the chair free) are
 * in booking-checks.ts; the database's exclusion constraint is what makes double-booking impossible when two
 * requests race (docs/adr/0003). Moving, cancelling and no-shows are in scheduling-changes.service.ts, reminders in
 * scheduling-reminders.service.ts, the calendar in scheduling-calendar.service.ts, chairs and shifts in
 * chairs-shifts.service.ts.
 */
import {
  reviewGates,
  sessionHeldBy,
  type PlannedSession,
  type Protocol,
  type ReviewGate,
} from '../../../domain/protocols/index.js';
import {
  addDays,
  minimumDaysBetween,
  placeInChairs,
  placementRefusal,
  toMinuteOfDay,
  type ChairBooking,
} from '../../../domain/scheduling/index.js';
import { BadRequestError, NotFoundError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { PlansRepository } from '../plans/plans.repository.js';
import { planProtocol } from '../plans/plans.service.js';
import type { BookingChecks } from './booking-checks.js';
import type { ChairsShiftsService } from './chairs-shifts.service.js';
import { loadClinicContext } from '../clinics/clinic-context.js';
import { instantToLocal, localDateOf, localToInstant } from '../clinics/clinic-time.js';
import type { SessionRemindersService } from './scheduling-reminders.service.js';
import type { BookingOptions, SchedulingDeps, Slot, Trx } from './scheduling-support.js';

export class SchedulingService {
  constructor(
    private readonly deps: SchedulingDeps,
    private readonly plans: PlansRepository,
    private readonly checks: BookingChecks,
    private readonly chairsShifts: Pick<ChairsShiftsService, 'requireStaff'>,
    private readonly sessions: Pick<SessionRemindersService, 'sessionWithReminders'>,
  ) {}

  // Booking -----------------------------------------------------------------------------------------------------

  /** Books one planned session into a chair at a local start time ('YYYY-MM-DDTHH:MM'). */
  async bookSession(
    ctx: RequestContext,
    planId: string,
    sessionNumber: number,
    input: { chairId: string; start: string; staffId?: string | undefined },
    options: BookingOptions = {},
  ) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.deps.clinics, clinicId);
    const now = this.deps.clock();
    const plan = await this.requireBookablePlan(clinicId, planId);
    const planned = (plan.sessions as unknown as PlannedSession[]).find((s) => s.number === sessionNumber);
    if (!planned) throw new NotFoundError(`This plan has no session ${sessionNumber}.`);
    const chair = await this.checks.requireChair(clinicId, input.chairId, 'chairId');
    const slot = this.checks.slot(clinic, input.start, planned, now, 'start', options);
    if (input.staffId) await this.checks.requireStaffOnShift(clinic, input.staffId, slot, 'staffId');
    const protocol = planProtocol(plan);
    let id: string;
    try {
      id = await this.deps.transact(async (trx) => {
        const held = sessionHeldBy(
          await this.gates(trx, clinicId, planId, protocol, plan.sessions as unknown as PlannedSession[]),
          sessionNumber,
        );
        if (held) throw this.heldError(held, sessionNumber);
        const others = (await this.deps.scheduling.sessionsForPlan(clinicId, planId, trx)).filter(
          (s) => s.status !== 'cancelled' && s.status !== 'no-show' && s.sessionNumber !== sessionNumber,
        );
        this.checks.requireSpacing(clinic, slot.date, others, minimumDaysBetween(protocol), 'start');
        await this.checks.requireChairFree(trx, clinic, chair, slot);
        const created = await this.deps.scheduling.insertBooking(trx, {
          clinicId,
          patientId: plan.patientId,
          planId,
          modality: plan.modality,
          sessionNumber,
          phase: planned.phase,
          doseMg: planned.doseMg,
          route: planned.route,
          durationMin: planned.durationMin,
          monitoringMin: planned.monitoringMin,
          chairId: chair.id,
          staffId: input.staffId ?? null,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          createdAt: now,
          createdBy: ctx.principal.userId,
        });
        await this.deps.scheduling.insertEvent(trx, {
          clinicId,
          sessionId: created.id,
          kind: 'booked',
          detail: { chairId: chair.id, start: input.start, sessionNumber },
          occurredAt: now,
          userId: ctx.principal.userId,
        });
        await this.deps.audit.record(
          ctx,
          {
            action: 'book',
            resourceType: 'Appointment',
            resourceId: created.id,
            patientId: plan.patientId,
            occurredAt: now,
            detail: { planId, sessionNumber, chairId: chair.id },
          },
          trx,
        );
        return created.id;
      });
    } catch (error) {
      throw await this.checks.explainConflict(error, clinic, [{ chair, slot }], sessionNumber);
    }
    return this.sessions.sessionWithReminders(clinic, id);
  }

  /**
   * Books a plan's unbooked sessions on their planned dates: in the given chair (or the first free one) from the
   * given time (or opening), every 15 minutes until a chair is free for the whole chair time. Sessions that cannot
   * be placed are listed with the reason; the rest are booked together.
   */
  async bookPlan(
    ctx: RequestContext,
    planId: string,
    input: {
      sessions?: number[] | undefined;
      chairId?: string | undefined;
      startTime?: string | undefined;
      staffId?: string | undefined;
    },
  ) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.deps.clinics, clinicId);
    const now = this.deps.clock();
    const plan = await this.requireBookablePlan(clinicId, planId);
    const protocol = planProtocol(plan);
    const planned = plan.sessions as unknown as PlannedSession[];
    if (input.sessions) {
      const unknown = input.sessions.map((n, i) => ({ n, i })).filter(({ n }) => !planned.some((s) => s.number === n));
      if (unknown.length > 0)
        throw new BadRequestError(
          'Unknown session numbers.',
          unknown.map(({ n, i }) => ({ field: `sessions.${i}`, message: `this plan has no session ${n}` })),
        );
    }
    if (input.startTime !== undefined) toMinuteOfDay(input.startTime, 'startTime');
    const chairs = input.chairId
      ? [await this.checks.requireChair(clinicId, input.chairId, 'chairId')]
      : (await this.deps.scheduling.listChairs(clinicId)).filter((c) => c.isActive);
    if (chairs.length === 0)
      throw new RuleRefusedError('The clinic has no active chairs: an admin adds them first.', 'no-chairs');
    if (input.staffId) await this.chairsShifts.requireStaff(clinicId, input.staffId, 'staffId');
    const chairById = new Map(chairs.map((c) => [c.id, c]));
    const existingPlan = (await this.deps.scheduling.sessionsForPlan(clinicId, planId)).filter(
      (s) => s.status !== 'cancelled' && s.status !== 'no-show',
    );
    const booked = new Set(existingPlan.map((s) => s.sessionNumber));
    const kept = existingPlan.map((s) => ({
      sessionNumber: s.sessionNumber ?? 0,
      date: localDateOf(s.startsAt, clinic.timeZone),
    }));
    const today = clinic.today(now);
    const nowLocal = instantToLocal(now, clinic.timeZone);
    const minDays = minimumDaysBetween(protocol);

    const placed: Array<{ session: PlannedSession; chair: (typeof chairs)[number]; start: string; slot: Slot }> = [];
    const unplaced: Array<{ number: number; date: string; reason: string; message: string }> = [];
    const gates = await this.gates(undefined, clinicId, planId, protocol, planned);
    for (const session of planned) {
      if (booked.has(session.number) || (input.sessions && !input.sessions.includes(session.number))) continue;
      const held = sessionHeldBy(gates, session.number);
      if (held) {
        unplaced.push({
          number: session.number,
          date: session.date,
          reason: 'review-required',
          message: this.heldError(held, session.number).message,
        });
        continue;
      }
      const refusal = placementRefusal(session.date, today, kept, minDays);
      if (refusal) {
        unplaced.push({ number: session.number, date: session.date, ...refusal });
        continue;
      }
      const dayStart = localToInstant(`${session.date}T00:00`, clinic.timeZone);
      const dayEnd = localToInstant(`${addDays(session.date, 1)}T00:00`, clinic.timeZone);
      const existing: ChairBooking[] = [
        ...(await this.deps.scheduling.liveChairBookings(clinicId, dayStart, dayEnd)).map((b) => ({
          id: b.id,
          chairId: b.chairId as string,
          start: instantToLocal(b.startsAt, clinic.timeZone),
          end: instantToLocal(b.endsAt, clinic.timeZone),
        })),
        ...placed
          .filter((p) => p.slot.date === session.date)
          .map((p) => ({ chairId: p.chair.id, start: p.start, end: instantToLocal(p.slot.endsAt, clinic.timeZone) })),
      ];
      const free = placeInChairs({
        date: session.date,
        today,
        nowTime: nowLocal.slice(11),
        startTime: input.startTime,
        chairIds: chairs.map((c) => c.id),
        oneChair: Boolean(input.chairId),
        chairMinutes: session.durationMin + session.monitoringMin,
        hours: clinic.settings.clinicHours,
        existing,
      });
      if ('reason' in free) {
        unplaced.push({ number: session.number, date: session.date, ...free });
        continue;
      }
      const slot = this.checks.slot(clinic, free.start, session, now, 'start', {});
      if (
        input.staffId &&
        !(await this.deps.scheduling.isOnShift(clinicId, input.staffId, slot.startsAt, slot.endsAt))
      ) {
        unplaced.push({
          number: session.number,
          date: session.date,
          reason: 'staff-not-on-shift',
          message: `The staff member has no shift covering ${free.start.slice(11)}-${free.end.slice(11)} on ${session.date}.`,
        });
        continue;
      }
      placed.push({ session, chair: chairById.get(free.chairId)!, start: free.start, slot });
      kept.push({ sessionNumber: session.number, date: session.date });
    }

    let ids: string[] = [];
    if (placed.length > 0) {
      try {
        ids = await this.deps.transact(async (trx) => {
          const created: string[] = [];
          for (const p of placed) {
            await this.checks.requireChairFree(trx, clinic, p.chair, p.slot);
            const row = await this.deps.scheduling.insertBooking(trx, {
              clinicId,
              patientId: plan.patientId,
              planId,
              modality: plan.modality,
              sessionNumber: p.session.number,
              phase: p.session.phase,
              doseMg: p.session.doseMg,
              route: p.session.route,
              durationMin: p.session.durationMin,
              monitoringMin: p.session.monitoringMin,
              chairId: p.chair.id,
              staffId: input.staffId ?? null,
              startsAt: p.slot.startsAt,
              endsAt: p.slot.endsAt,
              createdAt: now,
              createdBy: ctx.principal.userId,
            });
            await this.deps.scheduling.insertEvent(trx, {
              clinicId,
              sessionId: row.id,
              kind: 'booked',
              detail: { chairId: p.chair.id, start: p.start, sessionNumber: p.session.number },
              occurredAt: now,
              userId: ctx.principal.userId,
            });
            created.push(row.id);
          }
          await this.deps.audit.record(
            ctx,
            {
              action: 'book',
              resourceType: 'Appointment',
              patientId: plan.patientId,
              occurredAt: now,
              detail: { planId, sessions: placed.map((p) => p.session.number) },
            },
            trx,
          );
          return created;
        });
      } catch (error) {
        throw await this.checks.explainConflict(
          error,
          clinic,
          placed.map((p) => ({ chair: p.chair, slot: p.slot })),
        );
      }
    }
    const sessions = [];
    for (const id of ids) sessions.push(await this.sessions.sessionWithReminders(clinic, id));
    return { booked: sessions, unplaced };
  }

  // Helpers -----------------------------------------------------------------------------------------------------

  private async requireBookablePlan(clinicId: string, planId: string) {
    const plan = await this.plans.find(clinicId, planId);
    if (!plan) throw new NotFoundError('No such treatment plan in this clinic.');
    if (plan.status !== 'active')
      throw new RuleRefusedError(
        `Only a signed, active plan can be booked; this plan is ${plan.status}.`,
        'plan-not-active',
      );
    return plan;
  }

  /** The protocol's review gates over the plan with the reviews recorded so far (end-of-induction for esketamine TRD). */
  private async gates(
    trx: Trx | undefined,
    clinicId: string,
    planId: string,
    protocol: Protocol,
    sessions: readonly PlannedSession[],
  ): Promise<ReviewGate[]> {
    if (!protocol.reviews || protocol.reviews.length === 0) return [];
    const reviews = await this.plans.reviewsFor(clinicId, planId, trx);
    return reviewGates(
      protocol,
      sessions,
      reviews.map((r) => ({ code: r.code, decision: r.decision, recordedAt: r.recordedAt })),
    );
  }

  /** 422: a session held by a review (SPRAVATO label section 2: evaluate benefit at the end of induction). */
  private heldError(gate: ReviewGate, sessionNumber: number): RuleRefusedError {
    const why =
      gate.status === 'stopped'
        ? 'the latest review says treatment stops'
        : `no prescriber has recorded the ${gate.title.toLowerCase()} after session ${gate.afterSessionNumber} yet`;
    return new RuleRefusedError(
      `Session ${sessionNumber} cannot be booked: ${why}. ${gate.instructions}`,
      'review-required',
      [{ field: 'number', message: `held by the ${gate.code} review` }],
    );
  }
}

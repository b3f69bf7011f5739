/**
 * Chair scheduling: booking a signed plan's sessions into chairs, rescheduling, cancelling with a reason, no-shows,
 * pre-session reminders and the calendar. A chair holds one patient for the whole chair time (dosing + monitoring).
 *
 * The service checks what it can first (clinic hours, the protocol's spacing, staff on shift, the chair free) so
 * that a person gets a clear answer; the database's exclusion constraint is what makes double-booking impossible
 * when two requests race (docs/adr/0003). The loser of a race gets 409 naming the chair and the time.
 */
import { consentStatus } from '../../../domain/consent/index.js';
import {
  isModality,
  reviewGates,
  sessionHeldBy,
  type PlannedSession,
  type Protocol,
  type ReviewGate,
} from '../../../domain/protocols/index.js';
import {
  addDays,
  checkWithinClinicHours,
  findFirstFreeSlot,
  minimumDaysBetween,
  sessionReminders,
  spacingConflict,
  toDayNumber,
  toMinuteOfDay,
  WEEKDAY_NAMES,
  weekdayOf,
  type ChairBooking,
  type SessionReminders,
} from '../../../domain/scheduling/index.js';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError, ConflictError, NotFoundError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { PlansRepository } from '../plans/plans.repository.js';
import { planProtocol } from '../plans/plans.service.js';
import { loadClinicContext, type ClinicContext } from './clinic-context.js';
import { instantToLocal, localDateOf, localToInstant } from './clinic-time.js';
import type { SchedulingRepository } from './scheduling.repository.js';

import {
  ChairConflictError,
  isDatabaseError,
  chairConflict,
  roundUpToQuarter,
  type BookingOptions,
  type CancelReason,
  type ConfirmableRequirement,
  type SessionRow,
  type Slot,
  type Trx,
} from './scheduling-support.js';
import { ChairsShiftsService } from './chairs-shifts.service.js';
import type { TreatmentDayRecords } from '../treatment-day/treatment-day-records.js';

export {
  CANCEL_REASONS,
  CONFIRMABLE_REQUIREMENTS,
  ChairConflictError,
  type CancelReason,
  type BookingOptions,
} from './scheduling-support.js';

export class SchedulingService {
  constructor(
    private readonly scheduling: SchedulingRepository,
    private readonly plans: PlansRepository,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    /** The treatment day's REMS enrolments and check-ins, for the reminders (its tables are its own). */
    private readonly treatmentDay: Pick<TreatmentDayRecords, 'remsEnrolments' | 'checkIns'>,
  ) {
    this.chairsShifts = new ChairsShiftsService(scheduling, clinics, audit, transact, clock);
  }

  private readonly chairsShifts: ChairsShiftsService;

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
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const now = this.clock();
    const plan = await this.requireBookablePlan(clinicId, planId);
    const planned = (plan.sessions as unknown as PlannedSession[]).find((s) => s.number === sessionNumber);
    if (!planned) throw new NotFoundError(`This plan has no session ${sessionNumber}.`);
    const chair = await this.requireChair(clinicId, input.chairId, 'chairId');
    const slot = this.slot(clinic, input.start, planned, now, 'start', options);
    if (input.staffId) await this.requireStaffOnShift(clinic, input.staffId, slot, 'staffId');
    const protocol = planProtocol(plan);
    let id: string;
    try {
      id = await this.transact(async (trx) => {
        const held = sessionHeldBy(
          await this.gates(trx, clinicId, planId, protocol, plan.sessions as unknown as PlannedSession[]),
          sessionNumber,
        );
        if (held) throw this.heldError(held, sessionNumber);
        const others = (await this.scheduling.sessionsForPlan(clinicId, planId, trx)).filter(
          (s) => s.status !== 'cancelled' && s.status !== 'no-show' && s.sessionNumber !== sessionNumber,
        );
        this.requireSpacing(clinic, slot.date, others, minimumDaysBetween(protocol), 'start');
        await this.requireChairFree(trx, clinic, chair, slot);
        const created = await this.scheduling.insertBooking(trx, {
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
        await this.scheduling.insertEvent(trx, {
          clinicId,
          sessionId: created.id,
          kind: 'booked',
          detail: { chairId: chair.id, start: input.start, sessionNumber },
          occurredAt: now,
          userId: ctx.principal.userId,
        });
        await this.audit.record(
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
      throw await this.explainConflict(error, clinic, [{ chair, slot }], sessionNumber);
    }
    return this.sessionDto(clinic, id);
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
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const now = this.clock();
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
      ? [await this.requireChair(clinicId, input.chairId, 'chairId')]
      : (await this.scheduling.listChairs(clinicId)).filter((c) => c.isActive);
    if (chairs.length === 0)
      throw new RuleRefusedError('The clinic has no active chairs: an admin adds them first.', 'no-chairs');
    if (input.staffId) await this.chairsShifts.requireStaff(clinicId, input.staffId, 'staffId');
    const chairById = new Map(chairs.map((c) => [c.id, c]));
    const existingPlan = (await this.scheduling.sessionsForPlan(clinicId, planId)).filter(
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
      const chairMin = session.durationMin + session.monitoringMin;
      if (session.date < today) {
        unplaced.push({
          number: session.number,
          date: session.date,
          reason: 'in-the-past',
          message: `Planned for ${session.date}, which has passed: book it by hand on another day.`,
        });
        continue;
      }
      const spacing = spacingConflict(session.date, kept, minDays);
      if (spacing) {
        unplaced.push({
          number: session.number,
          date: session.date,
          reason: 'spacing',
          message: `Session ${spacing.sessionNumber} is booked on ${spacing.date}, ${spacing.daysApart} day(s) away; the protocol needs at least ${minDays}.`,
        });
        continue;
      }
      const dayStart = localToInstant(`${session.date}T00:00`, clinic.timeZone);
      const dayEnd = localToInstant(`${addDays(session.date, 1)}T00:00`, clinic.timeZone);
      const existing: ChairBooking[] = [
        ...(await this.scheduling.liveChairBookings(clinicId, dayStart, dayEnd)).map((b) => ({
          id: b.id,
          chairId: b.chairId as string,
          start: instantToLocal(b.startsAt, clinic.timeZone),
          end: instantToLocal(b.endsAt, clinic.timeZone),
        })),
        ...placed
          .filter((p) => p.slot.date === session.date)
          .map((p) => ({ chairId: p.chair.id, start: p.start, end: instantToLocal(p.slot.endsAt, clinic.timeZone) })),
      ];
      const earliest = [input.startTime, session.date === today ? roundUpToQuarter(nowLocal.slice(11)) : undefined]
        .filter((t): t is string => t !== undefined)
        .sort()
        .at(-1);
      if (earliest === '24:00') {
        unplaced.push({
          number: session.number,
          date: session.date,
          reason: 'no-free-chair',
          message: 'The day is over.',
        });
        continue;
      }
      const free = findFirstFreeSlot({
        date: session.date,
        chairIds: chairs.map((c) => c.id),
        chairMinutes: chairMin,
        hours: clinic.settings.clinicHours,
        existing,
        stepMin: 15,
        ...(earliest ? { notBefore: earliest } : {}),
      });
      if (!free) {
        unplaced.push({
          number: session.number,
          date: session.date,
          reason: 'no-free-chair',
          message: `No ${input.chairId ? 'free time in that chair' : 'chair is free'} for ${chairMin} minutes on ${WEEKDAY_NAMES[weekdayOf(session.date)]} ${session.date}${earliest ? ` from ${earliest}` : ''}.`,
        });
        continue;
      }
      const slot = this.slot(clinic, free.start, session, now, 'start', {});
      if (input.staffId && !(await this.scheduling.isOnShift(clinicId, input.staffId, slot.startsAt, slot.endsAt))) {
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
        ids = await this.transact(async (trx) => {
          const created: string[] = [];
          for (const p of placed) {
            await this.requireChairFree(trx, clinic, p.chair, p.slot);
            const row = await this.scheduling.insertBooking(trx, {
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
            await this.scheduling.insertEvent(trx, {
              clinicId,
              sessionId: row.id,
              kind: 'booked',
              detail: { chairId: p.chair.id, start: p.start, sessionNumber: p.session.number },
              occurredAt: now,
              userId: ctx.principal.userId,
            });
            created.push(row.id);
          }
          await this.audit.record(
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
        throw await this.explainConflict(
          error,
          clinic,
          placed.map((p) => ({ chair: p.chair, slot: p.slot })),
        );
      }
    }
    const sessions = [];
    for (const id of ids) sessions.push(await this.sessionDto(clinic, id));
    return { booked: sessions, unplaced };
  }

  async reschedule(
    ctx: RequestContext,
    sessionId: string,
    input: { start: string; chairId?: string | undefined; staffId?: string | null | undefined; reason: string },
  ) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const now = this.clock();
    const row = await this.requireSession(clinicId, sessionId);
    if (row.status !== 'scheduled')
      throw new RuleRefusedError(
        `Only a scheduled session can be moved; this one is ${row.status}.`,
        'session-not-scheduled',
      );
    const chair = await this.requireChair(clinicId, input.chairId ?? row.chairId ?? '', 'chairId');
    const minutes =
      row.durationMin !== null && row.monitoringMin !== null
        ? { durationMin: row.durationMin, monitoringMin: row.monitoringMin }
        : { durationMin: (row.endsAt.getTime() - row.startsAt.getTime()) / 60_000, monitoringMin: 0 };
    const slot = this.slot(clinic, input.start, minutes, now, 'start', {});
    const staffId = input.staffId === undefined ? row.staffId : input.staffId;
    if (staffId) await this.requireStaffOnShift(clinic, staffId, slot, 'staffId');
    try {
      await this.transact(async (trx) => {
        if (row.planId && row.protocolId) {
          const others = (await this.scheduling.sessionsForPlan(clinicId, row.planId, trx)).filter(
            (s) => s.id !== row.id && s.status !== 'cancelled' && s.status !== 'no-show',
          );
          this.requireSpacing(
            clinic,
            slot.date,
            others,
            minimumDaysBetween(
              planProtocol({ protocolId: row.protocolId, protocolSettings: row.protocolSettings ?? {} }),
            ),
            'start',
          );
        }
        await this.requireChairFree(trx, clinic, chair, slot, row.id);
        if (
          !(await this.scheduling.move(
            trx,
            clinicId,
            row.id,
            { startsAt: slot.startsAt, endsAt: slot.endsAt, chairId: chair.id, staffId },
            now,
          ))
        ) {
          throw new ConflictError('This session was changed by someone else just now. Reload and try again.');
        }
        const from = {
          start: instantToLocal(row.startsAt, clinic.timeZone),
          chairId: row.chairId,
          staffId: row.staffId,
        };
        const to = { start: input.start, chairId: chair.id, staffId };
        await this.scheduling.insertEvent(trx, {
          clinicId,
          sessionId: row.id,
          kind: 'rescheduled',
          detail: { from, to, reason: input.reason.trim() },
          occurredAt: now,
          userId: ctx.principal.userId,
        });
        await this.audit.record(
          ctx,
          {
            action: 'reschedule',
            resourceType: 'Appointment',
            resourceId: row.id,
            patientId: row.patientId,
            occurredAt: now,
            detail: {
              chairId: chair.id,
              movedMinutes: Math.round((slot.startsAt.getTime() - row.startsAt.getTime()) / 60_000),
            },
          },
          trx,
        );
      });
    } catch (error) {
      throw await this.explainConflict(error, clinic, [{ chair, slot }], row.sessionNumber ?? undefined);
    }
    return this.sessionDto(clinic, row.id);
  }

  async cancel(ctx: RequestContext, sessionId: string, input: { reasonCode: CancelReason; note?: string | undefined }) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const note = input.note?.trim() || null;
    if (input.reasonCode === 'other' && !note)
      throw new BadRequestError('Say why the session is cancelled.', [
        { field: 'note', message: "is required when the reason is 'other'" },
      ]);
    const now = this.clock();
    await this.transact(async (trx) => {
      const row = await this.requireSession(clinicId, sessionId, trx);
      if (
        !(await this.scheduling.cancel(trx, clinicId, sessionId, ctx.principal.userId, now, input.reasonCode, note))
      ) {
        throw new RuleRefusedError(
          `Only a scheduled session can be cancelled; this one is ${row.status}.`,
          'session-not-scheduled',
        );
      }
      await this.scheduling.insertEvent(trx, {
        clinicId,
        sessionId,
        kind: 'cancelled',
        detail: { reasonCode: input.reasonCode, note },
        occurredAt: now,
        userId: ctx.principal.userId,
      });
      await this.audit.record(
        ctx,
        {
          action: 'cancel',
          resourceType: 'Appointment',
          resourceId: sessionId,
          patientId: row.patientId,
          occurredAt: now,
          detail: { reasonCode: input.reasonCode },
        },
        trx,
      );
    });
    return this.sessionDto(clinic, sessionId);
  }

  async noShow(ctx: RequestContext, sessionId: string, input: { note?: string | undefined }) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const now = this.clock();
    await this.transact(async (trx) => {
      const row = await this.requireSession(clinicId, sessionId, trx);
      if (row.startsAt.getTime() > now.getTime()) {
        throw new RuleRefusedError(
          `The session starts at ${instantToLocal(row.startsAt, clinic.timeZone).replace('T', ' ')}: a no-show is recorded after that.`,
          'not-started-yet',
        );
      }
      if (
        !(await this.scheduling.markNoShow(
          trx,
          clinicId,
          sessionId,
          ctx.principal.userId,
          now,
          input.note?.trim() || null,
        ))
      ) {
        throw new RuleRefusedError(
          `Only a scheduled session can be a no-show; this one is ${row.status}.`,
          'session-not-scheduled',
        );
      }
      await this.scheduling.insertEvent(trx, {
        clinicId,
        sessionId,
        kind: 'no-show',
        detail: {},
        occurredAt: now,
        userId: ctx.principal.userId,
      });
      await this.audit.record(
        ctx,
        {
          action: 'no-show',
          resourceType: 'Appointment',
          resourceId: sessionId,
          patientId: row.patientId,
          occurredAt: now,
        },
        trx,
      );
    });
    return this.sessionDto(clinic, sessionId);
  }

  // Reminders ---------------------------------------------------------------------------------------------------

  async reminders(ctx: RequestContext, sessionId: string) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const row = await this.requireSession(clinicId, sessionId);
    const [reminders] = await this.remindersFor(clinic, [row]);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'Appointment',
      resourceId: sessionId,
      patientId: row.patientId,
      detail: { view: 'reminders' },
    });
    if (!reminders)
      throw new RuleRefusedError('This session belongs to no plan, so it has no protocol reminders.', 'no-protocol');
    return { sessionId, sessionNumber: row.sessionNumber, protocolId: row.protocolId, ...reminders };
  }

  /** Staff confirm a reminder (ride home arranged, fasting instructions acknowledged, ...). Confirming twice is harmless. */
  async confirm(
    ctx: RequestContext,
    sessionId: string,
    input: { code: ConfirmableRequirement; note?: string | undefined },
  ) {
    const { clinicId } = ctx.principal;
    const row = await this.requireSession(clinicId, sessionId);
    if (!row.protocolId)
      throw new RuleRefusedError('This session belongs to no plan, so it has no protocol reminders.', 'no-protocol');
    const protocol = planProtocol({ protocolId: row.protocolId, protocolSettings: row.protocolSettings ?? {} });
    if (!protocol.preSession.some((r) => r.code === input.code)) {
      throw new RuleRefusedError(`${protocol.id} does not ask for '${input.code}' before a session.`, 'not-required', [
        { field: 'code', message: 'is not a requirement of this protocol' },
      ]);
    }
    if (row.status !== 'scheduled' && row.status !== 'in-progress')
      throw new RuleRefusedError(`This session is ${row.status}.`, 'session-not-scheduled');
    const now = this.clock();
    await this.transact(async (trx) => {
      const inserted = await this.scheduling.insertConfirmation(trx, {
        clinicId,
        sessionId,
        code: input.code,
        note: input.note?.trim() || null,
        confirmedAt: now,
        confirmedBy: ctx.principal.userId,
      });
      if (!inserted) return;
      await this.scheduling.insertEvent(trx, {
        clinicId,
        sessionId,
        kind: 'confirmed',
        detail: { code: input.code },
        occurredAt: now,
        userId: ctx.principal.userId,
      });
      await this.audit.record(
        ctx,
        {
          action: 'confirm',
          resourceType: 'Appointment',
          resourceId: sessionId,
          patientId: row.patientId,
          occurredAt: now,
          detail: { code: input.code },
        },
        trx,
      );
    });
    return this.reminders(ctx, sessionId);
  }

  // Reading -----------------------------------------------------------------------------------------------------

  async getSession(ctx: RequestContext, sessionId: string) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const session = await this.sessionDto(clinic, sessionId);
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
        by: e.userId ? { id: e.userId, displayName: e.displayName ?? '' } : null,
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
      this.scheduling.calendar(clinicId, fromInstant, toInstant, query),
      this.scheduling.listChairs(clinicId),
      this.scheduling.staff(clinicId),
      this.scheduling.shifts(clinicId, fromInstant, toInstant, query.staffId),
    ]);
    const reminders = await this.remindersFor(clinic, rows);
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
      staff: staff
        .filter((s) => s.isActive && s.role !== 'admin' && s.role !== 'front_desk')
        .map((s) => ({ id: s.id, displayName: s.displayName, role: s.role })),
      shifts: shifts.map((s) => ({
        id: s.id,
        userId: s.userId,
        displayName: s.displayName,
        role: s.role,
        start: instantToLocal(s.startsAt, clinic.timeZone),
        end: instantToLocal(s.endsAt, clinic.timeZone),
        note: s.note,
      })),
      sessions: rows.map((r, i) => this.toDto(clinic, r, reminders[i] ?? null)),
    };
  }

  // Chairs and shifts (chairs-shifts.service.ts) ----------------------------------------------------------------

  listChairs(ctx: RequestContext) {
    return this.chairsShifts.listChairs(ctx);
  }
  createChair(ctx: RequestContext, input: { name: string; room?: string | null | undefined }) {
    return this.chairsShifts.createChair(ctx, input);
  }
  updateChair(
    ctx: RequestContext,
    chairId: string,
    input: { name?: string | undefined; room?: string | null | undefined; isActive?: boolean | undefined },
  ) {
    return this.chairsShifts.updateChair(ctx, chairId, input);
  }
  listShifts(ctx: RequestContext, query: { from: string; to: string; userId?: string | undefined }) {
    return this.chairsShifts.listShifts(ctx, query);
  }
  addShift(ctx: RequestContext, input: { userId: string; start: string; end: string; note?: string | undefined }) {
    return this.chairsShifts.addShift(ctx, input);
  }
  removeShift(ctx: RequestContext, shiftId: string) {
    return this.chairsShifts.removeShift(ctx, shiftId);
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

  private async requireChair(clinicId: string, chairId: string, field: string) {
    const chair = /^[0-9a-f-]{36}$/i.test(chairId) ? await this.scheduling.findChair(clinicId, chairId) : undefined;
    if (!chair)
      throw new BadRequestError('No such chair in this clinic.', [{ field, message: 'is not a chair of this clinic' }]);
    if (!chair.isActive)
      throw new RuleRefusedError(`${chair.name} is out of use.`, 'chair-inactive', [
        { field, message: 'is out of use' },
      ]);
    return chair;
  }

  private async requireStaffOnShift(clinic: ClinicContext, userId: string, slot: Slot, field: string) {
    const staff = await this.chairsShifts.requireStaff(clinic.clinicId, userId, field);
    if (!(await this.scheduling.isOnShift(clinic.clinicId, userId, slot.startsAt, slot.endsAt))) {
      const from = instantToLocal(slot.startsAt, clinic.timeZone).replace('T', ' ');
      const to = instantToLocal(slot.endsAt, clinic.timeZone).slice(11);
      throw new RuleRefusedError(`${staff.displayName} has no shift covering ${from}-${to}.`, 'staff-not-on-shift', [
        { field, message: 'is not on shift then' },
      ]);
    }
  }

  private async requireSession(clinicId: string, sessionId: string, trx?: Trx): Promise<SessionRow> {
    const row = await this.scheduling.findSession(clinicId, sessionId, trx);
    if (!row) throw new NotFoundError('No such session in this clinic.');
    return row;
  }

  /** Start instant, end instant and checks: inside clinic hours for the whole chair time, not in the past. */
  private slot(
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
      const check = checkWithinClinicHours(
        { date, startTime: start.slice(11), durationMin: chairMin },
        clinic.settings.clinicHours,
      );
      if (!check.inside) {
        throw new RuleRefusedError(
          `${check.message}: the whole chair time (${chairMin} min, dosing and monitoring) must fit inside clinic hours.`,
          'outside-clinic-hours',
          [{ field, message: check.message }],
        );
      }
      if (startsAt.getTime() < now.getTime())
        throw new RuleRefusedError('A session cannot be booked in the past.', 'in-the-past', [
          { field, message: 'is in the past' },
        ]);
    }
    return { startsAt, endsAt, date, chairMin };
  }

  /** The protocol's review gates over the plan with the reviews recorded so far (end-of-induction for esketamine TRD). */
  private async gates(
    trx: Parameters<Parameters<Transact>[0]>[0] | undefined,
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

  private requireSpacing(
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
  private async requireChairFree(
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
  private async explainConflict(
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

  private async remindersFor(
    clinic: ClinicContext,
    rows: readonly SessionRow[],
  ): Promise<Array<SessionReminders | null>> {
    const patientIds = [...new Set(rows.map((r) => r.patientId))];
    const [confirmations, consents, enrolments, checkIns] = await Promise.all([
      this.scheduling.confirmations(
        clinic.clinicId,
        rows.map((r) => r.id),
      ),
      this.scheduling.latestConsents(clinic.clinicId, patientIds),
      this.treatmentDay.remsEnrolments(clinic.clinicId, patientIds),
      this.treatmentDay.checkIns(
        clinic.clinicId,
        rows.map((r) => r.id),
      ),
    ]);
    // What the session's checklist already knows from the records: REMS enrolment, and a ride home confirmed at check-in.
    const enrolled = new Map<string, { at: Date; by: string | null }>();
    for (const e of enrolments)
      if (!enrolled.has(e.patientId)) enrolled.set(e.patientId, { at: e.recordedAt, by: e.recordedBy });
    const rides = new Map<string, { at: Date; by: string | null } | null>();
    for (const c of checkIns) {
      const ride = (c.data as { ride?: { confirmed?: unknown } } | null)?.ride;
      rides.set(c.sessionId, ride?.confirmed === true ? { at: c.recordedAt, by: c.recordedBy } : null);
    }
    return rows.map((row) => {
      if (!row.protocolId || !isModality(row.modality)) return null;
      const protocol = planProtocol({ protocolId: row.protocolId, protocolSettings: row.protocolSettings ?? {} });
      const confirmed = new Map(
        confirmations
          .filter((c) => c.sessionId === row.id)
          .map((c) => [c.code, { at: c.confirmedAt, by: c.confirmedBy }]),
      );
      const signature = consents.find((c) => c.patientId === row.patientId && c.modality === row.modality);
      const consent = consentStatus(
        row.modality,
        signature
          ? { documentId: signature.documentId, version: signature.documentVersion, sha256: signature.documentSha256 }
          : undefined,
      );
      const fromRecords = new Map<string, { at: Date; by: string | null }>();
      const enrolment = enrolled.get(row.patientId);
      if (enrolment) fromRecords.set('rems-enrolled', enrolment);
      const ride = rides.get(row.id);
      if (ride) fromRecords.set('ride-home', ride);
      return sessionReminders(protocol, row.sessionNumber ?? 1, confirmed, consent.current, fromRecords);
    });
  }

  private async sessionDto(clinic: ClinicContext, sessionId: string) {
    const row = await this.requireSession(clinic.clinicId, sessionId);
    const [reminders] = await this.remindersFor(clinic, [row]);
    return this.toDto(clinic, row, reminders ?? null);
  }

  private toDto(clinic: ClinicContext, r: SessionRow, reminders: SessionReminders | null) {
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
      staff: r.staffId ? { id: r.staffId, displayName: r.staffName ?? '' } : null,
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
}

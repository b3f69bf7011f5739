/**
 * Changes to a booked session: moving it (time, chair, staff; the reason kept in its history), cancelling it with a
 * reason, and recording that the patient did not come. Each is one event in the session's history, audited.
 */
import { canBeMoved, isTooEarlyForNoShow, minimumDaysBetween } from '../../../domain/scheduling/index.js';
import { BadRequestError, ConflictError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { planProtocol } from '../plans/plans.service.js';
import type { BookingChecks } from './booking-checks.js';
import { loadClinicContext } from '../clinics/clinic-context.js';
import { instantToLocal } from '../clinics/clinic-time.js';
import type { SchedulingPorts } from './scheduling-ports.js';
import type { SessionRemindersService } from './scheduling-reminders.service.js';
import { requireSession, type CancelReason, type SchedulingDeps } from './scheduling-support.js';

export class SessionChangesService {
  constructor(
    private readonly deps: SchedulingDeps,
    private readonly checks: BookingChecks,
    private readonly sessions: Pick<SessionRemindersService, 'sessionWithReminders'>,
    /** The protocol of each session's plan (scheduling-ports.ts). */
    private readonly ports: Pick<SchedulingPorts, 'plans'>,
  ) {}

  async reschedule(
    ctx: RequestContext,
    sessionId: string,
    input: { start: string; chairId?: string | undefined; staffId?: string | null | undefined; reason: string },
  ) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.deps.clinics, clinicId);
    const now = this.deps.clock();
    const row = await requireSession(this.deps.scheduling, this.ports.plans, clinicId, sessionId);
    if (!canBeMoved(row.status))
      throw new RuleRefusedError(
        `Only a scheduled session can be moved; this one is ${row.status}.`,
        'session-not-scheduled',
      );
    const chair = await this.checks.requireChair(clinicId, input.chairId ?? row.chairId ?? '', 'chairId');
    const minutes =
      row.durationMin !== null && row.monitoringMin !== null
        ? { durationMin: row.durationMin, monitoringMin: row.monitoringMin }
        : { durationMin: (row.endsAt.getTime() - row.startsAt.getTime()) / 60_000, monitoringMin: 0 };
    const slot = this.checks.slot(clinic, input.start, minutes, now, 'start', {});
    const staffId = input.staffId === undefined ? row.staffId : input.staffId;
    if (staffId) await this.checks.requireStaffOnShift(clinic, staffId, slot, 'staffId');
    try {
      await this.deps.transact(async (trx) => {
        if (row.planId && row.protocolId) {
          const others = (await this.deps.scheduling.sessionsForPlan(clinicId, row.planId, trx)).filter(
            (s) => s.id !== row.id && s.status !== 'cancelled' && s.status !== 'no-show',
          );
          this.checks.requireSpacing(
            clinic,
            slot.date,
            others,
            minimumDaysBetween(
              planProtocol({ protocolId: row.protocolId, protocolSettings: row.protocolSettings ?? {} }),
            ),
            'start',
          );
        }
        await this.checks.requireChairFree(trx, clinic, chair, slot, row.id);
        if (
          !(await this.deps.scheduling.move(
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
        await this.deps.scheduling.insertEvent(trx, {
          clinicId,
          sessionId: row.id,
          kind: 'rescheduled',
          detail: { from, to, reason: input.reason.trim() },
          occurredAt: now,
          userId: ctx.principal.userId,
        });
        await this.deps.audit.record(
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
      throw await this.checks.explainConflict(error, clinic, [{ chair, slot }], row.sessionNumber ?? undefined);
    }
    return this.sessions.sessionWithReminders(clinic, row.id);
  }

  async cancel(ctx: RequestContext, sessionId: string, input: { reasonCode: CancelReason; note?: string | undefined }) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.deps.clinics, clinicId);
    const note = input.note?.trim() || null;
    if (input.reasonCode === 'other' && !note)
      throw new BadRequestError('Say why the session is cancelled.', [
        { field: 'note', message: "is required when the reason is 'other'" },
      ]);
    const now = this.deps.clock();
    await this.deps.transact(async (trx) => {
      const row = await requireSession(this.deps.scheduling, this.ports.plans, clinicId, sessionId, trx);
      if (
        !(await this.deps.scheduling.cancel(
          trx,
          clinicId,
          sessionId,
          ctx.principal.userId,
          now,
          input.reasonCode,
          note,
        ))
      ) {
        throw new RuleRefusedError(
          `Only a scheduled session can be cancelled; this one is ${row.status}.`,
          'session-not-scheduled',
        );
      }
      await this.deps.scheduling.insertEvent(trx, {
        clinicId,
        sessionId,
        kind: 'cancelled',
        detail: { reasonCode: input.reasonCode, note },
        occurredAt: now,
        userId: ctx.principal.userId,
      });
      await this.deps.audit.record(
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
    return this.sessions.sessionWithReminders(clinic, sessionId);
  }

  async noShow(ctx: RequestContext, sessionId: string, input: { note?: string | undefined }) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.deps.clinics, clinicId);
    const now = this.deps.clock();
    await this.deps.transact(async (trx) => {
      const row = await requireSession(this.deps.scheduling, this.ports.plans, clinicId, sessionId, trx);
      if (isTooEarlyForNoShow(row.startsAt, now)) {
        throw new RuleRefusedError(
          `The session starts at ${instantToLocal(row.startsAt, clinic.timeZone).replace('T', ' ')}: a no-show is recorded after that.`,
          'not-started-yet',
        );
      }
      if (
        !(await this.deps.scheduling.markNoShow(
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
      await this.deps.scheduling.insertEvent(trx, {
        clinicId,
        sessionId,
        kind: 'no-show',
        detail: {},
        occurredAt: now,
        userId: ctx.principal.userId,
      });
      await this.deps.audit.record(
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
    return this.sessions.sessionWithReminders(clinic, sessionId);
  }
}

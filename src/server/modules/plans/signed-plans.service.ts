/**
 * What a prescriber does with a plan once it is made: record a protocol review on an active plan (which lets the
 * sessions it holds be booked, or keeps them held), or discontinue the plan, which cancels its future sessions.
 * A signed plan itself never changes (a database trigger refuses it): reviews are new records.
 */
import {
  planAllows,
  planProtocol,
  reviewDueFrom,
  reviewGates,
  validateReview,
  type PlannedSession,
  type ReviewInput,
} from '../../../domain/protocols/index.js';
import type { Transact } from '../../db/transaction.js';
import { ConflictError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import { loadClinicContext } from '../clinics/clinic-context.js';
import type { SchedulingRepository } from '../scheduling/scheduling.repository.js';
import type { PlanReadsService } from './plan-reads.service.js';
import type { PlansRepository } from './plans.repository.js';

export class SignedPlansService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly scheduling: SchedulingRepository,
    private readonly clinics: ClinicsRepository,
    private readonly reads: PlanReadsService,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
  ) {}

  async discontinue(ctx: RequestContext, planId: string, reason: string) {
    const { clinicId } = ctx.principal;
    const now = this.clock();
    await this.transact(async (trx) => {
      const plan = await this.reads.requirePlan(clinicId, planId, trx);
      // The repository refuses it too, should the plan have changed since it was read.
      if (
        !planAllows('discontinue', plan.status) ||
        !(await this.plans.discontinue(trx, clinicId, planId, ctx.principal.userId, now, reason.trim()))
      ) {
        throw new ConflictError(`This plan is ${plan.status}: it cannot be discontinued.`);
      }
      const cancelled = await this.scheduling.cancelPlanSessionsFrom(
        trx,
        clinicId,
        planId,
        now,
        ctx.principal.userId,
        now,
        'plan-discontinued',
        reason.trim(),
      );
      for (const sessionId of cancelled) {
        await this.scheduling.insertEvent(trx, {
          clinicId,
          sessionId,
          kind: 'cancelled',
          detail: { reasonCode: 'plan-discontinued' },
          occurredAt: now,
          userId: ctx.principal.userId,
        });
      }
      await this.audit.record(
        ctx,
        {
          action: 'discontinue',
          resourceType: 'CarePlan',
          resourceId: planId,
          patientId: plan.patientId,
          occurredAt: now,
          detail: { cancelledSessions: cancelled.length },
        },
        trx,
      );
    });
    return this.reads.view(clinicId, planId);
  }

  /**
   * A prescriber records a protocol review on an active plan, e.g. the SPRAVATO end-of-induction review (label
   * section 2: evaluate therapeutic benefit at the end of induction before continuing). `continue` lets the sessions
   * it holds be booked; `stop` keeps them held (discontinue the plan to cancel it). Not before the last session of
   * the phase it closes; a later review is a new record and the latest counts.
   */
  async recordReview(ctx: RequestContext, planId: string, input: ReviewInput) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const now = this.clock();
    await this.transact(async (trx) => {
      const plan = await this.reads.requirePlan(clinicId, planId, trx);
      if (!planAllows('review', plan.status))
        throw new RuleRefusedError(
          `This plan is ${plan.status}: only a signed, active plan is reviewed.`,
          'plan-not-active',
        );
      const protocol = planProtocol(plan);
      const review = validateReview(protocol, input);
      const sessions = plan.sessions as unknown as PlannedSession[];
      const gate = reviewGates(protocol, sessions, []).find((g) => g.code === review.code);
      if (!gate)
        throw new RuleRefusedError('This plan has no sessions after the phase this review closes.', 'no-review-due', [
          { field: 'code', message: 'nothing to review' },
        ]);
      const bookings = await this.scheduling.sessionsForPlan(clinicId, planId, trx);
      const lastBooking = bookings.find(
        (b) => b.sessionNumber === gate.afterSessionNumber && b.status !== 'cancelled' && b.status !== 'no-show',
      );
      const dueFrom = reviewDueFrom(gate, lastBooking ? clinic.today(lastBooking.startsAt) : undefined);
      if (clinic.today(now) < dueFrom) {
        throw new RuleRefusedError(
          `The ${gate.title.toLowerCase()} is due from ${dueFrom}, after session ${gate.afterSessionNumber}: benefit is evaluated at the end of induction.`,
          'review-too-early',
          [{ field: 'code', message: `due from ${dueFrom}` }],
        );
      }
      const created = await this.plans.insertReview(trx, {
        clinicId,
        planId,
        patientId: plan.patientId,
        code: review.code,
        benefit: review.benefit,
        decision: review.decision,
        note: review.note ?? null,
        recordedBy: ctx.principal.userId,
        recordedAt: now,
      });
      await this.audit.record(
        ctx,
        {
          action: 'create',
          resourceType: 'PlanReview',
          resourceId: created.id,
          patientId: plan.patientId,
          occurredAt: now,
          detail: { planId, code: review.code, benefit: review.benefit, decision: review.decision },
        },
        trx,
      );
    });
    return this.reads.view(clinicId, planId);
  }
}

/**
 * Reading treatment plans: one plan or a patient's plans, each planned session with its booking, review gates and
 * missed-session advice, and the plan as a FHIR R4 CarePlan. The plan writers (PlansService, SignedPlansService)
 * answer with the same view after each change.
 */
import type { CarePlan } from '@medplum/fhirtypes';
import { planToCarePlan } from '../../../domain/fhir/careplan.js';
import {
  missedSessionAdvice,
  planProtocol,
  reviewGates,
  sessionHeldBy,
  type PlannedSession,
  type PlanWarning,
  type TherapySession,
} from '../../../domain/protocols/index.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { PatientsRepository } from '../patients/patients.repository.js';
import { noSuchPatient } from '../patients/patient-lookup.js';
import { instantToLocal } from '../clinics/clinic-time.js';
import type { SchedulingRepository } from '../scheduling/scheduling.repository.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { PlansRepository } from './plans.repository.js';
import { staffRefsFrom } from '../../../contract/common.js';

export type PlanRow = NonNullable<Awaited<ReturnType<PlansRepository['find']>>>;

export class PlanReadsService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly scheduling: SchedulingRepository,
    private readonly patients: PatientsRepository,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    /** Staff names beside signatures and reviews (the users module's). */
    private readonly users: Pick<UsersRepository, 'displayNames'>,
  ) {}

  async get(ctx: RequestContext, planId: string) {
    const plan = await this.view(ctx.principal.clinicId, planId);
    await this.auditPlanRead(ctx, planId, plan.patientId);
    return plan;
  }

  /** Audits the read of one plan; `format: 'fhir'` when it was read as a FHIR CarePlan. */
  private async auditPlanRead(ctx: RequestContext, planId: string, patientId: string, format?: 'fhir') {
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'CarePlan',
      resourceId: planId,
      patientId,
      ...(format ? { detail: { format } } : {}),
    });
  }

  async forPatient(ctx: RequestContext, patientId: string) {
    const { clinicId } = ctx.principal;
    if (!(await this.patients.findById(clinicId, patientId))) throw noSuchPatient();
    const rows = await this.plans.forPatient(clinicId, patientId);
    const items = [];
    for (const row of rows) items.push(await this.view(clinicId, row.id, row));
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'CarePlan',
      patientId,
      detail: { results: rows.length },
    });
    return { items };
  }

  /** The plan as a FHIR R4 CarePlan (draft until signed, then active; discontinued maps to revoked). */
  async carePlan(ctx: RequestContext, planId: string): Promise<CarePlan> {
    const row = await this.requirePlan(ctx.principal.clinicId, planId);
    await this.auditPlanRead(ctx, planId, row.patientId, 'fhir');
    const status = ({ draft: 'draft', active: 'active', completed: 'completed', discontinued: 'revoked' } as const)[
      row.status
    ];
    const author = row.signedBy ?? row.createdBy;
    return planToCarePlan({
      protocol: planProtocol(row),
      sessions: row.sessions as unknown as PlannedSession[],
      therapySessions: row.therapySessions as unknown as TherapySession[],
      warnings: row.warnings as unknown as PlanWarning[],
      subject: { reference: `Patient/${row.patientId}` },
      ...(author ? { author: { reference: `Practitioner/${author}` } } : {}),
      id: row.id,
      status,
      created: row.createdAt.toISOString(),
    });
  }

  async requirePlan(clinicId: string, planId: string, trx?: Transaction<Database>): Promise<PlanRow> {
    const plan = await this.plans.find(clinicId, planId, trx);
    if (!plan) throw new NotFoundError('No such treatment plan in this clinic.');
    return plan;
  }

  async view(clinicId: string, id: string, known?: PlanRow) {
    const row = known ?? (await this.requirePlan(clinicId, id));
    const [clinic, bookings, reviews] = await Promise.all([
      this.clinics.findById(clinicId),
      this.scheduling.sessionsForPlan(clinicId, row.id),
      this.plans.reviewsFor(clinicId, row.id),
    ]);
    const names = await this.users.displayNames(clinicId, [
      row.createdBy,
      row.signedBy,
      row.discontinuedBy,
      ...reviews.map((r) => r.recordedBy),
    ]);
    const timeZone = clinic?.timeZone ?? 'UTC';
    const ref = staffRefsFrom(names);
    const protocol = planProtocol(row);
    const gates = reviewGates(
      protocol,
      row.sessions as unknown as PlannedSession[],
      reviews.map((r) => ({ code: r.code, decision: r.decision, recordedAt: r.recordedAt })),
    );
    const sessions = (row.sessions as unknown as PlannedSession[]).map((s) => {
      const history = bookings.filter((b) => b.sessionNumber === s.number);
      const live = history.find((b) => b.status !== 'cancelled' && b.status !== 'no-show');
      return {
        ...s,
        booking: live
          ? {
              sessionId: live.id,
              status: live.status,
              start: instantToLocal(live.startsAt, timeZone),
              end: instantToLocal(live.endsAt, timeZone),
              startsAt: live.startsAt.toISOString(),
              endsAt: live.endsAt.toISOString(),
              chairId: live.chairId,
              chairName: live.chairName,
            }
          : null,
        cancelledOrMissed: history.filter((b) => b !== live).length,
        heldForReview: sessionHeldBy(gates, s.number)?.code ?? null,
      };
    });
    return {
      id: row.id,
      patientId: row.patientId,
      modality: row.modality,
      protocolId: row.protocolId,
      protocolVersion: row.protocolVersion,
      protocolTitle: protocol.title,
      options: row.options,
      startDate: row.startDate,
      weightKg: row.weightKg,
      weightBasis: row.weightBasis,
      weightExplanation: row.weightExplanation,
      status: row.status,
      sessions,
      therapySessions: row.therapySessions as unknown as TherapySession[],
      warnings: row.warnings as unknown as PlanWarning[],
      eligibilityDecisionId: row.eligibilityDecisionId,
      eligibilityOverrideId: row.eligibilityOverrideId,
      consentSignatureId: row.consentSignatureId,
      createdAt: row.createdAt.toISOString(),
      createdBy: ref(row.createdBy),
      signedAt: row.signedAt?.toISOString() ?? null,
      signedBy: ref(row.signedBy),
      discontinuedAt: row.discontinuedAt?.toISOString() ?? null,
      discontinuedBy: ref(row.discontinuedBy),
      discontinueReason: row.discontinueReason,
      bookedSessions: sessions.filter((s) => s.booking).length,
      reviewGates: gates.map((g) => ({ ...g, holdsSessions: [...g.holdsSessions] })),
      reviews: reviews.map((r) => ({
        id: r.id,
        code: r.code,
        benefit: r.benefit,
        decision: r.decision,
        note: r.note,
        recordedAt: r.recordedAt.toISOString(),
        recordedBy: ref(r.recordedBy),
      })),
      missedSessions: [...(protocol.missedSessions ?? [])],
      // The missed-session rule of each phase in which a session was missed or cancelled (SPRAVATO label section 2).
      missedSessionAdvice: missedSessionAdvice(protocol, sessions),
    };
  }
}

/**
 * Treatment plans: a protocol (the clinic's version of it) turned into dated sessions for one patient. A prescriber
 * creates the plan as a draft and signs it; both steps need a current consent for the modality and an eligibility
 * decision on the latest intake that is eligible, or overridden as the rules allow. A signed plan never changes
 * (a database trigger refuses it); it can be discontinued, which cancels its future sessions.
 */
import type { CarePlan } from '@medplum/fhirtypes';
import { dosingWeightKg, type DosingWeight } from '../../../domain/dosing/index.js';
import { esketamineIndicationsEstablished } from '../../../domain/eligibility/index.js';
import { planToCarePlan } from '../../../domain/fhir/careplan.js';
import {
  applyProtocolSettings,
  getProtocol,
  missedSessionRule,
  previewPlan,
  reviewGates,
  sessionHeldBy,
  validateReview,
  type PlannedSession,
  type PlanPreview,
  type PlanWarning,
  type Protocol,
  type ReviewInput,
  type TherapySession,
} from '../../../domain/protocols/index.js';
import { DomainValidationError } from '../../../domain/shared/validation.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { ConflictError, NotFoundError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { ConsentService } from '../consent/consent.service.js';
import type { EligibilityService } from '../eligibility/eligibility.service.js';
import type { IntakeRepository } from '../intake/intake.repository.js';
import type { Intake } from '../../../contract/intake.js';
import type { PatientsRepository } from '../patients/patients.repository.js';
import { loadClinicContext, type ClinicContext } from '../scheduling/clinic-context.js';
import { instantToLocal } from '../scheduling/clinic-time.js';
import type { SchedulingRepository } from '../scheduling/scheduling.repository.js';
import type { PlansRepository } from './plans.repository.js';
import { noSuchPatient } from '../patients/patient-lookup.js';
import type { UsersRepository } from '../users/users.repository.js';

export interface PreviewInput {
  readonly protocol: string;
  readonly startDate: string;
  readonly weightKg?: number | undefined;
  readonly options?: Record<string, unknown> | undefined;
}

export type CreatePlanInput = PreviewInput;

type PlanRow = NonNullable<Awaited<ReturnType<PlansRepository['find']>>>;

/** The protocol exactly as the plan was made from it: the shipped version with the clinic's settings of the day. */
export function planProtocol(row: { protocolId: string; protocolSettings: Record<string, unknown> }): Protocol {
  const base = getProtocol(row.protocolId);
  return Object.keys(row.protocolSettings).length > 0 ? applyProtocolSettings(base, row.protocolSettings) : base;
}

export class PlansService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly scheduling: SchedulingRepository,
    private readonly eligibility: EligibilityService,
    private readonly consent: ConsentService,
    private readonly intakes: IntakeRepository,
    private readonly patients: PatientsRepository,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    /** Staff names beside signatures and reviews (the users module's). */
    private readonly users: Pick<UsersRepository, 'displayNames'>,
  ) {}

  private preview(clinic: ClinicContext, input: PreviewInput): PlanPreview {
    const protocol = clinic.protocol(input.protocol);
    return previewPlan({
      protocol,
      startDate: input.startDate,
      clinicHours: clinic.settings.clinicHours,
      ...(input.weightKg !== undefined ? { weightKg: input.weightKg } : {}),
      ...(input.options !== undefined ? { options: input.options } : {}),
    });
  }

  /** The dated sessions a protocol gives from a start date with the clinic's hours; nothing is stored. */
  async previewFor(ctx: RequestContext, input: PreviewInput) {
    const clinic = await loadClinicContext(this.clinics, ctx.principal.clinicId);
    const preview = this.preview(clinic, input);
    return {
      ...preview,
      sessions: [...preview.sessions],
      therapySessions: [...preview.therapySessions],
      warnings: [...preview.warnings],
      sources: [...preview.sources],
      clinicHours: clinic.settings.clinicHours as Record<string, unknown>,
      reviews: preview.reviews.map((g) => ({ ...g, holdsSessions: [...g.holdsSessions] })),
      missedSessions: [...preview.missedSessions],
    };
  }

  async create(ctx: RequestContext, patientId: string, input: CreatePlanInput) {
    const { clinicId } = ctx.principal;
    const patient = await this.patients.findById(clinicId, patientId);
    if (!patient) throw noSuchPatient();
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const protocol = clinic.protocol(input.protocol);
    const intake = await this.intakes.latest(clinicId, patientId);
    const weight = this.dosingWeight(clinic, protocol, input, intake?.data as Intake | undefined, patient.sex);
    const preview = this.preview(clinic, { ...input, weightKg: weight?.weightKg });
    const now = this.clock();
    const id = await this.transact(async (trx) => {
      const links = await this.requireGoAhead(
        trx,
        clinicId,
        patientId,
        protocol.modality,
        protocol.id,
        clinic.rules.version,
      );
      const created = await this.plans.insert(trx, {
        clinicId,
        patientId,
        modality: protocol.modality,
        protocolId: protocol.id,
        protocolVersion: protocol.version,
        protocolSettings: { ...(clinic.settings.protocolSettings[protocol.id] ?? {}) },
        options: input.options ?? {},
        startDate: input.startDate,
        weightKg: weight?.weightKg ?? null,
        weightBasis: weight?.basis ?? null,
        weightExplanation: weight?.explanation ?? null,
        sessions: preview.sessions as unknown as Array<Record<string, unknown>>,
        therapySessions: preview.therapySessions as unknown as Array<Record<string, unknown>>,
        warnings: preview.warnings as unknown as Array<Record<string, unknown>>,
        ...links,
        createdAt: now,
        createdBy: ctx.principal.userId,
      });
      await this.audit.record(
        ctx,
        {
          action: 'create',
          resourceType: 'CarePlan',
          resourceId: created.id,
          patientId,
          occurredAt: now,
          detail: {
            protocol: protocol.id,
            protocolVersion: protocol.version,
            sessions: preview.sessions.length,
            status: 'draft',
          },
        },
        trx,
      );
      return created.id;
    });
    return this.dto(clinicId, id);
  }

  async sign(ctx: RequestContext, planId: string) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const now = this.clock();
    await this.transact(async (trx) => {
      const plan = await this.requirePlan(clinicId, planId, trx);
      if (plan.status !== 'draft')
        throw new ConflictError(`This plan is ${plan.status}, not a draft: it cannot be signed again.`);
      // Consent and eligibility are checked again: either may have changed since the draft was made.
      const links = await this.requireGoAhead(
        trx,
        clinicId,
        plan.patientId,
        plan.modality,
        plan.protocolId,
        clinic.rules.version,
      );
      if (!(await this.plans.sign(trx, clinicId, planId, ctx.principal.userId, now, links))) {
        throw new ConflictError('This plan was signed or discontinued by someone else just now.');
      }
      await this.audit.record(
        ctx,
        {
          action: 'sign',
          resourceType: 'CarePlan',
          resourceId: planId,
          patientId: plan.patientId,
          occurredAt: now,
          detail: { protocol: plan.protocolId, protocolVersion: plan.protocolVersion },
        },
        trx,
      );
    });
    return this.dto(clinicId, planId);
  }

  async discontinue(ctx: RequestContext, planId: string, reason: string) {
    const { clinicId } = ctx.principal;
    const now = this.clock();
    await this.transact(async (trx) => {
      const plan = await this.requirePlan(clinicId, planId, trx);
      if (!(await this.plans.discontinue(trx, clinicId, planId, ctx.principal.userId, now, reason.trim()))) {
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
    return this.dto(clinicId, planId);
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
      const plan = await this.requirePlan(clinicId, planId, trx);
      if (plan.status !== 'active')
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
      const dueFrom =
        lastBooking && clinic.today(lastBooking.startsAt) > gate.dueFrom
          ? clinic.today(lastBooking.startsAt)
          : gate.dueFrom;
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
    return this.dto(clinicId, planId);
  }

  async get(ctx: RequestContext, planId: string) {
    const plan = await this.dto(ctx.principal.clinicId, planId);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'CarePlan',
      resourceId: planId,
      patientId: plan.patientId,
    });
    return plan;
  }

  async forPatient(ctx: RequestContext, patientId: string) {
    const { clinicId } = ctx.principal;
    if (!(await this.patients.findById(clinicId, patientId))) throw noSuchPatient();
    const rows = await this.plans.forPatient(clinicId, patientId);
    const items = [];
    for (const row of rows) items.push(await this.dto(clinicId, row.id, row));
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
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'CarePlan',
      resourceId: planId,
      patientId: row.patientId,
      detail: { format: 'fhir' },
    });
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

  /**
   * Consent and eligibility both allow treatment with this modality; otherwise 422 saying which and why. The
   * decision must be made under the clinic's current rules, and for esketamine the protocol must be the one for the
   * indication the facts establish (TRD schedule for TRD, MDSI schedule for MDD with acute suicidal ideation; label
   * sections 1 and 2) unless prescribers overrode the decision with documented reasons.
   */
  private async requireGoAhead(
    trx: Parameters<Parameters<Transact>[0]>[0],
    clinicId: string,
    patientId: string,
    modality: string,
    protocolId: string,
    ruleSetVersion: string,
  ) {
    const consent = await this.consent.currentFor(
      trx,
      clinicId,
      patientId,
      modality as Parameters<ConsentService['currentFor']>[3],
    );
    if (!consent.status.current || consent.signatureId === null) {
      const why = consent.status.current ? 'no signature on file' : consent.status.message;
      throw new RuleRefusedError(
        `A current signed consent for ${modality} is needed before a plan: ${why}.`,
        'consent-required',
      );
    }
    const { decision, override, standing } = await this.eligibility.standing(
      trx,
      clinicId,
      patientId,
      modality,
      ruleSetVersion,
    );
    if (!standing.mayPlan || !decision) {
      throw new RuleRefusedError(
        standing.message,
        decision ? `eligibility-${standing.code}` : 'no-eligibility-decision',
      );
    }
    if (!override && (protocolId === 'esketamine-trd' || protocolId === 'esketamine-mdsi')) {
      const established = esketamineIndicationsEstablished(decision.facts);
      const [needed, name] =
        protocolId === 'esketamine-trd'
          ? [established.trd, 'treatment-resistant depression']
          : [established.mdsi, 'MDD with acute suicidal ideation or behaviour with an oral antidepressant'];
      if (!needed) {
        throw new RuleRefusedError(
          `The ${protocolId} schedule is for ${name}, which the eligibility facts do not establish: choose the protocol for the patient's indication, or have prescribers override the decision with documented reasons.`,
          'protocol-indication-mismatch',
          [{ field: 'protocol', message: `not the schedule for this patient's indication` }],
        );
      }
    }
    return {
      eligibilityDecisionId: decision.id,
      eligibilityOverrideId: override?.id ?? null,
      consentSignatureId: consent.signatureId,
    };
  }

  /** The weight to dose by: the given or intake weight on the clinic's basis; undefined when the protocol needs none. */
  private dosingWeight(
    clinic: ClinicContext,
    protocol: Protocol,
    input: CreatePlanInput,
    intake: Intake | undefined,
    sex: string,
  ): DosingWeight | undefined {
    const actual = input.weightKg ?? intake?.weightKg;
    const needed =
      protocol.needsWeight === true ||
      (protocol.needsWeight === 'for-intramuscular' && input.options?.route === 'intramuscular');
    if (actual === undefined) {
      if (needed)
        throw new RuleRefusedError(
          `${protocol.id} doses by weight: record the weight in the intake or send weightKg.`,
          'weight-required',
          [{ field: 'weightKg', message: 'is needed' }],
        );
      return undefined;
    }
    try {
      return dosingWeightKg({
        basis: clinic.settings.dosingWeightBasis,
        weightKg: actual,
        ...(intake?.heightCm !== undefined ? { heightCm: intake.heightCm } : {}),
        ...(sex === 'male' || sex === 'female' ? { sex } : {}),
      });
    } catch (error) {
      if (error instanceof DomainValidationError) {
        throw new RuleRefusedError(
          `The clinic doses by ${clinic.settings.dosingWeightBasis} body weight, which needs the height in the intake and the patient's sex (male or female): ${error.message}`,
          'dosing-weight-incomplete',
          error.issues,
        );
      }
      throw error;
    }
  }

  private async requirePlan(clinicId: string, planId: string, trx?: Transaction<Database>): Promise<PlanRow> {
    const plan = await this.plans.find(clinicId, planId, trx);
    if (!plan) throw new NotFoundError('No such treatment plan in this clinic.');
    return plan;
  }

  private async dto(clinicId: string, id: string, known?: PlanRow) {
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
    const ref = (userId: string | null) => (userId ? { id: userId, displayName: names.get(userId) ?? '' } : null);
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
    // The missed-session rule of each phase in which a session was missed or cancelled (SPRAVATO label section 2).
    const missedPhases = [
      ...new Set(sessions.filter((s) => s.cancelledOrMissed > 0 && !s.booking).map((s) => s.phase)),
    ];
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
      missedSessionAdvice: missedPhases.flatMap((phase) => {
        const rule = missedSessionRule(protocol, phase as PlannedSession['phase']);
        return rule
          ? [
              {
                ...rule,
                sessions: sessions
                  .filter((s) => s.phase === phase && s.cancelledOrMissed > 0 && !s.booking)
                  .map((s) => s.number),
              },
            ]
          : [];
      }),
    };
  }
}

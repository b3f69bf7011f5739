/**
 * Treatment plans: a protocol (the clinic's version of it) turned into dated sessions for one patient. A prescriber
 * creates the plan as a draft and signs it; both steps need a current consent for the modality and an eligibility
 * decision on the latest intake that is eligible, or overridden as the rules allow. A signed plan never changes
 * (a database trigger refuses it); reviews and discontinuing are SignedPlansService's, reading PlanReadsService's.
 */
import { dosingWeightKg, type DosingWeight } from '../../../domain/dosing/index.js';
import { protocolIndicationNotEstablished } from '../../../domain/eligibility/index.js';
import {
  planAllows,
  previewPlan,
  protocolNeedsWeight,
  type PlanPreview,
  type Protocol,
} from '../../../domain/protocols/index.js';
import { DomainValidationError } from '../../../domain/shared/validation.js';
import type { Transact } from '../../db/transaction.js';
import { ConflictError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { ConsentService } from '../consent/consent.service.js';
import type { EligibilityService } from '../eligibility/eligibility.service.js';
import type { IntakeRepository } from '../intake/intake.repository.js';
import type { Intake } from '../../../contract/intake.js';
import type { PatientsRepository } from '../patients/patients.repository.js';
import { loadClinicContext, type ClinicContext } from '../clinics/clinic-context.js';
import type { PlanReadsService } from './plan-reads.service.js';
import type { PlansRepository } from './plans.repository.js';
import { noSuchPatient } from '../patients/patient-lookup.js';

export interface PreviewInput {
  readonly protocol: string;
  readonly startDate: string;
  readonly weightKg?: number | undefined;
  readonly options?: Record<string, unknown> | undefined;
}

export type CreatePlanInput = PreviewInput;

/** The scheduling and reminders modules import it from here; the rule is the domain's. */
export { planProtocol } from '../../../domain/protocols/index.js';

export class PlansService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly reads: PlanReadsService,
    private readonly eligibility: EligibilityService,
    private readonly consent: ConsentService,
    private readonly intakes: IntakeRepository,
    private readonly patients: PatientsRepository,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
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
    return this.reads.view(clinicId, id);
  }

  async sign(ctx: RequestContext, planId: string) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const now = this.clock();
    await this.transact(async (trx) => {
      const plan = await this.reads.requirePlan(clinicId, planId, trx);
      if (!planAllows('sign', plan.status))
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
    return this.reads.view(clinicId, planId);
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
    if (!override) {
      const name = protocolIndicationNotEstablished(protocolId, decision.facts);
      if (name !== null) {
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
    const needed = protocolNeedsWeight(protocol, input.options?.route);
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
}

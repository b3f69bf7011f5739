/**
 * Eligibility: evaluate facts without storing (a what-if for the intake form), evaluate a patient's stored intake
 * and keep the decision with its reasons and rule-set version, and prescribers' overrides with their
 * countersignatures. The rules themselves are the domain's (src/domain/eligibility), with the clinic's edits.
 */
import type { Transaction } from 'kysely';
import {
  assessTreatmentResistance,
  canOverride,
  evaluateEligibility,
  validateFacts,
  type EligibilityReason,
  type TreatmentResistanceAssessment,
} from '../../../domain/eligibility/index.js';
import type { Modality } from '../../../domain/protocols/index.js';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { ConflictError, NotFoundError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import { intakeToFacts } from '../intake/intake-facts.js';
import type { IntakeRepository } from '../intake/intake.repository.js';
import type { Intake } from '../../../contract/intake.js';
import type { PatientsRepository } from '../patients/patients.repository.js';
import { loadClinicContext } from '../clinics/clinic-context.js';
import { planStanding, type Standing } from './eligibility-standing.js';
import type { EligibilityRepository, NewDecision } from './eligibility.repository.js';
import { requirePatient } from '../patients/patient-lookup.js';
import type { UsersRepository } from '../users/users.repository.js';
import { staffRefsFrom } from '../../../contract/common.js';

type DecisionRow = NonNullable<Awaited<ReturnType<EligibilityRepository['findDecision']>>>;
type OverrideRow = NonNullable<Awaited<ReturnType<EligibilityRepository['findOverride']>>>;

export interface EligibilityStanding {
  readonly decision: DecisionRow | undefined;
  readonly override: OverrideRow | undefined;
  readonly standing: Standing;
}

export class EligibilityService {
  constructor(
    private readonly eligibility: EligibilityRepository,
    private readonly intakes: IntakeRepository,
    private readonly patients: PatientsRepository,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    /** Staff names beside decisions and overrides (the users module's). */
    private readonly users: Pick<UsersRepository, 'displayNames'>,
  ) {}

  /** Facts in, decision with reasons out; nothing stored. Unknown codes and bad values are 400s naming the field. */
  async evaluate(ctx: RequestContext, input: { modality: Modality; facts: unknown }) {
    const clinic = await loadClinicContext(this.clinics, ctx.principal.clinicId);
    const result = evaluateEligibility(input.modality, input.facts, clinic.rules);
    const facts = validateFacts(input.facts);
    return {
      modality: input.modality,
      decision: result.decision,
      reasons: [...result.reasons],
      ruleSetVersion: clinic.rules.version,
      overridePolicy: canOverride(result.decision, result.reasons),
      treatmentResistance: facts.trials && facts.trials.length > 0 ? assessTreatmentResistance(facts.trials) : null,
    };
  }

  /** Evaluates the patient's latest intake for a modality and stores the decision. */
  async decide(ctx: RequestContext, patientId: string, modality: Modality) {
    const { clinicId } = ctx.principal;
    const patient = await requirePatient(this.patients, clinicId, patientId);
    const clinic = await loadClinicContext(this.clinics, clinicId);
    const now = this.clock();
    const id = await this.transact(async (trx) => {
      const intake = await this.intakes.latest(clinicId, patientId, trx);
      if (!intake) throw new RuleRefusedError('Record the intake before evaluating eligibility.', 'no-intake');
      // Facts again from the stored intake with today's date: age moves on even when the intake does not.
      const facts = intakeToFacts(intake.data as Intake, patient, clinic.today(now));
      const result = evaluateEligibility(modality, facts, clinic.rules);
      const trd = facts.trials && facts.trials.length > 0 ? assessTreatmentResistance(facts.trials) : null;
      // Decisions for a modality are ordered by time: keep that order strict even when two land in the same millisecond.
      const previous = await this.eligibility.latestDecision(clinicId, patientId, modality, trx);
      const decidedAt =
        previous && previous.decidedAt.getTime() >= now.getTime() ? new Date(previous.decidedAt.getTime() + 1) : now;
      const created = await this.eligibility.insertDecision(trx, {
        clinicId,
        patientId,
        modality,
        intakeId: intake.id,
        intakeVersion: intake.version,
        facts: facts as Record<string, unknown>,
        decision: result.decision,
        reasons: result.reasons as unknown as NewDecision['reasons'],
        ruleSetVersion: clinic.rules.version,
        treatmentResistance: trd as unknown as Record<string, unknown> | null,
        decidedAt,
        decidedBy: ctx.principal.userId,
      });
      await this.audit.record(
        ctx,
        {
          action: 'create',
          resourceType: 'EligibilityDecision',
          resourceId: created.id,
          patientId,
          occurredAt: now,
          detail: {
            modality,
            decision: result.decision,
            reasons: result.reasons.map((r) => r.code),
            ruleSetVersion: clinic.rules.version,
            intakeVersion: intake.version,
          },
        },
        trx,
      );
      return created.id;
    });
    return this.decisionDto(clinicId, id);
  }

  async forPatient(ctx: RequestContext, patientId: string) {
    const { clinicId } = ctx.principal;
    await requirePatient(this.patients, clinicId, patientId);
    const [rows, intake, clinic] = await Promise.all([
      this.eligibility.decisionsForPatient(clinicId, patientId),
      this.intakes.latest(clinicId, patientId),
      loadClinicContext(this.clinics, clinicId),
    ]);
    const history = await this.toDtos(clinicId, rows, intake?.version ?? 0, clinic.rules.version);
    const seen = new Set<string>();
    const current = history.filter((d) => (seen.has(d.modality) ? false : (seen.add(d.modality), true)));
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'EligibilityDecision',
      patientId,
      detail: { results: rows.length },
    });
    return { intakeVersion: intake?.version ?? null, current, history };
  }

  /** A prescriber goes ahead against `review` (effective at once) or a relative-only `ineligible` (needs a countersignature). */
  async override(ctx: RequestContext, decisionId: string, reason: string) {
    const { clinicId } = ctx.principal;
    const now = this.clock();
    await this.transact(async (trx) => {
      const decision = await this.eligibility.findDecision(clinicId, decisionId, trx);
      if (!decision) throw new NotFoundError('No such eligibility decision in this clinic.');
      const latest = await this.eligibility.latestDecision(clinicId, decision.patientId, decision.modality, trx);
      if (latest && latest.id !== decision.id) {
        throw new RuleRefusedError(
          'A newer eligibility decision exists for this modality: override that one.',
          'decision-superseded',
        );
      }
      const policy = canOverride(decision.decision, decision.reasons as unknown as EligibilityReason[]);
      if (!policy.allowed) {
        throw new RuleRefusedError(
          policy.explanation,
          decision.decision === 'eligible' ? 'nothing-to-override' : 'override-not-allowed',
        );
      }
      if (await this.eligibility.findOverride(clinicId, decisionId, trx)) {
        throw new ConflictError('This decision has already been overridden.');
      }
      const created = await this.eligibility.insertOverride(trx, {
        clinicId,
        patientId: decision.patientId,
        decisionId,
        decision: decision.decision as 'review' | 'ineligible',
        prescribersRequired: policy.prescribersRequired,
        reason: reason.trim(),
        signedBy: ctx.principal.userId,
        signedAt: now,
      });
      await this.audit.record(
        ctx,
        {
          action: 'override',
          resourceType: 'EligibilityDecision',
          resourceId: decisionId,
          patientId: decision.patientId,
          occurredAt: now,
          detail: {
            overrideId: created.id,
            decision: decision.decision,
            prescribersRequired: policy.prescribersRequired,
          },
        },
        trx,
      );
    });
    return this.decisionDto(clinicId, decisionId);
  }

  /** The second prescriber's countersignature on an override of a relative-only `ineligible` decision. */
  async countersign(ctx: RequestContext, decisionId: string, note: string | undefined) {
    const { clinicId } = ctx.principal;
    const now = this.clock();
    await this.transact(async (trx) => {
      const decision = await this.eligibility.findDecision(clinicId, decisionId, trx);
      if (!decision) throw new NotFoundError('No such eligibility decision in this clinic.');
      const override = await this.eligibility.findOverride(clinicId, decisionId, trx);
      if (!override)
        throw new RuleRefusedError(
          'There is no override to countersign: a prescriber must override first.',
          'no-override',
        );
      if (override.prescribersRequired !== 2)
        throw new RuleRefusedError('This override needs no countersignature.', 'countersignature-not-needed');
      if (override.countersignedBy) throw new ConflictError('This override has already been countersigned.');
      if (override.signedBy === ctx.principal.userId) {
        throw new RuleRefusedError(
          'A second prescriber must countersign: you signed the override yourself.',
          'second-prescriber-required',
        );
      }
      if (
        !(await this.eligibility.countersign(
          trx,
          clinicId,
          override.id,
          ctx.principal.userId,
          now,
          note?.trim() || null,
        ))
      ) {
        throw new ConflictError('This override has just been countersigned by someone else.');
      }
      await this.audit.record(
        ctx,
        {
          action: 'countersign',
          resourceType: 'EligibilityDecision',
          resourceId: decisionId,
          patientId: decision.patientId,
          occurredAt: now,
          detail: { overrideId: override.id },
        },
        trx,
      );
    });
    return this.decisionDto(clinicId, decisionId);
  }

  /**
   * For plans: the latest decision for the modality, its override and whether they let a plan go ahead. With
   * `currentRuleSetVersion`, a decision made under other rules must be made again (`rules-changed`). Without `trx`,
   * the three reads run on their own (a view that only reads needs no transaction of its own).
   */
  async standing(
    trx: Transaction<Database> | undefined,
    clinicId: string,
    patientId: string,
    modality: string,
    currentRuleSetVersion?: string,
  ): Promise<EligibilityStanding> {
    const decision = await this.eligibility.latestDecision(clinicId, patientId, modality, trx);
    if (!decision) {
      return {
        decision: undefined,
        override: undefined,
        standing: {
          mayPlan: false,
          code: 'ineligible-needs-override',
          message: `No eligibility decision for ${modality}: evaluate the intake first.`,
        },
      };
    }
    const [override, intake] = await Promise.all([
      this.eligibility.findOverride(clinicId, decision.id, trx),
      this.intakes.latest(clinicId, patientId, trx),
    ]);
    return {
      decision,
      override,
      standing: planStanding({ ...decision, override: override ?? null }, intake?.version ?? 0, currentRuleSetVersion),
    };
  }

  private async decisionDto(clinicId: string, id: string) {
    const row = await this.eligibility.findDecision(clinicId, id);
    if (!row) throw new NotFoundError('No such eligibility decision in this clinic.');
    const [intake, clinic] = await Promise.all([
      this.intakes.latest(clinicId, row.patientId),
      loadClinicContext(this.clinics, clinicId),
    ]);
    const [dto] = await this.toDtos(clinicId, [row], intake?.version ?? 0, clinic.rules.version);
    return dto!;
  }

  private async toDtos(
    clinicId: string,
    rows: DecisionRow[],
    latestIntakeVersion: number,
    currentRuleSetVersion: string,
  ) {
    const overrides = new Map(
      (
        await this.eligibility.overridesFor(
          clinicId,
          rows.map((r) => r.id),
        )
      ).map((o) => [o.decisionId, o]),
    );
    const names = await this.users.displayNames(clinicId, [
      ...rows.map((r) => r.decidedBy),
      ...[...overrides.values()].flatMap((o) => [o.signedBy, o.countersignedBy]),
    ]);
    const ref = staffRefsFrom(names);
    return rows.map((r) => {
      const o = overrides.get(r.id);
      const reasons = r.reasons as unknown as EligibilityReason[];
      return {
        id: r.id,
        patientId: r.patientId,
        modality: r.modality,
        decision: r.decision,
        reasons,
        ruleSetVersion: r.ruleSetVersion,
        intakeVersion: r.intakeVersion,
        decidedAt: r.decidedAt.toISOString(),
        decidedBy: ref(r.decidedBy),
        treatmentResistance: r.treatmentResistance as TreatmentResistanceAssessment | null, // stored from assessTreatmentResistance (line 86)
        overridePolicy: canOverride(r.decision, reasons),
        override: o
          ? {
              id: o.id,
              reason: o.reason,
              prescribersRequired: o.prescribersRequired,
              signedBy: ref(o.signedBy),
              signedAt: o.signedAt.toISOString(),
              countersignedBy: ref(o.countersignedBy),
              countersignedAt: o.countersignedAt?.toISOString() ?? null,
              countersignNote: o.countersignNote,
              status: (o.prescribersRequired === 1 || o.countersignedAt ? 'effective' : 'awaiting-countersignature') as
                'effective' | 'awaiting-countersignature',
            }
          : null,
        standing: planStanding({ ...r, override: o ?? null }, latestIntakeVersion, currentRuleSetVersion),
      };
    });
  }
}

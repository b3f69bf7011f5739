import { validateSafetyPlan, SAFETY_PLAN_SECTIONS, STANLEY_BROWN_CITATION } from '../../../domain/safety/index.js';
import type { Transact } from '../../db/transaction.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { PatientsRepository } from '../patients/patients.repository.js';
import type { SafetyPlansRepository } from './safety-plans.repository.js';
import { requirePatient } from '../patients/patient-lookup.js';

/** Stanley-Brown safety plans, versioned: each save is a new version, earlier ones stay readable. */
export class SafetyPlansService {
  constructor(
    private readonly plans: SafetyPlansRepository,
    private readonly patients: PatientsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
  ) {}

  async current(ctx: RequestContext, patientId: string) {
    await requirePatient(this.patients, ctx.principal.clinicId, patientId);
    const versions = await this.plans.versions(ctx.principal.clinicId, patientId);
    await this.audit.record(ctx, { action: 'read', resourceType: 'SafetyPlan', patientId });
    const latest = versions[0];
    return {
      sections: SAFETY_PLAN_SECTIONS,
      citation: STANLEY_BROWN_CITATION,
      current: latest
        ? {
            version: latest.version,
            content: latest.content,
            createdAt: latest.createdAt.toISOString(),
            createdBy: latest.createdByName,
          }
        : null,
      history: versions.map((v) => ({
        version: v.version,
        createdAt: v.createdAt.toISOString(),
        createdBy: v.createdByName,
      })),
    };
  }

  async save(ctx: RequestContext, patientId: string, input: { plan: unknown; isDraft?: boolean | undefined }) {
    await requirePatient(this.patients, ctx.principal.clinicId, patientId);
    // A DomainValidationError names safetyPlan.<field>; the error handler answers 400 with it.
    const plan = validateSafetyPlan(input.plan, { isDraft: input.isDraft ?? false });
    const now = this.clock();
    await this.transact(async (trx) => {
      const version = await this.plans.insert(trx, {
        clinicId: ctx.principal.clinicId,
        patientId,
        content: { ...plan, isDraft: input.isDraft ?? false },
        createdAt: now,
        createdBy: ctx.principal.userId,
      });
      await this.audit.record(
        ctx,
        { action: 'create', resourceType: 'SafetyPlan', patientId, occurredAt: now, detail: { version } },
        trx,
      );
    });
    return this.current(ctx, patientId);
  }
}

import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Database, PlanReviewTable, TreatmentPlanStatus, TreatmentPlanTable } from '../../db/schema.js';
import { mapById } from '../../db/by-id.js';

export interface NewPlan {
  clinicId: string;
  patientId: string;
  modality: string;
  protocolId: string;
  protocolVersion: string;
  protocolSettings: Record<string, unknown>;
  options: Record<string, unknown>;
  startDate: string;
  weightKg: number | null;
  weightBasis: TreatmentPlanTable['weightBasis'];
  weightExplanation: string | null;
  sessions: Array<Record<string, unknown>>;
  therapySessions: Array<Record<string, unknown>>;
  warnings: Array<Record<string, unknown>>;
  eligibilityDecisionId: string;
  eligibilityOverrideId: string | null;
  consentSignatureId: string;
  createdAt: Date;
  createdBy: string;
}

export class PlansRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(trx: Transaction<Database>, row: NewPlan): Promise<{ id: string }> {
    return trx
      .insertInto('treatmentPlan')
      .values({
        ...row,
        status: 'draft',
        protocolSettings: JSON.stringify(row.protocolSettings),
        options: JSON.stringify(row.options),
        sessions: JSON.stringify(row.sessions),
        therapySessions: JSON.stringify(row.therapySessions),
        warnings: JSON.stringify(row.warnings),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  /**
   * The protocol (id and the clinic's settings frozen into the plan) of each of these plans, by plan id: what
   * scheduling shows and checks for the sessions booked from them. `clinicId` null reads across clinics (the
   * reminders' sweep, whose sessions name their plans); unknown ids are left out.
   */
  protocolsOf(
    clinicId: string | null,
    ids: readonly string[],
    trx?: Transaction<Database>,
  ): Promise<Map<string, { protocolId: string; protocolSettings: Record<string, unknown> }>> {
    return mapById(
      ids,
      (unique) => {
        let query = (trx ?? this.db)
          .selectFrom('treatmentPlan')
          .select(['id', 'protocolId', 'protocolSettings'])
          .where('id', 'in', unique);
        if (clinicId !== null) query = query.where('clinicId', '=', clinicId);
        return query.execute();
      },
      (r) => ({ protocolId: r.protocolId, protocolSettings: r.protocolSettings }),
    );
  }

  find(clinicId: string, id: string, trx?: Transaction<Database>) {
    return (trx ?? this.db)
      .selectFrom('treatmentPlan')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  forPatient(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('treatmentPlan')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .orderBy('createdAt', 'desc')
      .execute();
  }

  /** Signs a draft; false when it is no longer a draft (signed or discontinued meanwhile). */
  sign(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    by: string,
    at: Date,
    links: { eligibilityDecisionId: string; eligibilityOverrideId: string | null; consentSignatureId: string },
  ): Promise<boolean> {
    return this.updateWhile(trx, clinicId, id, ['draft'], { status: 'active', signedAt: at, signedBy: by, ...links });
  }

  /** Discontinues a draft or active plan; false when it is neither (any more). */
  discontinue(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    by: string,
    at: Date,
    reason: string,
  ): Promise<boolean> {
    return this.updateWhile(trx, clinicId, id, ['draft', 'active'], {
      status: 'discontinued',
      discontinuedAt: at,
      discontinuedBy: by,
      discontinueReason: reason,
    });
  }

  /** Changes one plan of the clinic while its status is one of `statuses`; false when it is not (any more). */
  private async updateWhile(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    statuses: readonly TreatmentPlanStatus[],
    changes: Updateable<TreatmentPlanTable>,
  ): Promise<boolean> {
    const result = await trx
      .updateTable('treatmentPlan')
      .set(changes)
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .where('status', 'in', statuses)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertReview(
    trx: Transaction<Database>,
    row: {
      clinicId: string;
      planId: string;
      patientId: string;
      code: PlanReviewTable['code'];
      benefit: PlanReviewTable['benefit'];
      decision: PlanReviewTable['decision'];
      note: string | null;
      recordedBy: string;
      recordedAt: Date;
    },
  ): Promise<{ id: string }> {
    return trx.insertInto('planReview').values(row).returning('id').executeTakeFirstOrThrow();
  }

  /** A plan's reviews, oldest first (the latest of each code counts). */
  reviewsFor(clinicId: string, planId: string, trx?: Transaction<Database>) {
    return (trx ?? this.db)
      .selectFrom('planReview')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('planId', '=', planId)
      .orderBy('recordedAt', 'asc')
      .orderBy('id', 'asc')
      .execute();
  }
}

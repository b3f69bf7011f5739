import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, EligibilityDecisionValue, EligibilityOverrideTable } from '../../db/schema.js';
import { compiledOnce } from '../../db/compiled-once.js';

export interface NewDecision {
  clinicId: string;
  patientId: string;
  modality: string;
  intakeId: string;
  intakeVersion: number;
  facts: Record<string, unknown>;
  decision: EligibilityDecisionValue;
  reasons: Array<{ code: string; severity: string } & Record<string, unknown>>;
  ruleSetVersion: string;
  treatmentResistance: Record<string, unknown> | null;
  decidedAt: Date;
  decidedBy: string | null;
}

export class EligibilityRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertDecision(trx: Transaction<Database>, row: NewDecision): Promise<{ id: string }> {
    return trx
      .insertInto('eligibilityDecision')
      .values({
        ...row,
        facts: JSON.stringify(row.facts),
        reasons: JSON.stringify(row.reasons),
        treatmentResistance: row.treatmentResistance ? JSON.stringify(row.treatmentResistance) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  findDecision(clinicId: string, id: string, trx?: Transaction<Database>) {
    return (trx ?? this.db)
      .selectFrom('eligibilityDecision')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  // Read by every treatment-session view (the checklist): compiled once (compiled-once.ts).
  private readonly latestDecisionQuery = compiledOnce((clinicId: string, patientId: string, modality: string) =>
    this.db
      .selectFrom('eligibilityDecision')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .where('modality', '=', modality)
      .orderBy('decidedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(1),
  );
  private readonly overrideQuery = compiledOnce((clinicId: string, decisionId: string) =>
    this.db
      .selectFrom('eligibilityOverride')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('decisionId', '=', decisionId),
  );

  async latestDecision(clinicId: string, patientId: string, modality: string, trx?: Transaction<Database>) {
    return (await this.latestDecisionQuery(trx ?? this.db, clinicId, patientId, modality))[0];
  }

  decisionsForPatient(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('eligibilityDecision')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .orderBy('decidedAt', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  async findOverride(clinicId: string, decisionId: string, trx?: Transaction<Database>) {
    return (await this.overrideQuery(trx ?? this.db, clinicId, decisionId))[0];
  }

  overridesFor(clinicId: string, decisionIds: readonly string[]) {
    if (decisionIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('eligibilityOverride')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('decisionId', 'in', decisionIds)
      .execute();
  }

  async insertOverride(
    trx: Transaction<Database>,
    row: Omit<Selectable<EligibilityOverrideTable>, 'id' | 'countersignedBy' | 'countersignedAt' | 'countersignNote'>,
  ): Promise<{ id: string }> {
    return trx.insertInto('eligibilityOverride').values(row).returning('id').executeTakeFirstOrThrow();
  }

  /** Adds the countersignature once; false when someone countersigned first. */
  async countersign(
    trx: Transaction<Database>,
    clinicId: string,
    overrideId: string,
    by: string,
    at: Date,
    note: string | null,
  ): Promise<boolean> {
    const result = await trx
      .updateTable('eligibilityOverride')
      .set({ countersignedBy: by, countersignedAt: at, countersignNote: note })
      .where('clinicId', '=', clinicId)
      .where('id', '=', overrideId)
      .where('countersignedBy', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

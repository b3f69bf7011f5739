import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { compiledOnce } from '../../db/compiled-once.js';

export interface NewIntakeVersion {
  clinicId: string;
  patientId: string;
  version: number;
  data: Record<string, unknown>;
  facts: Record<string, unknown>;
  changedSections: string[];
  source: 'staff' | 'patient-link';
  createdAt: Date;
  createdBy: string | null;
}

export class IntakeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  // Read by every treatment-session view (the checklist's eligibility): compiled once (compiled-once.ts).
  private readonly latestQuery = compiledOnce((clinicId: string, patientId: string) =>
    this.db
      .selectFrom('patientIntake as i')
      .leftJoin('appUser as u', 'u.id', 'i.createdBy')
      .select(['i.id', 'i.version', 'i.data', 'i.facts', 'i.source', 'i.createdAt', 'i.createdBy', 'u.displayName'])
      .where('i.clinicId', '=', clinicId)
      .where('i.patientId', '=', patientId)
      .orderBy('i.version', 'desc')
      .limit(1),
  );

  /** The newest version of a patient's intake, with who saved it. */
  async latest(clinicId: string, patientId: string, trx?: Transaction<Database>) {
    return (await this.latestQuery(trx ?? this.db, clinicId, patientId))[0];
  }

  async insert(trx: Transaction<Database>, row: NewIntakeVersion): Promise<{ id: string }> {
    return trx
      .insertInto('patientIntake')
      .values({
        ...row,
        data: JSON.stringify(row.data),
        facts: JSON.stringify(row.facts),
        changedSections: JSON.stringify(row.changedSections),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  history(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('patientIntake as i')
      .leftJoin('appUser as u', 'u.id', 'i.createdBy')
      .select(['i.version', 'i.data', 'i.source', 'i.changedSections', 'i.createdAt', 'i.createdBy', 'u.displayName'])
      .where('i.clinicId', '=', clinicId)
      .where('i.patientId', '=', patientId)
      .orderBy('i.version', 'desc')
      .execute();
  }

  /** ICD-10-CM codes from the latest intake, primary first. */
  async latestDiagnoses(clinicId: string, patientId: string, trx?: Transaction<Database>): Promise<string[]> {
    const diagnoses = (await this.latest(clinicId, patientId, trx))?.data.diagnoses;
    return Array.isArray(diagnoses)
      ? diagnoses.flatMap((d) =>
          typeof d === 'object' && d !== null && typeof (d as { code?: unknown }).code === 'string'
            ? [(d as { code: string }).code]
            : [],
        )
      : [];
  }
}

/**
 * The patient_identifier table (migration 20261206150100): identifiers other systems gave a patient. This module
 * owns its table's types (added with `withTables`). Rows are only inserted.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, Timestamp } from '../../db/schema.js';

export type PatientIdentifierTable = {
  id: string;
  clinicId: string;
  patientId: string;
  system: string;
  value: string;
  /** How it arrived: `csv-import`, `fhir-transaction`. */
  source: string;
  createdAt: Timestamp;
  createdBy: string | null;
};
export type PatientIdentifierTables = { patientIdentifier: PatientIdentifierTable };
export type PatientIdentifierRow = Selectable<PatientIdentifierTable>;

export interface IdentifiedPatient {
  readonly system: string;
  readonly value: string;
  readonly patientId: string;
  readonly mrn: string;
  readonly givenName: string;
  readonly familyName: string;
}

export class PatientIdentifiersRepository {
  private readonly db: Kysely<Database & PatientIdentifierTables>;
  constructor(db: Kysely<Database>) {
    this.db = db.withTables<PatientIdentifierTables>();
  }

  /** The clinic's patients known by any of these (system, value) pairs. */
  async find(
    clinicId: string,
    identifiers: ReadonlyArray<{ system: string; value: string }>,
    trx?: Transaction<Database>,
  ): Promise<IdentifiedPatient[]> {
    if (identifiers.length === 0) return [];
    const db = trx ? trx.withTables<PatientIdentifierTables>() : this.db;
    const found: IdentifiedPatient[] = [];
    // In slices, so a large file does not become one enormous statement.
    for (let i = 0; i < identifiers.length; i += 500) {
      const slice = identifiers.slice(i, i + 500);
      found.push(
        ...(await db
          .selectFrom('patientIdentifier as pi')
          .innerJoin('patient as p', 'p.id', 'pi.patientId')
          .select(['pi.system', 'pi.value', 'pi.patientId', 'p.mrn', 'p.givenName', 'p.familyName'])
          .where('pi.clinicId', '=', clinicId)
          .where((eb) =>
            eb.or(slice.map((s) => eb.and([eb('pi.system', '=', s.system), eb('pi.value', '=', s.value)]))),
          )
          .execute()),
      );
    }
    return found;
  }

  insert(trx: Transaction<Database>, row: PatientIdentifierRow): Promise<void> {
    return trx
      .withTables<PatientIdentifierTables>()
      .insertInto('patientIdentifier')
      .values(row)
      .execute()
      .then(() => undefined);
  }
}

import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ConsentSignatureTable, Database } from '../../db/schema.js';
import { compiledOnce } from '../../db/compiled-once.js';
import { isAnyUuid } from '../../db/uuids.js';

/** A signature as it is stored, without the id the database gives it. */
export type NewSignature = Omit<Selectable<ConsentSignatureTable>, 'id'>;

export class ConsentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(trx: Transaction<Database>, row: NewSignature): Promise<{ id: string }> {
    return trx.insertInto('consentSignature').values(row).returning('id').executeTakeFirstOrThrow();
  }

  /** Signatures newest first, with the staff member who recorded each. */
  forPatient(clinicId: string, patientId: string, trx?: Transaction<Database>) {
    return (trx ?? this.db)
      .selectFrom('consentSignature as s')
      .leftJoin('appUser as u', 'u.id', 's.recordedBy')
      .selectAll('s')
      .select('u.displayName as recordedByName')
      .where('s.clinicId', '=', clinicId)
      .where('s.patientId', '=', patientId)
      .orderBy('s.signedAt', 'desc')
      .orderBy('s.id', 'desc')
      .execute();
  }

  // Read by every treatment-session view (the checklist's consent): compiled once (compiled-once.ts).
  private readonly latestForQuery = compiledOnce((clinicId: string, patientId: string, modality: string) =>
    this.db
      .selectFrom('consentSignature')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .where('modality', '=', modality)
      .orderBy('signedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(1),
  );

  async latestFor(clinicId: string, patientId: string, modality: string, trx?: Transaction<Database>) {
    return (await this.latestForQuery(trx ?? this.db, clinicId, patientId, modality))[0];
  }

  /**
   * Each patient's latest signature for each modality, for several patients at once (scheduling's reminders for a
   * day or week: is the consent on file the current document).
   */
  async latestSignatures(clinicId: string, patientIds: readonly string[]) {
    if (patientIds.length === 0) return [];
    return this.db
      .selectFrom('consentSignature')
      .distinctOn(['patientId', 'modality'])
      .select(['patientId', 'modality', 'documentId', 'documentVersion', 'documentSha256'])
      .where('clinicId', '=', clinicId)
      .where(isAnyUuid('patientId', patientIds))
      .orderBy('patientId')
      .orderBy('modality')
      .orderBy('signedAt', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  /** When a signature was given (the checklist dates the consent it relies on). */
  async signedAt(clinicId: string, signatureId: string, trx?: Transaction<Database>): Promise<Date | undefined> {
    const row = await (trx ?? this.db)
      .selectFrom('consentSignature')
      .select('signedAt')
      .where('clinicId', '=', clinicId)
      .where('id', '=', signatureId)
      .executeTakeFirst();
    return row?.signedAt;
  }
}

import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SelfIntakeTables } from './self-intake.tables.js';

type Db = Database & SelfIntakeTables;

export class SelfIntakeRepository {
  private readonly db: Kysely<Db>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<SelfIntakeTables>();
  }

  private q(trx?: Transaction<Database>): Kysely<Db> {
    return trx ? trx.withTables<SelfIntakeTables>() : this.db;
  }

  async insert(row: {
    clinicId: string;
    patientId: string;
    tokenHash: string;
    consentModality: string | null;
    createdBy: string;
    createdAt: Date;
    expiresAt: Date;
  }) {
    return this.db.insertInto('selfIntakeLink').values(row).returning(['id']).executeTakeFirstOrThrow();
  }

  findByTokenHash(tokenHash: string, trx?: Transaction<Database>) {
    return this.q(trx)
      .selectFrom('selfIntakeLink as l')
      .innerJoin('clinic as c', 'c.id', 'l.clinicId')
      .selectAll('l')
      .select(['c.name as clinicName'])
      .where('l.tokenHash', '=', tokenHash)
      .executeTakeFirst();
  }

  find(clinicId: string, id: string, trx?: Transaction<Database>) {
    return this.q(trx)
      .selectFrom('selfIntakeLink')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  forPatient(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('selfIntakeLink as l')
      .leftJoin('appUser as r', 'r.id', 'l.registrationAcceptedBy')
      .leftJoin('appUser as k', 'k.id', 'l.clinicalAcceptedBy')
      .selectAll('l')
      .select(['r.displayName as registrationAcceptedByName', 'k.displayName as clinicalAcceptedByName'])
      .where('l.clinicId', '=', clinicId)
      .where('l.patientId', '=', patientId)
      .orderBy('l.createdAt', 'desc')
      .execute();
  }

  /** Stores the patient's answers once: false when the link was already used (or has expired meanwhile). */
  async submit(
    trx: Transaction<Database>,
    id: string,
    submission: Record<string, unknown>,
    at: Date,
  ): Promise<boolean> {
    const result = await this.q(trx)
      .updateTable('selfIntakeLink')
      .set({ submission: JSON.stringify(submission), submittedAt: at })
      .where('id', '=', id)
      .where('submittedAt', 'is', null)
      .where('expiresAt', '>', at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async setConsentSignature(trx: Transaction<Database>, id: string, signatureId: string): Promise<void> {
    await this.q(trx)
      .updateTable('selfIntakeLink')
      .set({ consentSignatureId: signatureId })
      .where('id', '=', id)
      .where('consentSignatureId', 'is', null)
      .execute();
  }

  /** Marks a part accepted once: false when someone accepted it first. */
  async markAccepted(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    part: 'registration' | 'clinical',
    by: string,
    at: Date,
    intakeVersion: number,
  ): Promise<boolean> {
    const query =
      part === 'registration'
        ? this.q(trx)
            .updateTable('selfIntakeLink')
            .set({ registrationAcceptedAt: at, registrationAcceptedBy: by, registrationIntakeVersion: intakeVersion })
            .where('registrationAcceptedAt', 'is', null)
        : this.q(trx)
            .updateTable('selfIntakeLink')
            .set({ clinicalAcceptedAt: at, clinicalAcceptedBy: by, clinicalIntakeVersion: intakeVersion })
            .where('clinicalAcceptedAt', 'is', null);
    const result = await query
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .where('submittedAt', 'is not', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

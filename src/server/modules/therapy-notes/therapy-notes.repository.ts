/**
 * Therapy notes' database access. Every query filters by clinic. The note table is append-only: this file inserts
 * and reads, never updates or deletes.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { TherapyNoteTables } from './therapy-notes.tables.js';

type Db = Database & TherapyNoteTables;
type Reader = Kysely<Database> | Transaction<Database>;

export interface TherapyNoteRow {
  appointmentId: string;
  version: number;
  kind: 'draft' | 'signed' | 'addendum';
  noteType: 'preparation' | 'dosing-support' | 'integration';
  body: string;
  createdAt: Date;
  createdBy: string;
  createdByName: string;
}

export interface NewTherapyNote {
  clinicId: string;
  appointmentId: string;
  patientId: string;
  version: number;
  kind: TherapyNoteRow['kind'];
  noteType: TherapyNoteRow['noteType'];
  body: string;
  createdAt: Date;
  createdBy: string;
}

export class TherapyNotesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private q(trx?: Reader): Kysely<Db> {
    return (trx ?? this.db).$extendTables<TherapyNoteTables>() as unknown as Kysely<Db>;
  }

  /** The notes of some appointments, every version, in version order. */
  async notes(clinicId: string, appointmentIds: readonly string[], trx?: Reader): Promise<TherapyNoteRow[]> {
    if (appointmentIds.length === 0) return [];
    return this.q(trx)
      .selectFrom('therapyNote as n')
      .innerJoin('appUser as u', 'u.id', 'n.createdBy')
      .select([
        'n.appointmentId',
        'n.version',
        'n.kind',
        'n.noteType',
        'n.body',
        'n.createdAt',
        'n.createdBy',
        'u.displayName as createdByName',
      ])
      .where('n.clinicId', '=', clinicId)
      .where('n.appointmentId', 'in', [...appointmentIds])
      .orderBy('n.appointmentId')
      .orderBy('n.version')
      .execute();
  }

  async insert(trx: Transaction<Database>, row: NewTherapyNote): Promise<void> {
    await this.q(trx).insertInto('therapyNote').values(row).execute();
  }
}

/**
 * Therapy notes' database access. Every query filters by clinic. The note table is append-only: this file inserts
 * and reads, never updates or deletes.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { TherapyNoteTables } from './therapy-notes.tables.js';

type Db = Database & TherapyNoteTables;
type Reader = Kysely<Database> | Transaction<Database>;

export interface TherapyAppointmentRow {
  id: string;
  patientId: string;
  givenName: string;
  familyName: string;
  startsAt: Date;
  endsAt: Date;
  status: 'booked' | 'cancelled';
  staffId: string;
  staffName: string;
  typeCode: string;
  typeName: string;
  typeRoles: string[];
  typeIsGroup: boolean;
}

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

  private appointments(trx?: Reader) {
    return this.q(trx)
      .selectFrom('appointment as a')
      .innerJoin('patient as p', (j) => j.onRef('p.id', '=', 'a.patientId').onRef('p.clinicId', '=', 'a.clinicId'))
      .innerJoin('appointmentType as t', (j) => j.onRef('t.id', '=', 'a.typeId').onRef('t.clinicId', '=', 'a.clinicId'))
      .innerJoin('appUser as u', 'u.id', 'a.staffId')
      .select([
        'a.id',
        'a.patientId',
        'p.givenName',
        'p.familyName',
        'a.startsAt',
        'a.endsAt',
        'a.status',
        'a.staffId',
        'u.displayName as staffName',
        't.code as typeCode',
        't.name as typeName',
        't.roles as typeRoles',
        't.isGroup as typeIsGroup',
      ]);
  }

  /** One appointment with its type; `forUpdate` locks it, so two signatures of one note queue behind each other. */
  async appointment(
    clinicId: string,
    id: string,
    trx?: Reader,
    forUpdate = false,
  ): Promise<TherapyAppointmentRow | undefined> {
    let query = this.appointments(trx).where('a.clinicId', '=', clinicId).where('a.id', '=', id);
    if (forUpdate) query = query.forUpdate('a');
    return query.executeTakeFirst();
  }

  /** A patient's appointments, newest first (the service keeps the therapy ones). */
  patientAppointments(clinicId: string, patientId: string): Promise<TherapyAppointmentRow[]> {
    return this.appointments()
      .where('a.clinicId', '=', clinicId)
      .where('a.patientId', '=', patientId)
      .orderBy('a.startsAt', 'desc')
      .orderBy('a.id')
      .limit(1000)
      .execute();
  }

  async patientExists(clinicId: string, patientId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('patient')
      .select('id')
      .where('clinicId', '=', clinicId)
      .where('id', '=', patientId)
      .executeTakeFirst();
    return row !== undefined;
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

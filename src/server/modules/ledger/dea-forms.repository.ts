/**
 * DEA Form 41 / 106 records' database access: the destruction and loss entries of the ledger (read only) and the
 * append-only `dea_form_submission` events (migration 20261206170200). Every query filters by clinic.
 */
import type { DeaFormSendMethod } from '../../../contract/dea-forms.js';
import type { Generated, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, Timestamp } from '../../db/schema.js';

type DeaFormSubmissionTable = {
  id: Generated<string>;
  clinicId: string;
  entryId: string;
  form: '41' | '106';
  method: DeaFormSendMethod;
  sentOn: string;
  reference: string | null;
  note: string | null;
  recordedAt: Timestamp;
  recordedBy: string;
};
type Tables = { deaFormSubmission: DeaFormSubmissionTable };
type Db = Database & Tables;
type Reader = Kysely<Database> | Transaction<Database>;

export interface DeaFormEntryRow {
  sequence: number;
  entryId: string;
  kind: string;
}

/** A stored submission (its clinic is the caller's) with the recorder's display name. */
export type DeaFormSubmissionRow = Omit<Selectable<DeaFormSubmissionTable>, 'clinicId'> & { recordedByName: string };

export class DeaFormsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private q(trx?: Reader): Kysely<Db> {
    return (trx ?? this.db).$extendTables<Tables>() as unknown as Kysely<Db>;
  }

  /** The destruction and loss entries, in ledger order (corrections of them are folded by the ledger service). */
  entries(clinicId: string, entryId?: string): Promise<DeaFormEntryRow[]> {
    let query = this.db
      .selectFrom('ledgerEntry')
      .select(['sequence', 'entryId', 'kind'])
      .where('clinicId', '=', clinicId)
      .where('kind', 'in', ['destruction', 'loss']);
    if (entryId !== undefined) query = query.where('entryId', '=', entryId);
    return query.orderBy('sequence').execute();
  }

  submissions(clinicId: string, entryId?: string, trx?: Reader): Promise<DeaFormSubmissionRow[]> {
    let query = this.q(trx)
      .selectFrom('deaFormSubmission as s')
      .innerJoin('appUser as u', 'u.id', 's.recordedBy')
      .select([
        's.id',
        's.entryId',
        's.form',
        's.method',
        's.sentOn',
        's.reference',
        's.note',
        's.recordedAt',
        's.recordedBy',
        'u.displayName as recordedByName',
      ])
      .where('s.clinicId', '=', clinicId);
    if (entryId !== undefined) query = query.where('s.entryId', '=', entryId);
    return query.orderBy('s.recordedAt').orderBy('s.id').execute();
  }

  async insertSubmission(
    trx: Transaction<Database>,
    row: Omit<DeaFormSubmissionRow, 'id' | 'recordedByName'> & { clinicId: string },
  ): Promise<string> {
    const inserted = await this.q(trx)
      .insertInto('deaFormSubmission')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  }
}

import { sql, type Kysely, type QueryCreator, type Transaction } from 'kysely';
import type { AuditAppendQuery } from '../audit/audit.repository.js';
import type { Database, PatientAddress, PatientRow } from '../../db/schema.js';
import { searchNameOf } from './patient-search-terms.js';
import { escapeLike } from '../../db/like-pattern.js';
import { compiledOnce } from '../../db/compiled-once.js';
import { uuidsOnly } from '../../db/uuids.js';

export interface PatientSearch {
  readonly clinicId: string;
  /** Folded (`foldForSearch`) name words, or a whole MRN as typed. */
  readonly nameTerms: readonly string[];
  /** Digits that must appear in the MRN ("12" finds KC-000012). */
  readonly mrnDigits?: readonly string[];
  readonly mrn?: string | undefined;
  readonly dateOfBirth?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

export interface PatientFields {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: PatientRow['sex'];
  phone: string | null;
  email: string | null;
  address: PatientAddress | null;
}

/** A patient's MRN and editable fields: what each version records and what the API shows beside the version. */
export function patientDetails(row: PatientRow): PatientFields & { mrn: string } {
  return {
    mrn: row.mrn,
    givenName: row.givenName,
    familyName: row.familyName,
    dateOfBirth: row.dateOfBirth,
    sex: row.sex,
    phone: row.phone,
    email: row.email,
    address: row.address,
  };
}

/** How a version of a patient is stored: the details it had, which fields changed, by whom and when. */
function versionRow(
  patient: { clinicId: string; id: string; version: number },
  details: PatientFields & { mrn: string },
  changedFields: readonly string[],
  by: string | null,
  at: Date,
) {
  return {
    clinicId: patient.clinicId,
    patientId: patient.id,
    version: patient.version,
    data: JSON.stringify(details),
    changedFields: JSON.stringify(changedFields),
    changedBy: by,
    changedAt: at,
  };
}

/** A patient to create: its own number and fields, who creates it and when. */
export interface NewPatient {
  readonly id: string;
  readonly clinicId: string;
  readonly mrn: string;
  readonly fields: PatientFields;
  readonly by: string | null;
  readonly at: Date;
}

export class PatientsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The next medical record number for a clinic, taken under the row lock of its counter. With `trx`, the lock is
   * held until that transaction commits; without, the increment is a statement of its own that commits at once, so
   * the lock lasts one statement and creates in a clinic do not queue behind each other's commits (issue 11). A
   * number taken that way and then not used (the patient's write failed) is never given again: MRNs are
   * unique and increasing, not gapless.
   */
  async nextMrnNumber(clinicId: string, trx?: Transaction<Database>): Promise<number> {
    return this.takeMrnNumbers(clinicId, 1, trx);
  }

  /** Advances the clinic's counter by `count` numbers at once (a group commit); answers the last of them. */
  async takeMrnNumbers(clinicId: string, count: number, trx?: Transaction<Database>): Promise<number> {
    const row = await (trx ?? this.db)
      .insertInto('mrnSequence')
      .values({ clinicId, lastValue: count })
      .onConflict((oc) => oc.column('clinicId').doUpdateSet({ lastValue: sql`mrn_sequence.last_value + ${count}` }))
      .returning('lastValue')
      .executeTakeFirstOrThrow();
    return row.lastValue;
  }

  /**
   * Creates patients, their first versions and the audit events of their creation (`audited`, from
   * `AuditService.alongsideAll`) in one statement, each write a step of one `with`: all commit together, in one
   * round trip rather than a transaction's five per patient (issue 11). Answers the new rows in the order given.
   * Runs in the caller's transaction when given one.
   */
  async insert(
    trx: Transaction<Database> | undefined,
    patients: readonly NewPatient[],
    audited: (creator: QueryCreator<Database>) => AuditAppendQuery,
  ): Promise<PatientRow[]> {
    const rows = await (trx ?? this.db)
      .with('creation_audit', audited)
      .with('new_patient', (creator) =>
        creator
          .insertInto('patient')
          .values(
            patients.map(({ id, clinicId, mrn, fields, by, at }) => ({
              id,
              clinicId,
              mrn,
              ...fields,
              address: fields.address ? JSON.stringify(fields.address) : null,
              searchName: searchNameOf(fields.givenName, fields.familyName),
              version: 1,
              createdAt: at,
              createdBy: by,
              updatedAt: at,
              updatedBy: by,
            })),
          )
          .returningAll(),
      )
      .with('first_version', (creator) =>
        creator
          .insertInto('patientVersion')
          .values(
            patients.map(({ id, clinicId, mrn, fields, by, at }) =>
              versionRow({ clinicId, id, version: 1 }, { mrn, ...fields }, Object.keys(fields), by, at),
            ),
          )
          .returning('id'),
      )
      .selectFrom('new_patient')
      .selectAll()
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    return patients.map(({ id }) => {
      const row = byId.get(id);
      if (!row) throw new Error('The database did not answer a patient it was asked to create.');
      return row;
    });
  }

  /** Writes the new version only if the stored version is still `expectedVersion`; undefined otherwise. */
  async update(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    expectedVersion: number,
    fields: PatientFields,
    changedFields: string[],
    by: string | null,
    at: Date,
  ): Promise<PatientRow | undefined> {
    const row = await trx
      .updateTable('patient')
      .set({
        ...fields,
        address: fields.address ? JSON.stringify(fields.address) : null,
        searchName: searchNameOf(fields.givenName, fields.familyName),
        version: sql`version + 1`,
        updatedAt: at,
        updatedBy: by,
      })
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (row) await this.insertVersion(trx, row, changedFields, by, at);
    return row;
  }

  private async insertVersion(
    trx: Transaction<Database>,
    row: PatientRow,
    changedFields: string[],
    by: string | null,
    at: Date,
  ): Promise<void> {
    await trx
      .insertInto('patientVersion')
      .values(versionRow(row, patientDetails(row), changedFields, by, at))
      .execute();
  }

  /** The read every patient page and most patient routes start with: compiled once (compiled-once.ts). */
  private readonly byId = compiledOnce((clinicId: string, id: string) =>
    this.db.selectFrom('patient').selectAll().where('clinicId', '=', clinicId).where('id', '=', id),
  );

  async findById(clinicId: string, id: string, trx?: Transaction<Database>): Promise<PatientRow | undefined> {
    return (await this.byId(trx ?? this.db, clinicId, id))[0];
  }

  /** These patients of the clinic, in one statement, each id answered by its row or undefined (reads made together). */
  async findByIds(clinicId: string, ids: readonly string[]): Promise<(PatientRow | undefined)[]> {
    if (ids.length === 1) return [await this.findById(clinicId, ids[0]!)];
    const rows = await this.db
      .selectFrom('patient')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('id', 'in', [...new Set(ids)])
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id));
  }

  /** Name and MRN of these patients of the clinic (ids that are not UUIDs, and unknown ids, are left out). */
  namesByIds(clinicId: string, ids: readonly string[]) {
    const valid = uuidsOnly(ids);
    if (valid.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('patient')
      .select(['id', 'givenName', 'familyName', 'mrn'])
      .where('clinicId', '=', clinicId)
      .where('id', 'in', valid)
      .execute();
  }

  async search(search: PatientSearch): Promise<{ rows: PatientRow[]; total: number }> {
    let query = this.db.selectFrom('patient').where('clinicId', '=', search.clinicId);
    if (search.mrn) query = query.where(sql<string>`upper(mrn)`, '=', search.mrn.toUpperCase());
    if (search.dateOfBirth) query = query.where('dateOfBirth', '=', search.dateOfBirth);
    for (const digits of search.mrnDigits ?? []) {
      query = query.where('mrn', 'like', `%${escapeLike(digits)}%`);
    }
    for (const term of search.nameTerms) {
      // A word start anywhere in the folded name: search_name is ' given words family words '.
      const wordStart = `% ${escapeLike(term.toLowerCase())}%`;
      query = query.where((eb) =>
        eb.or([eb('searchName', 'like', wordStart), eb(sql<string>`upper(mrn)`, '=', term.toUpperCase())]),
      );
    }
    // One scan gives the page and the count of every match (a window over the whole result). A page past the last
    // match has no row to carry the count, so only then is it counted on its own.
    const page = await query
      .selectAll()
      .select(sql<string>`count(*) over ()`.as('matchCount'))
      .orderBy(sql`lower(family_name)`)
      .orderBy(sql`lower(given_name)`)
      .orderBy('id')
      .limit(search.limit)
      .offset(search.offset)
      .execute();
    const first = page[0];
    if (!first) {
      if (search.offset === 0) return { rows: [], total: 0 };
      const count = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
      return { rows: [], total: Number(count.total) };
    }
    const rows = page.map(({ matchCount: _count, ...row }) => row);
    return { rows, total: Number(first.matchCount) };
  }

  history(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('patientVersion as v')
      .leftJoin('appUser as u', 'u.id', 'v.changedBy')
      .select(['v.version', 'v.changedAt', 'v.changedFields', 'v.data', 'u.id as userId', 'u.displayName'])
      .where('v.clinicId', '=', clinicId)
      .where('v.patientId', '=', patientId)
      .orderBy('v.version', 'desc')
      .execute();
  }
}

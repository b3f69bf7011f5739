import { sql, type Kysely, type QueryCreator, type Transaction } from 'kysely';
import type { AuditAppendQuery } from '../audit/audit.repository.js';
import type { Database, PatientAddress, PatientRow } from '../../db/schema.js';
import { couldBeInName, couldBeMrn, searchNameOf } from './patient-search-terms.js';
import { escapeLike } from '../../db/like-pattern.js';
import { compiledOnce, type CompiledQueryRunner } from '../../db/compiled-once.js';
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

export interface PatientSearchResult {
  readonly rows: PatientRow[];
  /** Every match, not only this page's. */
  readonly total: number;
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

/** Which filters a search has: its select depends on these alone, and its values fill the select's parameters. */
interface SearchShape {
  readonly byMrn: boolean;
  readonly byDateOfBirth: boolean;
  /** How many runs of digits must appear in the MRN. */
  readonly mrnDigits: number;
  /** For each name term, whether it is compared with the names, with the whole MRN, or with both. */
  readonly terms: readonly { readonly inName: boolean; readonly mrn: boolean }[];
}

/** A search as its shape (and a key for it) and its values, in the order `PatientsRepository.matching` takes them. */
function searchShapeOf(search: PatientSearch): { key: string; shape: SearchShape; values: string[] } {
  const values = [search.clinicId];
  if (search.mrn) values.push(search.mrn.toUpperCase());
  if (search.dateOfBirth) values.push(search.dateOfBirth);
  const mrnDigits = search.mrnDigits ?? [];
  for (const digits of mrnDigits) values.push(`%${escapeLike(digits)}%`);
  const terms = search.nameTerms.map((term) => {
    // A word start anywhere in the folded name (search_name is ' given words family words '), or the whole MRN.
    // Each side is asked only where it could match: a name word never holds an MRN (every MRN ends in its number),
    // and a whole MRN as typed never fits in a folded name. Asking both for every term made the database upper-case
    // every patient's MRN on a name search, and scan every name on an MRN search (issue 11).
    const sides = { inName: couldBeInName(term), mrn: couldBeMrn(term) };
    if (sides.inName) values.push(`% ${escapeLike(term.toLowerCase())}%`);
    if (sides.mrn) values.push(term.toUpperCase());
    return sides;
  });
  values.push(String(search.limit), String(search.offset));
  const shape = {
    byMrn: Boolean(search.mrn),
    byDateOfBirth: Boolean(search.dateOfBirth),
    mrnDigits: mrnDigits.length,
    terms,
  };
  return { key: JSON.stringify(shape), shape, values };
}

/** Hands out these values one at a time, in order. */
function valuesInOrder(values: readonly string[]): () => string {
  let i = 0;
  return () => {
    const value = values[i++];
    if (value === undefined) throw new Error('A search asked for more values than its shape has.');
    return value;
  };
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

  /** The search's select for each shape of search met so far (see `search`). */
  private readonly searchSelects = new Map<
    string,
    (runner: CompiledQueryRunner, ...values: string[]) => Promise<(PatientRow & { matchCount: string })[]>
  >();

  /**
   * The matches of one search: a page of them, and how many there are in all. One scan gives both (a window over
   * the whole result); a page past the last match has no row to carry the count, so only then is it counted on its
   * own. The select is built and compiled once for each shape of search (compiled-once.ts, issue 11): a search's
   * shape is which filters it has, at most five words' worth, and only its values change from one search to the next.
   */
  async search(search: PatientSearch): Promise<PatientSearchResult> {
    const { key, shape, values } = searchShapeOf(search);
    let select = this.searchSelects.get(key);
    if (!select) {
      select = compiledOnce((...standIns: string[]) => {
        const next = valuesInOrder(standIns);
        return this.matching(shape, next)
          .selectAll()
          .select(sql<string>`count(*) over ()`.as('matchCount'))
          .orderBy(sql`lower(family_name)`)
          .orderBy(sql`lower(given_name)`)
          .orderBy('id')
          .limit(sql<number>`cast(${next()} as integer)`)
          .offset(sql<number>`cast(${next()} as integer)`);
      }, values.length);
      // Searches have at most five words, so there are a few hundred shapes; the bound only guards against a caller
      // that one day passes more.
      if (this.searchSelects.size < 1_000) this.searchSelects.set(key, select);
    }
    const page = await select(this.db, ...values);
    const first = page[0];
    if (!first) {
      if (search.offset === 0) return { rows: [], total: 0 };
      const count = await this.matching(shape, valuesInOrder(values))
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .executeTakeFirstOrThrow();
      return { rows: [], total: Number(count.total) };
    }
    const rows = page.map(({ matchCount: _count, ...row }) => row);
    return { rows, total: Number(first.matchCount) };
  }

  /** The clinic's patients that a search of this shape matches, taking its values from `next` in their order. */
  private matching(shape: SearchShape, next: () => string) {
    let query = this.db.selectFrom('patient').where('clinicId', '=', next());
    if (shape.byMrn) query = query.where(sql<string>`upper(mrn)`, '=', next());
    if (shape.byDateOfBirth) query = query.where('dateOfBirth', '=', next());
    for (let i = 0; i < shape.mrnDigits; i++) query = query.where('mrn', 'like', next());
    for (const term of shape.terms) {
      const wordStart = term.inName ? next() : undefined;
      const wholeMrn = term.mrn ? next() : undefined;
      query = query.where((eb) =>
        eb.or([
          ...(wordStart === undefined ? [] : [eb('searchName', 'like', wordStart)]),
          ...(wholeMrn === undefined ? [] : [eb(sql<string>`upper(mrn)`, '=', wholeMrn)]),
        ]),
      );
    }
    return query;
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

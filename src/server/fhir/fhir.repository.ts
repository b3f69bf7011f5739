/**
 * Read-only queries behind the FHIR facade. Every query is scoped by clinic. The FHIR module never writes here:
 * creating a QuestionnaireResponse goes through the measures service, like one answered in the app.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import type { EntryKind, TreatmentDayTables } from '../modules/treatment-day/treatment-day.tables.js';
import { escapeLike } from '../db/like-pattern.js';
import { PATIENT_EDITABLE_FIELDS } from '../../contract/patient-fields.js';

export interface PatientFilter {
  readonly ids?: readonly string[] | undefined;
  readonly mrns?: readonly string[] | undefined;
  /** Each term must start the given or family name (case-insensitive); terms of one parameter are alternatives. */
  readonly names?: readonly string[] | undefined;
}

export interface PatientScopedFilter {
  readonly ids?: readonly string[] | undefined;
  readonly patientIds?: readonly string[] | undefined;
}

/**
 * A keyset window for bulk export: a repository built with one answers every list query with at most `limit` rows
 * after `after` (in id order), and records where it stopped. A FHIR search run on such a repository maps one batch;
 * the exporter moves `after` on until a query returns fewer rows than the limit. `source` picks one of the
 * Observation sources (instrument scores, then vital signs) so each is paged on its own key.
 */
export class ExportWindow {
  after: string | undefined = undefined;
  /** The last row key the latest query returned, and how many rows it returned (undefined: no windowed query ran). */
  lastKey: string | undefined = undefined;
  fetched: number | undefined = undefined;
  source: 'scores' | 'vitals' = 'scores';
  constructor(readonly limit: number) {}

  /** Notes what a query returned; `key` is its keyset column. */
  note<T>(rows: T[], key: (row: T) => string): T[] {
    this.fetched = rows.length;
    this.lastKey = rows.length > 0 ? key(rows[rows.length - 1]!) : this.lastKey;
    return rows;
  }
}

const NO_UUID = '00000000-0000-0000-0000-000000000000';

/** Values for `in`: an empty list becomes [''], which matches nothing (`in ()` is not SQL). */
const inList = (values: readonly string[]) => (values.length > 0 ? [...values] : ['']);

/** Limits a query to the filter's ids and patients, compared as text so that an id that is not a uuid matches nothing. */
function scoped<DB, TB extends keyof DB, O>(q: SelectQueryBuilder<DB, TB, O>, filter: PatientScopedFilter) {
  let scopedQuery = q;
  if (filter.ids) scopedQuery = scopedQuery.where(sql<string>`id::text`, 'in', inList(filter.ids));
  if (filter.patientIds)
    scopedQuery = scopedQuery.where(sql<string>`patient_id::text`, 'in', inList(filter.patientIds));
  return scopedQuery;
}

export class FhirRepository {
  private readonly db: Kysely<Database & TreatmentDayTables>;
  constructor(
    private readonly database: Kysely<Database>,
    private readonly window?: ExportWindow,
  ) {
    this.db = database.withTables<TreatmentDayTables>();
  }

  /** The same queries, limited to one keyset window (bulk export). */
  windowed(window: ExportWindow): FhirRepository {
    return new FhirRepository(this.database, window);
  }

  private get after() {
    return sql<string>`${this.window?.after ?? NO_UUID}::uuid`;
  }

  /** The rows in `key` order; under an export window only the next batch after its position, noted there. */
  private async inKeyOrder<DB, TB extends keyof DB, O extends { id: string }>(
    q: SelectQueryBuilder<DB, TB, O>,
    key = 'id',
  ) {
    const column = sql.ref(key);
    const w = this.window;
    if (w) return w.note(await q.where(column, '>', this.after).orderBy(column).limit(w.limit).execute(), (r) => r.id);
    return q.orderBy(column).execute();
  }

  clinic(clinicId: string) {
    return this.db
      .selectFrom('clinic')
      .select(['id', 'name', 'slug', 'createdAt'])
      .where('id', '=', clinicId)
      .executeTakeFirst();
  }

  async patients(clinicId: string, filter: PatientFilter) {
    let q = this.db
      .selectFrom('patient')
      .select(['id', 'clinicId', 'mrn', ...PATIENT_EDITABLE_FIELDS, 'version', 'updatedAt'])
      .where('clinicId', '=', clinicId);
    if (filter.ids) q = q.where(sql<string>`id::text`, 'in', inList(filter.ids));
    if (filter.mrns) q = q.where('mrn', 'in', inList(filter.mrns));
    if (filter.names && filter.names.length > 0) {
      const names = filter.names;
      q = q.where((eb) =>
        eb.or(
          names.flatMap((n) => {
            const like = `${escapeLike(n.toLowerCase())}%`;
            return [eb(sql`lower(given_name)`, 'like', like), eb(sql`lower(family_name)`, 'like', like)];
          }),
        ),
      );
    }
    return this.inKeyOrder(q);
  }

  /** Stored measures (one QuestionnaireResponse each). */
  async measures(
    clinicId: string,
    filter: PatientScopedFilter & { readonly instrumentIds?: readonly string[] | undefined },
  ) {
    let q = this.db
      .selectFrom('measure')
      .select([
        'id',
        'patientId',
        'instrumentId',
        'instrumentVersion',
        'answers',
        'sessionId',
        'observedAt',
        'recordedAt',
        'recordedBy',
        'source',
      ])
      .where('clinicId', '=', clinicId);
    q = scoped(q, filter);
    if (filter.instrumentIds) q = q.where('instrumentId', 'in', inList(filter.instrumentIds));
    return this.inKeyOrder(q);
  }

  /** Score Observations (totals, risk levels, key items), with when their measure was recorded. */
  async scoreObservations(clinicId: string, filter: PatientScopedFilter) {
    let q = this.db
      .selectFrom('observation')
      .innerJoin('measure', (j) =>
        j.onRef('measure.id', '=', 'observation.measureId').onRef('measure.clinicId', '=', 'observation.clinicId'),
      )
      .select([
        'observation.id',
        'observation.patientId',
        'observation.resource',
        'observation.effectiveAt',
        'measure.recordedAt',
        'measure.sessionId',
      ])
      .where('observation.clinicId', '=', clinicId);
    if (filter.ids) q = q.where(sql<string>`observation.id::text`, 'in', inList(filter.ids));
    if (filter.patientIds) q = q.where(sql<string>`observation.patient_id::text`, 'in', inList(filter.patientIds));
    if (this.window?.source === 'vitals') return [];
    return this.inKeyOrder(q, 'observation.id');
  }

  /**
   * Treatment-day entries that carry vital signs: `vitals` readings and the pre-dose vitals of `check-in`;
   * `correctedIds` are entries a later entry corrects.
   */
  async vitalEntries(
    clinicId: string,
    filter: PatientScopedFilter & { readonly entryIds?: readonly string[] | undefined },
  ) {
    let q = this.db
      .selectFrom('treatmentDayEntry')
      .select(['id', 'kind', 'sessionId', 'patientId', 'data', 'occurredAt', 'recordedAt', 'recordedBy', 'correctsId'])
      .where('clinicId', '=', clinicId)
      .where('kind', 'in', ['vitals', 'check-in']);
    if (filter.entryIds) q = q.where(sql<string>`id::text`, 'in', inList(filter.entryIds));
    if (filter.patientIds) q = q.where(sql<string>`patient_id::text`, 'in', inList(filter.patientIds));
    if (this.window?.source === 'scores') return { rows: [], correctedIds: new Set<string>() };
    const rows = await this.inKeyOrder(q);
    const corrected = await this.db
      .selectFrom('treatmentDayEntry')
      .select('correctsId')
      .where('clinicId', '=', clinicId)
      .where('kind', '=', 'vitals')
      .where('correctsId', 'is not', null)
      .execute();
    return { rows, correctedIds: new Set(corrected.map((r) => r.correctsId as string)) };
  }

  async sessions(clinicId: string, filter: PatientScopedFilter) {
    let q = this.db
      .selectFrom('treatmentSession')
      .select([
        'id',
        'clinicId',
        'patientId',
        'modality',
        'sessionNumber',
        'startsAt',
        'endsAt',
        'status',
        'staffId',
        'createdAt',
        'updatedAt',
      ])
      .where('clinicId', '=', clinicId);
    q = scoped(q, filter);
    return this.inKeyOrder(q);
  }

  /** The latest intake version of each patient (diagnoses are read from it). */
  async latestIntakes(clinicId: string, filter: PatientScopedFilter) {
    let q = this.db
      .selectFrom('patientIntake as i')
      .select(['i.id', 'i.patientId', 'i.version', 'i.data', 'i.createdAt', 'i.createdBy', 'i.source'])
      .where('i.clinicId', '=', clinicId)
      .where(
        'i.version',
        '=',
        sql<number>`(select max(j.version) from patient_intake j where j.patient_id = i.patient_id and j.clinic_id = i.clinic_id)`,
      );
    if (filter.patientIds) q = q.where(sql<string>`i.patient_id::text`, 'in', inList(filter.patientIds));
    const w = this.window;
    if (w)
      return w.note(
        await q.where('i.patientId', '>', this.after).orderBy('i.patientId').limit(w.limit).execute(),
        (r) => r.patientId,
      );
    return q.orderBy('i.patientId').execute();
  }

  async plans(clinicId: string, filter: PatientScopedFilter) {
    let q = this.db
      .selectFrom('treatmentPlan')
      .select([
        'id',
        'patientId',
        'protocolId',
        'sessions',
        'therapySessions',
        'warnings',
        'status',
        'createdAt',
        'createdBy',
        'signedAt',
        'signedBy',
        'discontinuedAt',
      ])
      .where('clinicId', '=', clinicId);
    q = scoped(q, filter);
    return this.inKeyOrder(q);
  }

  async staff(clinicId: string, filter: { readonly ids?: readonly string[] | undefined }) {
    let q = this.db
      .selectFrom('appUser')
      .select(['id', 'displayName', 'email', 'role', 'isActive', 'updatedAt'])
      .where('clinicId', '=', clinicId);
    if (filter.ids) q = q.where(sql<string>`id::text`, 'in', inList(filter.ids));
    return this.inKeyOrder(q);
  }
  /**
   * Sessions whose journal has a prepared dose (keyset on the session id), with their dose and administration
   * entries (corrections included) in journal order: what MedicationAdministration and AdverseEvent are read from.
   * `entryIds` limits to sessions holding one of those entries; `kinds` picks the extra journal kinds to load.
   */
  async sessionJournals(
    clinicId: string,
    filter: PatientScopedFilter & {
      readonly entryIds?: readonly string[] | undefined;
      readonly withKind: EntryKind;
      readonly kinds: readonly EntryKind[];
    },
  ) {
    let q = this.db
      .selectFrom('treatmentDayEntry as e')
      .innerJoin('treatmentSession as s', (j) =>
        j.onRef('s.id', '=', 'e.sessionId').onRef('s.clinicId', '=', 'e.clinicId'),
      )
      .select(['s.id', 's.patientId', 's.modality', 's.route', 's.planId', 's.sessionNumber'])
      .distinct()
      .where('e.clinicId', '=', clinicId)
      .where('e.kind', '=', filter.withKind);
    if (filter.entryIds) q = q.where(sql<string>`e.id::text`, 'in', inList(filter.entryIds));
    if (filter.patientIds) q = q.where(sql<string>`e.patient_id::text`, 'in', inList(filter.patientIds));
    const sessions = await this.inKeyOrder(q, 's.id');
    if (sessions.length === 0) return [];
    const entries = await this.db
      .selectFrom('treatmentDayEntry')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where(
        'sessionId',
        'in',
        sessions.map((r) => r.id),
      )
      .where('kind', 'in', [...filter.kinds])
      .orderBy('seq')
      .execute();
    const bySession = new Map<string, typeof entries>();
    for (const e of entries) bySession.set(e.sessionId, [...(bySession.get(e.sessionId) ?? []), e]);
    return sessions.map((session) => ({ session, entries: bySession.get(session.id) ?? [] }));
  }

  async consents(clinicId: string, filter: PatientScopedFilter) {
    let q = this.db
      .selectFrom('consentSignature')
      .select(['id', 'patientId', 'modality', 'documentId', 'documentVersion', 'agreed', 'signedAt'])
      .where('clinicId', '=', clinicId);
    q = scoped(q, filter);
    return this.inKeyOrder(q);
  }

  /** Treatment chairs and rooms, one keyset over both (their ids are uuids from one generator). */
  async places(clinicId: string, filter: { readonly ids?: readonly string[] | undefined }) {
    const chairs = this.db
      .selectFrom('chair')
      .select(['id', 'name', 'room', 'isActive', 'updatedAt', sql<'chair' | 'room'>`'chair'`.as('kind')])
      .where('clinicId', '=', clinicId);
    const rooms = this.db
      .selectFrom('room')
      .select([
        'id',
        'name',
        sql<string | null>`null::text`.as('room'),
        'isActive',
        'updatedAt',
        sql<'chair' | 'room'>`'room'`.as('kind'),
      ])
      .where('clinicId', '=', clinicId);
    let q = this.db.selectFrom(chairs.unionAll(rooms).as('l')).selectAll();
    if (filter.ids) q = q.where(sql<string>`l.id::text`, 'in', inList(filter.ids));
    const rows = await this.inKeyOrder(q, 'l.id');
    const roomIds = new Map(
      (await this.db.selectFrom('room').select(['id', 'name']).where('clinicId', '=', clinicId).execute()).map((r) => [
        r.name,
        r.id,
      ]),
    );
    return rows.map((r) => ({ ...r, roomId: r.kind === 'chair' && r.room !== null ? roomIds.get(r.room) : undefined }));
  }

  /** Every plan's protocol, patient and status (the protocol Groups): small rows, read in one pass. */
  planMembership(clinicId: string) {
    return this.db
      .selectFrom('treatmentPlan')
      .select(['protocolId', 'patientId', 'status', 'createdAt', 'signedAt', 'discontinuedAt'])
      .where('clinicId', '=', clinicId)
      .orderBy('protocolId')
      .orderBy('patientId')
      .orderBy('createdAt')
      .execute();
  }
}

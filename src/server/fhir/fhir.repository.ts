/**
 * Read-only queries behind the FHIR facade. Every query is scoped by clinic. The FHIR module never writes here:
 * creating a QuestionnaireResponse goes through the measures service, like one answered in the app.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { TreatmentDayTables } from '../modules/treatment-day/treatment-day.tables.js';
import { escapeLike } from '../db/like-pattern.js';

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

export class FhirRepository {
  private readonly db: Kysely<Database & TreatmentDayTables>;
  constructor(db: Kysely<Database>) {
    this.db = db.withTables<TreatmentDayTables>();
  }

  clinic(clinicId: string) {
    return this.db.selectFrom('clinic').select(['id', 'name', 'slug', 'createdAt']).where('id', '=', clinicId).executeTakeFirst();
  }

  patients(clinicId: string, filter: PatientFilter) {
    let q = this.db.selectFrom('patient')
      .select(['id', 'clinicId', 'mrn', 'givenName', 'familyName', 'dateOfBirth', 'sex', 'phone', 'email', 'address', 'version', 'updatedAt'])
      .where('clinicId', '=', clinicId);
    if (filter.ids) q = q.where(sql<string>`id::text`, 'in', filter.ids.length > 0 ? [...filter.ids] : ['']);
    if (filter.mrns) q = q.where('mrn', 'in', filter.mrns.length > 0 ? [...filter.mrns] : ['']);
    if (filter.names && filter.names.length > 0) {
      const names = filter.names;
      q = q.where((eb) => eb.or(names.flatMap((n) => {
        const like = `${escapeLike(n.toLowerCase())}%`;
        return [eb(sql`lower(given_name)`, 'like', like), eb(sql`lower(family_name)`, 'like', like)];
      })));
    }
    return q.orderBy('id').execute();
  }

  /** Stored measures (one QuestionnaireResponse each). */
  measures(clinicId: string, filter: PatientScopedFilter & { readonly instrumentIds?: readonly string[] | undefined }) {
    let q = this.db.selectFrom('measure')
      .select(['id', 'patientId', 'instrumentId', 'instrumentVersion', 'answers', 'sessionId', 'observedAt', 'recordedAt', 'recordedBy', 'source'])
      .where('clinicId', '=', clinicId);
    if (filter.ids) q = q.where(sql<string>`id::text`, 'in', filter.ids.length > 0 ? [...filter.ids] : ['']);
    if (filter.patientIds) q = q.where(sql<string>`patient_id::text`, 'in', filter.patientIds.length > 0 ? [...filter.patientIds] : ['']);
    if (filter.instrumentIds) q = q.where('instrumentId', 'in', filter.instrumentIds.length > 0 ? [...filter.instrumentIds] : ['']);
    return q.orderBy('id').execute();
  }

  /** Score Observations (totals, risk levels, key items), with when their measure was recorded. */
  scoreObservations(clinicId: string, filter: PatientScopedFilter) {
    let q = this.db.selectFrom('observation')
      .innerJoin('measure', (j) => j.onRef('measure.id', '=', 'observation.measureId').onRef('measure.clinicId', '=', 'observation.clinicId'))
      .select(['observation.id', 'observation.patientId', 'observation.resource', 'observation.effectiveAt', 'measure.recordedAt', 'measure.sessionId'])
      .where('observation.clinicId', '=', clinicId);
    if (filter.ids) q = q.where(sql<string>`observation.id::text`, 'in', filter.ids.length > 0 ? [...filter.ids] : ['']);
    if (filter.patientIds) q = q.where(sql<string>`observation.patient_id::text`, 'in', filter.patientIds.length > 0 ? [...filter.patientIds] : ['']);
    return q.orderBy('observation.id').execute();
  }

  /**
   * Treatment-day entries that carry vital signs: `vitals` readings and the pre-dose vitals of `check-in`;
   * `correctedIds` are entries a later entry corrects.
   */
  async vitalEntries(clinicId: string, filter: PatientScopedFilter & { readonly entryIds?: readonly string[] | undefined }) {
    let q = this.db.selectFrom('treatmentDayEntry')
      .select(['id', 'kind', 'sessionId', 'patientId', 'data', 'occurredAt', 'recordedAt', 'recordedBy', 'correctsId'])
      .where('clinicId', '=', clinicId).where('kind', 'in', ['vitals', 'check-in']);
    if (filter.entryIds) q = q.where(sql<string>`id::text`, 'in', filter.entryIds.length > 0 ? [...filter.entryIds] : ['']);
    if (filter.patientIds) q = q.where(sql<string>`patient_id::text`, 'in', filter.patientIds.length > 0 ? [...filter.patientIds] : ['']);
    const rows = await q.orderBy('id').execute();
    const corrected = await this.db.selectFrom('treatmentDayEntry').select('correctsId')
      .where('clinicId', '=', clinicId).where('kind', '=', 'vitals').where('correctsId', 'is not', null).execute();
    return { rows, correctedIds: new Set(corrected.map((r) => r.correctsId as string)) };
  }

  sessions(clinicId: string, filter: PatientScopedFilter) {
    let q = this.db.selectFrom('treatmentSession')
      .select(['id', 'clinicId', 'patientId', 'modality', 'sessionNumber', 'startsAt', 'endsAt', 'status', 'staffId', 'createdAt', 'updatedAt'])
      .where('clinicId', '=', clinicId);
    if (filter.ids) q = q.where(sql<string>`id::text`, 'in', filter.ids.length > 0 ? [...filter.ids] : ['']);
    if (filter.patientIds) q = q.where(sql<string>`patient_id::text`, 'in', filter.patientIds.length > 0 ? [...filter.patientIds] : ['']);
    return q.orderBy('id').execute();
  }

  /** The latest intake version of each patient (diagnoses are read from it). */
  latestIntakes(clinicId: string, filter: PatientScopedFilter) {
    let q = this.db.selectFrom('patientIntake as i')
      .select(['i.id', 'i.patientId', 'i.version', 'i.data', 'i.createdAt', 'i.createdBy'])
      .where('i.clinicId', '=', clinicId)
      .where('i.version', '=', sql<number>`(select max(j.version) from patient_intake j where j.patient_id = i.patient_id and j.clinic_id = i.clinic_id)`);
    if (filter.patientIds) q = q.where(sql<string>`i.patient_id::text`, 'in', filter.patientIds.length > 0 ? [...filter.patientIds] : ['']);
    return q.orderBy('i.patientId').execute();
  }

  plans(clinicId: string, filter: PatientScopedFilter) {
    let q = this.db.selectFrom('treatmentPlan')
      .select(['id', 'patientId', 'protocolId', 'sessions', 'therapySessions', 'warnings', 'status', 'createdAt', 'createdBy', 'signedAt', 'signedBy', 'discontinuedAt'])
      .where('clinicId', '=', clinicId);
    if (filter.ids) q = q.where(sql<string>`id::text`, 'in', filter.ids.length > 0 ? [...filter.ids] : ['']);
    if (filter.patientIds) q = q.where(sql<string>`patient_id::text`, 'in', filter.patientIds.length > 0 ? [...filter.patientIds] : ['']);
    return q.orderBy('id').execute();
  }

  staff(clinicId: string, filter: { readonly ids?: readonly string[] | undefined }) {
    let q = this.db.selectFrom('appUser').select(['id', 'displayName', 'email', 'role', 'isActive', 'updatedAt']).where('clinicId', '=', clinicId);
    if (filter.ids) q = q.where(sql<string>`id::text`, 'in', filter.ids.length > 0 ? [...filter.ids] : ['']);
    return q.orderBy('id').execute();
  }
}

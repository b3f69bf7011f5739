/**
 * Indexes for the clinic outcome page (GET /api/measures/overview) on a large clinic (measured with
 * `npm run bench -- --only overview`: 10,000 patients and 300,000 scores, see bench/README.md).
 *
 * - measure_clinic_observed_idx: the page's most recent scores (`where clinic_id = ? order by observed_at desc
 *   limit 25`). The existing (clinic_id, instrument_id, observed_at) index cannot give that order, so every call
 *   read and sorted all of the clinic's measures.
 * - measure_outcome_idx: baseline and latest total per patient and instrument read every scored measure of the
 *   clinic; this covering index (total included, unscored C-SSRS rows left out) lets PostgreSQL read the narrow
 *   index instead of the wide measure rows, which carry their answers and FHIR QuestionnaireResponse.
 *
 * Frozen history: never edit after release; add a new migration instead. Typed Kysely<any>: no app imports.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('measure_clinic_observed_idx')
    .on('measure')
    .columns(['clinic_id', 'observed_at'])
    .execute();
  await sql`create index measure_outcome_idx on measure (clinic_id, patient_id, instrument_id, observed_at)
    include (total) where total is not null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('measure_outcome_idx').ifExists().execute();
  await db.schema.dropIndex('measure_clinic_observed_idx').ifExists().execute();
}

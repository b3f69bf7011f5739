/**
 * Search by MRN compares upper(mrn) (staff type it in any case); the unique (clinic_id, mrn) constraint cannot
 * serve that comparison, so without this index every MRN lookup read the clinic's whole patient table.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index patient_clinic_upper_mrn_idx on patient (clinic_id, upper(mrn))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index patient_clinic_upper_mrn_idx`.execute(db);
}

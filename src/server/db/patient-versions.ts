/**
 * Records kept as numbered versions per patient (a safety plan, a measurement schedule): nothing is overwritten, a
 * change is a new row whose version is one more than the patient's latest.
 */
import type { Transaction } from 'kysely';
import type { Database } from './schema.js';

/** The tables whose rows are a patient's numbered versions (1, 2, ...). */
export type PatientVersionedTable = 'measurementSchedule' | 'safetyPlan';

/** The version a new row of `table` for this patient takes: 1 for the first, else the latest plus one. */
export async function nextPatientVersion(
  trx: Transaction<Database>,
  table: PatientVersionedTable,
  patientId: string,
): Promise<number> {
  const last = await trx
    .selectFrom(table)
    .select('version')
    .where('patientId', '=', patientId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (last?.version ?? 0) + 1;
}

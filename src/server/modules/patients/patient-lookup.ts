import type { Transaction } from 'kysely';
import type { Database, PatientRow } from '../../db/schema.js';
import { NotFoundError } from '../../errors/http-errors.js';

/** What every module answers when a patient id does not name a patient of the caller's clinic. */
export const NO_SUCH_PATIENT = 'No such patient in this clinic.';

export function noSuchPatient(): NotFoundError {
  return new NotFoundError(NO_SUCH_PATIENT);
}

/** The narrow read the patients module offers other modules: one patient of one clinic. */
export interface PatientLookup {
  findById(clinicId: string, id: string, trx?: Transaction<Database>): Promise<PatientRow | undefined>;
}

/** The clinic's patient, or 404 (another clinic's patient is not told apart from one that does not exist). */
export async function requirePatient(
  patients: PatientLookup,
  clinicId: string,
  patientId: string,
  trx?: Transaction<Database>,
): Promise<PatientRow> {
  const patient = await patients.findById(clinicId, patientId, trx);
  if (!patient) throw noSuchPatient();
  return patient;
}

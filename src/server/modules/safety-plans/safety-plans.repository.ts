import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { nextPatientVersion } from '../../db/patient-versions.js';

export class SafetyPlansRepository {
  constructor(private readonly db: Kysely<Database>) {}

  versions(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('safetyPlan as s')
      .leftJoin('appUser as u', 'u.id', 's.createdBy')
      .select(['s.version', 's.content', 's.createdAt', 'u.displayName as createdByName'])
      .where('s.clinicId', '=', clinicId)
      .where('s.patientId', '=', patientId)
      .orderBy('s.version', 'desc')
      .execute();
  }

  async insert(
    trx: Transaction<Database>,
    row: { clinicId: string; patientId: string; content: Record<string, unknown>; createdAt: Date; createdBy: string },
  ): Promise<number> {
    const version = await nextPatientVersion(trx, 'safetyPlan', row.patientId);
    await trx
      .insertInto('safetyPlan')
      .values({ ...row, version, content: JSON.stringify(row.content) })
      .execute();
    return version;
  }
}

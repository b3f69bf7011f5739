/**
 * Group-level FHIR Bulk Data export (issue 15): the job remembers which Group it exports (a treatment protocol's
 * id, see src/server/fhir/README.md); null for system and patient level.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('bulk_export_job').addColumn('group_id', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('bulk_export_job').dropColumn('group_id').execute();
}

/**
 * Identifiers other systems gave a patient (issue 15, "Import"): the record number in the clinic's previous EHR, a
 * FHIR server's Patient id, and so on. Kept so a second import of the same file finds the patient it already created
 * instead of creating another. One (system, value) names at most one patient in a clinic. Rows are never changed.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('patient_identifier')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addUniqueConstraint('patient_identifier_clinic_system_value_key', ['clinic_id', 'system', 'value'])
    .execute();
  await db.schema
    .createIndex('patient_identifier_patient_idx')
    .on('patient_identifier')
    .columns(['clinic_id', 'patient_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('patient_identifier').execute();
}

/**
 * Patient self-intake (issue 14): a single-use link, like the questionnaire links, through which a patient fills
 * in contacts, registration, history, medicines and prior trials on a phone and signs the consent. What the patient
 * sends is kept here as sent; staff accept each part into the record later (the registration by the front desk,
 * the clinical part by a clinician), which writes new versions of the patient and the intake, never over them.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('self_intake_link')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('consent_modality', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('submission', 'jsonb')
    .addColumn('consent_signature_id', 'uuid', (c) => c.references('consent_signature.id'))
    .addColumn('registration_accepted_at', 'timestamptz')
    .addColumn('registration_accepted_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('registration_intake_version', 'integer')
    .addColumn('clinical_accepted_at', 'timestamptz')
    .addColumn('clinical_accepted_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('clinical_intake_version', 'integer')
    .addCheckConstraint('self_intake_link_submitted_whole', sql`(submitted_at is null) = (submission is null)`)
    .addCheckConstraint(
      'self_intake_link_accepted_after_submission',
      sql`submitted_at is not null or (registration_accepted_at is null and clinical_accepted_at is null)`,
    )
    .execute();
  await db.schema
    .createIndex('self_intake_link_patient_idx')
    .on('self_intake_link')
    .columns(['clinic_id', 'patient_id', 'created_at'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('self_intake_link').execute();
}

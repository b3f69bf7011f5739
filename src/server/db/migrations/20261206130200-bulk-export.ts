/**
 * FHIR Bulk Data export (issue 15): one row per kick-off, and the NDJSON it produced, kept in the database in
 * chunks (one per batch of rows read) so any server instance can answer the status and stream the files, and
 * neither writing nor reading a file holds more than one chunk in memory.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bulk_export_job')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('requested_by', 'uuid', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('types', 'jsonb', (c) => c.notNull())
    .addColumn('since', 'timestamptz')
    .addColumn('request_url', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('bulk_export_job_clinic_idx')
    .on('bulk_export_job')
    .columns(['clinic_id', 'created_at'])
    .execute();
  // The export reads each type in keyset windows (`clinic_id = ? and id > ? order by id limit ?`): with these the
  // database walks one index in order and stops after the window, instead of sorting every later row of the clinic.
  for (const table of [
    'patient',
    'measure',
    'observation',
    'treatment_session',
    'treatment_plan',
    'treatment_day_entry',
  ]) {
    await db.schema.createIndex(`${table}_clinic_keyset_idx`).on(table).columns(['clinic_id', 'id']).execute();
  }
  await db.schema
    .createTable('bulk_export_chunk')
    .addColumn('job_id', 'uuid', (c) => c.notNull().references('bulk_export_job.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('ndjson', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bulk_export_chunk_pk', ['job_id', 'seq'])
    .execute();
  // NDJSON chunks are written once and read once: storing them uncompressed spares the database server the work
  // of compressing (and decompressing) every exported byte.
  await sql`alter table bulk_export_chunk alter column ndjson set storage external`.execute(db);
  await db.schema
    .createIndex('bulk_export_chunk_file_idx')
    .on('bulk_export_chunk')
    .columns(['job_id', 'resource_type', 'part', 'seq'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'patient',
    'measure',
    'observation',
    'treatment_session',
    'treatment_plan',
    'treatment_day_entry',
  ]) {
    await db.schema.dropIndex(`${table}_clinic_keyset_idx`).execute();
  }
  await db.schema.dropTable('bulk_export_chunk').execute();
  await db.schema.dropTable('bulk_export_job').execute();
}

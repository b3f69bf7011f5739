/**
 * Therapy notes (issue 14): the notes of therapy appointments (KAP preparation, dosing-session support, integration,
 * individual or group), kept like the treatment session's notes: draft versions, one signature (then locked), then
 * addenda. Every row is a new version; the table is append-only (kc_refuse_change, migration 20261128000300).
 *
 *   therapy_note   appointment_id + version unique; at most one 'signed' row per appointment; note_type says which
 *                  kind of therapy note it is (preparation, dosing-support, integration)
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('therapy_note')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('appointment_id', 'uuid', (c) => c.notNull().references('appointment.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('draft', 'signed', 'addendum')`))
    .addColumn('note_type', 'text', (c) =>
      c.notNull().check(sql`note_type in ('preparation', 'dosing-support', 'integration')`),
    )
    .addColumn('body', 'text', (c) => c.notNull().check(sql`length(btrim(body)) > 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addUniqueConstraint('therapy_note_version_key', ['appointment_id', 'version'])
    .execute();
  await sql`create unique index therapy_note_one_signature on therapy_note (appointment_id) where kind = 'signed'`.execute(
    db,
  );
  await sql`create index therapy_note_patient_idx on therapy_note (clinic_id, patient_id, created_at)`.execute(db);
  await sql`create trigger therapy_note_append_only before update or delete on therapy_note
    for each row execute function kc_refuse_change()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('therapy_note').ifExists().execute();
}

/**
 * The treatment day (issue 5): what happens in the chair, recorded as it happens, never edited in place.
 *
 *   treatment_day_entry     the session's journal: check-in, checklist acknowledgements, dose preparation and
 *                           verification, administration events, vital signs, MOAA/S, CADSS, nausea, notes,
 *                           adverse events, discharge, billing capture, REMS form answers and submission. A
 *                           correction is a new row pointing at the original (`corrects_id`) with a reason.
 *   session_alert           an alert raised by a reading (domain thresholds), kept for the record
 *   session_alert_ack       its acknowledgement with the action taken (at most one per alert)
 *   session_note            the session note: draft versions, the signature (one per session), then addenda
 *   rems_patient_enrolment  a patient's SPRAVATO REMS enrolment as the clinic recorded it
 *
 * Every table carries clinic_id and is append-only (trigger kc_refuse_change from migration 000300).
 * Frozen history: never edit after release; add a new migration instead. Typed Kysely<any>: no app imports.
 */
import { sql, type Kysely } from 'kysely';

const ENTRY_KINDS = [
  'check-in',
  'checklist-acknowledged',
  'dose-prepared',
  'dose-verified',
  'infusion-started',
  'infusion-rate-changed',
  'infusion-paused',
  'infusion-resumed',
  'infusion-stopped',
  'device-administered',
  'vitals',
  'moaas',
  'cadss',
  'nausea',
  'note',
  'adverse-event',
  'discharged',
  'billing-captured',
  'rems-form',
  'rems-submitted',
];

async function appendOnly(db: Kysely<unknown>, table: string): Promise<void> {
  await sql
    .raw(
      `create trigger ${table}_append_only before update or delete on ${table}
    for each row execute function kc_refuse_change()`,
    )
    .execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('treatment_day_entry')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('treatment_session.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql.raw(`kind in (${ENTRY_KINDS.map((k) => `'${k}'`).join(',')})`)),
    )
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('corrects_id', 'uuid', (c) => c.references('treatment_day_entry.id'))
    .addColumn('correction_reason', 'text')
    .addCheckConstraint(
      'treatment_day_entry_correction',
      sql`(corrects_id is null) = (correction_reason is null) and (correction_reason is null or length(btrim(correction_reason)) > 0)`,
    )
    .execute();
  await db.schema
    .createIndex('treatment_day_entry_session_idx')
    .on('treatment_day_entry')
    .columns(['clinic_id', 'session_id', 'seq'])
    .execute();
  // One discharge per session; a second request racing the first is refused by the database.
  await sql`create unique index treatment_day_entry_one_discharge on treatment_day_entry (session_id) where kind = 'discharged'`.execute(
    db,
  );
  await appendOnly(db, 'treatment_day_entry');

  await db.schema
    .createTable('session_alert')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('treatment_session.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('entry_id', 'uuid', (c) => c.notNull().references('treatment_day_entry.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('warning','critical')`))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('value', 'numeric', (c) => c.notNull())
    .addColumn('limit_value', 'numeric', (c) => c.notNull())
    .addColumn('thresholds_version', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('session_alert_session_idx')
    .on('session_alert')
    .columns(['clinic_id', 'session_id', 'raised_at'])
    .execute();
  await appendOnly(db, 'session_alert');

  await db.schema
    .createTable('session_alert_ack')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('alert_id', 'uuid', (c) => c.notNull().unique().references('session_alert.id'))
    .addColumn('action', 'text', (c) => c.notNull().check(sql`length(btrim(action)) > 0`))
    .addColumn('acknowledged_at', 'timestamptz', (c) => c.notNull())
    .addColumn('acknowledged_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .execute();
  await appendOnly(db, 'session_alert_ack');

  await db.schema
    .createTable('session_note')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('treatment_session.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('draft','signed','addendum')`))
    .addColumn('body', 'text', (c) => c.notNull().check(sql`length(btrim(body)) > 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addUniqueConstraint('session_note_version_key', ['session_id', 'version'])
    .execute();
  await sql`create unique index session_note_one_signature on session_note (session_id) where kind = 'signed'`.execute(
    db,
  );
  await appendOnly(db, 'session_note');

  await db.schema
    .createTable('rems_patient_enrolment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('enrolled_on', 'text', (c) => c.notNull().check(sql`enrolled_on ~ '^\\d{4}-\\d{2}-\\d{2}$'`))
    .addColumn('rems_patient_id', 'text')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .execute();
  await db.schema
    .createIndex('rems_patient_enrolment_patient_idx')
    .on('rems_patient_enrolment')
    .columns(['clinic_id', 'patient_id', 'recorded_at'])
    .execute();
  await appendOnly(db, 'rems_patient_enrolment');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'rems_patient_enrolment',
    'session_note',
    'session_alert_ack',
    'session_alert',
    'treatment_day_entry',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

/**
 * Measurement-based care: treatment sessions (the time axis; later migrations extend them for booking),
 * recorded measures with their FHIR resources, single-use home questionnaire links, measurement schedules,
 * suicide-risk alerts (never deleted), staff notifications and versioned safety plans.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('treatment_session')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('modality', 'text', (c) => c.notNull())
    .addColumn('session_number', 'integer')
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('scheduled')
        .check(sql`status in ('scheduled','in-progress','completed','cancelled','no-show')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid')
    .addCheckConstraint('treatment_session_time_order', sql`ends_at > starts_at`)
    .execute();
  await db.schema
    .createIndex('treatment_session_patient_idx')
    .on('treatment_session')
    .columns(['clinic_id', 'patient_id', 'starts_at'])
    .execute();

  await db.schema
    .createTable('measure')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('instrument_version', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`context in ('intake','baseline','pre-session','post-session-24h','in-session','weekly','monthly','follow-up','other')`,
        ),
    )
    .addColumn('session_id', 'uuid', (c) => c.references('treatment_session.id'))
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    .addColumn('total', 'integer')
    .addColumn('band', 'text')
    .addColumn('flags', 'jsonb', (c) => c.notNull())
    .addColumn('subscales', 'jsonb')
    .addColumn('questionnaire_response', 'jsonb', (c) => c.notNull())
    .addColumn('observed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('staff','patient-link')`))
    .addColumn('link_id', 'uuid')
    .execute();
  await db.schema
    .createIndex('measure_patient_idx')
    .on('measure')
    .columns(['clinic_id', 'patient_id', 'instrument_id', 'observed_at'])
    .execute();
  await db.schema
    .createIndex('measure_clinic_time_idx')
    .on('measure')
    .columns(['clinic_id', 'instrument_id', 'observed_at'])
    .execute();

  await db.schema
    .createTable('observation')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('measure_id', 'uuid', (c) => c.references('measure.id'))
    .addColumn('code_system', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('value_number', 'numeric')
    .addColumn('value_code', 'text')
    .addColumn('effective_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resource', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('observation_patient_idx')
    .on('observation')
    .columns(['clinic_id', 'patient_id', 'code', 'effective_at'])
    .execute();
  await db.schema.createIndex('observation_measure_idx').on('observation').column('measure_id').execute();

  await db.schema
    .createTable('measure_link')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('instruments', 'jsonb', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('session_id', 'uuid', (c) => c.references('treatment_session.id'))
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('measure_link_patient_idx')
    .on('measure_link')
    .columns(['clinic_id', 'patient_id'])
    .execute();

  await db.schema
    .createTable('measurement_schedule')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('rules', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addUniqueConstraint('measurement_schedule_version_key', ['patient_id', 'version'])
    .execute();

  await db.schema
    .createTable('safety_alert')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('measure_id', 'uuid', (c) => c.references('measure.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('low','moderate','high')`))
    .addColumn('reasons', 'jsonb', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('escalation_due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('escalated_at', 'timestamptz')
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('acknowledged_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('acknowledgement_note', 'text')
    .addColumn('actions', 'jsonb')
    .addCheckConstraint(
      'safety_alert_ack_complete',
      sql`(acknowledged_at is null) = (acknowledged_by is null) and (acknowledged_at is null) = (acknowledgement_note is null)`,
    )
    .execute();
  await db.schema
    .createIndex('safety_alert_open_idx')
    .on('safety_alert')
    .columns(['clinic_id', 'acknowledged_at', 'created_at'])
    .execute();
  await db.schema
    .createIndex('safety_alert_patient_idx')
    .on('safety_alert')
    .columns(['clinic_id', 'patient_id', 'created_at'])
    .execute();
  // No alert can be deleted; an acknowledged alert is final; what an alert says can never change.
  await sql`
    create function safety_alert_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'safety alerts cannot be deleted' using errcode = 'insufficient_privilege';
      end if;
      if old.acknowledged_at is not null then
        raise exception 'an acknowledged safety alert cannot be changed' using errcode = 'insufficient_privilege';
      end if;
      if new.patient_id <> old.patient_id or new.kind <> old.kind or new.severity <> old.severity
         or new.reasons <> old.reasons or new.created_at <> old.created_at or new.clinic_id <> old.clinic_id
         or new.measure_id is distinct from old.measure_id then
        raise exception 'what a safety alert says cannot be changed' using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger safety_alert_guard before update or delete on safety_alert
    for each row execute function safety_alert_guard()`.execute(db);

  await db.schema
    .createTable('staff_notification')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('alert_id', 'uuid', (c) => c.references('safety_alert.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('staff_notification_user_idx')
    .on('staff_notification')
    .columns(['user_id', 'read_at', 'created_at'])
    .execute();

  await db.schema
    .createTable('safety_plan')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addUniqueConstraint('safety_plan_version_key', ['patient_id', 'version'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'safety_plan',
    'staff_notification',
    'safety_alert',
    'measurement_schedule',
    'measure_link',
    'observation',
    'measure',
    'treatment_session',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists safety_alert_guard()`.execute(db);
}

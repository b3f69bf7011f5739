/**
 * Intake, eligibility, consent, treatment plans and chair scheduling (issue 4).
 *
 *   patient_intake          versioned structured intake: each save is a new row (append-only)
 *   eligibility_decision    a stored evaluation: facts snapshot, decision, reasons, rule-set version (append-only)
 *   eligibility_override    a prescriber going ahead against `review` (one signature) or a relative-only `ineligible`
 *                           (plus a second prescriber's countersignature); absolute reasons are refused by the service
 *   consent_signature       document id + version + SHA-256, typed name, agreed, desk or link (append-only)
 *   treatment_plan          protocol id + version, options, the planned sessions, prescriber's signature, status
 *   chair                   treatment chairs (rooms)
 *   staff_shift             when a staff member is available (no overlapping shifts per person)
 *   treatment_session       EXTENDED: plan, chair, staff, dose and chair time, cancellation and no-show
 *   session_confirmation    pre-session reminders confirmed (ride home, fasting, ...)
 *   treatment_session_event the booking history of a session: booked, rescheduled, cancelled, no-show (append-only)
 *
 * Double-booking is impossible in the database itself: an exclusion constraint on treatment_session refuses two
 * live sessions on the same chair whose [starts_at, ends_at) ranges overlap (btree_gist gives uuid equality in
 * a GiST index). See docs/adr/0003-chair-double-booking-exclusion-constraint.md.
 *
 * Frozen history: never edit after release; add a new migration instead. Typed Kysely<any>: no app imports.
 */
import { sql, type Kysely } from 'kysely';

const MODALITIES = sql`('iv-ketamine','im-ketamine','esketamine-nasal','kap','iv-ketamine-pain')`;

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
  // btree_gist is a trusted extension (PostgreSQL 13+): a database owner may create it. It goes in `public` so that
  // test schemas (search_path = one schema) all share one copy. The advisory lock stops two first-time migrations
  // racing on CREATE EXTENSION (which can fail with a duplicate key in pg_extension).
  await sql`select pg_advisory_xact_lock(7301004)`.execute(db);
  await sql`create extension if not exists btree_gist with schema public`.execute(db);

  await sql`
    create function kc_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % is not allowed', tg_table_name, tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);

  // Intake ------------------------------------------------------------------------------------------------------
  await db.schema
    .createTable('patient_intake')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('facts', 'jsonb', (c) => c.notNull())
    .addColumn('changed_sections', 'jsonb', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('staff','patient-link')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addUniqueConstraint('patient_intake_version_key', ['patient_id', 'version'])
    .execute();
  await db.schema
    .createIndex('patient_intake_clinic_patient_idx')
    .on('patient_intake')
    .columns(['clinic_id', 'patient_id', 'version'])
    .execute();
  await appendOnly(db, 'patient_intake');

  // Eligibility -------------------------------------------------------------------------------------------------
  await db.schema
    .createTable('eligibility_decision')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('modality', 'text', (c) => c.notNull().check(sql`modality in ${MODALITIES}`))
    .addColumn('intake_id', 'uuid', (c) => c.notNull().references('patient_intake.id'))
    .addColumn('intake_version', 'integer', (c) => c.notNull())
    .addColumn('facts', 'jsonb', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('eligible','review','ineligible')`))
    .addColumn('reasons', 'jsonb', (c) => c.notNull())
    .addColumn('rule_set_version', 'text', (c) => c.notNull())
    .addColumn('treatment_resistance', 'jsonb')
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_by', 'uuid', (c) => c.references('app_user.id'))
    .execute();
  await db.schema
    .createIndex('eligibility_decision_patient_idx')
    .on('eligibility_decision')
    .columns(['clinic_id', 'patient_id', 'modality', 'decided_at'])
    .execute();
  await appendOnly(db, 'eligibility_decision');

  await db.schema
    .createTable('eligibility_override')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    // One override per decision: two prescribers overriding the same decision at once cannot both succeed.
    .addColumn('decision_id', 'uuid', (c) => c.notNull().unique().references('eligibility_decision.id'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('review','ineligible')`))
    .addColumn('prescribers_required', 'integer', (c) => c.notNull().check(sql`prescribers_required in (1, 2)`))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(btrim(reason)) > 0`))
    .addColumn('signed_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('countersigned_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('countersigned_at', 'timestamptz')
    .addColumn('countersign_note', 'text')
    .addCheckConstraint('eligibility_override_prescribers', sql`(decision = 'ineligible') = (prescribers_required = 2)`)
    .addCheckConstraint(
      'eligibility_override_countersign_complete',
      sql`(countersigned_by is null) = (countersigned_at is null)`,
    )
    .addCheckConstraint(
      'eligibility_override_countersign_needed',
      sql`prescribers_required = 2 or countersigned_by is null`,
    )
    .addCheckConstraint(
      'eligibility_override_second_prescriber',
      sql`countersigned_by is null or countersigned_by <> signed_by`,
    )
    .execute();
  // An override is final once signed; only its missing countersignature can be added, once.
  await sql`
    create function eligibility_override_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'eligibility overrides cannot be deleted' using errcode = 'insufficient_privilege';
      end if;
      if old.countersigned_by is not null then
        raise exception 'a countersigned override cannot be changed' using errcode = 'insufficient_privilege';
      end if;
      if new.decision_id <> old.decision_id or new.reason <> old.reason or new.signed_by <> old.signed_by
         or new.signed_at <> old.signed_at or new.decision <> old.decision or new.prescribers_required <> old.prescribers_required
         or new.clinic_id <> old.clinic_id or new.patient_id <> old.patient_id then
        raise exception 'only the countersignature of an override can be added' using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger eligibility_override_guard before update or delete on eligibility_override
    for each row execute function eligibility_override_guard()`.execute(db);

  // Consent -----------------------------------------------------------------------------------------------------
  await db.schema
    .createTable('consent_signature')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('modality', 'text', (c) => c.notNull().check(sql`modality in ${MODALITIES}`))
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('document_version', 'text', (c) => c.notNull())
    .addColumn('document_sha256', 'text', (c) => c.notNull().check(sql`document_sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('typed_name', 'text', (c) => c.notNull().check(sql`length(btrim(typed_name)) > 0`))
    .addColumn('agreed', 'boolean', (c) => c.notNull().check(sql`agreed`))
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('desk','link')`))
    .addColumn('recorded_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('link_id', 'uuid')
    .execute();
  await db.schema
    .createIndex('consent_signature_patient_idx')
    .on('consent_signature')
    .columns(['clinic_id', 'patient_id', 'modality', 'signed_at'])
    .execute();
  await appendOnly(db, 'consent_signature');

  // Plans -------------------------------------------------------------------------------------------------------
  await db.schema
    .createTable('treatment_plan')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('modality', 'text', (c) => c.notNull().check(sql`modality in ${MODALITIES}`))
    .addColumn('protocol_id', 'text', (c) => c.notNull())
    .addColumn('protocol_version', 'text', (c) => c.notNull())
    .addColumn('protocol_settings', 'jsonb', (c) => c.notNull())
    .addColumn('options', 'jsonb', (c) => c.notNull())
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('weight_kg', 'numeric')
    .addColumn('weight_basis', 'text', (c) => c.check(sql`weight_basis in ('actual','ideal','adjusted')`))
    .addColumn('weight_explanation', 'text')
    .addColumn('sessions', 'jsonb', (c) => c.notNull())
    .addColumn('therapy_sessions', 'jsonb', (c) => c.notNull())
    .addColumn('warnings', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','active','completed','discontinued')`))
    .addColumn('eligibility_decision_id', 'uuid', (c) => c.notNull().references('eligibility_decision.id'))
    .addColumn('eligibility_override_id', 'uuid', (c) => c.references('eligibility_override.id'))
    .addColumn('consent_signature_id', 'uuid', (c) => c.notNull().references('consent_signature.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('signed_at', 'timestamptz')
    .addColumn('signed_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('discontinued_at', 'timestamptz')
    .addColumn('discontinued_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('discontinue_reason', 'text')
    .addCheckConstraint('treatment_plan_signature_complete', sql`(signed_at is null) = (signed_by is null)`)
    .addCheckConstraint(
      'treatment_plan_active_is_signed',
      sql`status not in ('active','completed') or signed_at is not null`,
    )
    .addCheckConstraint(
      'treatment_plan_discontinued',
      sql`(status = 'discontinued') = (discontinued_at is not null) and (discontinued_at is null) = (discontinue_reason is null)`,
    )
    .execute();
  await db.schema
    .createIndex('treatment_plan_patient_idx')
    .on('treatment_plan')
    .columns(['clinic_id', 'patient_id', 'created_at'])
    .execute();
  // What a prescriber signed cannot change afterwards; only the plan's status may move on.
  await sql`
    create function treatment_plan_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'treatment plans cannot be deleted' using errcode = 'insufficient_privilege';
      end if;
      if old.signed_at is not null and (
           new.sessions <> old.sessions or new.options <> old.options or new.protocol_id <> old.protocol_id
           or new.protocol_version <> old.protocol_version or new.protocol_settings <> old.protocol_settings
           or new.start_date <> old.start_date or new.weight_kg is distinct from old.weight_kg
           or new.signed_at <> old.signed_at or new.signed_by <> old.signed_by or new.patient_id <> old.patient_id
           or new.clinic_id <> old.clinic_id or new.modality <> old.modality) then
        raise exception 'a signed treatment plan cannot be changed' using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger treatment_plan_guard before update or delete on treatment_plan
    for each row execute function treatment_plan_guard()`.execute(db);

  // Chairs and staff availability -------------------------------------------------------------------------------
  await db.schema
    .createTable('chair')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(btrim(name)) > 0`))
    .addColumn('room', 'text')
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index chair_clinic_name_key on chair (clinic_id, lower(name))`.execute(db);

  await db.schema
    .createTable('staff_shift')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addCheckConstraint('staff_shift_time_order', sql`ends_at > starts_at`)
    .execute();
  await sql`alter table staff_shift add constraint staff_shift_no_overlap
    exclude using gist (user_id with =, tstzrange(starts_at, ends_at, '[)') with &&)`.execute(db);
  await db.schema
    .createIndex('staff_shift_clinic_time_idx')
    .on('staff_shift')
    .columns(['clinic_id', 'starts_at'])
    .execute();

  // Sessions: booking columns on the existing treatment_session --------------------------------------------------
  await db.schema
    .alterTable('treatment_session')
    .addColumn('plan_id', 'uuid', (c) => c.references('treatment_plan.id'))
    .addColumn('chair_id', 'uuid', (c) => c.references('chair.id'))
    .addColumn('staff_id', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('phase', 'text')
    .addColumn('dose_mg', 'numeric')
    .addColumn('route', 'text')
    .addColumn('duration_min', 'integer')
    .addColumn('monitoring_min', 'integer')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('cancelled_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('cancel_reason_code', 'text')
    .addColumn('cancel_note', 'text')
    .addColumn('no_show_at', 'timestamptz')
    .addColumn('no_show_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('no_show_note', 'text')
    .addColumn('updated_at', 'timestamptz')
    .execute();
  // A chair holds one patient at a time for the whole chair time (dosing + monitoring). Half-open ranges: a session
  // ending at 10:00 and one starting at 10:00 do not overlap. Cancelled and no-show sessions free the chair.
  await sql`alter table treatment_session add constraint treatment_session_chair_no_overlap
    exclude using gist (chair_id with =, tstzrange(starts_at, ends_at, '[)') with &&)
    where (chair_id is not null and status not in ('cancelled', 'no-show'))`.execute(db);
  // One live booking per planned session (a cancelled or missed session can be booked again).
  await sql`create unique index treatment_session_plan_session_key on treatment_session (plan_id, session_number)
    where plan_id is not null and status not in ('cancelled', 'no-show')`.execute(db);
  await sql`alter table treatment_session add constraint treatment_session_cancel_reason
    check (cancel_reason_code is null or status = 'cancelled') not valid`.execute(db);
  await db.schema
    .createIndex('treatment_session_clinic_time_idx')
    .on('treatment_session')
    .columns(['clinic_id', 'starts_at'])
    .execute();
  await db.schema
    .createIndex('treatment_session_plan_idx')
    .on('treatment_session')
    .columns(['plan_id', 'session_number'])
    .execute();

  await db.schema
    .createTable('session_confirmation')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('treatment_session.id'))
    .addColumn('code', 'text', (c) =>
      c.notNull().check(sql`code in ('ride-home','fasting','nasal-medication-timing','rems-enrolled')`),
    )
    .addColumn('note', 'text')
    .addColumn('confirmed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('confirmed_by', 'uuid', (c) => c.references('app_user.id'))
    .addUniqueConstraint('session_confirmation_key', ['session_id', 'code'])
    .execute();
  await appendOnly(db, 'session_confirmation');

  await db.schema
    .createTable('treatment_session_event')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('treatment_session.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('booked','rescheduled','cancelled','no-show','confirmed')`),
    )
    .addColumn('detail', 'jsonb', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.references('app_user.id'))
    .execute();
  await db.schema
    .createIndex('treatment_session_event_session_idx')
    .on('treatment_session_event')
    .columns(['session_id', 'occurred_at'])
    .execute();
  await appendOnly(db, 'treatment_session_event');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['treatment_session_event', 'session_confirmation'])
    await db.schema.dropTable(table).ifExists().execute();
  for (const index of [
    'treatment_session_plan_session_key',
    'treatment_session_clinic_time_idx',
    'treatment_session_plan_idx',
  ]) {
    await sql.raw(`drop index if exists ${index}`).execute(db);
  }
  await sql`alter table treatment_session drop constraint if exists treatment_session_chair_no_overlap`.execute(db);
  await sql`alter table treatment_session drop constraint if exists treatment_session_cancel_reason`.execute(db);
  await db.schema
    .alterTable('treatment_session')
    .dropColumn('plan_id')
    .dropColumn('chair_id')
    .dropColumn('staff_id')
    .dropColumn('phase')
    .dropColumn('dose_mg')
    .dropColumn('route')
    .dropColumn('duration_min')
    .dropColumn('monitoring_min')
    .dropColumn('cancelled_at')
    .dropColumn('cancelled_by')
    .dropColumn('cancel_reason_code')
    .dropColumn('cancel_note')
    .dropColumn('no_show_at')
    .dropColumn('no_show_by')
    .dropColumn('no_show_note')
    .dropColumn('updated_at')
    .execute();
  for (const table of [
    'staff_shift',
    'chair',
    'treatment_plan',
    'consent_signature',
    'eligibility_override',
    'eligibility_decision',
    'patient_intake',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  for (const fn of ['treatment_plan_guard', 'eligibility_override_guard', 'kc_refuse_change'])
    await sql.raw(`drop function if exists ${fn}()`).execute(db);
}

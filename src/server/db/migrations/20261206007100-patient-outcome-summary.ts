/**
 * Per patient and instrument, the outcome the clinic page counts: the baseline (the last total at or before the
 * patient's first treatment) and the latest total after it (issue 11). Kept by the database on every write that can
 * change it (a scored measure stored, a session given a start or a status), so the clinic page reads one row per
 * patient and instrument however long each patient's history grows.
 *
 * - A derived table, not a record: it is rebuilt for a patient from their measures and sessions, which stay the
 *   source of truth (append-only, audited). Rebuilding a patient's rows is the only way it changes.
 * - Statement-level triggers with transition tables: a bulk insert of many measures rebuilds each patient once.
 * - Two transactions writing for one patient at once: the rebuild first locks the patient's row (FOR NO KEY UPDATE,
 *   which inserts' foreign-key checks do not wait on), so the second waits for the first to commit and then
 *   rebuilds from a snapshot that includes it (each statement of a volatile function takes a fresh snapshot).
 *
 * Frozen history: never edit after release; add a new migration instead. Typed Kysely<any>: no app imports.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('patient_outcome_summary')
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('first_treatment_at', 'timestamptz', (c) => c.notNull())
    .addColumn('baseline', 'integer')
    .addColumn('latest', 'integer')
    .addColumn('latest_at', 'timestamptz')
    .addPrimaryKeyConstraint('patient_outcome_summary_pkey', ['patient_id', 'instrument_id'])
    .execute();
  await db.schema
    .createIndex('patient_outcome_summary_clinic_idx')
    .on('patient_outcome_summary')
    .columns(['clinic_id', 'instrument_id'])
    .execute();

  await sql`create function kc_refresh_patient_outcomes(patient_ids uuid[]) returns void language plpgsql as $$
    begin
      perform 1 from patient where id = any(patient_ids) order by id for no key update;
      delete from patient_outcome_summary where patient_id = any(patient_ids);
      insert into patient_outcome_summary (clinic_id, patient_id, instrument_id, first_treatment_at, baseline, latest, latest_at)
      with first_tx as (
        select patient_id, min(starts_at) as first_at from treatment_session
        where patient_id = any(patient_ids) and status in ('completed', 'in-progress')
        group by patient_id
      ),
      series as (
        select m.clinic_id, m.patient_id, m.instrument_id, m.observed_at, m.total, f.first_at,
               lead(m.observed_at) over (partition by m.patient_id, m.instrument_id order by m.observed_at) as next_at
        from measure m join first_tx f on f.patient_id = m.patient_id
        where m.patient_id = any(patient_ids) and m.total is not null
      )
      select clinic_id, patient_id, instrument_id, first_at,
             max(total) filter (where observed_at <= first_at and (next_at is null or next_at > first_at)),
             max(total) filter (where observed_at > first_at and next_at is null),
             max(observed_at) filter (where observed_at > first_at and next_at is null)
      from series group by clinic_id, patient_id, instrument_id, first_at;
    end $$`.execute(db);

  await sql`create function kc_measure_outcomes_changed() returns trigger language plpgsql as $$
    begin
      perform kc_refresh_patient_outcomes(array(select distinct patient_id from changed_rows where total is not null));
      return null;
    end $$`.execute(db);
  await sql`create trigger measure_outcome_summary after insert on measure
    referencing new table as changed_rows for each statement execute function kc_measure_outcomes_changed()`.execute(
    db,
  );

  await sql`create function kc_session_outcomes_inserted() returns trigger language plpgsql as $$
    begin
      perform kc_refresh_patient_outcomes(array(select distinct patient_id from new_rows
        where status in ('completed', 'in-progress')));
      return null;
    end $$`.execute(db);
  await sql`create trigger treatment_session_outcome_summary_insert after insert on treatment_session
    referencing new table as new_rows for each statement execute function kc_session_outcomes_inserted()`.execute(db);

  await sql`create function kc_session_outcomes_updated() returns trigger language plpgsql as $$
    begin
      perform kc_refresh_patient_outcomes(array(select distinct n.patient_id from new_rows n join old_rows o on o.id = n.id
        where (o.status, o.starts_at) is distinct from (n.status, n.starts_at)));
      return null;
    end $$`.execute(db);
  await sql`create trigger treatment_session_outcome_summary_update after update on treatment_session
    referencing old table as old_rows new table as new_rows for each statement execute function kc_session_outcomes_updated()`.execute(
    db,
  );

  // Everything stored before this migration.
  await sql`select kc_refresh_patient_outcomes(array(select id from patient))`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists measure_outcome_summary on measure`.execute(db);
  await sql`drop trigger if exists treatment_session_outcome_summary_insert on treatment_session`.execute(db);
  await sql`drop trigger if exists treatment_session_outcome_summary_update on treatment_session`.execute(db);
  for (const fn of ['kc_measure_outcomes_changed', 'kc_session_outcomes_inserted', 'kc_session_outcomes_updated']) {
    await sql.raw(`drop function if exists ${fn}()`).execute(db);
  }
  await sql`drop function if exists kc_refresh_patient_outcomes(uuid[])`.execute(db);
  await db.schema.dropTable('patient_outcome_summary').ifExists().execute();
}

/**
 * Same-day suicide-risk evaluations (issue 10 item 2): a prescriber's evaluation of ONE answer (a measure) that
 * signalled suicide risk on a treatment day, before dosing may go on. Append-only (trigger kc_refuse_change from
 * migration 000300): a later evaluation of the same answer is a new row; the latest counts.
 * Frozen history: never edit after release. Typed Kysely<any>: no app imports.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('suicide_risk_evaluation')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('treatment_session.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('measure_id', 'uuid', (c) => c.notNull().references('measure.id'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('may-proceed','do-not-dose')`))
    .addColumn('note', 'text', (c) => c.notNull().check(sql`length(btrim(note)) > 0`))
    .addColumn('evaluated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('evaluated_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('suicide_risk_evaluation_session_idx')
    .on('suicide_risk_evaluation')
    .columns(['clinic_id', 'session_id'])
    .execute();
  await db.schema
    .createIndex('suicide_risk_evaluation_measure_idx')
    .on('suicide_risk_evaluation')
    .columns(['clinic_id', 'measure_id'])
    .execute();
  await sql`create trigger suicide_risk_evaluation_append_only before update or delete on suicide_risk_evaluation
    for each row execute function kc_refuse_change()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('suicide_risk_evaluation').execute();
}

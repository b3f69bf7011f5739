/**
 * Reviews a prescriber records on a treatment plan before the sessions they hold may be booked: the SPRAVATO
 * end-of-induction review (evaluate therapeutic benefit after weeks 1-4 before weeks 5-8). Append-only: a changed
 * mind is a new review, and the latest one counts.
 *
 * Frozen history: never edit after release; add a new migration instead. Typed Kysely<any>: no app imports.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plan_review')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('plan_id', 'uuid', (c) => c.notNull().references('treatment_plan.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('code', 'text', (c) => c.notNull().check(sql`code in ('end-of-induction')`))
    .addColumn('benefit', 'text', (c) =>
      c.notNull().check(sql`benefit in ('response', 'partial-response', 'no-benefit')`),
    )
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('continue', 'stop')`))
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('plan_review_plan_idx')
    .on('plan_review')
    .columns(['clinic_id', 'plan_id', 'recorded_at'])
    .execute();
  await sql`create trigger plan_review_append_only before update or delete on plan_review
    for each row execute function kc_refuse_change()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_review').ifExists().execute();
}

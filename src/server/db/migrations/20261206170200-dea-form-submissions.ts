/**
 * DEA Form 41 (destruction) and Form 106 (theft or loss) records sent to the DEA (issue 14). The records themselves
 * are ledger entries (migration 20261128000400); sending one is an event beside it, never a change to it: each
 * "marked as sent" is a new row with who, when and how, and the table is append-only (kc_refuse_change).
 *
 *   dea_form_submission   entry_id: the ledger entry (a destruction or a loss); form '41' | '106';
 *                         method: 'dea-diversion-online' | 'mail' | 'fax' | 'other'; sent_on the date it went;
 *                         reference: a confirmation or tracking number; recorded_at / recorded_by: who recorded it
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dea_form_submission')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('entry_id', 'uuid', (c) => c.notNull().references('ledger_entry.entry_id'))
    .addColumn('form', 'text', (c) => c.notNull().check(sql`form in ('41', '106')`))
    .addColumn('method', 'text', (c) =>
      c.notNull().check(sql`method in ('dea-diversion-online', 'mail', 'fax', 'other')`),
    )
    .addColumn('sent_on', 'text', (c) => c.notNull().check(sql`sent_on ~ '^\\d{4}-\\d{2}-\\d{2}$'`))
    .addColumn('reference', 'text')
    .addColumn('note', 'text')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .execute();
  await sql`create index dea_form_submission_entry_idx on dea_form_submission (clinic_id, entry_id, recorded_at)`.execute(
    db,
  );
  await sql`create trigger dea_form_submission_append_only before update or delete on dea_form_submission
    for each row execute function kc_refuse_change()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dea_form_submission').ifExists().execute();
}

/**
 * The controlled-substance ledger (ketamine, esketamine: DEA Schedule III).
 *
 *   ledger_product   a clinic's catalogue (the domain's Product JSON); add-only, because entries refer to it
 *   ledger_location  safes and cabinets, with the roles that may open them
 *   ledger_entry     one row per ledger entry, append-only (triggers refuse UPDATE, DELETE, TRUNCATE), sealed on a
 *                    per-clinic SHA-256 chain: prev_hash + hash over the entry's canonical JSON
 *   ledger_head      per clinic, the last sequence and hash, so that removing the newest entries is detectable
 *                    (its trigger lets it only move forward, onto an entry that exists, and never be deleted)
 *
 * Frozen history: never edit after release; add a new migration instead. Typed Kysely<any>: no app imports.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ledger_product')
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('ndc', 'text', (c) => c.notNull())
    .addColumn('product', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addPrimaryKeyConstraint('ledger_product_pkey', ['clinic_id', 'product_id'])
    .addUniqueConstraint('ledger_product_ndc_key', ['clinic_id', 'ndc'])
    .execute();

  await db.schema
    .createTable('ledger_location')
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('openable_by_roles', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_location_pkey', ['clinic_id', 'location_id'])
    .execute();

  await db.schema
    .createTable('ledger_entry')
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('sequence', 'integer', (c) => c.notNull().check(sql`sequence > 0`))
    .addColumn('entry_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('event', 'jsonb', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    // The last line of defence against two concurrent writers both appending "the next" entry.
    .addPrimaryKeyConstraint('ledger_entry_pkey', ['clinic_id', 'sequence'])
    .execute();
  await db.schema
    .createIndex('ledger_entry_kind_idx')
    .on('ledger_entry')
    .columns(['clinic_id', 'kind', 'sequence'])
    .execute();

  await sql`
    create function ledger_entry_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'ledger_entry is append-only: % is not allowed (record a correction entry instead)', tg_op
        using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger ledger_entry_no_update before update or delete on ledger_entry
    for each row execute function ledger_entry_refuse_change()`.execute(db);
  await sql`create trigger ledger_entry_no_truncate before truncate on ledger_entry
    for each statement execute function ledger_entry_refuse_change()`.execute(db);

  await db.schema
    .createTable('ledger_head')
    .addColumn('clinic_id', 'uuid', (c) => c.primaryKey().references('clinic.id'))
    .addColumn('last_sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // The head only moves forward, and only onto an entry that exists with that hash; it is never deleted.
  await sql`
    create function ledger_head_guard() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'UPDATE' then
        raise exception 'ledger_head cannot be removed: % is not allowed', tg_op using errcode = 'insufficient_privilege';
      end if;
      if new.clinic_id <> old.clinic_id or new.last_sequence <= old.last_sequence then
        raise exception 'ledger_head only moves forward' using errcode = 'insufficient_privilege';
      end if;
      if not exists (select 1 from ledger_entry e where e.clinic_id = new.clinic_id
                     and e.sequence = new.last_sequence and e.hash = new.last_hash) then
        raise exception 'ledger_head must point at a stored entry' using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger ledger_head_guard_row before update or delete on ledger_head
    for each row execute function ledger_head_guard()`.execute(db);
  await sql`create trigger ledger_head_no_truncate before truncate on ledger_head
    for each statement execute function ledger_head_guard()`.execute(db);

  // Products are part of the history the entries were checked against: add a new one, never edit or remove.
  await sql`
    create function ledger_product_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'ledger_product is add-only: % is not allowed (add a new product instead)', tg_op
        using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger ledger_product_no_update before update or delete on ledger_product
    for each row execute function ledger_product_refuse_change()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['ledger_head', 'ledger_entry', 'ledger_location', 'ledger_product']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists ledger_head_guard()`.execute(db);
  await sql`drop function if exists ledger_entry_refuse_change()`.execute(db);
  await sql`drop function if exists ledger_product_refuse_change()`.execute(db);
}

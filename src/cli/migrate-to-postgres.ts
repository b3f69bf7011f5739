/**
 * `ketaclinic migrate-to-postgres --to postgres://…` (issue 15): moves the embedded (PGlite) database to a PostgreSQL
 * server. The target (its database, or the schema its `options=-c search_path=…` names) must hold no tables; it is
 * migrated to the same schema version, then every table is copied in one transaction, rows as JSON
 * (`row_to_json` out, `json_populate_recordset` in: every value exactly as stored, whatever its type). Triggers
 * (the append-only guards) and foreign keys are off for the copy (`session_replication_role = replica`, as
 * `pg_restore --disable-triggers` does), so the role needs to be a superuser. Afterwards identity sequences continue
 * after the copied rows, and the copy is verified: the same rows per table on both sides, and the audit chain and
 * every clinic's ledger chain intact on PostgreSQL.
 */
import { sql } from 'kysely';
import pg from 'pg';
import type { DatabaseHandle } from '../server/db/database.js';
import { openDatabase } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { migrations } from '../server/db/migrations/index.js';
import { BackupError, schemaOf, tableCounts } from './backup.js';

const BATCH = 2_000;
const KYSELY_TABLES = ['kysely_migration', 'kysely_migration_lock'];

export interface MigrationCopy {
  readonly tables: number;
  readonly rows: number;
  readonly source: Record<string, number>;
  readonly target: Record<string, number>;
}

/** Copies the open PGlite `source` into the PostgreSQL database at `to`; returns the target, open, and the counts. */
export async function migrateToPostgres(
  source: DatabaseHandle,
  to: string,
  onTable?: (table: string, rows: number) => void,
  onProgress?: (rowsCopied: number, of: number) => void,
): Promise<{ target: DatabaseHandle; copy: MigrationCopy }> {
  const applied = await sql<{ name: string }>`select name from kysely_migration`
    .execute(source.db)
    .catch(() => ({ rows: [] }));
  const missing = Object.keys(migrations).filter((m) => !applied.rows.some((r) => r.name === m));
  if (missing.length > 0)
    throw new BackupError(
      `The embedded database is not up to date (${missing.length} migration(s) to run): run \`ketaclinic migrate\` first.`,
    );
  const schema = schemaOf(to);
  const client = new pg.Client({ connectionString: to });
  await client.connect();
  try {
    const existing = await client.query<{ n: string }>(
      'select count(*) as n from information_schema.tables where table_schema = $1',
      [schema ?? 'public'],
    );
    if (Number(existing.rows[0]?.n ?? 0) > 0)
      throw new BackupError(
        `The target ${schema ? `schema ${schema}` : 'database'} already holds tables: migrate into an empty one (nothing is overwritten).`,
      );
  } finally {
    await client.end();
  }

  const target = await openDatabase({ databaseUrl: to, ...(schema ? { schema } : {}) });
  try {
    await migrateToLatest(target.db, { schema });
    const tables = (
      await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(source.db)
    ).rows
      .map((r) => r.name)
      .filter((t) => !KYSELY_TABLES.includes(t));
    const identities = (
      await sql<{
        table: string;
        column: string;
      }>`select table_name as "table", column_name as "column" from information_schema.columns
      where table_schema = current_schema() and is_identity = 'YES'`.execute(target.db.withoutPlugins())
    ).rows;
    let rows = 0;
    const before = onProgress ? await tableCounts(source) : {};
    const totalRows = tables.reduce((n, t) => n + (before[t] ?? 0), 0);
    await target.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      for (const table of tables) {
        // Rows the migrations themselves wrote (a chain's genesis head) give way to the copied ones.
        await sql`delete from ${sql.table(table)}`.execute(trx);
        const overriding = identities.some((i) => i.table === table) ? sql`overriding system value` : sql``;
        let copied = 0;
        await source.db.transaction().execute(async (read) => {
          await sql`declare export_rows no scroll cursor for select row_to_json(t)::text as row from ${sql.table(table)} t`.execute(
            read,
          );
          for (;;) {
            const batch = await sql<{ row: string }>`fetch ${sql.raw(String(BATCH))} from export_rows`.execute(
              read.withoutPlugins(),
            );
            if (batch.rows.length === 0) break;
            const json = `[${batch.rows.map((r) => r.row).join(',')}]`;
            await sql`insert into ${sql.table(table)} ${overriding} select * from json_populate_recordset(null::${sql.table(table)}, ${json}::json)`.execute(
              trx,
            );
            copied += batch.rows.length;
            onProgress?.(rows + copied, totalRows);
          }
          await sql`close export_rows`.execute(read);
        });
        rows += copied;
        onTable?.(table, copied);
      }
      for (const { table, column } of identities) {
        await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(
          trx,
        );
      }
    });
    const sourceCounts = await tableCounts(source);
    const targetCounts = await tableCounts(target);
    for (const t of KYSELY_TABLES) {
      delete sourceCounts[t];
      delete targetCounts[t];
    }
    return { target, copy: { tables: tables.length, rows, source: sourceCounts, target: targetCounts } };
  } catch (error) {
    await target.close();
    if (error instanceof Error && /session_replication_role/.test(error.message)) {
      throw new BackupError(
        'The PostgreSQL role may not set session_replication_role: run the migration as a superuser (it copies append-only tables with their triggers off).',
      );
    }
    throw error;
  }
}

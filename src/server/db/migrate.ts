import { sql, type Kysely } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

/**
 * `schema`: where Kysely keeps its own bookkeeping tables. Needed when several schemas share one database
 * (the tests do): Kysely looks for its tables in every schema and would otherwise find another schema's.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  options: { schema?: string | undefined } = {},
): Promise<MigrationResultSet> {
  if (await isUpToDate(db, options.schema)) return { results: [] };
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  return result;
}

/** The names of the migrations the database has applied (none when it was never migrated). */
async function appliedMigrations(db: Kysely<Database>, schema?: string): Promise<Set<string>> {
  const table = schema ? `${schema}.kysely_migration` : 'kysely_migration';
  const exists = await sql<{ found: string | null }>`select to_regclass(${table})::text as found`.execute(db);
  if (!exists.rows[0]?.found) return new Set();
  const applied = await sql<{ name: string }>`select name from ${sql.table(table)}`.execute(db);
  return new Set(applied.rows.map((r) => r.name));
}

/**
 * Whether every migration this code knows has been applied, and no other: one query, where Kysely's migrator takes
 * a lock table, a lock and several reads (about a second of every start on the embedded database). Anything else
 * (a fresh database, a pending or unknown migration) goes through the migrator, which applies or refuses.
 */
async function isUpToDate(db: Kysely<Database>, schema: string | undefined): Promise<boolean> {
  const names = await appliedMigrations(db, schema);
  const known = Object.keys(migrations);
  return names.size === known.length && known.every((name) => names.has(name));
}

/** Migrations this release has that the database has not applied (all of them when it was never migrated). */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const applied = await appliedMigrations(db);
  return Object.keys(migrations).filter((name) => !applied.has(name));
}

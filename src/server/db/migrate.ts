import { sql, type Kysely } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

/**
 * `schema`: where Kysely keeps its own bookkeeping tables. Needed when several schemas share one database
 * (the tests do): Kysely looks for its tables in every schema and would otherwise find another schema's.
 */
export async function migrateToLatest(db: Kysely<Database>, options: { schema?: string | undefined } = {}): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db, provider: { getMigrations: async () => migrations },
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}

/** Migrations this release has that the database has not applied (all of them when it was never migrated). */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const exists = await sql<{ ready: boolean }>`select to_regclass('kysely_migration') is not null as ready`.execute(db);
  const applied = exists.rows[0]?.ready ? (await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map((r) => r.name) : [];
  return Object.keys(migrations).filter((name) => !applied.includes(name));
}

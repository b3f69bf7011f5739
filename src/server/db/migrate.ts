import type { Kysely } from 'kysely';
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

/**
 * Opening the database, migrating and seeding: shared by `npm start`, `ketaclinic serve`, the browser tests
 * and the benchmarks, so every one of them starts the same way.
 */
import { sql } from 'kysely';
import type { AppConfig } from './config/config.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { buildApp, buildServices } from './app.js';
import type { App } from './http.js';
import { seedDemoClinic, type DemoSeedResult } from './seed/demo-seed.js';

export interface StartedServer {
  readonly app: App;
  readonly database: DatabaseHandle;
  readonly seed: DemoSeedResult;
  close(): Promise<void>;
}

export async function openAndMigrate(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>): Promise<DatabaseHandle> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  try {
    await migrateToLatest(database.db);
    // PGlite runs a single backend with no autovacuum, so nothing else refreshes the planner's statistics:
    // without them a large clinic's queries (the outcome page, searches) get planned as for empty tables.
    // ANALYZE samples each table, so it stays quick on a large database.
    // Only the tables that need it: never analysed, or grown by a fifth (in pages) since they were. The statistics
    // themselves are catalog rows and persist; the activity counters that would say "changed since" do not survive
    // a restart of the embedded database, so size is the test. A start on an unchanged database skips the work.
    if (database.kind === 'pglite') {
      const stale = await sql<{ name: string }>`select c.relname as name from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'r' and n.nspname = current_schema()
          and (c.reltuples < 0 or pg_relation_size(c.oid) / 8192 > c.relpages * 1.2 + 10)`.execute(database.db);
      for (const { name } of stale.rows) await sql`analyze ${sql.table(name)}`.execute(database.db);
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

export async function startServer(
  config: AppConfig,
  options: { clock?: () => Date; database?: DatabaseHandle } = {},
): Promise<StartedServer> {
  const database = options.database ?? (await openAndMigrate(config));
  const clock = options.clock ?? (() => new Date());
  const deps = { database, clock };
  let seed: DemoSeedResult = { seeded: false };
  if (config.seed === 'demo')
    seed = await seedDemoClinic(buildServices(deps), { password: config.demoPassword, now: clock() });
  const app = await buildApp(config, deps);
  return {
    app,
    database,
    seed,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * Starting on an existing embedded database does no work it does not need (issue 11: start to first answer < 3 s):
 * migrations are checked with one query when all are applied, and only tables without planner statistics, or
 * grown since, are analysed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from './db/migrate.js';
import { openAndMigrate } from './start.js';

describe('starting on an existing embedded database', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kc-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrates and analyses a new database, then finds nothing to migrate or analyse on the next start', async () => {
    const first = await openAndMigrate({ dataDir, databaseUrl: undefined });
    const neverAnalysed = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname = current_schema() and c.reltuples < 0`.execute(first.db);
    expect(neverAnalysed.rows[0]!.n).toBe(0);
    await first.close();

    const second = await openAndMigrate({ dataDir, databaseUrl: undefined });
    expect((await migrateToLatest(second.db)).results).toEqual([]);
    const analysedBefore = await sql<{
      at: Date | null;
    }>`select last_analyze as at from pg_stat_user_tables where relname = 'patient'`.execute(second.db);
    // The activity counters start empty after a restart: had this start analysed `patient`, it would say when.
    expect(analysedBefore.rows[0]?.at ?? null).toBeNull();
    await second.close();
  });
});

/**
 * Database tests run on a real database: always an in-memory PGlite, and PostgreSQL too when
 * TEST_DATABASE_URL is set (CI sets it). Each PostgreSQL test file gets a schema of its own, dropped after.
 *
 *   describeEachDatabase('patients', (ctx) => {
 *     it('…', async () => { const { db } = ctx.database; … });
 *   });
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { openMigratedPglite } from './pglite-template.js';

export type DatabaseTargetName = 'pglite' | 'postgres';

export interface TestDatabase {
  readonly database: DatabaseHandle;
  readonly target: DatabaseTargetName;
  /** PostgreSQL only: the connection string and schema, for tests that open a second connection. */
  readonly connection?: { url: string; schema: string };
}

export function databaseTargets(env: NodeJS.ProcessEnv = process.env): DatabaseTargetName[] {
  return env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export async function openTestDatabase(
  target: DatabaseTargetName,
): Promise<TestDatabase & { dispose(): Promise<void> }> {
  if (target === 'pglite') {
    const database = await openMigratedPglite();
    return { database, target, dispose: () => database.close() };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = await openDatabase({ databaseUrl: url, schema });
  await migrateToLatest(database.db, { schema });
  return {
    database,
    target,
    connection: { url, schema },
    async dispose() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}

/** Runs the suite once per available database, each with a fresh migrated database. */
export function describeEachDatabase(title: string, suite: (ctx: TestDatabase) => void): void {
  for (const target of databaseTargets()) {
    describe(`${title} [${target}]`, () => {
      let opened: (TestDatabase & { dispose(): Promise<void> }) | undefined;
      const ctx = {
        get database() {
          if (!opened) throw new Error('database not open yet');
          return opened.database;
        },
        get connection() {
          return opened?.connection;
        },
        target,
      } as TestDatabase;
      beforeAll(async () => {
        opened = await openTestDatabase(target);
      });
      afterAll(async () => {
        await opened?.dispose();
      });
      suite(ctx);
    });
  }
}

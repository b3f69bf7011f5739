/**
 * The database handle survives the server ending one of its idle connections (a PostgreSQL restart or failover, an
 * administrator's pg_terminate_backend): the next query opens a new connection, and the process does not crash on
 * the pool's error event (node-postgres emits it for idle clients; unheard, it is an uncaught exception).
 * PGlite runs in the process and has no connections to lose: there the suite checks the handle still answers.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { describeEachDatabase } from '../testing/test-database.js';

describeEachDatabase('database handle', (ctx) => {
  it('answers the next query after the server ended its idle connection', async () => {
    if (!ctx.connection) {
      await expect(ctx.database.ping()).resolves.toBeUndefined();
      return;
    }
    const handle = await openDatabase({ databaseUrl: ctx.connection.url, schema: ctx.connection.schema });
    try {
      // One query at a time: the pool holds exactly one idle connection, whose backend is this pid.
      const before = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db)).rows[0]!.pid;
      const admin = new pg.Client({ connectionString: ctx.connection.url });
      await admin.connect();
      try {
        await admin.query('select pg_terminate_backend($1)', [before]);
      } finally {
        await admin.end();
      }
      // Give the terminated connection's error time to arrive while it sits idle in the pool.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db)).rows[0]!.pid;
      expect(after).not.toBe(before);
    } finally {
      await handle.close();
    }
  });
});

/**
 * Running behind a load balancer (issue 15): readiness at /api/ready, separate from liveness at /api/health, and
 * TRUST_PROXY deciding whose X-Forwarded-For is believed (the client address in the audit log and the throttle).
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { openMigratedPglite } from '../../testing/pglite-template.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { createTestApp, TEST_PASSWORD, TestClock, testConfig, type TestApp } from '../../testing/test-app.js';
import { demoEmail } from '../../seed/demo-data.js';

describeEachDatabase('readiness and proxies', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
  });

  it('is ready when the database answers and every migration of this release is applied', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/ready' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ready', database: ctx.target, version: t.config.version });
  });

  it('is not ready (503, naming them) while migrations are pending, though still alive', async () => {
    const { db } = ctx.database;
    const last = await sql<{
      name: string;
      timestamp: string;
    }>`select name, timestamp from kysely_migration order by name desc limit 1`.execute(db);
    const { name, timestamp } = last.rows[0]!;
    await sql`delete from kysely_migration where name = ${name}`.execute(db);
    try {
      const r = await t.app.inject({ method: 'GET', url: '/api/ready' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ status: 'not-ready', reason: 'migrations-pending', pendingMigrations: [name] });
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${name}, ${timestamp})`.execute(db);
    }
  });

  it('believes X-Forwarded-For only from the proxies TRUST_PROXY names', async () => {
    const login = (app: TestApp['app']) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': '203.0.113.7' },
        payload: { email: demoEmail('nurse'), password: TEST_PASSWORD },
      });
    const lastLoginIp = async () =>
      (
        await sql<{
          ip: string;
        }>`select client_ip as ip from audit_event where action = 'login' order by seq desc limit 1`.execute(
          ctx.database.db,
        )
      ).rows[0]!.ip;
    expect((await login(t.app)).statusCode).toBe(200);
    expect(await lastLoginIp()).toBe('127.0.0.1');
    const behindProxy = await buildApp(testConfig({ trustProxy: '127.0.0.1' }), {
      database: ctx.database,
      clock: t.clock.now,
      runBackgroundJobs: false,
    });
    try {
      expect((await login(behindProxy)).statusCode).toBe(200);
      expect(await lastLoginIp()).toBe('203.0.113.7');
    } finally {
      await behindProxy.close();
    }
  });
});

it('is not ready when the database does not answer', async () => {
  const database = await openMigratedPglite();
  const app = await buildApp(testConfig(), { database, clock: new TestClock().now, runBackgroundJobs: false });
  await app.ready();
  await database.close();
  const r = await app.inject({ method: 'GET', url: '/api/ready' });
  expect(r.statusCode).toBe(503);
  expect(r.json()).toMatchObject({ status: 'not-ready', reason: 'database-unreachable' });
  await app.close().catch(() => undefined);
});

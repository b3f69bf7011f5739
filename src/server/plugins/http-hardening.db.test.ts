/**
 * Safe defaults (issue 12): no-store on API answers, HSTS only with secure cookies, problem JSON for the
 * answers written before routing (414, 431), the demo clinic flagged to every page and its password kept out
 * of the start-up output.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../app.js';
import { main } from '../main.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { api, createTestApp, signIn, testConfig, type TestApp } from '../testing/test-app.js';

describeEachDatabase('safe HTTP defaults', (ctx) => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = address;
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('marks every API answer Cache-Control: no-store, errors included', async () => {
    const admin = await signIn(t.app, 'admin');
    const answers = [
      await api(t.app, admin, 'GET', '/api/patients'),
      await t.app.inject({ method: 'GET', url: '/api/health' }),
      await t.app.inject({ method: 'GET', url: '/api/patients' }),
      await t.app.inject({ method: 'GET', url: '/api/no-such-route' }),
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x' } }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 401, 404, 400]);
    for (const r of answers) expect(r.headers['cache-control']).toBe('no-store');
  });

  it('sends Strict-Transport-Security only when cookies are secure (served over HTTPS)', async () => {
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/health' })).headers['strict-transport-security'],
    ).toBeUndefined();
    const secure = await buildApp(testConfig({ secureCookies: true }), {
      database: ctx.database,
      clock: t.clock.now,
      runBackgroundJobs: false,
    });
    try {
      expect((await secure.inject({ method: 'GET', url: '/api/health' })).headers['strict-transport-security']).toMatch(
        /max-age=\d+/,
      );
    } finally {
      await secure.close();
    }
  });

  it('says in /api/health that this install holds the demo clinic, so the web app can warn on every page', async () => {
    const health = (await t.app.inject({ method: 'GET', url: '/api/health' })).json();
    expect(health).toMatchObject({ status: 'ok', demo: true });
  });

  describe('answers written before any route runs, against a real listening server', () => {
    const expectProblem = async (response: Response, status: number) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toMatchObject({
        status,
        title: expect.any(String),
        detail: expect.any(String),
        type: expect.any(String),
      });
    };

    it('answers a path parameter longer than the router allows with 414 problem JSON', async () => {
      await expectProblem(await fetch(`${base}/api/patients/${'a'.repeat(2_000)}`), 414);
    });

    it('answers a very long URL with 431 problem JSON', async () => {
      await expectProblem(await fetch(`${base}/api/patients?q=${'a'.repeat(40_000)}`), 431);
    });

    it('answers huge headers with 431 problem JSON', async () => {
      await expectProblem(await fetch(`${base}/api/health`, { headers: { 'x-padding': 'b'.repeat(40_000) } }), 431);
    });
  });
});

describe('npm start defaults', () => {
  it('listens on 127.0.0.1, seeds the demo clinic, and prints the demo emails but never the demo password', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kc-start-'));
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.join(' '));
    });
    const server = await main({
      KETACLINIC_DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      KETACLINIC_WEB_DIR: '/nonexistent',
      KETACLINIC_DEMO_PASSWORD: 'published-demo-secret-7',
    });
    try {
      expect(server).toBeDefined();
      const address = server?.app.server.address();
      expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
      const output = lines.join('\n');
      expect(output).toContain('admin@demo.ketaclinic.test');
      expect(output).toContain('DEMO CLINIC: published passwords, not for patient data');
      expect(output).not.toContain('published-demo-secret-7');
    } finally {
      log.mockRestore();
      await server?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

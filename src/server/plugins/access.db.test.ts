import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { openMigratedPglite } from '../testing/pglite-template.js';
import { buildApp, buildServices } from '../app.js';
import { TestClock, testConfig } from '../testing/test-app.js';
import { registerAccessControl } from './access.js';

describe('route access declarations', () => {
  it('refuses to register a route that does not declare who may call it', async () => {
    const database = await openMigratedPglite();
    try {
      const services = buildServices({ database, clock: new TestClock().now });
      const app = Fastify();
      registerAccessControl(app, services.auth, services.audit);
      expect(() => app.get('/api/undeclared', () => 'x')).toThrow(/does not declare who may call it/);
      await app.close();
    } finally {
      await database.close();
    }
  });

  it('lists every registered route with a declaration, and only the intended ones are public', async () => {
    const database = await openMigratedPglite();
    try {
      const app = await buildApp(testConfig(), { database, clock: new TestClock().now });
      await app.ready();
      expect(app.routeAccess.length).toBeGreaterThan(10);
      for (const entry of app.routeAccess) expect(entry.access, `${entry.method} ${entry.url}`).toBeDefined();
      const publicApi = app.routeAccess
        .filter((r) => r.access === 'public' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'))
        .map((r) => `${r.method} ${r.url}`)
        .sort();
      // Each public API route is public on purpose: adding one must be a conscious change to this list.
      expect(publicApi).toEqual([...[
        'GET /api/health',
        'GET /api/openapi.json',
        'HEAD /api/health',
        'HEAD /api/openapi.json',
        // The patient's own questionnaire page: reached only with a single-use token (hashed in the database).
        'GET /api/measure-links/:token',
        'HEAD /api/measure-links/:token',
        'POST /api/auth/login',
        'POST /api/measure-links/:token/responses',
      ]].sort());
      await app.close();
    } finally {
      await database.close();
    }
  });
});

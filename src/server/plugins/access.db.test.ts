import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES, type Permission } from '../auth/permissions.js';
import { openMigratedPglite } from '../testing/pglite-template.js';
import type { StaffRole } from '../db/schema.js';
import { buildApp, buildServices } from '../app.js';
import { TestClock, api, createTestApp, signIn, testConfig, type Session, type TestApp } from '../testing/test-app.js';
import { describeEachDatabase } from '../testing/test-database.js';
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
      expect(publicApi).toEqual(
        [
          ...[
            'GET /api/health',
            'GET /api/openapi.json',
            'HEAD /api/health',
            // Readiness for load balancers and orchestrators (issue 15): no data, only whether the schema is current.
            'GET /api/ready',
            'HEAD /api/ready',
            'HEAD /api/openapi.json',
            // The patient's own questionnaire page: reached only with a single-use token (hashed in the database).
            'GET /api/measure-links/:token',
            'HEAD /api/measure-links/:token',
            // The patient's own self-intake page (issue 14): the same single-use token scheme.
            'GET /api/self-intake/:token',
            'HEAD /api/self-intake/:token',
            'POST /api/auth/login',
          ],
        ].sort(),
      );
      // Public too, but refused from a browser signed in as staff: what it stores is patient-reported (issue 10, item 16).
      expect(app.routeAccess.filter((r) => r.access === 'patient-link').map((r) => `${r.method} ${r.url}`)).toEqual([
        'POST /api/measure-links/:token/responses',
        'POST /api/self-intake/:token',
      ]);
      await app.close();
    } finally {
      await database.close();
    }
  });
});

/**
 * Role x route for the staff-account routes (issue 12) and the split intake (issue 10, item 16): each role is either
 * refused by the permission check (403 naming the permission) or let through to the route (which may then answer
 * 400/404 for the made-up ids used here, never 403).
 */
describeEachDatabase('role x route: staff accounts and the split intake', (ctx) => {
  let t: TestApp;
  const sessions = {} as Record<StaffRole, Session>;
  let patientId: string;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    for (const role of STAFF_ROLES) sessions[role] = await signIn(t.app, role);
    patientId = (await api(t.app, sessions.front_desk, 'GET', '/api/patients?q=feldman')).json().items[0].id;
  });
  afterAll(async () => {
    await t?.app.close();
  });

  const ADMIN_ONLY: readonly StaffRole[] = ['admin'];
  const CLINICAL: readonly StaffRole[] = ['admin', 'prescriber', 'nurse', 'therapist'];
  const routes: ReadonlyArray<{
    method: 'GET' | 'POST' | 'PUT';
    url: () => string;
    body?: unknown;
    permission: Permission;
    allowed: readonly StaffRole[];
  }> = [
    { method: 'GET', url: () => '/api/users', permission: 'user:manage', allowed: ADMIN_ONLY },
    { method: 'POST', url: () => '/api/users', body: {}, permission: 'user:manage', allowed: ADMIN_ONLY },
    {
      method: 'POST',
      url: () => `/api/users/${randomUUID()}/deactivate`,
      permission: 'user:manage',
      allowed: ADMIN_ONLY,
    },
    {
      method: 'POST',
      url: () => `/api/users/${randomUUID()}/reactivate`,
      permission: 'user:manage',
      allowed: ADMIN_ONLY,
    },
    {
      method: 'PUT',
      url: () => `/api/users/${randomUUID()}/role`,
      body: { role: 'nurse' },
      permission: 'user:manage',
      allowed: ADMIN_ONLY,
    },
    {
      method: 'POST',
      url: () => `/api/users/${randomUUID()}/password-reset`,
      permission: 'user:manage',
      allowed: ADMIN_ONLY,
    },
    {
      method: 'POST',
      url: () => `/api/users/${randomUUID()}/mfa-reset`,
      permission: 'user:manage',
      allowed: ADMIN_ONLY,
    },
    { method: 'GET', url: () => `/api/patients/${patientId}/intake`, permission: 'intake:read', allowed: CLINICAL },
    {
      method: 'GET',
      url: () => `/api/patients/${patientId}/intake/history`,
      permission: 'intake:read',
      allowed: CLINICAL,
    },
    {
      method: 'PUT',
      url: () => `/api/patients/${patientId}/intake`,
      body: { baseVersion: -1, intake: {} },
      permission: 'intake:write',
      allowed: ['prescriber', 'nurse'],
    },
    {
      method: 'GET',
      url: () => `/api/patients/${patientId}/eligibility`,
      permission: 'intake:read',
      allowed: CLINICAL,
    },
    {
      method: 'POST',
      url: () => '/api/eligibility/evaluate',
      body: {},
      permission: 'eligibility:evaluate',
      allowed: STAFF_ROLES,
    },
    {
      method: 'GET',
      url: () => `/api/patients/${patientId}/registration`,
      permission: 'registration:read',
      allowed: STAFF_ROLES,
    },
    {
      method: 'PUT',
      url: () => `/api/patients/${patientId}/registration`,
      body: { baseVersion: -1, registration: {} },
      permission: 'registration:write',
      allowed: ['admin', 'prescriber', 'nurse', 'front_desk'],
    },
  ];

  it.each(routes.map((r) => [`${r.method} ${r.url().replace(/[0-9a-f-]{36}/g, ':id')}`, r] as const))(
    '%s',
    async (_name, route) => {
      for (const role of STAFF_ROLES) {
        const response = await api(t.app, sessions[role], route.method, route.url(), route.body);
        if (route.allowed.includes(role)) {
          expect(response.statusCode, `${role}: ${response.body}`).not.toBe(403);
        } else {
          expect(response.statusCode, `${role}: ${response.body}`).toBe(403);
          expect(response.json().detail).toContain(`needs ${route.permission}`);
        }
      }
    },
  );

  it('lets every signed-in role change its own password (and nothing else is needed for it)', async () => {
    for (const role of STAFF_ROLES) {
      const response = await api(t.app, sessions[role], 'POST', '/api/auth/password', {
        currentPassword: 'wrong-on-purpose',
        newPassword: 'irrelevant-here',
      });
      expect(response.statusCode, role).toBe(400);
      expect(response.json().errors[0].field).toBe('currentPassword');
    }
  });
});

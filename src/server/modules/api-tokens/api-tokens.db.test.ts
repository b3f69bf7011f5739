/**
 * API tokens (issue 15, "Integrations"): an admin creates a token with a role and SMART v2 scopes and sees its
 * secret once; a system sends it as `Authorization: Bearer`; it is authorised by role AND scope, audited as the
 * actor, limited to its clinic (and to one patient with patient/ scopes), and stops at once when revoked.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '@medplum/fhirtypes';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, expectStatus, signIn, type Session, type TestApp } from '../../testing/test-app.js';
import { insertOtherClinic } from '../../testing/other-clinic.js';

describeEachDatabase('API tokens', (ctx) => {
  let t: TestApp;
  let admin: Session;
  let nurse: Session;
  let patientIds: string[];

  const bearer = (secret: string, url: string, method: 'GET' | 'POST' = 'GET', payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${secret}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/fhir+json' }),
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  const create = async (
    body: Record<string, unknown>,
  ): Promise<{ token: { id: string; status: string; secretHint: string }; secret: string }> =>
    expectStatus(api(t.app, admin, 'POST', '/api/api-tokens', { name: 'Registry sync', ...body }), 201);

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    admin = await signIn(t.app, 'admin');
    nurse = await signIn(t.app, 'nurse');
    const patients = await t.app.inject({
      method: 'GET',
      url: '/fhir/R4/Patient?_count=500',
      headers: { cookie: nurse.cookie },
    });
    patientIds = (patients.json<Bundle>().entry ?? []).map((e) => e.resource!.id!);
    expect(patientIds.length).toBeGreaterThan(2);
  });

  it('shows the secret once: the list and the database hold only a hint and a SHA-256', async () => {
    const created = await create({ role: 'nurse', scopes: ['system/Patient.rs'] });
    expect(created.secret).toMatch(/^kct_[A-Za-z0-9_-]{43}$/);
    expect(created.token).toMatchObject({
      status: 'active',
      secretHint: created.secret.slice(-4),
      scopes: ['system/Patient.rs'],
      role: 'nurse',
    });
    const list = await expectStatus(api(t.app, admin, 'GET', '/api/api-tokens'), 200);
    expect(JSON.stringify(list)).not.toContain(created.secret);
    expect(list.items.map((i: { id: string }) => i.id)).toContain(created.token.id);
    const stored = await sql<{
      text: string;
    }>`select row_to_json(api_token)::text as text from api_token where id = ${created.token.id}`.execute(
      ctx.database.db,
    );
    expect(stored.rows[0]!.text).not.toContain(created.secret.slice(4));
  });

  it('lets only an admin manage tokens', async () => {
    await expectStatus(api(t.app, nurse, 'GET', '/api/api-tokens'), 403);
    await expectStatus(
      api(t.app, nurse, 'POST', '/api/api-tokens', { name: 'x', role: 'nurse', scopes: ['system/*.rs'] }),
      403,
    );
  });

  it('refuses a malformed scope, or patient/ scopes without a patient, naming the field', async () => {
    const bad = await expectStatus(
      api(t.app, admin, 'POST', '/api/api-tokens', {
        name: 'x',
        role: 'nurse',
        scopes: ['system/Patient.rs', 'system/Observation.sr'],
      }),
      400,
    );
    expect(bad.errors).toEqual([expect.objectContaining({ field: 'scopes.1' })]);
    const noPatient = await expectStatus(
      api(t.app, admin, 'POST', '/api/api-tokens', { name: 'x', role: 'nurse', scopes: ['patient/Observation.rs'] }),
      400,
    );
    expect(noPatient.errors).toEqual([expect.objectContaining({ field: 'patientId' })]);
  });

  it('authorises by scope: a token without an Observation scope gets 403 as an OperationOutcome, and the denial is audited', async () => {
    const { secret, token } = await create({ role: 'nurse', scopes: ['system/Patient.r', 'system/Patient.s'] });
    const patients = await bearer(secret, '/fhir/R4/Patient?_count=2');
    expect(patients.statusCode, patients.body).toBe(200);
    expect(patients.json<Bundle>().entry).toHaveLength(2);
    expect((await bearer(secret, `/fhir/R4/Patient/${patientIds[0]}`)).statusCode).toBe(200);
    const observations = await bearer(secret, `/fhir/R4/Observation?patient=${patientIds[0]}`);
    expect(observations.statusCode).toBe(403);
    expect(observations.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(observations.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
    expect(observations.json().issue[0].diagnostics).toContain('Observation');
    const denied = await sql<{ n: number | string }>`select count(*) as n from audit_event
      where user_id = ${token.id} and action = 'access-denied' and outcome = 'denied' and detail->>'reason' = 'api-token-scope'`.execute(
      ctx.database.db,
    );
    expect(Number(denied.rows[0]!.n)).toBe(1);
  });

  it('authorises by role as well: a front-desk token with system/*.rs still cannot read Observations', async () => {
    const { secret } = await create({ role: 'front_desk', scopes: ['system/*.rs'] });
    expect((await bearer(secret, '/fhir/R4/Patient?_count=1')).statusCode).toBe(200);
    expect((await bearer(secret, '/fhir/R4/Observation?_count=1')).statusCode).toBe(403);
  });

  it('audits every read with the token as the actor', async () => {
    const { secret, token } = await create({ role: 'nurse', scopes: ['system/*.rs'] });
    expect((await bearer(secret, `/fhir/R4/Observation?patient=${patientIds[1]}`)).statusCode).toBe(200);
    const events = await sql<{
      action: string;
      kind: string;
      role: string;
      clinic: string;
    }>`select action, detail->>'actorKind' as kind, user_role as role, clinic_id::text as clinic
      from audit_event where user_id = ${token.id}`.execute(ctx.database.db);
    expect(events.rows).toEqual([{ action: 'search', kind: 'api-token', role: 'nurse', clinic: admin.clinicId }]);
    const used = await expectStatus(api(t.app, admin, 'GET', '/api/api-tokens'), 200);
    expect(used.items.find((i: { id: string }) => i.id === token.id).lastUsedAt).toBe(t.clock.now().toISOString());
  });

  it('is refused outside the FHIR server: the staff API needs a signed-in session', async () => {
    const { secret } = await create({ role: 'admin', scopes: ['system/*.cruds'] });
    const r = await bearer(secret, '/api/patients');
    expect(r.statusCode).toBe(403);
    expect(r.json().detail).toMatch(/FHIR/);
  });

  it('stops working at once when revoked (401), stays listed as revoked, and an unknown token is 401', async () => {
    const { secret, token } = await create({ role: 'nurse', scopes: ['system/Patient.rs'] });
    expect((await bearer(secret, '/fhir/R4/Patient?_count=1')).statusCode).toBe(200);
    const revoked = await expectStatus(api(t.app, admin, 'POST', `/api/api-tokens/${token.id}/revoke`), 200);
    expect(revoked).toMatchObject({ id: token.id, status: 'revoked', revokedAt: t.clock.now().toISOString() });
    const after = await bearer(secret, '/fhir/R4/Patient?_count=1');
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login' }] });
    expect((await bearer('kct_not-a-token', '/fhir/R4/Patient')).statusCode).toBe(401);
  });

  describe('a token with patient/ scopes', () => {
    it("reaches only its patient's records", async () => {
      const [mine, other] = patientIds as [string, string];
      const { secret } = await create({
        role: 'nurse',
        scopes: ['patient/Patient.rs', 'patient/Observation.rs'],
        patientId: mine,
      });
      const seen = (await bearer(secret, '/fhir/R4/Patient?_count=500')).json<Bundle>();
      expect(seen.entry?.map((e) => e.resource!.id)).toEqual([mine]);
      expect((await bearer(secret, `/fhir/R4/Patient/${other}`)).statusCode).toBe(404);
      expect((await bearer(secret, `/fhir/R4/Observation?patient=${other}`)).json<Bundle>().total).toBe(0);
      const all = (await bearer(secret, '/fhir/R4/Observation?_count=500')).json<Bundle>();
      expect(
        all.entry?.every(
          (e) => (e.resource as { subject?: { reference?: string } }).subject?.reference === `Patient/${mine}`,
        ),
      ).toBe(true);
    });
  });

  it("belongs to its clinic: another clinic's admin does not see or revoke it", async () => {
    const { token } = await create({ role: 'nurse', scopes: ['system/Patient.rs'] });
    const { db } = ctx.database;
    const otherClinicId = await insertOtherClinic(db, 'other-tokens');
    await sql`update api_token set clinic_id = ${otherClinicId} where id = ${token.id}`.execute(db);
    const list = await expectStatus(api(t.app, admin, 'GET', '/api/api-tokens'), 200);
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(token.id);
    await expectStatus(api(t.app, admin, 'POST', `/api/api-tokens/${token.id}/revoke`), 404);
  });

  it('stops working after its expiry (last: it moves the clock past the staff sessions)', async () => {
    const { secret } = await create({
      role: 'nurse',
      scopes: ['system/Patient.rs'],
      expiresAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
    });
    expect((await bearer(secret, '/fhir/R4/Patient?_count=1')).statusCode).toBe(200);
    t.clock.advanceMinutes(61);
    expect((await bearer(secret, '/fhir/R4/Patient?_count=1')).statusCode).toBe(401);
  });
});

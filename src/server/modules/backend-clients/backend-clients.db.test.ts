/**
 * SMART Backend Services (issue 15, "Integrations"; SMART App Launch v2, "Backend Services",
 * https://hl7.org/fhir/smart-app-launch/backend-services.html): an admin registers a backend client with its public
 * keys; the client signs a JWT assertion with its private key and exchanges it at the token endpoint for a
 * five-minute access token, which reads /fhir/R4 like an API token (role AND scopes). Every refusal is
 * `invalid_client` (or `invalid_scope`) JSON as RFC 6749 section 5.2 and SMART ask, and is audited.
 * Keys are real key pairs made here; time is the test clock.
 */
import { createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '@medplum/fhirtypes';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, expectStatus, signIn, type Session, type TestApp } from '../../testing/test-app.js';
import { insertOtherClinic } from '../../testing/other-clinic.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

interface Signer {
  readonly kid: string;
  readonly alg: 'RS384' | 'ES384';
  readonly privateKey: KeyObject;
  readonly publicJwk: Record<string, unknown>;
}

function rsaSigner(kid: string): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, alg: 'RS384', privateKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS384' } };
}
function ecSigner(kid: string): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  return { kid, alg: 'ES384', privateKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid } };
}

/** A JWT as a backend client makes it: header.claims signed with the signer's private key. */
function signJwt(signer: Signer, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg: signer.alg, typ: 'JWT', kid: signer.kid, ...header })}.${b64(claims)}`;
  const signature =
    signer.alg === 'RS384'
      ? sign('sha384', Buffer.from(input), signer.privateKey)
      : sign('sha384', Buffer.from(input), { key: signer.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

describeEachDatabase('SMART Backend Services', (ctx) => {
  let t: TestApp;
  let admin: Session;
  let nurse: Session;
  let tokenUrl: string;
  const rsa = rsaSigner('rsa-1');
  const ec = ecSigner('ec-1');

  const register = async (
    body: Record<string, unknown>,
  ): Promise<{ id: string; clientId: string; status: string; keyIds: string[] }> =>
    expectStatus(
      api(t.app, admin, 'POST', '/api/backend-clients', { name: 'Registry sync', role: 'nurse', ...body }),
      201,
    );
  const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);
  const claimsFor = (clientId: string, extra: Record<string, unknown> = {}) => ({
    iss: clientId,
    sub: clientId,
    aud: tokenUrl,
    exp: nowSeconds() + 240,
    jti: randomUUID(),
    ...extra,
  });
  const requestToken = (
    assertion: string,
    scope = 'system/Patient.rs system/Observation.rs',
    grantType = 'client_credentials',
  ) =>
    t.app.inject({
      method: 'POST',
      url: '/fhir/R4/auth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: grantType,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: assertion,
        scope,
      }).toString(),
    });
  const bearer = (token: string, url: string) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const auditOf = async (action: string) =>
    (
      await sql<{ userId: string | null; outcome: string; detail: Record<string, unknown> }>`
    select user_id as "userId", outcome, detail from audit_event where action = ${action} order by seq`.execute(
        ctx.database.db,
      )
    ).rows;

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    admin = await signIn(t.app, 'admin');
    nurse = await signIn(t.app, 'nurse');
    const configuration = await t.app.inject({ method: 'GET', url: '/fhir/R4/.well-known/smart-configuration' });
    tokenUrl = configuration.json<{ token_endpoint: string }>().token_endpoint;
  });

  it('advertises the client credentials grant with private_key_jwt (RS384, ES384) at .well-known/smart-configuration', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/fhir/R4/.well-known/smart-configuration' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({
      token_endpoint: 'http://localhost:80/fhir/R4/auth/token',
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
      scopes_supported: expect.arrayContaining(['system/*.rs', 'system/Observation.rs']),
    });
  });

  it('lets only an admin register clients, with system/ scopes and public keys only, naming the field', async () => {
    // A registration that is valid but for the one field each attempt changes.
    const VALID = { name: 'x', role: 'nurse', scopes: ['system/*.rs'], jwks: { keys: [rsa.publicJwk] } };
    const attempt = (who: Session, change: Record<string, unknown>, status: number) =>
      expectStatus(api(t.app, who, 'POST', '/api/backend-clients', { ...VALID, ...change }), status);
    await attempt(nurse, {}, 403);
    await expectStatus(api(t.app, nurse, 'GET', '/api/backend-clients'), 403);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const withPrivate = await attempt(
      admin,
      { jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'k' }] } },
      400,
    );
    expect(withPrivate.errors).toEqual([
      expect.objectContaining({ field: 'jwks', message: expect.stringContaining('private') }),
    ]);
    const patientScope = await attempt(admin, { scopes: ['patient/Observation.rs'] }, 400);
    expect(patientScope.errors).toEqual([expect.objectContaining({ field: 'scopes.0' })]);
    const noKid = await attempt(admin, { jwks: { keys: [{ ...rsa.publicJwk, kid: undefined }] } }, 400);
    expect(noKid.errors).toEqual([expect.objectContaining({ field: 'jwks' })]);

    const client = await register({ scopes: ['system/Patient.rs'], jwks: { keys: [rsa.publicJwk, ec.publicJwk] } });
    expect(client).toMatchObject({ clientId: client.id, status: 'active', keyIds: ['rsa-1', 'ec-1'] });
    const list = await expectStatus(api(t.app, admin, 'GET', '/api/backend-clients'), 200);
    expect(list.items.map((i: { id: string }) => i.id)).toContain(client.id);
  });

  it('issues a five-minute token for a valid RS384 assertion, with the requested scopes the client is allowed; it reads Patient and the read is audited as the client', async () => {
    const client = await register({
      scopes: ['system/Patient.rs', 'system/Encounter.rs'],
      jwks: { keys: [rsa.publicJwk] },
    });
    const assertion = signJwt(rsa, claimsFor(client.clientId));
    const res = await requestToken(assertion, 'system/Patient.rs system/Observation.rs');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const token = res.json<{ access_token: string; token_type: string; expires_in: number; scope: string }>();
    expect(token).toMatchObject({ token_type: 'bearer', expires_in: 300, scope: 'system/Patient.rs' });
    const patients = await bearer(token.access_token, '/fhir/R4/Patient?_count=2');
    expect(patients.statusCode, patients.body).toBe(200);
    expect(patients.json<Bundle>().entry?.length).toBe(2);

    const issued = (await auditOf('token-issue')).filter((e) => e.userId === client.id);
    expect(issued).toEqual([
      expect.objectContaining({
        outcome: 'success',
        detail: expect.objectContaining({ actorKind: 'backend-client', scopes: ['system/Patient.rs'] }),
      }),
    ]);
    const searches = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_event where user_id = ${client.id} and resource_type = 'Patient'`.execute(
      ctx.database.db,
    );
    expect(searches.rows[0]!.n).toBeGreaterThan(0);
    const everything = await sql<{
      text: string;
    }>`select coalesce(string_agg(row_to_json(a)::text, ''), '') as text from audit_event a`.execute(ctx.database.db);
    expect(everything.rows[0]!.text).not.toContain(token.access_token);
    expect(everything.rows[0]!.text).not.toContain(assertion.split('.')[2]!);
  });

  it('accepts ES384 as well', async () => {
    const client = await register({ scopes: ['system/*.rs'], jwks: { keys: [ec.publicJwk] } });
    const res = await requestToken(signJwt(ec, claimsFor(client.clientId)), 'system/Patient.rs');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ scope: 'system/Patient.rs' });
  });

  it('gives a token without an Observation scope 403 on Observation (as an OperationOutcome)', async () => {
    const client = await register({
      scopes: ['system/Patient.rs', 'system/Observation.rs'],
      jwks: { keys: [rsa.publicJwk] },
    });
    const token = (await requestToken(signJwt(rsa, claimsFor(client.clientId)), 'system/Patient.rs')).json<{
      access_token: string;
    }>().access_token;
    expect((await bearer(token, '/fhir/R4/Patient?_count=1')).statusCode).toBe(200);
    const observations = await bearer(token, '/fhir/R4/Observation?_count=1');
    expect(observations.statusCode).toBe(403);
    expect(observations.json()).toMatchObject({ resourceType: 'OperationOutcome' });
  });

  describe('refuses with invalid_client (401), and audits the refusal with its reason', () => {
    let clientId: string;
    beforeAll(async () => {
      clientId = (await register({ scopes: ['system/*.rs'], jwks: { keys: [rsa.publicJwk, ec.publicJwk] } })).clientId;
    });
    const expectRefused = async (assertion: string, reason: string) => {
      const res = await requestToken(assertion);
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
      expect(res.body).not.toContain(assertion);
      const refusals = await auditOf('token-refused');
      expect(refusals.at(-1)).toMatchObject({
        outcome: 'denied',
        detail: expect.objectContaining({ error: 'invalid_client', reason }),
      });
    };

    it('an expired assertion', () =>
      expectRefused(signJwt(rsa, claimsFor(clientId, { exp: nowSeconds() - 1 })), 'expired'));
    it('an assertion living more than five minutes', () =>
      expectRefused(signJwt(rsa, claimsFor(clientId, { exp: nowSeconds() + 301 })), 'expiry-too-far'));
    it('an assertion for another audience', () =>
      expectRefused(signJwt(rsa, claimsFor(clientId, { aud: 'https://elsewhere.example/token' })), 'wrong-audience'));
    it('an assertion used a second time (replayed jti)', async () => {
      const assertion = signJwt(rsa, claimsFor(clientId));
      expect((await requestToken(assertion)).statusCode).toBe(200);
      await expectRefused(assertion, 'jti-replayed');
    });
    it('an assertion signed with another key under a registered kid', () =>
      expectRefused(signJwt(rsaSigner('rsa-1'), claimsFor(clientId)), 'bad-signature'));
    it('an assertion naming a kid the client never registered', () =>
      expectRefused(signJwt(rsaSigner('rsa-9'), claimsFor(clientId)), 'unknown-kid'));
    it('an unknown client', () => expectRefused(signJwt(rsa, claimsFor(randomUUID())), 'unknown-client'));
    it('iss and sub that differ', () =>
      expectRefused(signJwt(rsa, claimsFor(clientId, { sub: randomUUID() })), 'iss-sub-mismatch'));
    it('HS256, even keyed with the public key', () => {
      const input = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'rsa-1' })}.${b64(claimsFor(clientId))}`;
      return expectRefused(
        `${input}.${createHmac('sha256', String(rsa.publicJwk.n)).update(input).digest('base64url')}`,
        'alg-not-allowed',
      );
    });
    it('alg none', () =>
      expectRefused(
        `${b64({ alg: 'none', typ: 'JWT', kid: 'rsa-1' })}.${b64(claimsFor(clientId))}.`,
        'alg-not-allowed',
      ));
    it("RS384 under an EC key's kid", () =>
      expectRefused(signJwt({ ...rsa, kid: 'ec-1' }, claimsFor(clientId)), 'key-alg-mismatch'));
    it('something that is not a JWT', () => expectRefused('not-a-jwt', 'malformed'));
  });

  it('refuses a grant other than client_credentials (unsupported_grant_type) and scopes the client may not have (invalid_scope), with 400', async () => {
    const client = await register({ scopes: ['system/Patient.rs'], jwks: { keys: [rsa.publicJwk] } });
    const grant = await requestToken(
      signJwt(rsa, claimsFor(client.clientId)),
      'system/Patient.rs',
      'authorization_code',
    );
    expect(grant.statusCode).toBe(400);
    expect(grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const scope = await requestToken(signJwt(rsa, claimsFor(client.clientId)), 'system/Observation.rs');
    expect(scope.statusCode).toBe(400);
    expect(scope.json()).toMatchObject({ error: 'invalid_scope' });
    const missing = await t.app.inject({
      method: 'POST',
      url: '/fhir/R4/auth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('stops a revoked client at once: its token is refused, and it gets no new one', async () => {
    const client = await register({ scopes: ['system/Patient.rs'], jwks: { keys: [rsa.publicJwk] } });
    const token = (await requestToken(signJwt(rsa, claimsFor(client.clientId)), 'system/Patient.rs')).json<{
      access_token: string;
    }>().access_token;
    expect((await bearer(token, '/fhir/R4/Patient?_count=1')).statusCode).toBe(200);
    const revoked = await expectStatus(api(t.app, admin, 'POST', `/api/backend-clients/${client.id}/revoke`), 200);
    expect(revoked).toMatchObject({ status: 'revoked', revokedAt: t.clock.now().toISOString() });
    expect((await bearer(token, '/fhir/R4/Patient?_count=1')).statusCode).toBe(401);
    const again = await requestToken(signJwt(rsa, claimsFor(client.clientId)), 'system/Patient.rs');
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ error: 'invalid_client' });
    expect((await auditOf('token-refused')).at(-1)).toMatchObject({
      userId: client.id,
      detail: expect.objectContaining({ reason: 'revoked-client' }),
    });
  });

  it("belongs to its clinic: another clinic's admin does not see or revoke it", async () => {
    const client = await register({ scopes: ['system/Patient.rs'], jwks: { keys: [rsa.publicJwk] } });
    const { db } = ctx.database;
    const otherClinicId = await insertOtherClinic(db, 'other-backend');
    await sql`update backend_client set clinic_id = ${otherClinicId} where id = ${client.id}`.execute(db);
    const list = await expectStatus(api(t.app, admin, 'GET', '/api/backend-clients'), 200);
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(client.id);
    await expectStatus(api(t.app, admin, 'POST', `/api/backend-clients/${client.id}/revoke`), 404);
  });

  it('slows a source of refused token requests (20 free, then 429 with Retry-After), never the client it names nor a granted client', async () => {
    // src/server/auth/throttle.ts TOKEN_ENDPOINT_THROTTLE (RFC 6749 section 10.10): counted per client address only.
    const client = await register({ scopes: ['system/Patient.rs'], jwks: { keys: [rsa.publicJwk] } });
    const from = (remoteAddress: string, assertion: string) =>
      t.app.inject({
        method: 'POST',
        url: '/fhir/R4/auth/token',
        remoteAddress,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: 'client_credentials',
          client_assertion_type: ASSERTION_TYPE,
          client_assertion: assertion,
          scope: 'system/Patient.rs',
        }).toString(),
      });
    const forged = () => signJwt(ec, claimsFor(client.clientId), { kid: 'rsa-1' });
    // A well-behaved client asking again and again is never slowed: each grant gives its attempt back.
    for (let i = 0; i < 25; i++)
      expect((await from('198.51.100.20', signJwt(rsa, claimsFor(client.clientId)))).statusCode).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 23; i++) statuses.push((await from('198.51.100.66', forged())).statusCode);
    // 20 free attempts; the 21st is still answered but starts the wait, so the 22nd is slowed.
    expect(statuses.slice(0, 21)).toEqual(Array(21).fill(401));
    expect(statuses.slice(21)).toEqual([429, 429]);
    const slowed = await from('198.51.100.66', signJwt(rsa, claimsFor(client.clientId)));
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
    expect(slowed.json()).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(/Try again in \d+ seconds/),
    });
    // The client the forgeries named still gets its token from its own address.
    expect((await from('198.51.100.20', signJwt(rsa, claimsFor(client.clientId)))).statusCode).toBe(200);
    expect((await auditOf('token-locked')).at(-1)).toMatchObject({ outcome: 'denied', detail: { by: 'address' } });
  });

  it('lets an access token expire after five minutes (last: it moves the clock)', async () => {
    const client = await register({ scopes: ['system/Patient.rs'], jwks: { keys: [rsa.publicJwk] } });
    const token = (await requestToken(signJwt(rsa, claimsFor(client.clientId)), 'system/Patient.rs')).json<{
      access_token: string;
    }>().access_token;
    t.clock.advanceMinutes(4);
    expect((await bearer(token, '/fhir/R4/Patient?_count=1')).statusCode).toBe(200);
    t.clock.advanceMinutes(1);
    expect((await bearer(token, '/fhir/R4/Patient?_count=1')).statusCode).toBe(401);
  });
});

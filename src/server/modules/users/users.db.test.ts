/**
 * Staff accounts through the HTTP API, as a clinic's admin runs them: create with a temporary password, deactivate,
 * reactivate, change role, reset the password or the second factor, and a user's own password change.
 *
 * HIPAA Security Rule 45 CFR 164.308(a)(3)(ii)(C), termination procedures: access ends when a workforce member
 * leaves, at once, on every session. 164.312(a)(2)(iii), automatic logoff: a session that should end, ends, including
 * its open event stream. 164.308(a)(5)(ii)(D), password management.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totp } from '../../auth/totp.js';
import { openEventStream, type EventStreamClient } from '../../testing/event-stream-client.js';
import {
  TEST_PASSWORD,
  api,
  createTestApp,
  expectStatus,
  signIn,
  type Session,
  type TestApp,
} from '../../testing/test-app.js';
import { describeEachDatabase } from '../../testing/test-database.js';

describeEachDatabase('staff accounts', (ctx) => {
  let t: TestApp;
  let admin: Session;
  let baseUrl: string;
  const streams: EventStreamClient[] = [];
  let counter = 0;

  const changePassword = (session: Session, currentPassword: string, newPassword: string) =>
    api(t.app, session, 'POST', '/api/auth/password', { currentPassword, newPassword });

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await signIn(t.app, 'admin');
  });

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await t?.app.close();
  });

  /** A new account created by the admin through the API, its temporary password already changed to TEST_PASSWORD. */
  async function staffMember(role: 'nurse' | 'therapist' | 'prescriber' | 'front_desk' | 'admin') {
    counter += 1;
    const email = `${role}-${counter}-${ctx.target}@demo.ketaclinic.test`;
    const created = await expectStatus(
      api(t.app, admin, 'POST', '/api/users', { email, displayName: `${role} ${counter}`, role }),
      201,
    );
    const first = await signIn(t.app, { email, password: created.temporaryPassword });
    await expectStatus(changePassword(first, created.temporaryPassword, TEST_PASSWORD), 200);
    return { id: created.id as string, email, session: first };
  }

  /** A new account as `staffMember` gives, that has also enrolled an authenticator app (`secret` is its TOTP key). */
  async function staffMemberWithSecondFactor(role: 'prescriber' | 'admin') {
    const member = await staffMember(role);
    const enrol = await expectStatus(api(t.app, member.session, 'POST', '/api/auth/mfa/enrol'), 200);
    await expectStatus(
      api(t.app, member.session, 'POST', '/api/auth/mfa/enrol/confirm', { code: totp(enrol.secret, t.clock.now()) }),
      200,
    );
    return { ...member, secret: enrol.secret as string };
  }

  /** The HTTP status a sign-in with this email and password answers. */
  async function loginStatus(email: string, password: string): Promise<number> {
    return (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } })).statusCode;
  }

  async function auditActions(userId: string): Promise<string[]> {
    const rows = await ctx.database.db
      .selectFrom('auditEvent')
      .select('action')
      .where('resourceType', '=', 'User')
      .where('resourceId', '=', userId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => r.action);
  }

  async function openStream(session: Session): Promise<EventStreamClient> {
    const stream = await openEventStream(`${baseUrl}/api/events`, { cookie: session.cookie });
    streams.push(stream);
    expect(stream.status).toBe(200);
    await stream.waitForComment((c) => c.startsWith('connected'), 5_000);
    return stream;
  }

  describe('new accounts and temporary passwords', () => {
    it('creates an account with a temporary password, returned once; until it is changed every other route answers 403 password-change-required', async () => {
      const email = `new-nurse-${ctx.target}@demo.ketaclinic.test`;
      const created = await expectStatus(
        api(t.app, admin, 'POST', '/api/users', { email, displayName: 'New Nurse', role: 'nurse' }),
        201,
      );
      expect(created).toMatchObject({
        email,
        role: 'nurse',
        isActive: true,
        mustChangePassword: true,
        deactivatedAt: null,
      });
      expect(created.temporaryPassword).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);
      const listed = (await expectStatus(api(t.app, admin, 'GET', '/api/users'), 200)).items.find(
        (u: { id: string }) => u.id === created.id,
      );
      expect(listed).not.toHaveProperty('temporaryPassword');

      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: created.temporaryPassword },
      });
      expect(login.json()).toMatchObject({ mfa: 'complete', mustChangePassword: true });
      const session = await signIn(t.app, { email, password: created.temporaryPassword });
      for (const [method, url] of [
        ['GET', '/api/patients'],
        ['GET', '/api/treatment-day/board'],
        ['POST', '/api/auth/mfa/enrol'],
      ] as const) {
        const refused = await expectStatus(api(t.app, session, method, url), 403);
        expect(refused.code, `${method} ${url}`).toBe('password-change-required');
      }
      expect((await expectStatus(api(t.app, session, 'GET', '/api/auth/me'), 200)).mustChangePassword).toBe(true);

      const wrong = await expectStatus(changePassword(session, 'not-it-at-all', 'a-brand-new-password'), 400);
      expect(wrong.errors[0].field).toBe('currentPassword');
      const short = await expectStatus(changePassword(session, created.temporaryPassword, 'short'), 400);
      expect(short.errors[0].field).toBe('newPassword');
      await expectStatus(changePassword(session, created.temporaryPassword, 'a-brand-new-password'), 200);

      await expectStatus(api(t.app, session, 'GET', '/api/patients'), 200);
      expect((await expectStatus(api(t.app, session, 'GET', '/api/auth/me'), 200)).mustChangePassword).toBe(false);
      expect(await loginStatus(email, created.temporaryPassword)).toBe(401);
      expect(await auditActions(created.id)).toEqual(['create', 'password-change-failed', 'password-change']);
    });

    it('takes the password an admin chose, still as a temporary one', async () => {
      const email = `chosen-${ctx.target}@demo.ketaclinic.test`;
      const created = await expectStatus(
        api(t.app, admin, 'POST', '/api/users', {
          email,
          displayName: 'Chosen',
          role: 'therapist',
          password: 'admin-chose-this-one',
        }),
        201,
      );
      expect(created).not.toHaveProperty('temporaryPassword');
      const session = await signIn(t.app, { email, password: 'admin-chose-this-one' });
      expect((await expectStatus(api(t.app, session, 'GET', '/api/patients'), 403)).code).toBe(
        'password-change-required',
      );
    });
  });

  describe('deactivation (164.308(a)(3)(ii)(C) termination procedures)', () => {
    it('signs the user out of every session and closes their open event stream at once; they cannot sign in; they stay in the records', async () => {
      const nurse = await staffMember('nurse');
      const second = await signIn(t.app, { email: nurse.email, password: TEST_PASSWORD });
      const stream = await openStream(second);
      const colleague = await signIn(t.app, 'nurse');
      const colleagueStream = await openStream(colleague);

      const deactivated = await expectStatus(api(t.app, admin, 'POST', `/api/users/${nurse.id}/deactivate`), 200);
      expect(deactivated).toMatchObject({ isActive: false, deactivatedAt: t.clock.now().toISOString() });

      // 164.312(a)(2)(iii): the open stream ends without waiting for its 10-minute lifetime.
      await Promise.race([
        stream.ended,
        new Promise((_, reject) => setTimeout(() => reject(new Error('the stream stayed open')), 2_000)),
      ]);
      expect(stream.isEnded).toBe(true);
      expect(colleagueStream.isEnded).toBe(false);
      for (const session of [nurse.session, second])
        expect((await api(t.app, session, 'GET', '/api/patients')).statusCode).toBe(401);
      expect(await loginStatus(nurse.email, TEST_PASSWORD)).toBe(401);
      const reopened = await openEventStream(`${baseUrl}/api/events`, { cookie: second.cookie });
      streams.push(reopened);
      expect(reopened.status).toBe(401);

      // Kept in every record: the account, and everything audited under it.
      const listed = (await expectStatus(api(t.app, admin, 'GET', '/api/users'), 200)).items.find(
        (u: { id: string }) => u.id === nurse.id,
      );
      expect(listed).toMatchObject({ email: nurse.email, isActive: false });
      const byNurse = await ctx.database.db
        .selectFrom('auditEvent')
        .select('action')
        .where('userId', '=', nurse.id)
        .execute();
      expect(byNurse.map((r) => r.action)).toContain('password-change');
      expect(await auditActions(nurse.id)).toEqual(['create', 'password-change', 'deactivate']);

      await expectStatus(api(t.app, admin, 'POST', `/api/users/${nurse.id}/deactivate`), 409);
      expect(await expectStatus(api(t.app, admin, 'POST', `/api/users/${nurse.id}/reactivate`), 200)).toMatchObject({
        isActive: true,
        deactivatedAt: null,
      });
      const back = await signIn(t.app, { email: nurse.email, password: TEST_PASSWORD });
      await expectStatus(api(t.app, back, 'GET', '/api/patients'), 200);
      expect(await auditActions(nurse.id)).toEqual(['create', 'password-change', 'deactivate', 'reactivate']);
    });

    it('only an admin manages accounts, and only in their own clinic', async () => {
      const nurse = await staffMember('nurse');
      const prescriber = await signIn(t.app, 'prescriber');
      expect((await api(t.app, prescriber, 'POST', `/api/users/${nurse.id}/deactivate`)).statusCode).toBe(403);
      const other = await t.services.clinics.create({
        name: 'Elsewhere',
        slug: `elsewhere-${ctx.target}`,
        isDemo: true,
      });
      const stranger = await t.services.users.create(other.id, {
        email: `stranger-${ctx.target}@elsewhere.test`,
        displayName: 'Stranger',
        role: 'nurse',
        password: TEST_PASSWORD,
      });
      for (const [method, url] of [
        ['POST', 'deactivate'],
        ['POST', 'password-reset'],
        ['POST', 'mfa-reset'],
        ['POST', 'reactivate'],
      ] as const) {
        expect((await api(t.app, admin, method, `/api/users/${stranger.id}/${url}`)).statusCode).toBe(404);
      }
      expect((await api(t.app, admin, 'PUT', `/api/users/${stranger.id}/role`, { role: 'admin' })).statusCode).toBe(
        404,
      );
      expect(
        (await api(t.app, admin, 'PUT', `/api/users/${nurse.id}/role`, { role: 'janitor' })).json().errors[0].field,
      ).toBe('role');
      expect((await api(t.app, admin, 'POST', '/api/users/not-a-uuid/deactivate')).statusCode).toBe(400);
    });
  });

  describe('the last active admin', () => {
    it('cannot deactivate or demote themselves; with a second admin they can, and two admins demoting each other at once leave one', async () => {
      const me = await expectStatus(api(t.app, admin, 'GET', '/api/auth/me'), 200);
      const selfDeactivate = await expectStatus(
        api(t.app, admin, 'POST', `/api/users/${me.user.userId}/deactivate`),
        422,
      );
      expect(selfDeactivate.code).toBe('last-active-admin');
      expect(
        (await expectStatus(api(t.app, admin, 'PUT', `/api/users/${me.user.userId}/role`, { role: 'prescriber' }), 422))
          .code,
      ).toBe('last-active-admin');

      const other = await staffMember('admin');
      const [a, b] = await Promise.all([
        api(t.app, admin, 'PUT', `/api/users/${other.id}/role`, { role: 'nurse' }),
        api(t.app, other.session, 'PUT', `/api/users/${me.user.userId}/role`, { role: 'nurse' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 422]);
      const winner = a.statusCode === 200 ? admin : other.session;
      const loserId = a.statusCode === 200 ? other.id : me.user.userId;
      // The demoted admin's open session loses user:manage at once (the role is read on every request).
      const demotedSession = a.statusCode === 200 ? other.session : admin;
      expect((await api(t.app, demotedSession, 'GET', '/api/users')).statusCode).toBe(403);
      expect(await auditActions(loserId)).toContain('change-role');
      await expectStatus(api(t.app, winner, 'PUT', `/api/users/${loserId}/role`, { role: 'admin' }), 200);
      await expectStatus(api(t.app, admin, 'POST', `/api/users/${other.id}/deactivate`), 200);
    });
  });

  describe('password and second-factor resets', () => {
    it("resets a password to a temporary one, shown once, and ends the user's sessions", async () => {
      const therapist = await staffMember('therapist');
      const reset = await expectStatus(api(t.app, admin, 'POST', `/api/users/${therapist.id}/password-reset`), 200);
      expect(reset).toMatchObject({ mustChangePassword: true });
      expect((await api(t.app, therapist.session, 'GET', '/api/patients')).statusCode).toBe(401);
      expect(await loginStatus(therapist.email, TEST_PASSWORD)).toBe(401);
      const withTemporary = await signIn(t.app, { email: therapist.email, password: reset.temporaryPassword });
      expect((await expectStatus(api(t.app, withTemporary, 'GET', '/api/patients'), 403)).code).toBe(
        'password-change-required',
      );
      expect(await auditActions(therapist.id)).toEqual(['create', 'password-change', 'password-reset']);
    });

    it("resets the second factor: the user's sessions end and they sign in without it until they enrol again", async () => {
      const prescriber = await staffMemberWithSecondFactor('prescriber');
      const next = await signIn(t.app, { email: prescriber.email, password: TEST_PASSWORD });
      expect((await expectStatus(api(t.app, next, 'GET', '/api/auth/me'), 200)).mfa).toBe('verify');

      expect(await expectStatus(api(t.app, admin, 'POST', `/api/users/${prescriber.id}/mfa-reset`), 200)).toMatchObject(
        { mfaEnabled: false },
      );
      expect((await api(t.app, prescriber.session, 'GET', '/api/patients')).statusCode).toBe(401);
      const after = await signIn(t.app, { email: prescriber.email, password: TEST_PASSWORD });
      // The demo clinic does not require a second factor, so the sign-in is complete without one.
      expect(await expectStatus(api(t.app, after, 'GET', '/api/auth/me'), 200)).toMatchObject({
        mfa: 'complete',
        user: { mfaEnabled: false },
      });
      expect(await auditActions(prescriber.id)).toEqual(['create', 'password-change', 'mfa-enrolled', 'mfa-reset']);
    });
  });

  describe('a password reset for an account with a second factor', () => {
    it('asks for the second factor before the temporary password can be changed (the temporary password alone is not enough)', async () => {
      const prescriber = await staffMemberWithSecondFactor('prescriber');
      const reset = await expectStatus(api(t.app, admin, 'POST', `/api/users/${prescriber.id}/password-reset`), 200);

      const session = await signIn(t.app, { email: prescriber.email, password: reset.temporaryPassword });
      expect(await expectStatus(api(t.app, session, 'GET', '/api/auth/me'), 200)).toMatchObject({
        mfa: 'verify',
        mustChangePassword: true,
      });
      const early = await expectStatus(
        changePassword(session, reset.temporaryPassword, 'prescriber-own-password'),
        403,
      );
      expect(early.code).toBe('mfa-verification-required');
      t.clock.advanceMinutes(0.5);
      expect(
        (await api(t.app, session, 'POST', '/api/auth/mfa/verify', { code: totp(prescriber.secret, t.clock.now()) }))
          .statusCode,
      ).toBe(204);
      expect((await expectStatus(api(t.app, session, 'GET', '/api/patients'), 403)).code).toBe(
        'password-change-required',
      );
      await expectStatus(changePassword(session, reset.temporaryPassword, 'prescriber-own-password'), 200);
      await expectStatus(api(t.app, session, 'GET', '/api/patients'), 200);
    });
  });

  describe("a user's own password change", () => {
    it('ends their other sessions (and their event streams) but keeps the one that changed it', async () => {
      const nurse = await staffMember('nurse');
      const laptop = await signIn(t.app, { email: nurse.email, password: TEST_PASSWORD });
      const laptopStream = await openStream(laptop);
      const changed = await expectStatus(changePassword(nurse.session, TEST_PASSWORD, 'nurse-new-password-1'), 200);
      expect(changed.endedSessions).toBe(1);
      await Promise.race([
        laptopStream.ended,
        new Promise((_, reject) => setTimeout(() => reject(new Error('the stream stayed open')), 2_000)),
      ]);
      expect((await api(t.app, laptop, 'GET', '/api/patients')).statusCode).toBe(401);
      await expectStatus(api(t.app, nurse.session, 'GET', '/api/patients'), 200);
      const same = await expectStatus(
        changePassword(nurse.session, 'nurse-new-password-1', 'nurse-new-password-1'),
        400,
      );
      expect(same.errors[0].field).toBe('newPassword');
    });
  });

  describe("a new, non-demo clinic's first admin", () => {
    it('must change the temporary password before enrolling the second factor, then enrol before anything else', async () => {
      const clinic = await t.services.clinics.create({
        name: 'First Light Clinic',
        slug: `first-light-${ctx.target}`,
        isDemo: false,
      });
      const email = `owner-${ctx.target}@first-light.test`;
      const created = await t.services.users.create(
        clinic.id,
        { email, displayName: 'Owner', role: 'admin' },
        undefined,
        { temporary: true },
      );
      const temporaryPassword = created.temporaryPassword!;
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: temporaryPassword },
      });
      expect(login.json()).toMatchObject({ mfa: 'enrol', mustChangePassword: true });
      const session = await signIn(t.app, { email, password: temporaryPassword });
      // Whoever holds only the temporary password cannot claim the account's second factor.
      expect((await expectStatus(api(t.app, session, 'POST', '/api/auth/mfa/enrol'), 403)).code).toBe(
        'password-change-required',
      );
      expect((await expectStatus(api(t.app, session, 'GET', '/api/users'), 403)).code).toBe('password-change-required');
      await expectStatus(changePassword(session, temporaryPassword, 'owner-own-password'), 200);
      expect((await api(t.app, session, 'GET', '/api/users')).statusCode).toBe(401);
      const enrol = await expectStatus(api(t.app, session, 'POST', '/api/auth/mfa/enrol'), 200);
      await expectStatus(
        api(t.app, session, 'POST', '/api/auth/mfa/enrol/confirm', { code: totp(enrol.secret, t.clock.now()) }),
        200,
      );
      const users = await expectStatus(api(t.app, session, 'GET', '/api/users'), 200);
      expect(users.items).toEqual([
        expect.objectContaining({ email, role: 'admin', mfaEnabled: true, mustChangePassword: false }),
      ]);
    });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { totp } from '../../auth/totp.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { TEST_PASSWORD, api, createTestApp, signIn, type TestApp } from '../../testing/test-app.js';

describeEachDatabase('sign-in, sessions and MFA', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
  });

  describe('password sign-in', () => {
    it('signs in a demo prescriber, sets an httpOnly SameSite=Strict cookie and returns a CSRF token', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'prescriber@demo.ketaclinic.test', password: TEST_PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.mfa).toBe('complete');
      expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
      const cookie = response.cookies.find((c) => c.name === 'kc_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    });

    it('gives the session cookie a Max-Age as well as Expires, so a browser with a wrong clock keeps it as long as the server does', async () => {
      // RFC 6265 5.3 step 3: a browser prefers Max-Age, counted on its own clock, to an absolute Expires
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'nurse@demo.ketaclinic.test', password: TEST_PASSWORD },
      });
      const cookie = response.cookies.find((c) => c.name === 'kc_session');
      const expiresInSeconds = Math.round(((cookie?.expires?.getTime() ?? 0) - t.clock.now().getTime()) / 1000);
      expect(expiresInSeconds).toBeGreaterThan(0);
      expect(cookie?.maxAge).toBe(expiresInSeconds);
    });

    it('answers a wrong password and an unknown email with the same 401 message', async () => {
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'nurse@demo.ketaclinic.test', password: 'nope' },
      });
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'nobody@demo.ketaclinic.test', password: 'nope' },
      });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json().detail).toBe(unknown.json().detail);
    });

    it('refuses a body without a password, naming the field', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'nurse@demo.ketaclinic.test' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'password', message: 'is required' }]);
    });
  });

  describe('sessions', () => {
    it('requires the CSRF token on state-changing requests', async () => {
      const session = await signIn(t.app, 'front_desk');
      const withoutToken = await t.app.inject({
        method: 'POST',
        url: '/api/patients',
        headers: { cookie: session.cookie },
        payload: {},
      });
      expect(withoutToken.statusCode).toBe(403);
      expect(withoutToken.json().detail).toContain('CSRF');
    });

    it('ends a session after the idle timeout (15 minutes by default)', async () => {
      const session = await signIn(t.app, 'nurse');
      t.clock.advanceMinutes(14);
      expect((await api(t.app, session, 'GET', '/api/auth/me')).statusCode).toBe(200);
      t.clock.advanceMinutes(14);
      expect((await api(t.app, session, 'GET', '/api/auth/me')).statusCode).toBe(200);
      t.clock.advanceMinutes(16);
      expect((await api(t.app, session, 'GET', '/api/auth/me')).statusCode).toBe(401);
    });

    it('ends a session at its absolute lifetime even when active', async () => {
      const session = await signIn(t.app, 'nurse');
      for (let i = 0; i < 12 * 6; i += 1) {
        t.clock.advanceMinutes(10);
        await api(t.app, session, 'GET', '/api/auth/me');
      }
      expect((await api(t.app, session, 'GET', '/api/auth/me')).statusCode).toBe(401);
    });

    it('signs out: the cookie no longer works', async () => {
      const session = await signIn(t.app, 'therapist');
      expect((await api(t.app, session, 'POST', '/api/auth/logout')).statusCode).toBe(204);
      expect((await api(t.app, session, 'GET', '/api/patients')).statusCode).toBe(401);
    });
  });

  describe('TOTP multi-factor sign-in outside the demo clinic', () => {
    it('makes a prescriber enrol, then verify on the next sign-in, with recovery codes that work once', async () => {
      const clinic = await t.services.clinics.create({
        name: 'Real Clinic',
        slug: `real-${ctx.target}`,
        isDemo: false,
      });
      const email = `doc-${ctx.target}@real.test`;
      await t.services.users.create(clinic.id, {
        email,
        displayName: 'Doc',
        role: 'prescriber',
        password: TEST_PASSWORD,
      });

      const first = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: TEST_PASSWORD },
      });
      expect(first.json().mfa).toBe('enrol');
      const pending = await signIn(t.app, { email, password: TEST_PASSWORD });
      expect((await api(t.app, pending, 'GET', '/api/patients')).statusCode).toBe(401);

      const enrol = await api(t.app, pending, 'POST', '/api/auth/mfa/enrol');
      expect(enrol.statusCode).toBe(200);
      const { secret, qrCodeDataUrl } = enrol.json();
      expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
      const confirm = await api(t.app, pending, 'POST', '/api/auth/mfa/enrol/confirm', {
        code: totp(secret, t.clock.now()),
      });
      expect(confirm.statusCode).toBe(200);
      const { recoveryCodes } = confirm.json();
      expect(recoveryCodes).toHaveLength(10);
      expect((await api(t.app, pending, 'GET', '/api/patients')).statusCode).toBe(200);

      const second = await signIn(t.app, { email, password: TEST_PASSWORD });
      expect((await api(t.app, second, 'GET', '/api/auth/me')).json().mfa).toBe('verify');
      expect((await api(t.app, second, 'POST', '/api/auth/mfa/verify', { code: '000000' })).statusCode).toBe(401);
      // The code used to enrol does not work a second time (RFC 6238 section 5.2); the next 30-second step's does, once.
      expect(
        (await api(t.app, second, 'POST', '/api/auth/mfa/verify', { code: totp(secret, t.clock.now()) })).statusCode,
      ).toBe(401);
      t.clock.advanceMinutes(0.5);
      const nextCode = totp(secret, t.clock.now());
      expect((await api(t.app, second, 'POST', '/api/auth/mfa/verify', { code: nextCode })).statusCode).toBe(204);
      expect((await api(t.app, second, 'GET', '/api/patients')).statusCode).toBe(200);
      const replay = await signIn(t.app, { email, password: TEST_PASSWORD });
      expect((await api(t.app, replay, 'POST', '/api/auth/mfa/verify', { code: nextCode })).statusCode).toBe(401);

      const third = await signIn(t.app, { email, password: TEST_PASSWORD });
      expect(
        (await api(t.app, third, 'POST', '/api/auth/mfa/verify', { recoveryCode: recoveryCodes[0] })).statusCode,
      ).toBe(204);
      const fourth = await signIn(t.app, { email, password: TEST_PASSWORD });
      expect(
        (await api(t.app, fourth, 'POST', '/api/auth/mfa/verify', { recoveryCode: recoveryCodes[0] })).statusCode,
      ).toBe(401);
    });

    it('does not require MFA in the demo clinic', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'admin@demo.ketaclinic.test', password: TEST_PASSWORD },
      });
      expect(response.json().mfa).toBe('complete');
    });
  });
});

/**
 * Sign-in throttling on a real database (issue 12). Every attempt is reserved atomically before the password
 * hash, so parallel guesses cannot outrun the count; the wait grows per account and per client address instead
 * of a hard lock (OWASP Authentication Cheat Sheet, "Account Lockout"; NIST SP 800-63B section 5.2.2).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_THROTTLE, IP_THROTTLE, SIGN_IN_THROTTLE } from '../../auth/throttle.js';
import { totp } from '../../auth/totp.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { TEST_PASSWORD, api, createTestApp, signIn, type TestApp } from '../../testing/test-app.js';

describeEachDatabase('sign-in throttle', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
  });

  let addressCounter = 0;
  /** A fresh client address per call, so tests of the account limit do not meet the address limit. */
  const freshAddress = () => {
    addressCounter += 1;
    return `198.51.100.${addressCounter}`;
  };
  const login = (email: string, password: string, remoteAddress = freshAddress()) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });

  describe('parallel guesses', () => {
    it('checks at most the allowed attempts of 30 simultaneous wrong passwords for one account; the rest get 429 unhashed', async () => {
      const email = 'nurse@demo.ketaclinic.test';
      const responses = await Promise.all(Array.from({ length: 30 }, () => login(email, 'wrong-guess')));
      const statuses = responses.map((r) => r.statusCode);
      // A 401 means the password was hashed and compared; a 429 was refused before the hash.
      const hashed = statuses.filter((s) => s === 401).length;
      expect(hashed).toBeLessThanOrEqual(ACCOUNT_THROTTLE.freeAttempts + 1);
      expect(hashed).toBeGreaterThanOrEqual(1);
      expect(statuses.filter((s) => s === 429)).toHaveLength(30 - hashed);
      for (const r of responses.filter((x) => x.statusCode === 429)) {
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
    });

    it('does not let the right password, sent last in a burst of 60 guesses, through', async () => {
      const email = 'prescriber@demo.ketaclinic.test';
      const guesses = Array.from({ length: 59 }, () => login(email, 'wrong-guess'));
      const last = login(email, TEST_PASSWORD);
      const responses = await Promise.all([...guesses, last]);
      expect(responses.filter((r) => r.statusCode === 401).length).toBeLessThanOrEqual(
        ACCOUNT_THROTTLE.freeAttempts + 1,
      );
      expect(responses.at(-1)?.statusCode).toBe(429);
    });

    it('limits one client address across many emails: of 40 simultaneous attempts at 40 emails, at most the free ones are hashed', async () => {
      const address = '203.0.113.40';
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) => login(`someone-${i}@example.test`, 'wrong-guess', address)),
      );
      const hashed = responses.filter((r) => r.statusCode === 401).length;
      expect(hashed).toBeLessThanOrEqual(IP_THROTTLE.freeAttempts + 1);
      expect(responses.filter((r) => r.statusCode === 429)).toHaveLength(40 - hashed);
      // Another address is not slowed by it.
      expect((await login('therapist@demo.ketaclinic.test', TEST_PASSWORD)).statusCode).toBe(200);
    });
  });

  describe('a wait that grows instead of a lock', () => {
    it('lets the free attempts through, then doubles the wait after each failure, for an email that does not exist too', async () => {
      const email = 'ghost@demo.ketaclinic.test';
      for (let i = 0; i <= ACCOUNT_THROTTLE.freeAttempts; i += 1)
        expect((await login(email, 'wrong')).statusCode).toBe(401);
      const waits: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        const refused = await login(email, 'wrong');
        expect(refused.statusCode).toBe(429);
        const wait = Number(refused.headers['retry-after']);
        waits.push(wait);
        t.clock.advanceMinutes(wait / 60);
        expect((await login(email, 'wrong')).statusCode).toBe(401);
      }
      expect(waits).toEqual([1, 2, 4, 8]);
    });

    it('never locks the owner out for long: after 30 failures the wait is at most the cap, and then the right password works and resets the count', async () => {
      const email = 'admin@demo.ketaclinic.test';
      for (let i = 0; i < 30; i += 1) {
        const r = await login(email, 'wrong');
        if (r.statusCode === 429) {
          expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(ACCOUNT_THROTTLE.maxWaitSeconds);
          t.clock.advanceMinutes(Number(r.headers['retry-after']) / 60);
        }
      }
      t.clock.advanceMinutes(ACCOUNT_THROTTLE.maxWaitSeconds / 60);
      expect((await login(email, TEST_PASSWORD)).statusCode).toBe(200);
      // The count starts again: the free attempts pass at once.
      for (let i = 0; i < ACCOUNT_THROTTLE.freeAttempts; i += 1)
        expect((await login(email, 'wrong')).statusCode).toBe(401);
      expect((await login(email, TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('leaves no wait behind a free attempt, so a server whose clock is behind (or a clock set back) still lets the owner in', async () => {
      const email = 'therapist@demo.ketaclinic.test';
      expect((await login(email, 'wrong')).statusCode).toBe(401);
      t.clock.advanceMinutes(-10);
      expect((await login(email, TEST_PASSWORD)).statusCode).toBe(200);
      t.clock.advanceMinutes(10);
    });

    it('gives back the address reservation on success, so colleagues behind one address can all sign in', async () => {
      const address = '203.0.113.77';
      for (let i = 0; i < IP_THROTTLE.freeAttempts * 2; i += 1) {
        expect((await login('front_desk@demo.ketaclinic.test', TEST_PASSWORD, address)).statusCode).toBe(200);
      }
    });

    it('audits each refused attempt as login-locked and each checked failure as login-failed with its count', async () => {
      const rows = await ctx.database.db
        .selectFrom('auditEvent')
        .select(['action', 'detail'])
        .where('action', 'in', ['login-locked', 'login-failed'])
        .execute();
      expect(rows.some((r) => r.action === 'login-locked')).toBe(true);
      expect(
        rows.some(
          (r) =>
            r.action === 'login-failed' &&
            (r.detail as { failures?: number } | null)?.failures === ACCOUNT_THROTTLE.freeAttempts + 1,
        ),
      ).toBe(true);
    });
  });

  describe('second-factor codes', () => {
    it('checks at most 5 of 30 simultaneous wrong authenticator codes for one sign-in', async () => {
      const clinic = await t.services.clinics.create({
        name: 'Throttle Clinic',
        slug: `throttle-${ctx.target}`,
        isDemo: false,
      });
      const email = `mfa-${ctx.target}@throttle.test`;
      const user = await t.services.users.create(clinic.id, {
        email,
        displayName: 'Mfa Person',
        role: 'prescriber',
        password: TEST_PASSWORD,
      });
      const first = await signIn(t.app, { email, password: TEST_PASSWORD });
      const { secret } = (await api(t.app, first, 'POST', '/api/auth/mfa/enrol')).json();
      expect(
        (await api(t.app, first, 'POST', '/api/auth/mfa/enrol/confirm', { code: totp(secret, t.clock.now()) }))
          .statusCode,
      ).toBe(200);
      t.clock.advanceMinutes(1);
      const pending = await signIn(t.app, { email, password: TEST_PASSWORD });
      const valid = new Set([-30_000, 0, 30_000].map((ms) => totp(secret, new Date(t.clock.now().getTime() + ms))));
      const wrong = ['123456', '654321', '111111'].find((c) => !valid.has(c))!;
      await Promise.all(
        Array.from({ length: 30 }, () => api(t.app, pending, 'POST', '/api/auth/mfa/verify', { code: wrong })),
      );
      // Every checked code is audited as mfa-failed; refused ones (429, or 401 once the session was ended) are not.
      const checked = await ctx.database.db
        .selectFrom('auditEvent')
        .select('id')
        .where('action', '=', 'mfa-failed')
        .where('userId', '=', user.id)
        .execute();
      expect(checked.length).toBeGreaterThanOrEqual(1);
      expect(checked.length).toBeLessThanOrEqual(SIGN_IN_THROTTLE.lockAfterFailures);
    });
  });
});

/**
 * The session cache (session-cache.ts, SESSION_CACHE_MS): a request reuses the session, user and clinic it read a
 * moment ago, and a write to any of those tables made through this process empties the cache before the writer's
 * answer is sent. A write that touches none of them (a patient registered) keeps it (issue 11: emptying the cache
 * on every state-changing request made every write under load read its session again).
 *
 * The cache's clock is held still here, so nothing in these tests depends on how fast the machine runs them; the
 * change "made elsewhere" is a raw statement, which the write counter does not see, standing in for another app
 * instance or the command line (bounded by SESSION_CACHE_MS in production).
 */
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { TEST_PASSWORD, createTestApp, type TestApp } from '../../testing/test-app.js';
import type { Database } from '../../db/schema.js';
import { transactor } from '../../db/transaction.js';
import { demoEmail } from '../../seed/demo-data.js';
import { ClinicsRepository } from '../clinics/clinics.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import type { AuthPorts } from './auth-ports.js';

/** The account and the clinic from their own modules, as app.ts passes them. */
function portsOf(db: Kysely<Database>): AuthPorts {
  return { users: new UsersRepository(db), clinics: new ClinicsRepository(db) };
}

describeEachDatabase('session cache', (ctx) => {
  let t: TestApp;
  let auth: AuthService;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    auth = new AuthService(
      new AuthRepository(ctx.database.db, ctx.database.tableWrites),
      portsOf(ctx.database.db),
      t.services.audit,
      transactor(ctx.database.db),
      () => t.clock.now(),
      { delay: async () => undefined, monotonic: () => 0 },
    );
  });

  /** Renames the user outside the counted writes, as another instance would. */
  async function renameElsewhere(userId: string, displayName: string): Promise<void> {
    await sql`update app_user set display_name = ${displayName} where id = ${userId}`.execute(ctx.database.db);
  }

  /** What the access hooks do around one request: a mark when it arrives, the check before its answer. */
  async function asRequest(stateChanging: boolean, work: () => Promise<unknown>): Promise<void> {
    const mark = auth.sessionSourcesMark();
    await work();
    auth.forgetCachedSessionsIfChanged(mark, stateChanging);
  }

  describe('a write that changes no session, user or clinic', () => {
    it('keeps the cached session: registering a patient does not make the next request read its session again', async () => {
      const signed = await auth.signIn(demoEmail('front_desk'), TEST_PASSWORD, null);
      const session = await auth.authenticate(signed.token);
      expect(session?.principal.displayName).not.toBe('Renamed Elsewhere');
      await renameElsewhere(signed.user.id, 'Renamed Elsewhere');

      await asRequest(true, () =>
        t.services.patients.create(
          { principal: session!.principal, clientIp: null, clinicSettings: session!.clinicSettings },
          { givenName: 'Cache', familyName: 'Keeper', dateOfBirth: '1980-02-03', sex: 'female' },
        ),
      );

      expect((await auth.authenticate(signed.token))?.principal.displayName).toBe(session?.principal.displayName);
      // Read afresh (a live stream re-checking), the rename made elsewhere is there: the cache alone held the old name.
      expect((await auth.authenticate(signed.token, { fresh: true }))?.principal.displayName).toBe('Renamed Elsewhere');
    });
  });

  describe('a write to the session, user or clinic tables', () => {
    it('empties the cache before the answer: a role change made through this instance applies to the next request', async () => {
      const signed = await auth.signIn(demoEmail('therapist'), TEST_PASSWORD, null);
      expect((await auth.authenticate(signed.token))?.principal.role).toBe('therapist');
      const clinicId = signed.user.clinicId;

      await asRequest(true, () => t.services.users.changeRole({ clinicId, operator: 'cli' }, signed.user.id, 'nurse'));

      expect((await auth.authenticate(signed.token))?.principal.role).toBe('nurse');
      await t.services.users.changeRole({ clinicId, operator: 'cli' }, signed.user.id, 'therapist');
    });

    it('empties it when another request beside this one made the change (counted from the mark, not per request)', async () => {
      const signed = await auth.signIn(demoEmail('nurse'), TEST_PASSWORD, null);
      expect((await auth.authenticate(signed.token))?.principal.role).toBe('nurse');
      const clinicId = signed.user.clinicId;
      const mark = auth.sessionSourcesMark();
      await t.services.users.changeRole({ clinicId, operator: 'cli' }, signed.user.id, 'front_desk');
      // A read that began before the change ends after it: its answer is sent only once the cache is empty.
      auth.forgetCachedSessionsIfChanged(mark, false);

      expect((await auth.authenticate(signed.token))?.principal.role).toBe('front_desk');
      await t.services.users.changeRole({ clinicId, operator: 'cli' }, signed.user.id, 'nurse');
    });

    it('is seen by the next request when no request made it (a job, the command line inside the process)', async () => {
      const signed = await auth.signIn(demoEmail('admin'), TEST_PASSWORD, null);
      expect((await auth.authenticate(signed.token))?.principal.role).toBe('admin');
      const clinicId = signed.user.clinicId;
      const other = await auth.signIn(demoEmail('therapist'), TEST_PASSWORD, null);
      await auth.authenticate(other.token);

      await t.services.users.changeRole({ clinicId, operator: 'cli' }, other.user.id, 'front_desk');

      expect((await auth.authenticate(other.token))?.principal.role).toBe('front_desk');
      await t.services.users.changeRole({ clinicId, operator: 'cli' }, other.user.id, 'therapist');
    });

    it('ends a signed-out session at once', async () => {
      const signed = await auth.signIn(demoEmail('prescriber'), TEST_PASSWORD, null);
      const session = await auth.authenticate(signed.token);
      await asRequest(true, () => auth.signOut(session!.principal, null));
      expect(await auth.authenticate(signed.token)).toBeUndefined();
    });
  });

  describe('where writes are not counted', () => {
    it('empties the cache after every state-changing request, and keeps it after a read', async () => {
      const uncounted = new AuthService(
        new AuthRepository(ctx.database.db),
        portsOf(ctx.database.db),
        t.services.audit,
        transactor(ctx.database.db),
        () => t.clock.now(),
        { delay: async () => undefined, monotonic: () => 0 },
      );
      const signed = await uncounted.signIn(demoEmail('admin'), TEST_PASSWORD, null);
      const before = (await uncounted.authenticate(signed.token))?.principal.displayName;
      await renameElsewhere(signed.user.id, 'Renamed Uncounted');

      const mark = uncounted.sessionSourcesMark();
      uncounted.forgetCachedSessionsIfChanged(mark, false);
      expect((await uncounted.authenticate(signed.token))?.principal.displayName).toBe(before);

      uncounted.forgetCachedSessionsIfChanged(mark, true);
      expect((await uncounted.authenticate(signed.token))?.principal.displayName).toBe('Renamed Uncounted');
    });
  });
});

import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, MfaState, UserSessionRow } from '../../db/schema.js';
import type { TableWriteCounter } from '../../db/table-writes.js';
import { SESSIONS_ENDED_TOPIC } from '../../realtime/clinic-event.js';
import { publishClinicEvent } from '../../realtime/clinic-events.repository.js';
import { waitAfterAttempt, type AttemptReservation, type ThrottlePolicy } from '../../auth/throttle.js';

/** The tables a cached session is read from (`findSession`): a write to any of them may change what it holds. */
export const SESSION_SOURCE_TABLES = ['userSession', 'appUser', 'clinic'] as const;

export class AuthRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly tableWrites?: TableWriteCounter,
  ) {}

  /**
   * How many writes this process has sent to the tables a session is read from, or undefined when the writes are
   * not counted (then every state-changing request is taken to have changed them).
   */
  sessionSourceWrites(): number | undefined {
    return this.tableWrites?.countOf(SESSION_SOURCE_TABLES);
  }

  async createSession(row: Omit<UserSessionRow, 'revokedAt'>): Promise<void> {
    await this.db.insertInto('userSession').values(row).execute();
  }

  /** The session with its user and clinic, in one query: this runs on every request. */
  findSession(id: string) {
    return this.db
      .selectFrom('userSession as s')
      .innerJoin('appUser as u', 'u.id', 's.userId')
      .innerJoin('clinic as c', 'c.id', 's.clinicId')
      .select([
        's.id',
        's.userId',
        's.clinicId',
        's.csrfToken',
        's.mfaState',
        's.createdAt',
        's.lastSeenAt',
        's.expiresAt',
        's.revokedAt',
        'u.email',
        'u.displayName',
        'u.role',
        'u.isActive',
        'u.mfaEnabled',
        'u.passwordMustChange',
        'c.settings as clinicSettings',
        'c.name as clinicName',
        'c.isDemo',
        'c.timeZone as clinicTimeZone',
      ])
      .where('s.id', '=', id)
      .executeTakeFirst();
  }

  async touchSession(id: string, at: Date): Promise<void> {
    await this.db.updateTable('userSession').set({ lastSeenAt: at }).where('id', '=', id).execute();
  }

  async setSessionMfaState(id: string, state: MfaState): Promise<void> {
    await this.db.updateTable('userSession').set({ mfaState: state }).where('id', '=', id).execute();
  }

  /**
   * Signs the user out everywhere: every open session is revoked, and the clinic's open event streams are told to
   * re-check theirs when the transaction commits (so the user's close at once). Returns how many sessions ended.
   */
  async endAllSessions(trx: Transaction<Database>, clinicId: string, userId: string, at: Date): Promise<number> {
    const result = await trx
      .updateTable('userSession')
      .set({ revokedAt: at })
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null)
      .where('expiresAt', '>', at)
      .executeTakeFirst();
    await publishClinicEvent(trx, clinicId, { topic: SESSIONS_ENDED_TOPIC });
    return Number(result.numUpdatedRows);
  }

  async revokeSession(id: string, at: Date): Promise<void> {
    await this.db
      .updateTable('userSession')
      .set({ revokedAt: at })
      .where('id', '=', id)
      .where('revokedAt', 'is', null)
      .execute();
  }

  /**
   * Ends the user's other sessions (a new password was set in the same transaction), and tells the clinic's open
   * event streams to re-check theirs when it commits. Returns how many ended.
   */
  async endOtherSessions(
    trx: Transaction<Database>,
    clinicId: string,
    userId: string,
    keepSessionId: string,
    at: Date,
  ): Promise<number> {
    const ended = await trx
      .updateTable('userSession')
      .set({ revokedAt: at })
      .where('userId', '=', userId)
      .where('id', '!=', keepSessionId)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    const count = Number(ended.numUpdatedRows);
    if (count > 0) await publishClinicEvent(trx, clinicId, { topic: SESSIONS_ENDED_TOPIC });
    return count;
  }

  /**
   * Reserves one attempt under `key`, atomically: one INSERT ... ON CONFLICT DO UPDATE ... WHERE ... RETURNING
   * counts the attempt and sets the earliest time of the next one, but only when that time has come. So of N
   * simultaneous attempts, only those the policy allows get a row back (PostgreSQL re-checks the WHERE against
   * the latest row version after waiting for the row lock); the others are refused without being counted.
   */
  async reserveAttempt(key: string, now: Date, policy: ThrottlePolicy): Promise<AttemptReservation> {
    const forgetBefore = new Date(now.getTime() - policy.forgetAfterSeconds * 1000);
    const attempt = sql<number>`(case when login_throttle.last_failure_at < ${forgetBefore}::timestamptz then 1 else login_throttle.failures + 1 end)`;
    const waitSeconds = sql<number>`least(${policy.maxWaitSeconds}::float8, case when ${attempt} <= ${policy.freeAttempts}::int then 0 else ${policy.firstWaitSeconds}::float8 * power(2::float8, least(${attempt} - ${policy.freeAttempts}::int - 1, 30)) end)`;
    const row = await this.db
      .insertInto('loginThrottle')
      .values({
        key,
        failures: 1,
        lastFailureAt: now,
        lockedUntil:
          waitAfterAttempt(1, policy) > 0 ? new Date(now.getTime() + waitAfterAttempt(1, policy) * 1000) : null,
      })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({
            failures: attempt,
            lastFailureAt: now,
            // No wait leaves no time behind: a server whose clock runs a little behind (or a clock set back)
            // must not find a free attempt "in the future".
            lockedUntil: sql<Date | null>`case when ${waitSeconds} > 0 then ${now}::timestamptz + make_interval(secs => ${waitSeconds}) end`,
          })
          .where(
            sql<boolean>`(login_throttle.locked_until is null or login_throttle.locked_until <= ${now}::timestamptz)`,
          ),
      )
      .returning('failures')
      .executeTakeFirst();
    if (row) return { allowed: true, attempt: row.failures };
    const current = await this.getThrottle(key);
    const until = current?.lockedUntil?.getTime() ?? now.getTime();
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
  }

  /** Gives back one reserved attempt (a success from a shared address should not slow the next colleague). */
  async releaseAttempt(key: string): Promise<void> {
    await this.db
      .updateTable('loginThrottle')
      .set({ failures: sql`greatest(failures - 1, 0)` })
      .where('key', '=', key)
      .execute();
  }

  getThrottle(key: string) {
    return this.db.selectFrom('loginThrottle').selectAll().where('key', '=', key).executeTakeFirst();
  }

  /** Counts one more failure; returns the new count. */
  async recordFailure(key: string, at: Date): Promise<number> {
    const row = await this.db
      .insertInto('loginThrottle')
      .values({ key, failures: 1, lastFailureAt: at })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ failures: sql`login_throttle.failures + 1`, lastFailureAt: at }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    return row.failures;
  }

  async lock(key: string, until: Date): Promise<void> {
    await this.db
      .updateTable('loginThrottle')
      .set({ lockedUntil: until, failures: 0 })
      .where('key', '=', key)
      .execute();
  }

  async clearThrottle(key: string): Promise<void> {
    await this.db.deleteFrom('loginThrottle').where('key', '=', key).execute();
  }
}

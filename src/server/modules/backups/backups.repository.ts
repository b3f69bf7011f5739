/** What the scheduled backup asks of the database: the clinic's time zone, and one instance at a time. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** The advisory-lock key of the daily backup (any fixed number other locks do not use). */
const BACKUP_LOCK_KEY = 7_311_500_215;

export class BackupsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The zone of the first clinic created (a server serves one clinic's site in practice); UTC when there is none. */
  async clinicTimeZone(): Promise<string> {
    const row = await this.db.selectFrom('clinic').select('timeZone').orderBy('createdAt').limit(1).executeTakeFirst();
    return row?.timeZone ?? 'UTC';
  }

  /**
   * Runs `work` while holding the backup's advisory lock (transaction-level: released when `work` ends, however it
   * ends), or answers undefined at once when another instance holds it. On PGlite the open transaction holds the one
   * connection, so requests wait while the dump is taken (a second or two, at night).
   */
  async whileLocked<T>(work: () => Promise<T>): Promise<T | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const got = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_xact_lock(${BACKUP_LOCK_KEY}) as locked`.execute(trx);
      if (!got.rows[0]?.locked) return undefined;
      return work();
    });
  }
}

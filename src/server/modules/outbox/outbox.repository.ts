import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, OutboxChannel, OutboxDeliveryChannel, OutboxStatus } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A row to queue; `C` is its channel (mail or SMS unless said otherwise). */
export interface NewOutboxMessage<C extends OutboxDeliveryChannel = OutboxChannel> {
  clinicId: string;
  patientId: string | null;
  kind: string;
  channel: C;
  recipient: string;
  subject: string | null;
  body: string;
  /** A message that must go at most once carries a key; a second one with the same key is not queued. */
  dedupeKey: string | null;
  createdBy: string | null;
}

export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Queues messages; those whose dedupe key is already queued are skipped. Returns the rows queued now. */
  async enqueue<C extends OutboxDeliveryChannel>(
    trx: Db,
    rows: ReadonlyArray<NewOutboxMessage<C>>,
    at: Date,
  ): Promise<Array<{ id: string; channel: C; recipient: string }>> {
    if (rows.length === 0) return [];
    const queued = await trx
      .insertInto('outbox')
      .values(rows.map((r) => ({ ...r, status: 'pending' as const, attempts: 0, nextAttemptAt: at, createdAt: at })))
      .onConflict((oc) => oc.columns(['clinicId', 'dedupeKey']).where('dedupeKey', 'is not', null).doNothing())
      .returning(['id', 'channel', 'recipient'])
      .execute();
    return queued as Array<{ id: string; channel: C; recipient: string }>; // each row keeps the channel it was given
  }

  /** Which of `keys` are queued already (any status), to skip them without a write. */
  async existingKeys(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db.selectFrom('outbox').select('dedupeKey').where('dedupeKey', 'in', keys).execute();
    return new Set(rows.map((r) => r.dedupeKey).filter((k): k is string => k !== null));
  }

  /**
   * Claims the next due message on one of `channels` for the worker holding `token`, atomically: the row moves from
   * pending to sending in one UPDATE, and a row another worker holds (SKIP LOCKED) or has just claimed (the status
   * check after the lock) is not taken. Counts the attempt.
   */
  async claimNext(channels: readonly OutboxDeliveryChannel[], token: string, now: Date) {
    if (channels.length === 0) return undefined;
    const result = await sql<{ id: string }>`
      update outbox set status = 'sending', claim_token = ${token}, claimed_at = ${now}, attempts = attempts + 1
      where status = 'pending' and id = (
        select id from outbox
        where status = 'pending' and next_attempt_at <= ${now} and channel in (${sql.join(channels)})
        order by next_attempt_at, created_at, id
        limit 1
        for update skip locked)
      returning id`.execute(this.db);
    const id = result.rows[0]?.id;
    if (!id) return undefined;
    return this.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** Records delivery; false when the claim is no longer this worker's. */
  async markSent(id: string, token: string, at: Date, providerMessageId: string | null): Promise<boolean> {
    const result = await this.db
      .updateTable('outbox')
      .set({ status: 'sent', sentAt: at, providerMessageId, lastError: null })
      .where('id', '=', id)
      .where('claimToken', '=', token)
      .where('status', '=', 'sending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** A failed attempt: back to pending at `retryAt`, or failed for good when `retryAt` is null. */
  async markAttemptFailed(id: string, token: string, error: string, retryAt: Date | null): Promise<boolean> {
    const result = await this.db
      .updateTable('outbox')
      .set(
        retryAt
          ? { status: 'pending', nextAttemptAt: retryAt, lastError: error, claimToken: null }
          : { status: 'failed', lastError: error },
      )
      .where('id', '=', id)
      .where('claimToken', '=', token)
      .where('status', '=', 'sending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Messages left in `sending` by a process that stopped mid-send (claimed before `claimedBefore`): marked failed and
   * not retried, because the provider may have delivered them and a retry could send them twice.
   */
  async failInterrupted(claimedBefore: Date): Promise<number> {
    const result = await this.db
      .updateTable('outbox')
      .set({
        status: 'failed',
        lastError:
          'The server stopped while sending: not retried, because it may have been delivered. Check with the recipient.',
      })
      .where('status', '=', 'sending')
      .where('claimedAt', '<', claimedBefore)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Withdraws queued, unsent messages whose key starts with `keyPrefix` (a cancelled or moved booking's reminders). */
  async withdraw(trx: Db, clinicId: string, keyPrefix: string, why: string): Promise<number> {
    const result = await trx
      .updateTable('outbox')
      .set({ status: 'failed', lastError: why })
      .where('clinicId', '=', clinicId)
      .where('status', '=', 'pending')
      .where('dedupeKey', 'like', `${keyPrefix.replace(/[\\%_]/g, '\\$&')}%`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  list(clinicId: string, filter: { status?: OutboxStatus | undefined; limit: number }) {
    let query = this.db
      .selectFrom('outbox')
      .select([
        'id',
        'kind',
        'channel',
        'recipient',
        'subject',
        'patientId',
        'status',
        'attempts',
        'nextAttemptAt',
        'sentAt',
        'providerMessageId',
        'lastError',
        'createdAt',
      ])
      .where('clinicId', '=', clinicId)
      .where('channel', 'in', ['email', 'sms'])
      .$narrowType<{ channel: 'email' | 'sms' }>(); // webhook deliveries: GET /api/webhooks/deliveries
    if (filter.status) query = query.where('status', '=', filter.status);
    return query.orderBy('createdAt', 'desc').orderBy('id').limit(filter.limit).execute();
  }

  /** The current state of some of the clinic's messages, by id (webhook deliveries, for their log). */
  async deliveryStates(
    clinicId: string,
    ids: readonly string[],
  ): Promise<Map<string, { status: OutboxStatus; nextAttemptAt: Date }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('outbox')
      .select(['id', 'status', 'nextAttemptAt'])
      .where('clinicId', '=', clinicId)
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((r) => [r.id, { status: r.status, nextAttemptAt: r.nextAttemptAt }]));
  }
}

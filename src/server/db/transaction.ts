import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * SQLSTATEs after which PostgreSQL has rolled the whole transaction back and asks the client to run it again:
 * 40P01 deadlock_detected (two inserts into an exclusion constraint, such as resource_hold_no_overlap, can each wait
 * for the other; the deadlock detector cancels one), and 40001 serialization_failure. Nothing of the attempt was
 * kept, so running the work again is safe, and it then meets the committed row and refuses in the usual way.
 */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['40P01', '40001']);
/** Attempts in all, the first included. A fourth deadlock in a row reaches the caller (a 409, see error-handler.ts). */
export const TRANSACTION_ATTEMPTS = 4;

export function isRetryableTransactionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

/**
 * Runs `begin` (which opens, runs and commits one transaction) until it succeeds, a non-retryable error arises, or
 * the attempts are spent. Between attempts it waits a few random milliseconds, so the rivals do not meet again.
 */
export async function withRetry<T>(begin: () => Promise<T>, wait: (ms: number) => Promise<void> = sleep): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await begin();
    } catch (error) {
      if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
      await wait(Math.floor(Math.random() * 10 * attempt) + 1);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `work` in the caller's transaction when given one, or in a new transaction (retried after a deadlock). */
export function inTransaction<T>(
  db: Kysely<Database> | Transaction<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return withRetry(() => db.transaction().execute(work));
}

/** Given to services so they can group repository calls atomically without touching Kysely themselves. */
export type Transact = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

/**
 * Each call is one transaction, run again from the start if PostgreSQL rolled it back for a deadlock or a
 * serialization failure. `work` must therefore keep its effects inside the transaction (all our services do: audit
 * events and outbox messages are rows written through `trx`).
 */
export function transactor(db: Kysely<Database>): Transact {
  return (work) => withRetry(() => db.transaction().execute(work));
}

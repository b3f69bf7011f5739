import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** Runs `work` in the caller's transaction when given one, or in a new transaction. */
export function inTransaction<T>(db: Kysely<Database> | Transaction<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return db.transaction().execute(work);
}

/** Given to services so they can group repository calls atomically without touching Kysely themselves. */
export type Transact = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

export function transactor(db: Kysely<Database>): Transact {
  return (work) => db.transaction().execute(work);
}

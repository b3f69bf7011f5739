/**
 * The database side of the clinic's live channel: a NOTIFY inside the writer's transaction, and the name of the
 * channel the listener LISTENs on. See README.md in this folder.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { clinicEvent, encodeClinicEvent, type ClinicEvent, type ClinicEventInput } from './clinic-event.js';

/**
 * One channel per schema, so that databases shared by schema (the PostgreSQL test suite gives every test file a
 * schema of its own) do not hear each other. PostgreSQL delivers notifications per database, not per schema.
 * Both sides compute it in SQL from the connection's search_path, so they cannot disagree.
 */
const CHANNEL = sql<string>`'kc_events_' || current_schema()`;

/**
 * Publishes a change to the clinic's live channel. Call it with the transaction that makes the change: the
 * notification is delivered when that transaction commits, and never if it rolls back. Outside a transaction it is
 * delivered at once. Carries ids and a topic only, never patient data.
 */
export async function publishClinicEvent(
  executor: Kysely<Database> | Transaction<Database>,
  clinicId: string,
  input: ClinicEventInput,
): Promise<ClinicEvent> {
  const event = clinicEvent(randomUUID(), clinicId, input);
  await sql`select pg_notify(${CHANNEL}, ${encodeClinicEvent(event)})`.execute(executor);
  return event;
}

/** The channel this connection's schema publishes on. */
export async function clinicEventChannel(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ channel: string }>`select ${CHANNEL} as channel`.execute(db);
  const channel = rows[0]?.channel;
  // PGlite sends LISTEN unquoted (folding to lower case) and PostgreSQL truncates identifiers at 63 bytes.
  if (!channel || !/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) {
    throw new Error(
      `The live channel name "${channel ?? ''}" (from the schema name) must be lower-case letters, digits and _ only, at most 63 characters.`,
    );
  }
  return channel;
}

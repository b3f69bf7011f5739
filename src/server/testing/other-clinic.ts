/** Test set-up for tenancy checks: a second clinic beside the seeded one. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Inserts a clinic named "Other clinic" with the given slug and no settings; returns its id. */
export async function insertOtherClinic(db: Kysely<Database>, slug: string): Promise<string> {
  const other = await db
    .insertInto('clinic')
    .values({ name: 'Other clinic', slug, settings: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return other.id;
}

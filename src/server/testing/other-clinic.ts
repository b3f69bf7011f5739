/** Test set-up for tenancy checks: a second clinic beside the seeded one. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Inserts a clinic named "Other clinic" with the given slug and no settings; returns its id. */
export async function insertOtherClinic(db: Kysely<Database>, slug: string): Promise<string> {
  const other = await sql<{
    id: string;
  }>`insert into clinic (name, slug, settings) values ('Other clinic', ${slug}, '{}') returning id`.execute(db);
  return other.rows[0]!.id;
}

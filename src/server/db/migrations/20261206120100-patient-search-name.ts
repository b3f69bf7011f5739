/**
 * Patient search finds names typed without their accents ("jose" finds "José") on PGlite and PostgreSQL alike:
 * PostgreSQL's `unaccent` extension is not available on PGlite, so the folded name is stored with the patient,
 * written by the application on every create and edit, and backfilled here for existing rows.
 * The folding is repeated here (not imported) because migrations never import application code.
 */
import { sql, type Kysely } from 'kysely';

const PLAIN: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

function fold(text: string): string {
  return text
    .replace(/[ßẞæÆœŒøØłŁđĐðþı]/g, (c) => PLAIN[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’`´]/g, '')
    .replace(/[-‐‑–—.,]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Writes the folded name of every patient. Raw SQL with one-word aliases: the application's Kysely renames
 * snake_case columns to camelCase in results, and this must read the same on any Kysely instance.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function backfillSearchNames(db: Kysely<any>): Promise<void> {
  const rows = await sql<{
    id: string;
    given: string;
    family: string;
  }>`select id, given_name as given, family_name as family from patient`.execute(db);
  for (const row of rows.rows) {
    await sql`update patient set search_name = ${` ${fold(row.given)} ${fold(row.family)} `} where id = ${row.id}`.execute(
      db,
    );
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('patient')
    .addColumn('search_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await backfillSearchNames(db);
  await sql`comment on column patient.search_name is 'Given and family name folded for search (lower case, no accents), each word after a space; written by the application'`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('patient').dropColumn('search_name').execute();
}

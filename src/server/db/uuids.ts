import { sql, type RawBuilder, type SqlBool } from 'kysely';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `text` is a UUID in its hyphenated form (either case): what an id column of type uuid can hold. */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/**
 * The ids that are UUIDs, in their order: an `id IN (...)` over uuid columns fails on PostgreSQL for any other text,
 * and such an id names no row anyway, so the by-ids reads leave them out instead.
 */
export function uuidsOnly(ids: readonly string[]): string[] {
  return ids.filter(isUuid);
}

/**
 * `column = any($1::uuid[])`: a list of ids as one array parameter. Beside `in ($1, …, $n)` the statement's text
 * stays the same for any number of ids, and a list of hundreds or thousands (the outcome page's patients) is one
 * value to parse and bind rather than one per id. Ids that are not UUIDs are left out (they name no row).
 */
export function isAnyUuid(column: string, ids: readonly string[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} = any(${uuidsOnly(ids)}::uuid[])`;
}

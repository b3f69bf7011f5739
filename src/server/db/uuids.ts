const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The ids that are UUIDs, in their order: an `id IN (...)` over uuid columns fails on PostgreSQL for any other text,
 * and such an id names no row anyway, so the by-ids reads leave them out instead.
 */
export function uuidsOnly(ids: readonly string[]): string[] {
  return ids.filter((id) => UUID.test(id));
}

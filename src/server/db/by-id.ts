/**
 * What `read` finds for these ids, as a map by id: each id is read once, null (and empty) ids are left out, and no
 * id reads nothing (`in ()` is not SQL). Ids the read does not find are absent from the map. For the by-ids reads
 * of a repository: names to show beside rows, settings of the rows' parents.
 */
export async function mapById<Row extends { id: string }, Value>(
  ids: ReadonlyArray<string | null>,
  read: (ids: string[]) => Promise<Row[]>,
  value: (row: Row) => Value,
): Promise<Map<string, Value>> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (unique.length === 0) return new Map();
  const rows = await read(unique);
  return new Map(rows.map((row) => [row.id, value(row)]));
}

/**
 * Reads for the whole-clinic export (issue 15): which tables hold a clinic's records (every table with a `clinic_id`
 * column, found in the catalogue so a table added later is exported without a change here), their columns with the
 * comments the migrations wrote, and their rows in keyset windows on the primary key (memory: one window).
 * Rows come back as `row_to_json` text, so both databases give the same shapes and the column names as stored.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isUuid } from '../../db/uuids.js';

export interface ExportColumn {
  readonly name: string;
  readonly dataType: string;
  readonly comment: string | null;
}

export interface ExportTable {
  readonly name: string;
  readonly comment: string | null;
  readonly columns: readonly ExportColumn[];
  /** The primary key's columns, in order (empty: read in one query). */
  readonly key: readonly string[];
}

export class ClinicExportRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every table of the current schema with a clinic_id column, and the clinic table itself. */
  async tables(): Promise<ExportTable[]> {
    const columns = await sql<{
      tableName: string;
      columnName: string;
      dataType: string;
      comment: string | null;
      tableComment: string | null;
    }>`
      select c.table_name, c.column_name, c.data_type,
             col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position::int) as comment,
             obj_description(format('%I.%I', c.table_schema, c.table_name)::regclass, 'pg_class') as table_comment
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
       where c.table_schema = current_schema()
         and (c.table_name = 'clinic' or exists (select 1 from information_schema.columns k
               where k.table_schema = c.table_schema and k.table_name = c.table_name and k.column_name = 'clinic_id'))
       order by c.table_name, c.ordinal_position`.execute(this.db);
    const keys = await sql<{ tableName: string; columnName: string }>`
      select k.table_name, k.column_name
        from information_schema.table_constraints tc
        join information_schema.key_column_usage k on k.constraint_schema = tc.constraint_schema and k.constraint_name = tc.constraint_name and k.table_name = tc.table_name
       where tc.table_schema = current_schema() and tc.constraint_type = 'PRIMARY KEY'
       order by k.table_name, k.ordinal_position`.execute(this.db);
    const byTable = new Map<string, ExportTable & { columns: ExportColumn[]; key: string[] }>();
    for (const c of columns.rows) {
      let table = byTable.get(c.tableName);
      if (!table) {
        table = { name: c.tableName, comment: c.tableComment, columns: [], key: [] };
        byTable.set(c.tableName, table);
      }
      table.columns.push({ name: c.columnName, dataType: c.dataType, comment: c.comment });
    }
    for (const k of keys.rows) byTable.get(k.tableName)?.key.push(k.columnName);
    return [...byTable.values()];
  }

  /**
   * One window of a table's rows for the clinic, ordered by the primary key, after `after` (the previous window's last
   * key values). Each row is a JSON object keyed by column name.
   */
  async window(
    table: ExportTable,
    clinicId: string,
    after: readonly unknown[] | undefined,
    limit: number,
  ): Promise<Array<Record<string, unknown>>> {
    const t = sql.table(table.name);
    const scope = table.name === 'clinic' ? sql`r.id = ${clinicId}` : sql`r.clinic_id = ${clinicId}`;
    const key = table.key.map((k) => sql.ref(`r.${k}`));
    const keyList = sql.join(key);
    const afterClause =
      after && table.key.length > 0 ? sql` and (${keyList}) > (${sql.join(after.map((v) => sql`${v}`))})` : sql``;
    const order = table.key.length > 0 ? sql` order by ${keyList} limit ${limit}` : sql``;
    const result = await sql<{
      row: string;
    }>`select row_to_json(r)::text as row from ${t} r where ${scope}${afterClause}${order}`.execute(this.db);
    return result.rows.map((r) => JSON.parse(r.row) as Record<string, unknown>);
  }

  /** How many rows of the table belong to the clinic. */
  async count(table: string, clinicId: string): Promise<number> {
    const scope = table === 'clinic' ? sql`id = ${clinicId}` : sql`clinic_id = ${clinicId}`;
    const result = await sql<{
      n: number | string;
    }>`select count(*) as n from ${sql.table(table)} where ${scope}`.execute(this.db);
    return Number(result.rows[0]?.n ?? 0);
  }

  /** A clinic by id or slug. */
  async findClinic(key: string): Promise<{ id: string; name: string; slug: string } | undefined> {
    const byId = isUuid(key);
    return this.db
      .selectFrom('clinic')
      .select(['id', 'name', 'slug'])
      .where(byId ? 'id' : 'slug', '=', key)
      .executeTakeFirst();
  }

  /** Every clinic (id, name, slug). */
  clinics(): Promise<Array<{ id: string; name: string; slug: string }>> {
    return this.db.selectFrom('clinic').select(['id', 'name', 'slug']).orderBy('createdAt').execute();
  }

  /** The clinic's longest-serving active admin (the CLI acts as this account when no other is named). */
  async firstActiveAdmin(clinicId: string): Promise<{ id: string; email: string; displayName: string } | undefined> {
    return this.db
      .selectFrom('appUser')
      .select(['id', 'email', 'displayName'])
      .where('clinicId', '=', clinicId)
      .where('role', '=', 'admin')
      .where('isActive', '=', true)
      .orderBy('createdAt')
      .orderBy('id')
      .executeTakeFirst();
  }

  async userByEmail(
    clinicId: string,
    email: string,
  ): Promise<{ id: string; email: string; displayName: string; role: string } | undefined> {
    return this.db
      .selectFrom('appUser')
      .select(['id', 'email', 'displayName', 'role'])
      .where('clinicId', '=', clinicId)
      .where('email', '=', email.toLowerCase())
      .where('isActive', '=', true)
      .executeTakeFirst();
  }
}

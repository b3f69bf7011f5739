/**
 * The api_token table (migration 20261206130100). This module owns its table's types (added with `withTables`).
 */
import type { ColumnType, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, NullableTimestamp, StaffRole, Timestamp } from '../../db/schema.js';

export type ApiTokenTable = {
  id: string;
  clinicId: string;
  name: string;
  role: StaffRole;
  scopes: ColumnType<string[], string, string>;
  patientId: string | null;
  secretHash: string;
  secretHint: string;
  createdBy: string;
  createdAt: Timestamp;
  expiresAt: NullableTimestamp;
  lastUsedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
  revokedBy: string | null;
};
export type ApiTokenTables = { apiToken: ApiTokenTable };
export type ApiTokenRow = Selectable<ApiTokenTable>;

type Db = Kysely<Database & ApiTokenTables>;

export class ApiTokensRepository {
  private readonly db: Db;
  constructor(db: Kysely<Database>) {
    this.db = db.withTables<ApiTokenTables>();
  }

  list(clinicId: string): Promise<ApiTokenRow[]> {
    return this.db
      .selectFrom('apiToken')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .execute();
  }

  findBySecretHash(secretHash: string): Promise<ApiTokenRow | undefined> {
    return this.db.selectFrom('apiToken').selectAll().where('secretHash', '=', secretHash).executeTakeFirst();
  }

  insert(
    trx: Transaction<Database>,
    row: Omit<ApiTokenRow, 'lastUsedAt' | 'revokedAt' | 'revokedBy' | 'scopes'> & { scopes: readonly string[] },
  ): Promise<ApiTokenRow> {
    return trx
      .withTables<ApiTokenTables>()
      .insertInto('apiToken')
      .values({ ...row, scopes: JSON.stringify(row.scopes) })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Revokes a live token of the clinic; undefined when there is none (unknown, other clinic, already revoked). */
  revoke(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    by: string,
    at: Date,
  ): Promise<ApiTokenRow | undefined> {
    return trx
      .withTables<ApiTokenTables>()
      .updateTable('apiToken')
      .set({ revokedAt: at, revokedBy: by })
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .where('revokedAt', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  find(trx: Transaction<Database>, clinicId: string, id: string): Promise<ApiTokenRow | undefined> {
    return trx
      .withTables<ApiTokenTables>()
      .selectFrom('apiToken')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.updateTable('apiToken').set({ lastUsedAt: at }).where('id', '=', id).execute();
  }
}

/**
 * The backend_client, backend_client_jti and backend_access_token tables (migration 20261206220100). This module
 * owns their types (added with `withTables`).
 */
import type { ColumnType, Kysely, Selectable, Transaction } from 'kysely';
import type { PublicJwks } from '../../auth/jwt-assertion.js';
import type { Database, NullableTimestamp, StaffRole, Timestamp } from '../../db/schema.js';

export type BackendClientTable = {
  id: string;
  clinicId: string;
  name: string;
  role: StaffRole;
  scopes: ColumnType<string[], string, string>;
  jwks: ColumnType<PublicJwks, string, string>;
  createdBy: string;
  createdAt: Timestamp;
  lastUsedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
  revokedBy: string | null;
};
type BackendClientJtiTable = { clientId: string; jti: string; expiresAt: Timestamp };
type BackendAccessTokenTable = {
  id: string;
  clientId: string;
  tokenHash: string;
  scopes: ColumnType<string[], string, string>;
  issuedAt: Timestamp;
  expiresAt: Timestamp;
};
export type BackendClientTables = {
  backendClient: BackendClientTable;
  backendClientJti: BackendClientJtiTable;
  backendAccessToken: BackendAccessTokenTable;
};
export type BackendClientRow = Selectable<BackendClientTable>;

/** A live access token with the client it was issued to. */
export interface AccessTokenGrant {
  readonly tokenId: string;
  readonly scopes: string[];
  readonly expiresAt: Date;
  readonly client: BackendClientRow;
}

type Db = Kysely<Database & BackendClientTables>;

export class BackendClientsRepository {
  private readonly db: Db;
  constructor(db: Kysely<Database>) {
    this.db = db.withTables<BackendClientTables>();
  }

  list(clinicId: string): Promise<BackendClientRow[]> {
    return this.db
      .selectFrom('backendClient')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .execute();
  }

  /** Any clinic's client by its id (the token endpoint does not know the clinic before the client is found). */
  findById(id: string): Promise<BackendClientRow | undefined> {
    return this.db.selectFrom('backendClient').selectAll().where('id', '=', id).executeTakeFirst();
  }

  find(trx: Transaction<Database>, clinicId: string, id: string): Promise<BackendClientRow | undefined> {
    return trx
      .withTables<BackendClientTables>()
      .selectFrom('backendClient')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  insert(
    trx: Transaction<Database>,
    row: Omit<BackendClientRow, 'lastUsedAt' | 'revokedAt' | 'revokedBy' | 'scopes' | 'jwks'> & {
      scopes: readonly string[];
      jwks: PublicJwks;
    },
  ): Promise<BackendClientRow> {
    return trx
      .withTables<BackendClientTables>()
      .insertInto('backendClient')
      .values({ ...row, scopes: JSON.stringify(row.scopes), jwks: JSON.stringify(row.jwks) })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Revokes a live client of the clinic; undefined when there is none (unknown, other clinic, already revoked). */
  revoke(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    by: string,
    at: Date,
  ): Promise<BackendClientRow | undefined> {
    return trx
      .withTables<BackendClientTables>()
      .updateTable('backendClient')
      .set({ revokedAt: at, revokedBy: by })
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .where('revokedAt', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Records an assertion id as used until `expiresAt`; false when the client already used it (a replay). Ids whose
   * assertions have expired are forgotten first: such an assertion is refused for its expiry anyway.
   */
  async useJti(
    trx: Transaction<Database>,
    clientId: string,
    jti: string,
    expiresAt: Date,
    now: Date,
  ): Promise<boolean> {
    const db = trx.withTables<BackendClientTables>();
    await db.deleteFrom('backendClientJti').where('expiresAt', '<=', now).execute();
    const inserted = await db
      .insertInto('backendClientJti')
      .values({ clientId, jti, expiresAt })
      .onConflict((oc) => oc.columns(['clientId', 'jti']).doNothing())
      .returning('jti')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async insertAccessToken(
    trx: Transaction<Database>,
    row: {
      id: string;
      clientId: string;
      tokenHash: string;
      scopes: readonly string[];
      issuedAt: Date;
      expiresAt: Date;
    },
    now: Date,
  ): Promise<void> {
    const db = trx.withTables<BackendClientTables>();
    await db.deleteFrom('backendAccessToken').where('expiresAt', '<=', now).execute();
    await db
      .insertInto('backendAccessToken')
      .values({ ...row, scopes: JSON.stringify(row.scopes) })
      .execute();
    await db.updateTable('backendClient').set({ lastUsedAt: now }).where('id', '=', row.clientId).execute();
  }

  async findAccessToken(tokenHash: string): Promise<AccessTokenGrant | undefined> {
    const token = await this.db
      .selectFrom('backendAccessToken')
      .select(['id', 'clientId', 'scopes', 'expiresAt'])
      .where('tokenHash', '=', tokenHash)
      .executeTakeFirst();
    if (!token) return undefined;
    const client = await this.findById(token.clientId);
    return client ? { tokenId: token.id, scopes: token.scopes, expiresAt: token.expiresAt, client } : undefined;
  }
}

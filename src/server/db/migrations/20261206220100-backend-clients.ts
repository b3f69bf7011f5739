/**
 * SMART Backend Services (issue 15, "Integrations"): a clinic admin registers a backend client with a role, the
 * SMART v2 scopes it may be granted and its public keys (a JWKS). The client authenticates at the token endpoint
 * with a JWT it signs (client credentials grant, private_key_jwt) and receives a short-lived access token.
 * Used assertion ids (jti) are kept until the assertion expires, so an assertion cannot be replayed; access tokens
 * are kept as SHA-256 only. A client is never deleted: revocation is a timestamp.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('backend_client')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scopes', 'jsonb', (c) => c.notNull())
    .addColumn('jwks', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'uuid', (c) => c.references('app_user.id'))
    .execute();
  await db.schema
    .createIndex('backend_client_clinic_idx')
    .on('backend_client')
    .columns(['clinic_id', 'created_at'])
    .execute();
  await sql`comment on table backend_client is 'SMART Backend Services clients registered by an admin: name, role, allowed scopes, public keys (JWKS); the client id is the row id'`.execute(
    db,
  );
  await sql`comment on column backend_client.jwks is 'The client''s public keys (JSON Web Key Set): no private key is ever stored'`.execute(
    db,
  );

  await db.schema
    .createTable('backend_client_jti')
    .addColumn('client_id', 'uuid', (c) => c.notNull().references('backend_client.id'))
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('backend_client_jti_pk', ['client_id', 'jti'])
    .execute();
  await db.schema.createIndex('backend_client_jti_expiry_idx').on('backend_client_jti').column('expires_at').execute();
  await sql`comment on table backend_client_jti is 'Assertion ids (jti) already used, kept until the assertion expires so that it cannot be replayed'`.execute(
    db,
  );

  await db.schema
    .createTable('backend_access_token')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('client_id', 'uuid', (c) => c.notNull().references('backend_client.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'jsonb', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('backend_access_token_expiry_idx')
    .on('backend_access_token')
    .column('expires_at')
    .execute();
  await sql`comment on column backend_access_token.token_hash is 'SHA-256 (hex) of the access token; the token itself is sent once and never stored'`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('backend_access_token').execute();
  await db.schema.dropTable('backend_client_jti').execute();
  await db.schema.dropTable('backend_client').execute();
}

/**
 * API tokens for systems that are not a browser (issue 15, "Integrations"): an admin creates a token with a role
 * and SMART v2 style scopes; the secret is shown once and only its SHA-256 is kept. A token belongs to one clinic,
 * is never deleted (revocation is a timestamp), and a token with `patient/` scopes is bound to one patient.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_token')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scopes', 'jsonb', (c) => c.notNull())
    .addColumn('patient_id', 'uuid', (c) => c.references('patient.id'))
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('secret_hint', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'uuid', (c) => c.references('app_user.id'))
    .execute();
  await db.schema.createIndex('api_token_clinic_idx').on('api_token').columns(['clinic_id', 'created_at']).execute();
  await sql`comment on column api_token.secret_hash is 'SHA-256 (hex) of the whole token; the token itself is shown once and never stored'`.execute(
    db,
  );
  await sql`comment on column api_token.secret_hint is 'The last four characters of the token, so an admin can tell tokens apart'`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_token').execute();
}

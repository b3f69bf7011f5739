/**
 * The last TOTP step each user signed in with, so that a code is accepted once only (RFC 6238 section 5.2):
 * a code seen over someone's shoulder, or replayed from a captured request, does not work a second time.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').addColumn('mfa_last_step', 'bigint').execute();
  await sql`comment on column app_user.mfa_last_step is 'Last accepted TOTP 30-second step (RFC 6238 5.2: each code once)'`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').dropColumn('mfa_last_step').execute();
}

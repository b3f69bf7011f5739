/**
 * Staff accounts over their whole life (issue 12): a temporary password that must be changed at the first
 * sign-in (new accounts and admin resets), and when an account was deactivated. A deactivated user stays in
 * every record (audit, signatures, ledger): the row is kept, only `is_active` turns false.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('app_user')
    .addColumn('password_must_change', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('password_changed_at', 'timestamptz')
    .addColumn('deactivated_at', 'timestamptz')
    .execute();
  await sql`comment on column app_user.password_must_change is 'A temporary password: the user can only change it (and enrol MFA) until they do'`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('app_user')
    .dropColumn('password_must_change')
    .dropColumn('password_changed_at')
    .dropColumn('deactivated_at')
    .execute();
}

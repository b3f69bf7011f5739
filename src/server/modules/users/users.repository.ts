import { sql, type Kysely, type Transaction } from 'kysely';
import type { AppUserRow, Database, StaffRole } from '../../db/schema.js';
import { uuidsOnly } from '../../db/uuids.js';

export interface AccountChange {
  isActive?: boolean;
  deactivatedAt?: Date | null;
  role?: StaffRole;
  passwordHash?: string;
  passwordMustChange?: boolean;
  /** Clears the second factor: secret, recovery codes and the last used step. */
  clearMfa?: boolean;
}

export class UsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  listByClinic(clinicId: string): Promise<AppUserRow[]> {
    return this.db
      .selectFrom('appUser')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .orderBy('role')
      .orderBy('displayName')
      .execute();
  }

  async emailExists(email: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('appUser')
      .select('id')
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
    return row !== undefined;
  }

  findByEmail(clinicId: string, email: string): Promise<AppUserRow | undefined> {
    return this.db
      .selectFrom('appUser')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
  }

  /** A staff member of the clinic as a booking names them: name, role, and whether the account is active. */
  findStaffMember(clinicId: string, id: string) {
    return this.db
      .selectFrom('appUser')
      .select(['id', 'displayName', 'role', 'isActive'])
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Active staff who may hold appointments (everyone but the front desk), by name. */
  bookableStaff(clinicId: string) {
    return this.db
      .selectFrom('appUser')
      .select(['id', 'displayName', 'role'])
      .where('clinicId', '=', clinicId)
      .where('isActive', '=', true)
      .where('role', '!=', 'front_desk')
      .orderBy('displayName')
      .execute();
  }

  insert(input: {
    clinicId: string;
    email: string;
    displayName: string;
    role: StaffRole;
    passwordHash: string;
    passwordMustChange?: boolean;
  }): Promise<AppUserRow> {
    return this.db
      .insertInto('appUser')
      .values({ ...input, email: input.email.toLowerCase(), mfaSecret: null })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** A user of this clinic, locked for the rest of the transaction (two admins changing one account queue up). */
  findForUpdate(trx: Transaction<Database>, clinicId: string, userId: string): Promise<AppUserRow | undefined> {
    return trx
      .selectFrom('appUser')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
  }

  /**
   * The clinic's active admins, locked: two admins demoting each other at the same moment queue up here, so the
   * second sees the first's change and the clinic keeps one.
   */
  async activeAdminIds(trx: Transaction<Database>, clinicId: string): Promise<string[]> {
    const rows = await trx
      .selectFrom('appUser')
      .select('id')
      .where('clinicId', '=', clinicId)
      .where('role', '=', 'admin')
      .where('isActive', '=', true)
      .orderBy('id')
      .forUpdate()
      .execute();
    return rows.map((r) => r.id);
  }

  /** The ids of the clinic's active staff with this role, read in the caller's transaction. */
  async activeIdsWithRole(trx: Transaction<Database>, clinicId: string, role: StaffRole): Promise<string[]> {
    const rows = await trx
      .selectFrom('appUser')
      .select('id')
      .where('clinicId', '=', clinicId)
      .where('role', '=', role)
      .where('isActive', '=', true)
      .execute();
    return rows.map((r) => r.id);
  }

  async update(trx: Transaction<Database>, userId: string, change: AccountChange, at: Date): Promise<AppUserRow> {
    const { clearMfa, ...columns } = change;
    return trx
      .updateTable('appUser')
      .set({
        ...columns,
        ...(clearMfa
          ? { mfaEnabled: false, mfaSecret: null, mfaLastStep: null, recoveryCodes: JSON.stringify([]) }
          : {}),
        updatedAt: at,
      })
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Display names of these users whatever their clinic (the ledger names who recorded each entry); ids that are not
   * UUIDs, and unknown ids, are left out.
   */
  namesInAnyClinic(ids: readonly string[]) {
    const valid = uuidsOnly(ids);
    if (valid.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('appUser').select(['id', 'displayName']).where('id', 'in', valid).execute();
  }

  /** Display names of these staff members of the clinic, by id (unknown ids are left out). */
  async displayNames(
    clinicId: string,
    ids: ReadonlyArray<string | null>,
    trx?: Transaction<Database>,
  ): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
    if (unique.length === 0) return new Map();
    const rows = await (trx ?? this.db)
      .selectFrom('appUser')
      .select(['id', 'displayName'])
      .where('clinicId', '=', clinicId)
      .where('id', 'in', unique)
      .execute();
    return new Map(rows.map((r) => [r.id, r.displayName]));
  }
}

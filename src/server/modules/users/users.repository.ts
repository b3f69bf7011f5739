import { sql, type Kysely, type Transaction } from 'kysely';
import type { AppUserRow, Database, StaffRole } from '../../db/schema.js';
import { mapById } from '../../db/by-id.js';
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

  /** The account with this email, whatever its clinic (sign-in and witnesses name an account by its email). */
  findByEmailInAnyClinic(email: string): Promise<AppUserRow | undefined> {
    return this.db
      .selectFrom('appUser')
      .selectAll()
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
  }

  /** The account with this id (the signed-in user's own, for a password change or a second factor). */
  findById(id: string): Promise<AppUserRow | undefined> {
    return this.db.selectFrom('appUser').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A staff member of the clinic as a booking names them: name, role, and whether the account is active. */
  findStaffMember(clinicId: string, id: string, trx?: Transaction<Database>) {
    return (trx ?? this.db)
      .selectFrom('appUser')
      .select(['id', 'displayName', 'role', 'isActive'])
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The clinic's staff, active or not, by name (the schedule shows whose shifts and bookings are whose). */
  staffMembers(clinicId: string) {
    return this.db
      .selectFrom('appUser')
      .select(['id', 'displayName', 'role', 'isActive'])
      .where('clinicId', '=', clinicId)
      .orderBy('displayName')
      .execute();
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

  /** The user's own new password, in the caller's transaction: a temporary password is cleared. */
  async setOwnPassword(trx: Transaction<Database>, userId: string, passwordHash: string, at: Date): Promise<void> {
    await trx
      .updateTable('appUser')
      .set({ passwordHash, passwordMustChange: false, passwordChangedAt: at, updatedAt: at })
      .where('id', '=', userId)
      .execute();
  }

  /** Starts TOTP enrolment: the new secret, not enabled until a first code confirms it. */
  async setMfaSecret(userId: string, secret: string, at: Date): Promise<void> {
    await this.db
      .updateTable('appUser')
      .set({ mfaSecret: secret, mfaEnabled: false, updatedAt: at })
      .where('id', '=', userId)
      .execute();
  }

  async enableMfa(userId: string, recoveryCodeHashes: string[], at: Date): Promise<void> {
    await this.db
      .updateTable('appUser')
      .set({ mfaEnabled: true, recoveryCodes: JSON.stringify(recoveryCodeHashes), updatedAt: at })
      .where('id', '=', userId)
      .execute();
  }

  /**
   * Records that a TOTP step has been used; false when that step (or a later one) was used already, so a code
   * works once only. One conditional update, so two requests racing with the same code cannot both win.
   */
  async claimTotpStep(userId: string, step: number): Promise<boolean> {
    const result = await this.db
      .updateTable('appUser')
      .set({ mfaLastStep: step })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('mfaLastStep', 'is', null), eb('mfaLastStep', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Removes one recovery code if present; true when it was there (each code works once). */
  async consumeRecoveryCode(userId: string, codeHash: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('appUser')
      .set({
        recoveryCodes: sql`recovery_codes - ${codeHash}::text`,
        updatedAt: at,
      })
      .where('id', '=', userId)
      .where(sql<boolean>`recovery_codes ? ${codeHash}::text`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
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
  displayNames(
    clinicId: string,
    ids: ReadonlyArray<string | null>,
    trx?: Transaction<Database>,
  ): Promise<Map<string, string>> {
    return mapById(
      ids,
      (unique) =>
        (trx ?? this.db)
          .selectFrom('appUser')
          .select(['id', 'displayName'])
          .where('clinicId', '=', clinicId)
          .where('id', 'in', unique)
          .execute(),
      (r) => r.displayName,
    );
  }
}

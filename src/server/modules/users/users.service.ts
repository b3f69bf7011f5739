/**
 * Staff accounts over their life: create (with a temporary password), deactivate and reactivate, change role, reset
 * the password or the second factor. Every change is audited in its own transaction; a deactivated user keeps every
 * record they made (nothing is deleted) and is signed out everywhere at once.
 *
 * HIPAA Security Rule: 45 CFR 164.308(a)(3)(ii)(C) termination procedures (ending access when employment ends),
 * 164.312(a)(2)(iii) automatic logoff, 164.308(a)(5)(ii)(D) password management.
 */
import { randomInt } from 'node:crypto';
import { MIN_PASSWORD_LENGTH, hashPassword } from '../../auth/password.js';
import type { Transaction } from 'kysely';
import type { AppUserRow, Database, StaffRole } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError, ConflictError, NotFoundError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { clinicContext, type AuditService } from '../audit/audit.service.js';
import type { AccountChange, UsersRepository } from './users.repository.js';

export interface NewUser {
  readonly email: string;
  readonly displayName: string;
  readonly role: StaffRole;
  /** Omitted: a temporary password is generated and returned once. */
  readonly password?: string | undefined;
}

export interface UserDto {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  mfaEnabled: boolean;
  isActive: boolean;
  /** The account still has a temporary password (it must be changed at the next sign-in). */
  mustChangePassword: boolean;
  deactivatedAt: string | null;
}

export interface CreatedUserDto extends UserDto {
  /** Only when the server generated it: shown once, never stored in clear. */
  temporaryPassword?: string;
}

/** Who acts: a signed-in admin (the API) or the operator at the command line (the CLI: no principal). */
export type Actor = RequestContext | { readonly clinicId: string; readonly operator: 'cli' };

function toDto(u: AppUserRow): UserDto {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    mfaEnabled: u.mfaEnabled,
    isActive: u.isActive,
    mustChangePassword: u.passwordMustChange,
    deactivatedAt: u.deactivatedAt ? u.deactivatedAt.toISOString() : null,
  };
}

/** Letters and digits that cannot be mistaken for each other when read aloud or copied from paper. */
const TEMPORARY_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random temporary password: 4 groups of 4 (about 91 bits), e.g. "hT4k-9mPq-…". */
export function generateTemporaryPassword(): string {
  const group = () =>
    Array.from({ length: 4 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

const LAST_ADMIN = 'last-active-admin';

/** What this module asks the auth module for: ending a user's sessions within the account change's transaction. */
export interface SessionEnder {
  endAllSessions(trx: Transaction<Database>, clinicId: string, userId: string, at: Date): Promise<number>;
}

export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly clock: () => Date,
    private readonly transact: Transact,
    private readonly sessions: SessionEnder,
  ) {}

  isEmailTaken(email: string): Promise<boolean> {
    return this.users.emailExists(email);
  }

  /** The id of the account with this email in this clinic (the CLI names accounts by email). */
  async idByEmail(clinicId: string, email: string): Promise<string | undefined> {
    return (await this.users.findByEmail(clinicId, email))?.id;
  }

  /** The clinic's active staff with this role (who to notify), in the caller's transaction. Not audited: ids only. */
  activeStaffIds(trx: Transaction<Database>, clinicId: string, role: StaffRole): Promise<string[]> {
    return this.users.activeIdsWithRole(trx, clinicId, role);
  }

  async list(ctx: RequestContext): Promise<UserDto[]> {
    const rows = await this.users.listByClinic(ctx.principal.clinicId);
    return rows.map(toDto);
  }

  /**
   * Creates a staff account. Used by the admin page, the CLI and the demo seed. The API and the CLI always pass
   * `temporary: true` (the password must be changed at the first sign-in); the demo seed and test fixtures do not.
   * A generated password is always temporary.
   */
  async create(
    clinicId: string,
    input: NewUser,
    ctx?: RequestContext,
    options: { temporary?: boolean } = {},
  ): Promise<CreatedUserDto> {
    const generated = input.password === undefined ? generateTemporaryPassword() : undefined;
    const password = input.password ?? generated!;
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new BadRequestError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`, [
        { field: 'password', message: `must have at least ${MIN_PASSWORD_LENGTH} characters` },
      ]);
    }
    if (await this.users.emailExists(input.email)) {
      throw new ConflictError('An account with this email already exists.', [
        { field: 'email', message: 'is already in use' },
      ]);
    }
    const temporary = generated !== undefined || (options.temporary ?? false);
    const row = await this.users.insert({
      clinicId,
      email: input.email,
      displayName: input.displayName,
      role: input.role,
      passwordHash: await hashPassword(password),
      passwordMustChange: temporary,
    });
    await this.audit.record(ctx ?? clinicContext(clinicId), {
      action: 'create',
      resourceType: 'User',
      resourceId: row.id,
      detail: { role: row.role, temporaryPassword: temporary },
    });
    return generated === undefined ? toDto(row) : { ...toDto(row), temporaryPassword: generated };
  }

  /** Deactivates an account: signed out everywhere at once (event streams included), unable to sign in, kept in every record. */
  async deactivate(actor: Actor, userId: string): Promise<UserDto> {
    return this.change(actor, userId, 'deactivate', async (user) => {
      if (!user.isActive) throw new ConflictError('This account is already deactivated.');
      return {
        change: { isActive: false, deactivatedAt: this.clock() },
        endSessions: true,
        detail: {},
        leavesAdmin: user.role === 'admin',
      };
    });
  }

  async reactivate(actor: Actor, userId: string): Promise<UserDto> {
    return this.change(actor, userId, 'reactivate', async (user) => {
      if (user.isActive) throw new ConflictError('This account is already active.');
      return { change: { isActive: true, deactivatedAt: null }, endSessions: false, detail: {}, leavesAdmin: false };
    });
  }

  async changeRole(actor: Actor, userId: string, role: StaffRole): Promise<UserDto> {
    return this.change(actor, userId, 'change-role', async (user) => {
      if (user.role === role)
        throw new ConflictError(`This account already has the role ${role}.`, [
          { field: 'role', message: 'is unchanged' },
        ]);
      // The role is read from the account on every request, so the change applies to open sessions at once.
      return {
        change: { role },
        endSessions: false,
        detail: { from: user.role, to: role },
        leavesAdmin: user.role === 'admin' && user.isActive,
      };
    });
  }

  /** A new temporary password, returned once; the user must change it at the next sign-in. Ends their sessions. */
  async resetPassword(actor: Actor, userId: string): Promise<UserDto & { temporaryPassword: string }> {
    const temporaryPassword = generateTemporaryPassword();
    const passwordHash = await hashPassword(temporaryPassword);
    const user = await this.change(actor, userId, 'password-reset', async () => ({
      change: { passwordHash, passwordMustChange: true },
      endSessions: true,
      detail: {},
      leavesAdmin: false,
    }));
    return { ...user, temporaryPassword };
  }

  /** Removes the second factor (a lost phone): the user enrols again at the next sign-in. Ends their sessions. */
  async resetMfa(actor: Actor, userId: string): Promise<UserDto> {
    return this.change(actor, userId, 'mfa-reset', async (user) => ({
      change: { clearMfa: true },
      endSessions: true,
      detail: { wasEnrolled: user.mfaEnabled },
      leavesAdmin: false,
    }));
  }

  /**
   * One audited account change in one transaction: the user is locked, `decide` says what changes; a change that
   * would leave the clinic without an active admin is refused (422 last-active-admin).
   */
  private async change(
    actor: Actor,
    userId: string,
    action: string,
    decide: (user: AppUserRow) => Promise<{
      change: AccountChange;
      endSessions: boolean;
      detail: Record<string, string | boolean | number>;
      leavesAdmin: boolean;
    }>,
  ): Promise<UserDto> {
    const clinicId = 'principal' in actor ? actor.principal.clinicId : actor.clinicId;
    const now = this.clock();
    return this.transact(async (trx) => {
      // Always the clinic's admins first, then the account: one lock order, so two admins changing each other at the
      // same moment queue up instead of deadlocking.
      const admins = await this.users.activeAdminIds(trx, clinicId);
      const user = await this.users.findForUpdate(trx, clinicId, userId);
      if (!user) throw new NotFoundError('No such staff account in this clinic.');
      const decision = await decide(user);
      if (decision.leavesAdmin) {
        if (admins.filter((id) => id !== user.id).length === 0) {
          throw new RuleRefusedError(
            "This is the clinic's last active admin: make another account admin first, so the clinic keeps someone who can manage staff.",
            LAST_ADMIN,
          );
        }
      }
      const updated = await this.users.update(trx, user.id, decision.change, now);
      const endedSessions = decision.endSessions ? await this.sessions.endAllSessions(trx, clinicId, user.id, now) : 0;
      await this.audit.record(
        'principal' in actor ? actor : clinicContext(clinicId),
        {
          action,
          resourceType: 'User',
          resourceId: user.id,
          occurredAt: now,
          detail: {
            ...decision.detail,
            ...(decision.endSessions ? { endedSessions } : {}),
            ...('operator' in actor ? { via: actor.operator } : {}),
          },
        },
        trx,
      );
      return toDto(updated);
    });
  }
}

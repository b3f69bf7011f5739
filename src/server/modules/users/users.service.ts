import { MIN_PASSWORD_LENGTH, hashPassword } from '../../auth/password.js';
import type { StaffRole } from '../../db/schema.js';
import { BadRequestError, ConflictError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UsersRepository } from './users.repository.js';

export interface NewUser {
  readonly email: string;
  readonly displayName: string;
  readonly role: StaffRole;
  readonly password: string;
}

export interface UserDto {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  mfaEnabled: boolean;
  isActive: boolean;
}

export class UsersService {
  constructor(private readonly users: UsersRepository, private readonly audit: AuditService, private readonly clock: () => Date) {}

  async list(ctx: RequestContext): Promise<UserDto[]> {
    const rows = await this.users.listByClinic(ctx.principal.clinicId);
    return rows.map((u) => ({ id: u.id, email: u.email, displayName: u.displayName, role: u.role, mfaEnabled: u.mfaEnabled, isActive: u.isActive }));
  }

  /** Creates a staff account. Used by the admin page, the CLI and the demo seed. */
  async create(clinicId: string, input: NewUser, ctx?: RequestContext): Promise<UserDto> {
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw new BadRequestError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`, [{ field: 'password', message: `must have at least ${MIN_PASSWORD_LENGTH} characters` }]);
    }
    if (await this.users.emailExists(input.email)) {
      throw new ConflictError('An account with this email already exists.', [{ field: 'email', message: 'is already in use' }]);
    }
    const row = await this.users.insert({ clinicId, email: input.email, displayName: input.displayName, role: input.role, passwordHash: await hashPassword(input.password) });
    await this.audit.record({
      actor: ctx?.principal ?? { clinicId }, action: 'create', resourceType: 'User', resourceId: row.id,
      clientIp: ctx?.clientIp ?? null, occurredAt: this.clock(), detail: { role: row.role },
    });
    return { id: row.id, email: row.email, displayName: row.displayName, role: row.role, mfaEnabled: row.mfaEnabled, isActive: row.isActive };
  }
}

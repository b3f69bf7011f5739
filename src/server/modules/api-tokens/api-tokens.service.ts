/**
 * API tokens for systems that are not a browser (issue 15): an admin creates one with a role and SMART v2 scopes and
 * sees its secret once (only its SHA-256 is kept); lists and revokes them. A request with `Authorization: Bearer`
 * is authenticated here (plugins/access.ts asks), then authorised by the token's role AND its scopes.
 *
 * A token acts for its clinic. In the audit log its events carry the token's id as the actor (user_id) and
 * `actorKind: api-token`; rows it writes (a posted QuestionnaireResponse) name the admin who created the token as
 * the recording user, since those columns must name a staff account.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ApiTokenDto, CreateApiTokenBody, CreatedApiTokenDto } from '../../../contract/api-tokens.js';
import { parseRequestedScopes, validScopes } from '../../auth/requested-scopes.js';
import { isPatientScoped, type SmartScope } from '../../auth/smart-scopes.js';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { Principal } from '../../types.js';
import type { PatientLookup } from '../patients/patient-lookup.js';
import type { AuditService } from '../audit/audit.service.js';
import { sha256 } from '../../auth/sha256.js';
import type { ApiTokenRow, ApiTokensRepository } from './api-tokens.repository.js';
import { revokeCredential } from './revoke-credential.js';

/** Tokens start with this, so a secret scanner (and a person) can tell what leaked. */
export const API_TOKEN_PREFIX = 'kct_';
/** last_used_at is written at most this often per token (not on every request). */
const TOUCH_AFTER_MS = 60_000;

/** A token that authenticated a request: the principal it acts as, and what its scopes allow. */
export interface AuthenticatedToken {
  readonly principal: Principal;
  readonly scopes: readonly SmartScope[];
}

export function toApiTokenDto(row: ApiTokenRow, now: Date): ApiTokenDto {
  const status = row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt <= now ? 'expired' : 'active';
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    scopes: row.scopes,
    patientId: row.patientId,
    secretHint: row.secretHint,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    status,
  };
}

export class ApiTokensService {
  constructor(
    private readonly repository: ApiTokensRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    /** The FHIR resource types a scope may name. */
    private readonly resourceTypes: readonly string[],
    /** The patients module: a token limited to one patient names a patient of this clinic. */
    private readonly patients: PatientLookup,
  ) {}

  async list(ctx: RequestContext): Promise<ApiTokenDto[]> {
    const now = this.clock();
    return (await this.repository.list(ctx.principal.clinicId)).map((r) => toApiTokenDto(r, now));
  }

  async create(ctx: RequestContext, input: CreateApiTokenBody): Promise<CreatedApiTokenDto> {
    const now = this.clock();
    const scopes = parseRequestedScopes(input.scopes, this.resourceTypes);
    const patientScoped = isPatientScoped(scopes);
    if (patientScoped && input.patientId === undefined) {
      throw new BadRequestError('A token with patient/ scopes is limited to one patient: name it.', [
        { field: 'patientId', message: 'is required with patient/ scopes' },
      ]);
    }
    if (!patientScoped && input.patientId !== undefined) {
      throw new BadRequestError('Only a token with patient/ scopes names a patient.', [
        { field: 'patientId', message: 'is only allowed with patient/ scopes' },
      ]);
    }
    const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt);
    if (expiresAt && expiresAt <= now)
      throw new BadRequestError('The expiry must be in the future.', [
        { field: 'expiresAt', message: 'must be in the future' },
      ]);
    const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = await this.transact(async (trx) => {
      if (
        input.patientId !== undefined &&
        !(await this.patients.findById(ctx.principal.clinicId, input.patientId, trx))
      ) {
        throw new BadRequestError('The patient is not a patient of this clinic.', [
          { field: 'patientId', message: 'is not a patient of this clinic' },
        ]);
      }
      const inserted = await this.repository.insert(trx, {
        id: randomUUID(),
        clinicId: ctx.principal.clinicId,
        name: input.name.trim(),
        role: input.role,
        scopes: scopes.map((s) => s.text),
        patientId: input.patientId ?? null,
        secretHash: sha256(secret),
        secretHint: secret.slice(-4),
        createdBy: ctx.principal.userId,
        createdAt: now,
        expiresAt,
      });
      await this.audit.record(
        ctx,
        {
          action: 'create',
          resourceType: 'ApiToken',
          resourceId: inserted.id,
          patientId: inserted.patientId,
          occurredAt: now,
          detail: { role: inserted.role, scopes: inserted.scopes },
        },
        trx,
      );
      return inserted;
    });
    return { token: toApiTokenDto(row, now), secret };
  }

  async revoke(ctx: RequestContext, id: string): Promise<ApiTokenDto> {
    const now = this.clock();
    const deps = { repository: this.repository, audit: this.audit, transact: this.transact, now };
    const row = await revokeCredential(ctx, id, deps, {
      resourceType: 'ApiToken',
      notFound: 'No such API token in this clinic.',
    });
    return toApiTokenDto(row, now);
  }

  /** The token behind a bearer secret, or undefined when it is unknown, revoked or expired. */
  async authenticate(secret: string): Promise<AuthenticatedToken | undefined> {
    if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 200) return undefined;
    const row = await this.repository.findBySecretHash(sha256(secret));
    const now = this.clock();
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return undefined;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_AFTER_MS)
      await this.repository.touch(row.id, now);
    const scopes = validScopes(row.scopes, this.resourceTypes);
    return {
      scopes,
      principal: {
        userId: row.createdBy,
        clinicId: row.clinicId,
        role: row.role,
        email: '',
        displayName: `API token ${row.name}`,
        sessionId: `api-token:${row.id}`,
        apiTokenId: row.id,
        tokenScopes: scopes,
        ...(row.patientId ? { compartmentPatientId: row.patientId } : {}),
      },
    };
  }
}

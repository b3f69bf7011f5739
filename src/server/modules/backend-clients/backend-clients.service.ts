/**
 * SMART Backend Services (SMART App Launch v2, https://hl7.org/fhir/smart-app-launch/backend-services.html) for
 * systems that run without a person (issue 15, "Integrations"). A clinic admin registers a backend client with a
 * role, the scopes it may be granted and its public keys (JWKS); the client then asks the token endpoint for an
 * access token with the client credentials grant, authenticating with a JWT signed by its private key
 * (private_key_jwt, RFC 7523). The access token lives five minutes, carries the scopes both requested and allowed,
 * and is used on /fhir/R4 as `Authorization: Bearer`, authorised like an API token (role AND scopes).
 *
 * Every issuance and every refusal is audited (with the reason, never the assertion or the token). Refusals follow
 * RFC 6749 section 5.2; as SMART asks, a client whose assertion is not valid gets `invalid_client`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { BackendClientDto, CreateBackendClientBody } from '../../../contract/backend-clients.js';
import {
  ASSERTION_ALGORITHMS,
  parseJwks,
  readAssertion,
  verifyAssertion,
  type AssertionRefusal,
} from '../../auth/jwt-assertion.js';
import { parseRequestedScopes, validScopes } from '../../auth/requested-scopes.js';
import { grantScopes, type SmartScope } from '../../auth/smart-scopes.js';
import { TOKEN_ENDPOINT_THROTTLE, type AttemptThrottle } from '../../auth/throttle.js';
import type { Transact } from '../../db/transaction.js';
import { isUuid } from '../../db/uuids.js';
import { BadRequestError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { BearerAuthenticator } from '../../plugins/access.js';
import type { Principal } from '../../types.js';
import { anonymousContext, type AuditService } from '../audit/audit.service.js';
import type { AuthenticatedToken } from '../api-tokens/api-tokens.service.js';
import { revokeCredential } from '../api-tokens/revoke-credential.js';
import { sha256 } from '../../auth/sha256.js';
import type { BackendClientRow, BackendClientsRepository } from './backend-clients.repository.js';

/** Access tokens start with this (API tokens with `kct_`), so the bearer check knows where to look. */
export const BACKEND_TOKEN_PREFIX = 'kcb_';
export const ACCESS_TOKEN_LIFETIME_SECONDS = 300;
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export type TokenError =
  'invalid_request' | 'invalid_client' | 'invalid_grant' | 'invalid_scope' | 'unsupported_grant_type';

/** The token endpoint's answer: an access token (RFC 6749 section 5.1) or an error (section 5.2). */
export type TokenAnswer =
  | {
      readonly status: 200;
      readonly body: { access_token: string; token_type: 'bearer'; expires_in: number; scope: string };
    }
  | { readonly status: 400 | 401; readonly body: { error: TokenError; error_description: string } }
  | {
      readonly status: 429;
      readonly body: { error: 'invalid_request'; error_description: string };
      readonly retryAfterSeconds: number;
    };

export function toBackendClientDto(row: BackendClientRow): BackendClientDto {
  return {
    id: row.id,
    clientId: row.id,
    name: row.name,
    role: row.role,
    scopes: row.scopes,
    keyIds: row.jwks.keys.map((k) => k.kid),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    status: row.revokedAt ? 'revoked' : 'active',
  };
}

/** The principal a backend client acts as: its id is the audit log's actor; `userId` is the admin who registered it. */
function clientPrincipal(client: BackendClientRow, scopes: readonly SmartScope[]): Principal {
  return {
    userId: client.createdBy,
    clinicId: client.clinicId,
    role: client.role,
    email: '',
    displayName: `Backend client ${client.name}`,
    sessionId: `backend-client:${client.id}`,
    apiTokenId: client.id,
    actorKind: 'backend-client',
    tokenScopes: scopes,
  };
}

const REFUSAL_TEXT: Readonly<Record<AssertionRefusal | 'unknown-client' | 'revoked-client' | 'jti-replayed', string>> =
  {
    malformed: 'The client assertion is not a signed JWT.',
    'alg-not-allowed': `The client assertion must be signed with ${ASSERTION_ALGORITHMS.join(' or ')}.`,
    'no-kid': 'The client assertion header must name its key (kid).',
    'iss-sub-mismatch': 'The client assertion must have iss and sub both equal to the client_id.',
    'unknown-client': 'No such client.',
    'revoked-client': 'This client has been revoked.',
    'unknown-kid': "The kid of the client assertion is not one of the client's registered keys.",
    'key-alg-mismatch': 'The key named by kid is not for this algorithm.',
    'bad-signature': "The signature of the client assertion does not verify with the client's key.",
    'wrong-audience': "The aud of the client assertion must be this token endpoint's URL.",
    'no-expiry': 'The client assertion must have an exp.',
    expired: 'The client assertion has expired.',
    'expiry-too-far': 'The exp of the client assertion must be at most five minutes ahead.',
    'not-yet-valid': 'The client assertion is not valid yet (nbf).',
    'no-jti': 'The client assertion must have a jti.',
    'jti-replayed': 'This client assertion (jti) has been used already.',
  };

export class BackendClientsService implements BearerAuthenticator {
  constructor(
    private readonly repository: BackendClientsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    /** The FHIR resource types a scope may name. */
    private readonly resourceTypes: readonly string[],
    /** Token requests per client address (TOKEN_ENDPOINT_THROTTLE). */
    private readonly throttle: AttemptThrottle,
  ) {}

  async list(ctx: RequestContext): Promise<BackendClientDto[]> {
    return (await this.repository.list(ctx.principal.clinicId)).map(toBackendClientDto);
  }

  async create(ctx: RequestContext, input: CreateBackendClientBody): Promise<BackendClientDto> {
    const now = this.clock();
    const scopes = parseRequestedScopes(input.scopes, this.resourceTypes, (scope, text) =>
      scope.context === 'system'
        ? undefined
        : `"${text}": a backend client acts for the whole clinic, so its scopes are system/ scopes (e.g. system/Observation.rs)`,
    );
    const jwks = parseJwks(input.jwks);
    if (!jwks.ok)
      throw new BadRequestError('The public keys are not valid.', [{ field: 'jwks', message: jwks.message }]);
    const row = await this.transact(async (trx) => {
      const inserted = await this.repository.insert(trx, {
        id: randomUUID(),
        clinicId: ctx.principal.clinicId,
        name: input.name.trim(),
        role: input.role,
        scopes: scopes.map((s) => s.text),
        jwks: jwks.jwks,
        createdBy: ctx.principal.userId,
        createdAt: now,
      });
      await this.audit.record(
        ctx,
        {
          action: 'create',
          resourceType: 'BackendClient',
          resourceId: inserted.id,
          occurredAt: now,
          detail: { role: inserted.role, scopes: inserted.scopes, keyIds: inserted.jwks.keys.map((k) => k.kid) },
        },
        trx,
      );
      return inserted;
    });
    return toBackendClientDto(row);
  }

  async revoke(ctx: RequestContext, id: string): Promise<BackendClientDto> {
    const deps = { repository: this.repository, audit: this.audit, transact: this.transact, now: this.clock() };
    const row = await revokeCredential(ctx, id, deps, {
      resourceType: 'BackendClient',
      notFound: 'No such backend client in this clinic.',
    });
    return toBackendClientDto(row);
  }

  /** The SMART configuration (`.well-known/smart-configuration`) for a server whose token endpoint is `tokenEndpoint`. */
  smartConfiguration(tokenEndpoint: string) {
    return {
      token_endpoint: tokenEndpoint,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGORITHMS],
      scopes_supported: [
        'system/*.rs',
        ...this.resourceTypes.flatMap((t) => [`system/${t}.rs`, `system/${t}.r`, `system/${t}.s`]),
        'system/QuestionnaireResponse.c',
      ],
      capabilities: ['client-confidential-asymmetric', 'permission-v2'],
    };
  }

  /**
   * The token endpoint (client credentials grant with a JWT assertion). `form` is the form-encoded body,
   * `tokenEndpoint` this endpoint's URL (what the assertion's aud must be).
   */
  async issueToken(
    form: Readonly<Record<string, string | undefined>>,
    tokenEndpoint: string,
    clientIp: string | null,
  ): Promise<TokenAnswer> {
    const now = this.clock();
    const refuse = async (
      error: TokenError,
      reason: string,
      description: string,
      client?: BackendClientRow,
    ): Promise<TokenAnswer> => {
      await this.audit.record(
        { principal: client ? clientPrincipal(client, []) : undefined, clientIp },
        {
          action: 'token-refused',
          resourceType: 'BackendClient',
          resourceId: client?.id ?? null,
          outcome: 'denied',
          occurredAt: now,
          detail: { error, reason },
        },
      );
      return { status: error === 'invalid_client' ? 401 : 400, body: { error, error_description: description } };
    };
    // Reserved before anything is checked (src/server/auth/throttle.ts); a granted token gives the attempt back.
    const throttleKey = clientIp ? `token:${clientIp}` : undefined;
    const reservation = throttleKey
      ? await this.throttle.reserveAttempt(throttleKey, now, TOKEN_ENDPOINT_THROTTLE)
      : undefined;
    if (reservation?.allowed === false) {
      await this.audit.record(anonymousContext(clientIp), {
        action: 'token-locked',
        resourceType: 'BackendClient',
        outcome: 'denied',
        occurredAt: now,
        detail: { by: 'address' },
      });
      return {
        status: 429,
        retryAfterSeconds: reservation.retryAfterSeconds,
        body: {
          error: 'invalid_request',
          error_description: `Too many refused token requests from this address. Try again in ${reservation.retryAfterSeconds} seconds.`,
        },
      };
    }
    if (form.grant_type === undefined)
      return refuse('invalid_request', 'no-grant-type', 'grant_type is required (client_credentials).');
    if (form.grant_type !== 'client_credentials')
      return refuse(
        'unsupported_grant_type',
        'unsupported-grant-type',
        'Only the client_credentials grant is supported.',
      );
    if (form.client_assertion_type !== CLIENT_ASSERTION_TYPE)
      return refuse('invalid_request', 'assertion-type', `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}.`);
    if (!form.client_assertion) return refuse('invalid_request', 'no-assertion', 'client_assertion is required.');

    const read = readAssertion(form.client_assertion);
    if (!read.ok) return refuse('invalid_client', read.reason, REFUSAL_TEXT[read.reason]);
    const { assertion } = read;
    const client = isUuid(assertion.clientId) ? await this.repository.findById(assertion.clientId) : undefined;
    if (!client) return refuse('invalid_client', 'unknown-client', REFUSAL_TEXT['unknown-client']);
    if (client.revokedAt) return refuse('invalid_client', 'revoked-client', REFUSAL_TEXT['revoked-client'], client);
    const verified = verifyAssertion(assertion, client.jwks, tokenEndpoint, now);
    if (!verified.ok) return refuse('invalid_client', verified.reason, REFUSAL_TEXT[verified.reason], client);

    const allowed = validScopes(client.scopes, this.resourceTypes);
    const requested = validScopes((form.scope ?? '').split(/\s+/).filter(Boolean), this.resourceTypes);
    const granted = grantScopes(requested, allowed);

    const token = `${BACKEND_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(now.getTime() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000);
    const outcome = await this.transact(async (trx): Promise<'replayed' | 'no-scope' | 'issued'> => {
      if (!(await this.repository.useJti(trx, client.id, verified.verified.jti, verified.verified.expiresAt, now)))
        return 'replayed';
      if (granted.length === 0) return 'no-scope';
      await this.repository.insertAccessToken(
        trx,
        {
          id: randomUUID(),
          clientId: client.id,
          tokenHash: sha256(token),
          scopes: granted.map((s) => s.text),
          issuedAt: now,
          expiresAt,
        },
        now,
      );
      await this.audit.record(
        { principal: clientPrincipal(client, granted), clientIp },
        {
          action: 'token-issue',
          resourceType: 'BackendClient',
          resourceId: client.id,
          occurredAt: now,
          detail: { scopes: granted.map((s) => s.text), expiresInSeconds: ACCESS_TOKEN_LIFETIME_SECONDS },
        },
        trx,
      );
      return 'issued';
    });
    if (outcome === 'replayed') return refuse('invalid_client', 'jti-replayed', REFUSAL_TEXT['jti-replayed'], client);
    if (outcome === 'no-scope') {
      return refuse(
        'invalid_scope',
        'no-scope-granted',
        `None of the requested scopes is allowed for this client (it may be granted: ${client.scopes.join(' ')}).`,
        client,
      );
    }
    if (throttleKey) await this.throttle.releaseAttempt(throttleKey);
    return {
      status: 200,
      body: {
        access_token: token,
        token_type: 'bearer',
        expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
        scope: granted.map((s) => s.text).join(' '),
      },
    };
  }

  /** The client behind a bearer access token, or undefined when it is unknown, expired, or its client revoked. */
  async authenticate(secret: string): Promise<AuthenticatedToken | undefined> {
    if (!secret.startsWith(BACKEND_TOKEN_PREFIX) || secret.length > 200) return undefined;
    const grant = await this.repository.findAccessToken(sha256(secret));
    if (!grant || grant.expiresAt <= this.clock() || grant.client.revokedAt) return undefined;
    const scopes = validScopes(grant.scopes, this.resourceTypes);
    return { scopes, principal: clientPrincipal(grant.client, scopes) };
  }
}

/** One bearer check for both kinds of token: backend access tokens (`kcb_`) and API tokens. */
export function bearerAuthenticators(
  backend: BearerAuthenticator,
  apiTokens: BearerAuthenticator,
): BearerAuthenticator {
  return {
    authenticate: (secret) =>
      secret.startsWith(BACKEND_TOKEN_PREFIX) ? backend.authenticate(secret) : apiTokens.authenticate(secret),
  };
}

/**
 * Access control, deny by default. Every route declares `config.access` (see auth/permissions.ts); a route that
 * does not is refused at start-up. On each request: the session cookie is checked, state-changing requests must
 * carry the session's CSRF token in `x-csrf-token`, the second factor must be complete, and the role must hold
 * the route's permission. Denials are audited.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { roleHas, type RouteAccess } from '../auth/permissions.js';
import { scopesAllow } from '../auth/smart-scopes.js';
import { CodedForbiddenError, ForbiddenError, UnauthorizedError } from '../errors/http-errors.js';
import type { AuditService } from '../modules/audit/audit.service.js';
import { SESSION_COOKIE, type AuthService, type AuthenticatedSession } from '../modules/auth/auth.service.js';
import type { AuthenticatedToken } from '../modules/api-tokens/api-tokens.service.js';
import type { Principal } from '../types.js';
import { clientIp } from '../http.js';

/** Authenticates `Authorization: Bearer` API tokens (modules/api-tokens). */
export interface BearerAuthenticator {
  authenticate(secret: string): Promise<AuthenticatedToken | undefined>;
}

/** The secret of an `Authorization: Bearer <secret>` header, if the request has one. */
export function bearerSecret(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m?.[1];
}

/**
 * Routes that plugins register for us (the OpenAPI browser, the built web app's files). Listed here, by prefix,
 * so that they are public on purpose and nothing else is public by accident.
 */
export const INFRASTRUCTURE_ROUTE_PREFIXES: readonly string[] = ['/api/docs', '/api/openapi.json'];
export const WEB_APP_ROUTES: readonly string[] = ['/', '/*', '/assets/*'];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RouteAccessEntry {
  readonly method: string;
  readonly url: string;
  readonly access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyRequest {
    authSession: AuthenticatedSession | undefined;
    /** `AuthService.sessionSourcesMark()` when the request arrived. */
    sessionSourcesMark: number | undefined;
  }
  interface FastifyInstance {
    /** Every registered route with the access it declares (the route-permission test reads it). */
    routeAccess: RouteAccessEntry[];
  }
}

export function registerAccessControl(
  app: FastifyInstance,
  auth: AuthService,
  audit: AuditService,
  tokens?: BearerAuthenticator,
): void {
  const table: RouteAccessEntry[] = [];
  app.decorate('routeAccess', table);
  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (!route.config?.access) {
      const isInfrastructure = INFRASTRUCTURE_ROUTE_PREFIXES.some(
        (prefix) => url === prefix || url.startsWith(`${prefix}/`),
      );
      // @fastify/static registers one route per file of the built web app (index.html, assets/*), marking each
      // with the file it serves: the app's own code and styles, public by nature.
      const staticConfig = route.config as { file?: unknown; rootPath?: unknown } | undefined;
      const isWebAppFile =
        typeof staticConfig?.file === 'string' && typeof staticConfig.rootPath === 'string' && !url.startsWith('/api/');
      if (isInfrastructure || isWebAppFile || WEB_APP_ROUTES.includes(url)) {
        route.config = { ...(route.config ?? {}), access: 'public' };
      } else {
        throw new Error(`Route ${String(route.method)} ${url} does not declare who may call it (config.access).`);
      }
    }
    for (const method of [route.method].flat()) table.push({ method, url, access: route.config!.access! });
  });

  app.decorateRequest('principal', undefined);
  app.decorateRequest('authSession', undefined);
  app.decorateRequest('sessionSourcesMark', undefined);
  app.decorateRequest('requirePrincipal', function requirePrincipal(this: FastifyRequest) {
    if (!this.principal) throw new UnauthorizedError('Sign in first.');
    return this.principal;
  });
  app.decorateRequest('audit', async function auditFromRequest(this: FastifyRequest, event) {
    await audit.record({ principal: this.principal, clientIp: clientIp(this) }, event);
  });

  // A request that ended a session or changed an account, a role or a clinic's settings (it wrote the tables a
  // session is read from, counted from its start): the sessions this instance has cached are read afresh after it,
  // before its answer reaches the caller.
  app.addHook('onRequest', (request, _reply, done) => {
    request.sessionSourcesMark = auth.sessionSourcesMark();
    done();
  });
  app.addHook('onSend', (request, _reply, payload, done) => {
    auth.forgetCachedSessionsIfChanged(request.sessionSourcesMark, !SAFE_METHODS.has(request.method));
    done(null, payload);
  });

  app.addHook('onRequest', async (request) => {
    const access: RouteAccess | undefined = request.routeOptions.config?.access;
    if (request.is404) return;
    if (!access) throw new ForbiddenError('This route declares no access.');
    if (access === 'public') return;
    if (access === 'patient-link') {
      const staffSession = await auth.authenticate(request.cookies[SESSION_COOKIE]);
      if (!staffSession) return;
      await audit.record(
        { principal: staffSession.principal, clientIp: clientIp(request) },
        {
          action: 'access-denied',
          resourceType: 'Route',
          resourceId: `${request.method} ${request.routeOptions.url}`,
          outcome: 'denied',
          detail: { reason: 'staff-session-on-patient-link' },
        },
      );
      throw new CodedForbiddenError(
        "Questionnaires sent by link are the patient's own answers: they cannot be submitted from a browser signed in as staff. Give the patient the link, or record the answers as staff on the patient's page.",
        'staff-session-on-patient-link',
      );
    }

    const secret = bearerSecret(request);
    if (secret !== undefined && tokens) {
      await authoriseToken(request, access, await tokens.authenticate(secret));
      return;
    }

    const session = await auth.authenticate(request.cookies[SESSION_COOKIE]);
    if (!session) throw new UnauthorizedError('Sign in first (no valid session, or it has expired).');
    if (
      !SAFE_METHODS.has(request.method) &&
      !auth.csrfMatches(session, request.headers['x-csrf-token'] as string | undefined)
    ) {
      throw new ForbiddenError(
        'Missing or wrong CSRF token: send the csrfToken from sign-in in the x-csrf-token header.',
      );
    }
    request.authSession = session;
    if (session.mustChangePassword && request.routeOptions.config?.allowWithTemporaryPassword !== true) {
      throw new CodedForbiddenError(
        'This account has a temporary password: change it first (POST /api/auth/password), then set up the second factor if your clinic requires one.',
        'password-change-required',
      );
    }
    if (access === 'mfa-pending') {
      request.principal = session.principal;
      return;
    }
    if (session.mfaState !== 'complete') {
      throw new UnauthorizedError(
        session.mfaState === 'enrol'
          ? 'Set up a second factor (authenticator app) to finish signing in.'
          : 'Enter the code from your authenticator app to finish signing in.',
      );
    }
    request.principal = withPageView(session.principal, request);
    if (access === 'signed-in') return;
    if (!roleHas(session.principal.role, access.permission)) {
      await request.audit({
        action: 'access-denied',
        resourceType: 'Route',
        resourceId: `${request.method} ${request.routeOptions.url}`,
        outcome: 'denied',
        detail: { permission: access.permission },
      });
      throw new ForbiddenError(`Your role (${session.principal.role}) may not do this (needs ${access.permission}).`);
    }
  });
}

/** The header the web app sends with every request of one page view (a random id per navigation). */
export const PAGE_VIEW_HEADER = 'x-ketaclinic-view';
const PAGE_VIEW_ID = /^[A-Za-z0-9-]{8,64}$/;

/** The principal with the request's page view id, when it sent a well-formed one (anything else is ignored). */
function withPageView(principal: Principal, request: FastifyRequest): Principal {
  const header = request.headers[PAGE_VIEW_HEADER];
  return typeof header === 'string' && PAGE_VIEW_ID.test(header) ? { ...principal, viewId: header } : principal;
}

/**
 * An API token (issue 15) is authorised by its role AND its SMART scopes, on routes that declare the scope they need
 * (`config.tokenScope`: the FHIR server). No CSRF token is asked: a bearer token is not sent by browsers on their own.
 */
async function authoriseToken(
  request: FastifyRequest,
  access: RouteAccess,
  token: AuthenticatedToken | undefined,
): Promise<void> {
  if (!token) throw new UnauthorizedError('The API token is not valid (unknown, revoked or expired).');
  request.principal = token.principal;
  const scope = request.routeOptions.config?.tokenScope;
  const deny = async (reason: string, message: string) => {
    await request.audit({
      action: 'access-denied',
      resourceType: 'Route',
      resourceId: `${request.method} ${request.routeOptions.url}`,
      outcome: 'denied',
      detail: { reason },
    });
    throw new ForbiddenError(message);
  };
  if (!scope || typeof access !== 'object')
    return deny(
      'api-token-route',
      'API tokens are accepted by the FHIR server (/fhir/R4) only; sign in for this route.',
    );
  if (!roleHas(token.principal.role, access.permission))
    return deny(
      'api-token-role',
      `The token's role (${token.principal.role}) may not do this (needs ${access.permission}).`,
    );
  const type = scope.resourceType === '*' ? undefined : scope.resourceType;
  if (type !== undefined && !scopesAllow(token.scopes, type, scope.interaction)) {
    return deny(
      'api-token-scope',
      `The token's scopes do not allow this (needs a scope granting ${scope.interaction} on ${type}, e.g. system/${type}.${scope.interaction === 's' ? 'rs' : scope.interaction}).`,
    );
  }
}

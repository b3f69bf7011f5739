import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { Principal } from './types.js';

/**
 * What a handler may return for a response declared as `T`: responses are written with `JSON.stringify`
 * (plugins/response-contract.ts), so a `Date` where the contract says string is written as its ISO text, and a
 * read-only array is written like any other. The contract's own types (what clients read) stay plain JSON.
 */
export type JsonInput<T> = T extends string
  ? T | Date
  : T extends ReadonlyArray<infer U>
    ? ReadonlyArray<JsonInput<U>>
    : T extends object
      ? { [K in keyof T]: JsonInput<T[K]> }
      : T;

/** TypeBox's type provider, with replies typed by what JSON.stringify makes of them (JsonInput). */
export interface ContractTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? JsonInput<Static<this['schema']>> : unknown;
}

/** The Fastify instance type every routes file receives: TypeBox schemas give typed requests and replies. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ContractTypeProvider
>;

export { ProblemSchema, StaffRoleSchema, errorResponses, literalUnion } from '../contract/common.js';

/** Who is asking and from where: what services need to scope, authorise and audit a call. */
export interface RequestContext {
  readonly principal: Principal;
  readonly clientIp: string | null;
  /**
   * The clinic's stored settings as read with the session (at most 2 s old; AuthService's session cache), so a
   * request that only needs a display or numbering setting saves a round trip. Absent outside a request.
   */
  readonly clinicSettings?: Record<string, unknown> | null;
}

/** The caller's address as Fastify sees it (behind a proxy, per its `trustProxy` setting). */
export function clientIp(request: FastifyRequest): string | null {
  return request.ip ?? null;
}

/**
 * Made once per request: services pass it on, and the audit writer reads who and from where from it
 * (AuditService.record; docs/adr/0006-audit-context.md).
 */
export function requestContext(request: FastifyRequest): RequestContext {
  const principal = request.requirePrincipal();
  const session = request.authSession;
  return { principal, clientIp: clientIp(request), ...(session ? { clinicSettings: session.clinicSettings } : {}) };
}

import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, FastifyTypeProvider, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { Principal } from './types.js';

/**
 * What a handler may return for a response declared as `T`: responses are written with `JSON.stringify`
 * (plugins/response-contract.ts), so a `Date` where the contract says string is written as its ISO text, and a
 * read-only array is written like any other. The contract's own types (what clients read) stay plain JSON.
 */
export type JsonInput<T> = T extends string ? T | Date
  : T extends ReadonlyArray<infer U> ? ReadonlyArray<JsonInput<U>>
    : T extends object ? { [K in keyof T]: JsonInput<T[K]> }
      : T;

/** TypeBox's type provider, with replies typed by what JSON.stringify makes of them (JsonInput). */
export interface ContractTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? JsonInput<Static<this['schema']>> : unknown;
}

/** The Fastify instance type every routes file receives: TypeBox schemas give typed requests and replies. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ContractTypeProvider>;

export { ProblemSchema, StaffRoleSchema, errorResponses, literalUnion } from '../contract/common.js';

/** Who is asking and from where: what services need to scope, authorise and audit a call. */
export interface RequestContext {
  readonly principal: Principal;
  readonly clientIp: string | null;
}

export function requestContext(request: FastifyRequest): RequestContext {
  return { principal: request.requirePrincipal(), clientIp: request.ip ?? null };
}

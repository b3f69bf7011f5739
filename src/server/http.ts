import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TLiteral, type TUnion } from 'typebox';
import type { Principal } from './types.js';

/** The Fastify instance type every routes file receives: TypeBox schemas give typed requests. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** RFC 9457 problem document, as every error answer looks. */
export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  code: Type.Optional(Type.String()),
});

export const StaffRoleSchema = Type.Union([
  Type.Literal('admin'), Type.Literal('prescriber'), Type.Literal('nurse'), Type.Literal('therapist'), Type.Literal('front_desk'),
]);

export const errorResponses = {
  400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema,
} as const;

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

export function requestContext(request: FastifyRequest): RequestContext {
  const principal = request.requirePrincipal();
  const session = request.authSession;
  return { principal, clientIp: request.ip ?? null, ...(session ? { clinicSettings: session.clinicSettings } : {}) };
}

/** A schema accepting exactly one of `values`, typed as their union. */
export function literalUnion<const T extends readonly string[]>(values: T): TUnion<Array<TLiteral<T[number]>>> {
  return Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<Array<TLiteral<T[number]>>>;
}

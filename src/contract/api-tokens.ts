/**
 * API tokens (issue 15, "Integrations"): the request and response shapes of /api/api-tokens. The secret is in the
 * creation answer only; afterwards a token is known by its id, name and the last four characters of its secret.
 */
import { Type, type Static } from 'typebox';
import { StaffRoleSchema } from './common.js';

export const ApiTokenSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    role: StaffRoleSchema,
    scopes: Type.Array(Type.String(), { description: 'SMART v2 scopes, e.g. system/Observation.rs' }),
    patientId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
      description: 'The patient a token with patient/ scopes is limited to',
    }),
    secretHint: Type.String({ description: 'The last four characters of the token' }),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Type.String({ format: 'uuid' }),
    expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    status: Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Literal('expired')]),
  },
  { additionalProperties: false },
);
export type ApiTokenDto = Static<typeof ApiTokenSchema>;

export const ApiTokenListSchema = Type.Object({ items: Type.Array(ApiTokenSchema) }, { additionalProperties: false });

export const CreateApiTokenBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: StaffRoleSchema,
    scopes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 50 }),
    patientId: Type.Optional(Type.String({ format: 'uuid' })),
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type CreateApiTokenBody = Static<typeof CreateApiTokenBodySchema>;

export const CreatedApiTokenSchema = Type.Object(
  {
    token: ApiTokenSchema,
    secret: Type.String({ description: 'The token to send as Authorization: Bearer <secret>. Shown this once only.' }),
  },
  { additionalProperties: false },
);
export type CreatedApiTokenDto = Static<typeof CreatedApiTokenSchema>;

/**
 * SMART Backend Services clients (issue 15, "Integrations"): the shapes of /api/backend-clients. A client is
 * known by its id, which is its OAuth client_id; it holds only public keys, so nothing here is secret.
 */
import { Type, type Static } from 'typebox';
import { StaffRoleSchema } from './common.js';

export const BackendClientSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    clientId: Type.String({ description: "The OAuth client_id: the iss and sub of the client's assertions" }),
    name: Type.String(),
    role: StaffRoleSchema,
    scopes: Type.Array(Type.String(), {
      description: 'The SMART v2 scopes it may be granted, e.g. system/Observation.rs',
    }),
    keyIds: Type.Array(Type.String(), { description: 'The kid of each registered public key' }),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Type.String({ format: 'uuid' }),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    status: Type.Union([Type.Literal('active'), Type.Literal('revoked')]),
  },
  { additionalProperties: false },
);
export type BackendClientDto = Static<typeof BackendClientSchema>;

export const BackendClientListSchema = Type.Object(
  { items: Type.Array(BackendClientSchema) },
  { additionalProperties: false },
);

export const CreateBackendClientBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: StaffRoleSchema,
    scopes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 50 }),
    jwks: Type.Unknown({
      description:
        'The client\'s public keys as a JSON Web Key Set ({"keys": [...]}): RSA (2048 bits or more) or EC P-384, each with a kid',
    }),
  },
  { additionalProperties: false },
);
export type CreateBackendClientBody = Static<typeof CreateBackendClientBodySchema>;

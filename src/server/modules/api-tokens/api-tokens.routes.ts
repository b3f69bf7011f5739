/**
 * API tokens, managed by a clinic admin (issue 15): create (the secret is in this answer only), list, revoke.
 * Shapes: src/contract/api-tokens.ts.
 */
import { Type } from 'typebox';
import {
  ApiTokenListSchema,
  ApiTokenSchema,
  CreateApiTokenBodySchema,
  CreatedApiTokenSchema,
} from '../../../contract/api-tokens.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import type { ApiTokensService } from './api-tokens.service.js';

const manage = { access: { permission: 'api-token:manage' } } as const;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export function apiTokensRoutes(service: ApiTokensService) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/api-tokens',
      {
        config: manage,
        schema: {
          tags: ['api-tokens'],
          summary: "The clinic's API tokens (never their secrets)",
          response: { 200: ApiTokenListSchema, ...errorResponses },
        },
      },
      async (request) => ({ items: await service.list(requestContext(request)) }),
    );

    app.post(
      '/api/api-tokens',
      {
        config: manage,
        schema: {
          tags: ['api-tokens'],
          summary:
            'Create an API token with a role and SMART v2 scopes (system/Observation.rs, system/*.rs, patient/Observation.rs with patientId); the secret is returned this once',
          body: CreateApiTokenBodySchema,
          response: { 201: CreatedApiTokenSchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(requestContext(request), request.body)),
    );

    app.post(
      '/api/api-tokens/:id/revoke',
      {
        config: manage,
        schema: {
          tags: ['api-tokens'],
          summary: 'Revoke: the token stops working at once (it stays listed)',
          params: IdParams,
          response: { 200: ApiTokenSchema, ...errorResponses },
        },
      },
      (request) => service.revoke(requestContext(request), request.params.id),
    );
  };
}

/**
 * SMART Backend Services (issue 15): the admin's /api/backend-clients (register, list, revoke), the SMART
 * configuration at /fhir/R4/.well-known/smart-configuration and the token endpoint at /fhir/R4/auth/token
 * (form-encoded, answers RFC 6749 JSON). Shapes: src/contract/backend-clients.ts.
 */
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import {
  BackendClientListSchema,
  BackendClientSchema,
  CreateBackendClientBodySchema,
} from '../../../contract/backend-clients.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import { clientIp } from '../../http.js';
import type { BackendClientsService } from './backend-clients.service.js';

const manage = { access: { permission: 'api-token:manage' } } as const;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const hidden = { hide: true, tags: ['fhir'] };
export const TOKEN_ENDPOINT_PATH = '/fhir/R4/auth/token';
const MAX_FORM_BYTES = 32_768;

/** The fields of a form-encoded body (the first value of each); anything else is an empty form. */
function formFields(body: unknown): Record<string, string | undefined> {
  return body instanceof URLSearchParams ? Object.fromEntries(body.entries()) : {};
}

/** `publicUrl`: the server's public address (KETACLINIC_PUBLIC_URL); else the address the request came to. */
export function backendClientsRoutes(service: BackendClientsService, publicUrl: string | undefined) {
  const tokenEndpoint = (request: FastifyRequest): string =>
    `${(publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '')}${TOKEN_ENDPOINT_PATH}`;
  return async function register(app: App): Promise<void> {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: MAX_FORM_BYTES },
      (_request, body, done) => {
        done(null, new URLSearchParams(String(body)));
      },
    );

    app.get(
      '/api/backend-clients',
      {
        config: manage,
        schema: {
          tags: ['backend-clients'],
          summary: "The clinic's SMART backend clients",
          response: { 200: BackendClientListSchema, ...errorResponses },
        },
      },
      async (request) => ({ items: await service.list(requestContext(request)) }),
    );

    app.post(
      '/api/backend-clients',
      {
        config: manage,
        schema: {
          tags: ['backend-clients'],
          summary:
            'Register a SMART backend client: a role, the system/ scopes it may be granted, and its public keys as a JWKS (RS384 or ES384)',
          body: CreateBackendClientBodySchema,
          response: { 201: BackendClientSchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(requestContext(request), request.body)),
    );

    app.post(
      '/api/backend-clients/:id/revoke',
      {
        config: manage,
        schema: {
          tags: ['backend-clients'],
          summary: 'Revoke: the client gets no new token, and its tokens stop working at once',
          params: IdParams,
          response: { 200: BackendClientSchema, ...errorResponses },
        },
      },
      (request) => service.revoke(requestContext(request), request.params.id),
    );

    app.get(
      '/fhir/R4/.well-known/smart-configuration',
      { config: { access: 'public' }, schema: hidden },
      async (request, reply) =>
        reply.header('content-type', 'application/json').send(service.smartConfiguration(tokenEndpoint(request))),
    );

    app.post(TOKEN_ENDPOINT_PATH, { config: { access: 'public' }, schema: hidden }, async (request, reply) => {
      const answer = await service.issueToken(formFields(request.body), tokenEndpoint(request), clientIp(request));
      if (answer.status === 429) reply.header('retry-after', String(answer.retryAfterSeconds));
      return reply
        .status(answer.status)
        .header('cache-control', 'no-store')
        .header('pragma', 'no-cache')
        .header('content-type', 'application/json')
        .send(answer.body);
    });
  };
}

/**
 * Webhook endpoints and their delivery log, for a clinic admin (issue 15). Shapes: src/contract/webhooks.ts;
 * the signing scheme: docs/webhooks.md.
 */
import { Type } from 'typebox';
import {
  CreatedWebhookEndpointSchema,
  CreateWebhookEndpointBodySchema,
  UpdateWebhookEndpointBodySchema,
  WebhookAttemptListSchema,
  WebhookDeliveriesQuerySchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
} from '../../../contract/webhooks.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import type { WebhooksService } from './webhooks.service.js';

const manage = { access: { permission: 'webhook:manage' } } as const;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export function webhooksRoutes(service: WebhooksService) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/webhooks',
      {
        config: manage,
        schema: {
          tags: ['webhooks'],
          summary: "The clinic's webhook endpoints (never their secrets) and the events one may subscribe to",
          response: { 200: WebhookEndpointListSchema, ...errorResponses },
        },
      },
      (request) => service.list(requestContext(request)),
    );

    app.post(
      '/api/webhooks',
      {
        config: manage,
        schema: {
          tags: ['webhooks'],
          summary:
            'Register an endpoint for measure.stored, alert.raised and/or session.discharged; the signing secret is returned this once',
          body: CreateWebhookEndpointBodySchema,
          response: { 201: CreatedWebhookEndpointSchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(requestContext(request), request.body)),
    );

    app.patch(
      '/api/webhooks/:id',
      {
        config: manage,
        schema: {
          tags: ['webhooks'],
          summary: 'Change the URL, description or events, or enable/disable the endpoint',
          params: IdParams,
          body: UpdateWebhookEndpointBodySchema,
          response: { 200: WebhookEndpointSchema, ...errorResponses },
        },
      },
      (request) => service.update(requestContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/webhooks/:id/rotate-secret',
      {
        config: manage,
        schema: {
          tags: ['webhooks'],
          summary: 'A new signing secret, returned this once; the old one stops at once',
          params: IdParams,
          response: { 200: CreatedWebhookEndpointSchema, ...errorResponses },
        },
      },
      (request) => service.rotateSecret(requestContext(request), request.params.id),
    );

    app.get(
      '/api/webhooks/deliveries',
      {
        config: manage,
        schema: {
          tags: ['webhooks'],
          summary: 'The delivery log: each attempt with its status code, error and time, newest first',
          querystring: WebhookDeliveriesQuerySchema,
          response: { 200: WebhookAttemptListSchema, ...errorResponses },
        },
      },
      (request) => service.deliveries(requestContext(request), request.query),
    );
  };
}

import { Type } from 'typebox';
import { errorResponses, requestContext, type App } from '../../http.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import type { AlertsService } from './alerts.service.js';
import {
  AcknowledgeBodySchema,
  AlertQuerySchema,
  ListResponse,
  NotificationsQuerySchema,
  NotificationsResponse,
} from '../../../contract/alerts.js';

export function alertsRoutes(service: AlertsService) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/alerts',
      {
        config: { access: { permission: 'alert:read' } },
        schema: {
          tags: ['alerts'],
          summary: 'Suicide-risk alerts: open ones first, most severe first',
          querystring: AlertQuerySchema,
          response: { 200: ListResponse, ...errorResponses },
        },
      },
      async (request) => ({
        items: await service.list(requestContext(request), {
          status: request.query.status ?? 'open',
          patientId: request.query.patientId,
          limit: request.query.limit ?? 100,
        }),
      }),
    );

    app.post(
      '/api/alerts/:id/acknowledge',
      {
        config: { access: { permission: 'alert:acknowledge' } },
        schema: {
          tags: ['alerts'],
          summary: 'Acknowledge an alert with the action taken (final; audited)',
          params: IdParamsSchema,
          body: AcknowledgeBodySchema,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await service.acknowledge(requestContext(request), request.params.id, request.body);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/notifications',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['alerts'],
          summary: 'My notifications (escalated alerts)',
          querystring: NotificationsQuerySchema,
          response: { 200: NotificationsResponse, ...errorResponses },
        },
      },
      async (request) => ({
        items: await service.notifications(requestContext(request), request.query.unread ?? true),
      }),
    );

    app.post(
      '/api/notifications/:id/read',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['alerts'],
          summary: 'Mark one of my notifications read',
          params: IdParamsSchema,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await service.markNotificationRead(requestContext(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}

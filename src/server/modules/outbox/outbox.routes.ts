import { OutboxListSchema, OutboxQuerySchema } from '../../../contract/appointments.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import type { OutboxService } from './outbox.service.js';

export function outboxRoutes(service: OutboxService) {
  return async function register(app: App): Promise<void> {
    app.get('/api/outbox', {
      config: { access: { permission: 'outbox:read' } },
      schema: {
        tags: ['outbox'], summary: 'Mail and text messages the clinic queued, with their delivery; whether mail and SMS are set up',
        querystring: OutboxQuerySchema,
        response: { 200: OutboxListSchema, ...errorResponses },
      },
    }, (request) => service.list(requestContext(request), request.query));
  };
}

import {
  ConsentCopyParamsSchema,
  OutboxListSchema,
  OutboxQuerySchema,
  QueuedMessagesSchema,
  SendQuestionnaireLinkSchema,
  SentQuestionnaireLinkSchema,
} from '../../../contract/appointments.js';
import type { MeasureContext } from '../../db/schema.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import type { PatientMessagesService } from './patient-messages.service.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import type { OutboxService } from './outbox.service.js';

/** `publicUrl`: the address patients open links at (KETACLINIC_PUBLIC_URL); else the address the request came to. */
export function outboxRoutes(service: OutboxService, messages: PatientMessagesService, publicUrl: string | undefined) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/outbox',
      {
        config: { access: { permission: 'outbox:read' } },
        schema: {
          tags: ['outbox'],
          summary: 'Mail and text messages the clinic queued, with their delivery; whether mail and SMS are set up',
          querystring: OutboxQuerySchema,
          response: { 200: OutboxListSchema, ...errorResponses },
        },
      },
      (request) => service.list(requestContext(request), request.query),
    );

    app.post(
      '/api/patients/:id/measure-links/send',
      {
        config: { access: { permission: 'measure-link:send' } },
        schema: {
          tags: ['outbox', 'measures'],
          summary:
            'Create a single-use questionnaire link and send it to the patient by mail and/or text (the link is not shown)',
          params: IdParamsSchema,
          body: SendQuestionnaireLinkSchema,
          response: { 201: SentQuestionnaireLinkSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const baseUrl = publicUrl ?? `${request.protocol}://${request.host}`;
        const body = { ...request.body, context: request.body.context as MeasureContext };
        return reply
          .status(201)
          .send(await messages.sendQuestionnaireLink(requestContext(request), request.params.id, body, baseUrl));
      },
    );

    app.post(
      '/api/patients/:id/consents/:signatureId/send-copy',
      {
        config: { access: { permission: 'consent:collect' } },
        schema: {
          tags: ['outbox', 'consent'],
          summary: 'Mail the patient their own copy of a consent they signed',
          params: ConsentCopyParamsSchema,
          response: { 201: QueuedMessagesSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await messages.sendConsentCopy(requestContext(request), request.params.id, request.params.signatureId)),
    );
  };
}

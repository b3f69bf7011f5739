import {
  DeaFormListSchema,
  DeaFormParamsSchema,
  DeaFormRecordSchema,
  MarkDeaFormSentSchema,
} from '../../../contract/dea-forms.js';
import { PdfDocument } from '../../../contract/common.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import type { DeaFormsService } from './dea-forms.service.js';

const tags = ['ledger'];

/** DEA Form 41 / 106 records: list, one, PDF (those who see the ledger); mark as sent (admin). */
export function deaFormsRoutes(service: DeaFormsService) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/ledger/dea-forms',
      {
        config: { access: { permission: 'dea-form:read' } },
        schema: {
          tags,
          summary: 'Every DEA Form 41 (destruction) and Form 106 (theft or loss) record, with when each was sent',
          response: { 200: DeaFormListSchema, ...errorResponses },
        },
      },
      (request) => service.list(requestContext(request)),
    );

    app.get(
      '/api/ledger/dea-forms/:entryId',
      {
        config: { access: { permission: 'dea-form:read' } },
        schema: {
          tags,
          summary: 'One DEA Form 41 / 106 record',
          params: DeaFormParamsSchema,
          response: { 200: DeaFormRecordSchema, ...errorResponses },
        },
      },
      (request) => service.get(requestContext(request), request.params.entryId),
    );

    app.get(
      '/api/ledger/dea-forms/:entryId/pdf',
      {
        config: { access: { permission: 'dea-form:read' } },
        schema: {
          tags,
          summary: 'The DEA Form 41 / 106 record as a PDF',
          params: DeaFormParamsSchema,
          response: { 200: PdfDocument, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { filename, pdf } = await service.pdf(requestContext(request), request.params.entryId);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .send(pdf);
      },
    );

    app.post(
      '/api/ledger/dea-forms/:entryId/submissions',
      {
        config: { access: { permission: 'dea-form:send' } },
        schema: {
          tags,
          summary: 'Mark the record as sent to the DEA (a new event: who, when, how; nothing is overwritten)',
          params: DeaFormParamsSchema,
          body: MarkDeaFormSentSchema,
          response: { 201: DeaFormRecordSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.markSent(requestContext(request), request.params.entryId, request.body)),
    );
  };
}

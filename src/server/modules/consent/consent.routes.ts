import { errorResponses, requestContext, type App } from '../../http.js';
import {
  ConsentDocumentListSchema,
  ConsentDocumentParamsSchema,
  ConsentDocumentQuerySchema,
  ConsentDocumentSchema,
  PatientConsentsSchema,
  SignConsentBodySchema,
  SignedConsentSchema,
} from '../../../contract/consent.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import type { ConsentService } from './consent.service.js';

export function consentRoutes(service: ConsentService) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/consent-documents',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['consent'],
          summary:
            'Every consent document version, with its SHA-256 and whether it is the current one for its modality',
          response: { 200: ConsentDocumentListSchema, ...errorResponses },
        },
      },
      () => ({ items: service.listDocuments() }),
    );

    app.get(
      '/api/consent-documents/:documentId',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['consent'],
          summary: 'One consent document (Markdown body): the current version unless ?version= is given',
          params: ConsentDocumentParamsSchema,
          querystring: ConsentDocumentQuerySchema,
          response: { 200: ConsentDocumentSchema, ...errorResponses },
        },
      },
      (request) => service.getDocument(request.params.documentId, request.query.version),
    );

    app.get(
      '/api/patients/:id/consents',
      {
        config: { access: { permission: 'patient:read' } },
        schema: {
          tags: ['consent'],
          summary: 'Consent status per modality (current or why not) and every signature, newest first',
          params: IdParamsSchema,
          response: { 200: PatientConsentsSchema, ...errorResponses },
        },
      },
      (request) => service.forPatient(requestContext(request), request.params.id),
    );

    app.post(
      '/api/patients/:id/consents',
      {
        config: { access: { permission: 'consent:collect' } },
        schema: {
          tags: ['consent'],
          summary:
            'Record the patient signing the current consent document at the desk (send back the id, version and sha256 shown)',
          params: IdParamsSchema,
          body: SignConsentBodySchema,
          response: { 201: SignedConsentSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.sign(requestContext(request), request.params.id, request.body)),
    );
  };
}

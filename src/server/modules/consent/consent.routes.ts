import { Type } from 'typebox';
import { errorResponses, requestContext, type App } from '../../http.js';
import { ModalitySchema } from '../../../contract/eligibility.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import type { ConsentService } from './consent.service.js';

const UserRef = Type.Union([Type.Object({ id: Type.String(), displayName: Type.String() }), Type.Null()]);
const DocumentSummary = Type.Object({
  id: Type.String(), modality: Type.String(), version: Type.String(), effectiveDate: Type.String(), title: Type.String(),
  sha256: Type.String(), isCurrent: Type.Boolean(),
});
const SignatureSchema = Type.Object({
  id: Type.String(), modality: Type.String(), documentId: Type.String(), version: Type.String(), sha256: Type.String(),
  typedName: Type.String(), agreed: Type.Boolean(), signedAt: Type.String(), via: Type.String(), recordedBy: UserRef,
});
const StatusSchema = Type.Object({
  modality: Type.String(), current: Type.Boolean(),
  reason: Type.Union([Type.Enum(['no-consent', 'other-modality', 'outdated-version', 'hash-mismatch']), Type.Null()]),
  message: Type.String(), currentDocument: Type.Object({ id: Type.String(), version: Type.String() }),
  signatureId: Type.Union([Type.String(), Type.Null()]), signedAt: Type.Union([Type.String(), Type.Null()]),
});

export function consentRoutes(service: ConsentService) {
  return async function register(app: App): Promise<void> {
    app.get('/api/consent-documents', {
      config: { access: 'signed-in' },
      schema: { tags: ['consent'], summary: 'Every consent document version, with its SHA-256 and whether it is the current one for its modality', response: { 200: Type.Object({ items: Type.Array(DocumentSummary) }), ...errorResponses } },
    }, () => ({ items: service.listDocuments() }));

    app.get('/api/consent-documents/:documentId', {
      config: { access: 'signed-in' },
      schema: {
        tags: ['consent'], summary: 'One consent document (Markdown body): the current version unless ?version= is given',
        params: Type.Object({ documentId: Type.String({ maxLength: 80, pattern: '^[a-z0-9-]+$' }) }),
        querystring: Type.Object({ version: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ ...DocumentSummary.properties, body: Type.String() }), ...errorResponses },
      },
    }, (request) => service.getDocument(request.params.documentId, request.query.version));

    app.get('/api/patients/:id/consents', {
      config: { access: { permission: 'patient:read' } },
      schema: { tags: ['consent'], summary: 'Consent status per modality (current or why not) and every signature, newest first', params: IdParamsSchema, response: { 200: Type.Object({ status: Type.Array(StatusSchema), signatures: Type.Array(SignatureSchema) }), ...errorResponses } },
    }, (request) => service.forPatient(requestContext(request), request.params.id));

    app.post('/api/patients/:id/consents', {
      config: { access: { permission: 'consent:collect' } },
      schema: {
        tags: ['consent'], summary: 'Record the patient signing the current consent document at the desk (send back the id, version and sha256 shown)',
        params: IdParamsSchema,
        body: Type.Object({
          modality: ModalitySchema,
          documentId: Type.String({ maxLength: 80 }),
          version: Type.String({ maxLength: 20 }),
          sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
          typedName: Type.String({ minLength: 2, maxLength: 200, pattern: '\\S' }),
          agreed: Type.Literal(true, { description: 'The checkbox: the patient has read and agrees' }),
        }, { additionalProperties: false }),
        response: { 201: Type.Object({ signature: SignatureSchema, status: StatusSchema, typedNameMatchesPatient: Type.Boolean() }), ...errorResponses },
      },
    }, async (request, reply) => reply.status(201).send(await service.sign(requestContext(request), request.params.id, request.body)));
  };
}

import {
  PatientTherapyNotesSchema,
  SaveTherapyNoteSchema,
  SignTherapyNoteSchema,
  TherapyNoteAddendumSchema,
  TherapyNoteParamsSchema,
  TherapyNoteSchema,
} from '../../../contract/therapy-notes.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import type { TherapyNotesService } from './therapy-notes.service.js';

const tags = ['therapy-notes'];

export function therapyNotesRoutes(service: TherapyNotesService) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/appointments/:id/notes',
      {
        config: { access: { permission: 'therapy-note:read' } },
        schema: {
          tags,
          summary: "A therapy appointment's note: the draft, the signature and the addenda",
          params: TherapyNoteParamsSchema,
          response: { 200: TherapyNoteSchema, ...errorResponses },
        },
      },
      (request) => service.get(requestContext(request), request.params.id),
    );

    app.put(
      '/api/appointments/:id/notes',
      {
        config: { access: { permission: 'therapy-note:write' } },
        schema: {
          tags,
          summary: 'Save a draft as a new version (409 once signed, or when baseVersion is not the latest)',
          params: TherapyNoteParamsSchema,
          body: SaveTherapyNoteSchema,
          response: { 200: TherapyNoteSchema, ...errorResponses },
        },
      },
      (request) => service.saveDraft(requestContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/appointments/:id/notes/signature',
      {
        config: { access: { permission: 'therapy-note:write' } },
        schema: {
          tags,
          summary: 'Sign the latest draft: the note is then locked; the signer and time are recorded',
          params: TherapyNoteParamsSchema,
          body: SignTherapyNoteSchema,
          response: { 200: TherapyNoteSchema, ...errorResponses },
        },
      },
      (request) => service.sign(requestContext(request), request.params.id),
    );

    app.post(
      '/api/appointments/:id/notes/addenda',
      {
        config: { access: { permission: 'therapy-note:write' } },
        schema: {
          tags,
          summary: 'Add an addendum to a signed note (a new version; the signed text stays)',
          params: TherapyNoteParamsSchema,
          body: TherapyNoteAddendumSchema,
          response: { 201: TherapyNoteSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.addAddendum(requestContext(request), request.params.id, request.body.text)),
    );

    app.get(
      '/api/patients/:id/therapy-notes',
      {
        config: { access: { permission: 'therapy-note:read' } },
        schema: {
          tags,
          summary: "The patient's therapy appointments, newest first, each with its note",
          params: TherapyNoteParamsSchema,
          response: { 200: PatientTherapyNotesSchema, ...errorResponses },
        },
      },
      (request) => service.forPatient(requestContext(request), request.params.id),
    );
  };
}

import { Type } from 'typebox';
import {
  SelfIntakeLinkCreatedSchema,
  SelfIntakeLinkCreateSchema,
  SelfIntakeLinkListSchema,
  SelfIntakePageSchema,
  SelfIntakeSubmissionSchema,
  SelfIntakeSubmittedSchema,
} from '../../../contract/self-intake.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import type { SelfIntakeService } from './self-intake.service.js';

const TokenParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) });
const AcceptedSchema = Type.Object({
  part: Type.Union([Type.Literal('registration'), Type.Literal('clinical')]),
  intakeVersion: Type.Integer(),
});

export function selfIntakeRoutes(service: SelfIntakeService) {
  return async function register(app: App): Promise<void> {
    const tags = ['self-intake'];
    app.post(
      '/api/patients/:id/self-intake-links',
      {
        config: { access: { permission: 'registration:write' } },
        schema: {
          tags,
          summary:
            'Create a single-use link for the patient to fill in their intake (and sign a consent) on their own device',
          params: IdParamsSchema,
          body: SelfIntakeLinkCreateSchema,
          response: { 201: SelfIntakeLinkCreatedSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createLink(requestContext(request), request.params.id, request.body)),
    );

    app.get(
      '/api/patients/:id/self-intake-links',
      {
        config: { access: { permission: 'registration:read' } },
        schema: {
          tags,
          summary:
            "The patient's self-intake links: state, what was sent (health history for clinical staff only) and what was accepted",
          params: IdParamsSchema,
          response: { 200: SelfIntakeLinkListSchema, ...errorResponses },
        },
      },
      (request) => service.linksForPatient(requestContext(request), request.params.id),
    );

    app.post(
      '/api/self-intake-links/:id/registration-acceptance',
      {
        config: { access: { permission: 'registration:write' } },
        schema: {
          tags,
          summary:
            "Accept the patient's contacts and registration into the record (new versions of the patient and the intake)",
          params: IdParamsSchema,
          response: { 200: AcceptedSchema, ...errorResponses },
        },
      },
      (request) => service.acceptRegistration(requestContext(request), request.params.id),
    );

    app.post(
      '/api/self-intake-links/:id/clinical-acceptance',
      {
        config: { access: { permission: 'intake:write' } },
        schema: {
          tags,
          summary:
            "Accept the patient's health history, medicines and prior trials into the intake (a new version; clinicians only)",
          params: IdParamsSchema,
          response: { 200: AcceptedSchema, ...errorResponses },
        },
      },
      (request) => service.acceptClinical(requestContext(request), request.params.id),
    );

    // Public: the patient's own page, reached only through the token (no account, nothing identifying shown).
    app.get(
      '/api/self-intake/:token',
      {
        config: { access: 'public' },
        schema: {
          tags: ['patient link'],
          summary: 'What the self-intake page shows for a link',
          params: TokenParams,
          response: { 200: SelfIntakePageSchema, ...errorResponses },
        },
      },
      (request) => service.open(request.params.token, request.ip ?? null),
    );

    // The patient's alone: refused from a browser signed in as staff (what it stores is patient-reported).
    app.post(
      '/api/self-intake/:token',
      {
        config: { access: 'patient-link' },
        schema: {
          tags: ['patient link'],
          summary: 'Send the intake (and the consent signature) once',
          params: TokenParams,
          body: SelfIntakeSubmissionSchema,
          response: { 200: SelfIntakeSubmittedSchema, 410: errorResponses[400], ...errorResponses },
        },
      },
      (request) => service.submit(request.params.token, request.body, request.ip ?? null),
    );
  };
}

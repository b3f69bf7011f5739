import { errorResponses, requestContext, type App } from '../../http.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import type { IntakeService } from './intake.service.js';
import {
  IntakeHistorySchema,
  IntakeSaveSchema,
  IntakeVersionSchema,
  RegistrationSaveSchema,
  RegistrationVersionSchema,
} from '../../../contract/intake.js';

export function intakeRoutes(service: IntakeService) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/patients/:id/intake',
      {
        config: { access: { permission: 'intake:read' } },
        schema: {
          tags: ['intake'],
          summary:
            "The patient's latest intake, the eligibility facts derived from it and the treatment-resistance reasoning (version null when none yet)",
          params: IdParamsSchema,
          response: { 200: IntakeVersionSchema, ...errorResponses },
        },
      },
      (request) => service.get(requestContext(request), request.params.id),
    );

    app.put(
      '/api/patients/:id/intake',
      {
        config: { access: { permission: 'intake:write' } },
        schema: {
          tags: ['intake'],
          summary: 'Save the intake as a new version (baseVersion: the version you edited, 0 for the first)',
          params: IdParamsSchema,
          body: IntakeSaveSchema,
          response: { 200: IntakeVersionSchema, ...errorResponses },
        },
      },
      (request) => service.save(requestContext(request), request.params.id, request.body),
    );

    app.get(
      '/api/patients/:id/registration',
      {
        config: { access: { permission: 'registration:read' } },
        schema: {
          tags: ['intake'],
          summary:
            "The registration part of the patient's latest intake (demographics, emergency contact, insurance, ride home): no clinical history",
          params: IdParamsSchema,
          response: { 200: RegistrationVersionSchema, ...errorResponses },
        },
      },
      (request) => service.getRegistration(requestContext(request), request.params.id),
    );

    app.put(
      '/api/patients/:id/registration',
      {
        config: { access: { permission: 'registration:write' } },
        schema: {
          tags: ['intake'],
          summary:
            'Save the registration part as a new intake version (the clinical history is kept as it was; baseVersion: the version you edited)',
          params: IdParamsSchema,
          body: RegistrationSaveSchema,
          response: { 200: RegistrationVersionSchema, ...errorResponses },
        },
      },
      (request) => service.saveRegistration(requestContext(request), request.params.id, request.body),
    );

    app.get(
      '/api/patients/:id/intake/history',
      {
        config: { access: { permission: 'intake:read' } },
        schema: {
          tags: ['intake'],
          summary: 'Every version of the intake, newest first, with who saved it and which sections changed',
          params: IdParamsSchema,
          response: { 200: IntakeHistorySchema, ...errorResponses },
        },
      },
      (request) => service.history(requestContext(request), request.params.id),
    );
  };
}

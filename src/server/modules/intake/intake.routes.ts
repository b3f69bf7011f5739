import { errorResponses, requestContext, type App } from '../../http.js';
import { IdParamsSchema } from '../patients/patients.schemas.js';
import type { IntakeService } from './intake.service.js';
import { IntakeHistorySchema, IntakeSaveSchema, IntakeVersionSchema } from './intake.schemas.js';

export function intakeRoutes(service: IntakeService) {
  return async function register(app: App): Promise<void> {
    app.get('/api/patients/:id/intake', {
      config: { access: { permission: 'intake:read' } },
      schema: {
        tags: ['intake'], summary: "The patient's latest intake, the eligibility facts derived from it and the treatment-resistance reasoning (version null when none yet)",
        params: IdParamsSchema, response: { 200: IntakeVersionSchema, ...errorResponses },
      },
    }, (request) => service.get(requestContext(request), request.params.id));

    app.put('/api/patients/:id/intake', {
      config: { access: { permission: 'intake:write' } },
      schema: {
        tags: ['intake'], summary: 'Save the intake as a new version (baseVersion: the version you edited, 0 for the first)',
        params: IdParamsSchema, body: IntakeSaveSchema, response: { 200: IntakeVersionSchema, ...errorResponses },
      },
    }, (request) => service.save(requestContext(request), request.params.id, request.body));

    app.get('/api/patients/:id/intake/history', {
      config: { access: { permission: 'intake:read' } },
      schema: { tags: ['intake'], summary: 'Every version of the intake, newest first, with who saved it and which sections changed', params: IdParamsSchema, response: { 200: IntakeHistorySchema, ...errorResponses } },
    }, (request) => service.history(requestContext(request), request.params.id));
  };
}

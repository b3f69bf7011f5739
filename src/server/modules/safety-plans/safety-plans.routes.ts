import { errorResponses, requestContext, type App } from '../../http.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import type { SafetyPlansService } from './safety-plans.service.js';
import { CurrentResponse, SaveResponse, SaveSafetyPlanBodySchema } from '../../../contract/safety-plans.js';

export function safetyPlansRoutes(service: SafetyPlansService) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/patients/:id/safety-plan',
      {
        config: { access: { permission: 'clinical:read' } },
        schema: {
          tags: ['safety'],
          summary: "The patient's current Stanley-Brown safety plan and its versions",
          params: IdParamsSchema,
          response: { 200: CurrentResponse, ...errorResponses },
        },
      },
      (request) => service.current(requestContext(request), request.params.id),
    );

    app.put(
      '/api/patients/:id/safety-plan',
      {
        config: { access: { permission: 'safety-plan:write' } },
        schema: {
          tags: ['safety'],
          summary: 'Save a new version of the safety plan',
          params: IdParamsSchema,
          body: SaveSafetyPlanBodySchema,
          response: { 200: SaveResponse, ...errorResponses },
        },
      },
      (request) => service.save(requestContext(request), request.params.id, request.body),
    );
  };
}

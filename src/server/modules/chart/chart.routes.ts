import { PatientSessionListSchema, PatientSummarySchema } from '../../../contract/chart.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import type { ChartService } from './chart.service.js';

export function chartRoutes(service: ChartService) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/patients/:id/summary',
      {
        config: { access: { permission: 'patient:read' } },
        schema: {
          tags: ['patients'],
          summary:
            'The patient at a glance: plan and phase, next session, latest scores with their trend, alerts, consent, REMS, allergies',
          params: IdParamsSchema,
          response: { 200: PatientSummarySchema, ...errorResponses },
        },
      },
      (request) => service.summary(requestContext(request), request.params.id),
    );

    app.get(
      '/api/patients/:id/sessions',
      {
        config: { access: { permission: 'schedule:read' } },
        schema: {
          tags: ['patients'],
          summary: "The patient's sessions, past and upcoming, with their state",
          params: IdParamsSchema,
          response: { 200: PatientSessionListSchema, ...errorResponses },
        },
      },
      (request) => service.sessions(requestContext(request), request.params.id),
    );
  };
}

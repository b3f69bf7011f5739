import { Type } from 'typebox';
import { errorResponses, requestContext, type App } from '../../http.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import type { EligibilityService } from './eligibility.service.js';
import {
  CountersignBodySchema,
  DecideBodySchema,
  DecisionSchema,
  EvaluateBodySchema,
  EvaluationSchema,
  OverrideBodySchema,
  PatientEligibilitySchema,
} from '../../../contract/eligibility.js';

export function eligibilityRoutes(service: EligibilityService) {
  return async function register(app: App): Promise<void> {
    app.post(
      '/api/eligibility/evaluate',
      {
        config: { access: { permission: 'eligibility:evaluate' } },
        schema: {
          tags: ['eligibility'],
          summary:
            'Evaluate facts for a modality without storing anything (unknown condition codes: 400 naming the field)',
          body: EvaluateBodySchema,
          response: { 200: EvaluationSchema, ...errorResponses },
        },
      },
      (request) => service.evaluate(requestContext(request), request.body),
    );

    app.get(
      '/api/patients/:id/eligibility',
      {
        config: { access: { permission: 'intake:read' } },
        schema: {
          tags: ['eligibility'],
          summary: "The patient's eligibility decisions: the latest per modality and the full history",
          params: IdParamsSchema,
          response: { 200: PatientEligibilitySchema, ...errorResponses },
        },
      },
      (request) => service.forPatient(requestContext(request), request.params.id),
    );

    app.post(
      '/api/patients/:id/eligibility',
      {
        config: { access: { permission: 'eligibility:decide' } },
        schema: {
          tags: ['eligibility'],
          summary:
            "Evaluate the patient's latest intake for a modality and store the decision with its reasons and rule-set version",
          params: IdParamsSchema,
          body: DecideBodySchema,
          response: { 201: DecisionSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.decide(requestContext(request), request.params.id, request.body.modality)),
    );

    app.post(
      '/api/eligibility-decisions/:id/override',
      {
        config: { access: { permission: 'eligibility:decide' } },
        schema: {
          tags: ['eligibility'],
          summary:
            'Go ahead against review (one prescriber) or relative-only ineligible (then a second prescriber countersigns); absolute: 422',
          params: IdParamsSchema,
          body: OverrideBodySchema,
          response: { 201: DecisionSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.override(requestContext(request), request.params.id, request.body.reason)),
    );

    app.post(
      '/api/eligibility-decisions/:id/override/countersignature',
      {
        config: { access: { permission: 'eligibility:decide' } },
        schema: {
          tags: ['eligibility'],
          summary: 'A second prescriber countersigns an override of a relative-only ineligible decision',
          params: IdParamsSchema,
          body: Type.Optional(CountersignBodySchema),
          response: { 200: DecisionSchema, ...errorResponses },
        },
      },
      (request) => service.countersign(requestContext(request), request.params.id, request.body?.note),
    );
  };
}

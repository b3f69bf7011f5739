import { Type } from 'typebox';
import { errorResponses, requestContext, type App } from '../../http.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import type { PlanReadsService } from './plan-reads.service.js';
import type { PlansService } from './plans.service.js';
import type { SignedPlansService } from './signed-plans.service.js';
import {
  CarePlanSchema,
  CreatePlanBodySchema,
  PlanListSchema,
  PlanSchema,
  PreviewBodySchema,
  PreviewSchema,
  ReviewBodySchema,
} from '../../../contract/plans.js';

export function plansRoutes(service: PlansService, reads: PlanReadsService, signed: SignedPlansService) {
  return async function register(app: App): Promise<void> {
    app.post(
      '/api/plans/preview',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['plans'],
          summary: "Dated sessions a protocol gives from a start date with the clinic's hours; nothing is stored",
          body: PreviewBodySchema,
          response: { 200: PreviewSchema, ...errorResponses },
        },
      },
      (request) => service.previewFor(requestContext(request), request.body),
    );

    app.get(
      '/api/patients/:id/plans',
      {
        config: { access: { permission: 'plan:read' } },
        schema: {
          tags: ['plans'],
          summary: "The patient's treatment plans, newest first, with each session's booking",
          params: IdParamsSchema,
          response: { 200: PlanListSchema, ...errorResponses },
        },
      },
      (request) => reads.forPatient(requestContext(request), request.params.id),
    );

    app.post(
      '/api/patients/:id/plans',
      {
        config: { access: { permission: 'plan:write' } },
        schema: {
          tags: ['plans'],
          summary:
            'Create a draft plan from a protocol (needs a current consent and an eligibility decision that allows it: 422 otherwise)',
          params: IdParamsSchema,
          body: CreatePlanBodySchema,
          response: { 201: PlanSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const plan = await service.create(requestContext(request), request.params.id, request.body);
        return reply.status(201).header('location', `/api/plans/${plan.id}`).send(plan);
      },
    );

    app.get(
      '/api/plans/:id',
      {
        config: { access: { permission: 'plan:read' } },
        schema: {
          tags: ['plans'],
          summary: 'One plan with its sessions and their bookings',
          params: IdParamsSchema,
          response: { 200: PlanSchema, ...errorResponses },
        },
      },
      (request) => reads.get(requestContext(request), request.params.id),
    );

    app.post(
      '/api/plans/:id/sign',
      {
        config: { access: { permission: 'plan:sign' } },
        schema: {
          tags: ['plans'],
          summary:
            'The prescriber signs a draft plan (consent and eligibility are checked again); it becomes active and can be booked',
          params: IdParamsSchema,
          response: { 200: PlanSchema, ...errorResponses },
        },
      },
      (request) => service.sign(requestContext(request), request.params.id),
    );

    app.post(
      '/api/plans/:id/discontinue',
      {
        config: { access: { permission: 'plan:sign' } },
        schema: {
          tags: ['plans'],
          summary: 'Discontinue a plan; its future scheduled sessions are cancelled',
          params: IdParamsSchema,
          body: Type.Object(
            { reason: Type.String({ minLength: 3, maxLength: 2000, pattern: '\\S' }) },
            { additionalProperties: false },
          ),
          response: { 200: PlanSchema, ...errorResponses },
        },
      },
      (request) => signed.discontinue(requestContext(request), request.params.id, request.body.reason),
    );

    app.post(
      '/api/plans/:id/reviews',
      {
        config: { access: { permission: 'plan:sign' } },
        schema: {
          tags: ['plans'],
          summary:
            'A prescriber records a protocol review (esketamine TRD: benefit at the end of induction); continue lets the held sessions be booked',
          params: IdParamsSchema,
          body: ReviewBodySchema,
          response: { 201: PlanSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await signed.recordReview(requestContext(request), request.params.id, request.body)),
    );

    app.get(
      '/api/plans/:id/careplan',
      {
        config: { access: { permission: 'plan:read' } },
        schema: {
          tags: ['plans'],
          summary: 'The plan as a FHIR R4 CarePlan',
          params: IdParamsSchema,
          response: { 200: CarePlanSchema, ...errorResponses },
        },
      },
      (request) => reads.carePlan(requestContext(request), request.params.id),
    );
  };
}

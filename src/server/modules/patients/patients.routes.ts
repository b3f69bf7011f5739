import { Type } from 'typebox';
import { errorResponses, requestContext, type App } from '../../http.js';
import type { PatientsService } from './patients.service.js';
import {
  IdParamsSchema,
  PatientInputSchema,
  PatientListSchema,
  PatientSchema,
  PatientSearchQuerySchema,
  PatientUpdateSchema,
  PatientVersionSchema,
} from '../../../contract/patients.js';

export function patientsRoutes(service: PatientsService) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/patients',
      {
        config: { access: { permission: 'patient:read' } },
        schema: {
          tags: ['patients'],
          summary: 'Search patients by name, MRN or date of birth',
          querystring: PatientSearchQuerySchema,
          response: { 200: PatientListSchema, ...errorResponses },
        },
      },
      (request) => service.search(requestContext(request), request.query),
    );

    app.post(
      '/api/patients',
      {
        config: { access: { permission: 'patient:write' } },
        schema: {
          tags: ['patients'],
          summary: 'Register a patient (a medical record number is generated)',
          body: PatientInputSchema,
          response: { 201: PatientSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const patient = await service.create(requestContext(request), request.body);
        return reply.status(201).header('location', `/api/patients/${patient.id}`).send(patient);
      },
    );

    app.get(
      '/api/patients/:id',
      {
        config: { access: { permission: 'patient:read' } },
        schema: {
          tags: ['patients'],
          summary: 'One patient',
          params: IdParamsSchema,
          response: { 200: PatientSchema, ...errorResponses },
        },
      },
      (request) => service.get(requestContext(request), request.params.id),
    );

    app.patch(
      '/api/patients/:id',
      {
        config: { access: { permission: 'patient:write' } },
        schema: {
          tags: ['patients'],
          summary: 'Edit a patient; keeps the previous version in the history',
          params: IdParamsSchema,
          body: PatientUpdateSchema,
          response: { 200: PatientSchema, ...errorResponses },
        },
      },
      (request) => service.update(requestContext(request), request.params.id, request.body),
    );

    app.get(
      '/api/patients/:id/history',
      {
        config: { access: { permission: 'patient:read' } },
        schema: {
          tags: ['patients'],
          summary: 'Every version of the patient record: who changed what, when',
          params: IdParamsSchema,
          response: { 200: Type.Array(PatientVersionSchema), ...errorResponses },
        },
      },
      (request) => service.history(requestContext(request), request.params.id),
    );
  };
}

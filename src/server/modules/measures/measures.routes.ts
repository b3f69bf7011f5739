import type { Static } from 'typebox';
import { toFhirQuestionnaire } from '../../../domain/fhir/questionnaire.js';
import { getInstrument, isInstrumentId } from '../../../domain/instruments/index.js';
import { NotFoundError } from '../../errors/http-errors.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import type { MeasureLinksService } from './measure-links.service.js';
import type { MeasuresService } from './measures.service.js';
import type { OutcomesService } from './outcomes.service.js';
import {
  CreatedLinkSchema,
  CreateLinkBodySchema,
  InstrumentParamsSchema,
  LinkTokenParamsSchema,
  MeasureListQuerySchema,
  RecordedMeasureSchema,
  RecordMeasureBodySchema,
  ScoreBodySchema,
  ScoreSchema,
  SetScheduleBodySchema,
  SubmitLinkBodySchema,
  LinksForPatientResponse,
  ListInstrumentsResponse,
  ListResponse,
  OpenLinkResponse,
  OutcomesResponse,
  OverviewResponse,
  InstrumentQuestionnaire,
  QuestionnaireResponseResponse,
  ScheduleResponse,
  SetScheduleResponse,
  SubmitLinkResponse,
} from '../../../contract/measures.js';

export function measuresRoutes(service: MeasuresService, links: MeasureLinksService, outcomes: OutcomesService) {
  return async function register(app: App): Promise<void> {
    // Instruments (not patient data) --------------------------------------------------------------------------
    app.get(
      '/api/instruments',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['instruments'],
          summary: 'Every instrument the clinic can administer',
          response: { 200: ListInstrumentsResponse, ...errorResponses },
        },
      },
      () => ({ items: service.listInstruments() }),
    );

    app.get(
      '/api/instruments/:id',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['instruments'],
          summary: 'One instrument as a FHIR R4 Questionnaire',
          params: InstrumentParamsSchema,
          response: { 200: InstrumentQuestionnaire, ...errorResponses },
        },
      },
      (request) => {
        if (!isInstrumentId(request.params.id)) throw new NotFoundError(`Unknown instrument "${request.params.id}".`);
        return toFhirQuestionnaire(getInstrument(request.params.id));
      },
    );

    app.post(
      '/api/instruments/:id/score',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['instruments'],
          summary: 'Score answers without storing anything',
          params: InstrumentParamsSchema,
          body: ScoreBodySchema,
          response: { 200: ScoreSchema, ...errorResponses },
        },
      },
      (request) => service.score(request.params.id, request.body.answers),
    );

    // A patient's measures ------------------------------------------------------------------------------------
    app.post(
      '/api/patients/:id/measures',
      {
        config: { access: { permission: 'measure:write' } },
        schema: {
          tags: ['measures'],
          summary: 'Record a completed instrument (stored as a FHIR QuestionnaireResponse and Observations)',
          params: IdParamsSchema,
          body: RecordMeasureBodySchema,
          response: { 201: RecordedMeasureSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.record(requestContext(request), request.params.id, request.body)),
    );

    app.get(
      '/api/patients/:id/measures',
      {
        config: { access: { permission: 'measure:read' } },
        schema: {
          tags: ['measures'],
          summary: "A patient's recorded measures, oldest first",
          params: IdParamsSchema,
          querystring: MeasureListQuerySchema,
          response: { 200: ListResponse, ...errorResponses },
        },
      },
      async (request) => ({
        items: await service.list(requestContext(request), request.params.id, request.query.instrument),
      }),
    );

    app.get(
      '/api/measures/:id/questionnaire-response',
      {
        config: { access: { permission: 'measure:read' } },
        schema: {
          tags: ['measures'],
          summary: 'The stored FHIR QuestionnaireResponse of one measure',
          params: IdParamsSchema,
          response: { 200: QuestionnaireResponseResponse, ...errorResponses },
        },
        // The stored resource is the QuestionnaireResponse written when the measure was recorded.
      },
      async (request) =>
        (await service.questionnaireResponse(requestContext(request), request.params.id)) as Static<
          typeof QuestionnaireResponseResponse
        >,
    );

    app.get(
      '/api/patients/:id/outcomes',
      {
        config: { access: { permission: 'measure:read' } },
        schema: {
          tags: ['measures'],
          summary: 'Score trajectories with bands, sessions, baseline, response, remission and relapse',
          params: IdParamsSchema,
          response: { 200: OutcomesResponse, ...errorResponses },
        },
      },
      (request) => outcomes.outcomes(requestContext(request), request.params.id),
    );

    app.get(
      '/api/patients/:id/measurement-schedule',
      {
        config: { access: { permission: 'measure:read' } },
        schema: {
          tags: ['measures'],
          summary: 'Which instruments are due when, and what is due or overdue now',
          params: IdParamsSchema,
          response: { 200: ScheduleResponse, ...errorResponses },
        },
      },
      (request) => outcomes.schedule(requestContext(request), request.params.id),
    );

    app.put(
      '/api/patients/:id/measurement-schedule',
      {
        config: { access: { permission: 'measure:write' } },
        schema: {
          tags: ['measures'],
          summary: "Replace the patient's measurement schedule (a new version)",
          params: IdParamsSchema,
          body: SetScheduleBodySchema,
          response: { 200: SetScheduleResponse, ...errorResponses },
        },
      },
      (request) => outcomes.setSchedule(requestContext(request), request.params.id, request.body.rules),
    );

    app.get(
      '/api/measures/overview',
      {
        config: { access: { permission: 'measure:read' } },
        schema: {
          tags: ['measures'],
          summary: 'Clinic page: response and remission shares, recent scores, due and overdue measures',
          response: { 200: OverviewResponse, ...errorResponses },
        },
      },
      (request) => outcomes.overview(requestContext(request)),
    );

    // Single-use links for answering at home -----------------------------------------------------------------
    app.post(
      '/api/patients/:id/measure-links',
      {
        config: { access: { permission: 'measure-link:send' } },
        schema: {
          tags: ['measures'],
          summary: 'Create a single-use link for the patient to answer questionnaires at home',
          params: IdParamsSchema,
          body: CreateLinkBodySchema,
          response: { 201: CreatedLinkSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await links.createLink(requestContext(request), request.params.id, request.body)),
    );

    app.get(
      '/api/patients/:id/measure-links',
      {
        config: { access: { permission: 'measure:read' } },
        schema: {
          tags: ['measures'],
          summary: "A patient's questionnaire links and whether each is open, used or expired",
          params: IdParamsSchema,
          response: { 200: LinksForPatientResponse, ...errorResponses },
        },
      },
      async (request) => ({ items: await links.linksForPatient(requestContext(request), request.params.id) }),
    );

    // Public: the patient's own page, reached only through the token (no account).
    app.get(
      '/api/measure-links/:token',
      {
        config: { access: 'public' },
        schema: {
          tags: ['patient link'],
          summary: 'What the patient page shows for a link (no identifying data)',
          params: LinkTokenParamsSchema,
          response: { 200: OpenLinkResponse, ...errorResponses },
        },
      },
      (request) => links.openLink(request.params.token, request.ip ?? null),
    );

    // The patient's alone: refused (403 staff-session-on-patient-link) from a browser signed in as staff.
    app.post(
      '/api/measure-links/:token/responses',
      {
        config: { access: 'patient-link' },
        schema: {
          tags: ['patient link'],
          summary: "Submit the link's questionnaires; answers crisis resources at once after a suicide-risk answer",
          params: LinkTokenParamsSchema,
          body: SubmitLinkBodySchema,
          response: { 200: SubmitLinkResponse, 410: errorResponses[400], ...errorResponses },
        },
      },
      (request) => links.submitLink(request.params.token, request.body.responses, request.ip ?? null),
    );
  };
}

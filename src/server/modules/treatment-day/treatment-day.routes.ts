/**
 * Treatment-day routes: thin (schema + permission + one service call). The API guide is README.md beside this file.
 */
import { Type } from 'typebox';
import {
  ADVERSE_EVENT_OUTCOMES,
  ADVERSE_EVENT_SEVERITIES,
  ADVERSE_EVENT_TYPES,
  INTERVENTIONS,
  NAUSEA_LEVELS,
} from '../../../domain/session/index.js';
import { PdfDocument } from '../../../contract/common.js';
import { BoardSchema, DischargeSchema, VitalsSchema } from '../../../contract/treatment-day.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import { ADMINISTRATION_EVENTS, OBSERVATION_KINDS, type TreatmentDayService } from './treatment-day.service.js';
import type { TreatmentNotesService } from './treatment-notes.service.js';
import type { TreatmentBillingService } from './treatment-billing.service.js';
import type { RemsFormsService } from './rems-forms.service.js';
import {
  AcknowledgeAlertResponse,
  AcknowledgeWarningResponse,
  AddendumResponse,
  AdministerResponse,
  BillingResponse,
  CaptureBillingResponse,
  CheckInResponse,
  CorrectResponse,
  DoseLotsResponse,
  EvaluateSuicideRiskResponse,
  GetChecklistResponse,
  GetResponse,
  MarkRemsSubmittedResponse,
  NoteResponse,
  ObserveResponse,
  PkResponse,
  PrepareDoseResponse,
  RecordAdverseEventResponse,
  RecordRemsEnrolmentResponse,
  RemsEnrolmentResponse,
  RemsFormResponse,
  RemsSessionsResponse,
  SaveNoteResponse,
  SaveRemsFormResponse,
  SettingsResponse,
  SignNoteResponse,
  UpdateSettingsResponse,
  VerifyDoseResponse,
} from '../../../contract/treatment-day.js';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({
  minLength: 16,
  maxLength: 40,
  description: 'ISO 8601 date-time with zone, e.g. 2026-11-02T15:04:00Z',
});
const DateText = Type.String({ format: 'date', description: 'YYYY-MM-DD (a real calendar date)' });
const Text = (max = 1000) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const ObservationFields = {
  at: Type.Optional(Instant),
  vitals: Type.Optional(VitalsSchema),
  score: Type.Optional(Type.Integer()),
  form: Type.Optional(Type.Enum(['cadss-6', 'cadss'])),
  answers: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  level: Type.Optional(Type.Enum(NAUSEA_LEVELS)),
  text: Type.Optional(Type.String({ maxLength: 4000 })),
};
const AdverseEventBody = Type.Object(
  {
    type: Type.Enum(ADVERSE_EVENT_TYPES.map((t) => t.code)),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    severity: Type.Enum(ADVERSE_EVENT_SEVERITIES),
    serious: Type.Boolean(),
    startedAt: Instant,
    endedAt: Type.Optional(Instant),
    interventions: Type.Array(
      Type.Object(
        {
          code: Type.Enum(INTERVENTIONS.map((i) => i.code)),
          name: Type.Optional(Type.String({ maxLength: 200 })),
          dose: Type.Optional(Type.String({ maxLength: 100 })),
          route: Type.Optional(Type.String({ maxLength: 50 })),
          at: Instant,
          givenBy: Type.Optional(Type.String({ maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
    outcome: Type.Enum(ADVERSE_EVENT_OUTCOMES),
  },
  { additionalProperties: false },
);
const SessionParams = IdParamsSchema;
const tags = ['treatment-day'];

export function treatmentDayRoutes(
  service: TreatmentDayService,
  notes: TreatmentNotesService,
  billing: TreatmentBillingService,
  rems: RemsFormsService,
) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/treatment-day/board',
      {
        // Every role: the front desk watches it too (who is ready to go home, whose ride to call). It carries
        // initials, phase and times only; the session itself needs session:read.
        config: { access: { permission: 'board:read' } },
        schema: {
          tags,
          summary: 'The clinic board: every chair today with phase, elapsed time, next check due and open alerts',
          response: { 200: BoardSchema, ...errorResponses },
        },
      },
      (request) => service.board(requestContext(request)),
    );

    app.get(
      '/api/clinic/treatment-day-settings',
      {
        config: { access: { permission: 'session:read' } },
        schema: {
          tags,
          summary:
            "The clinic's treatment-day settings in force (monitoring timings, checklist rules, alert thresholds, verification, REMS setting) with citations",
          response: { 200: SettingsResponse, ...errorResponses },
        },
      },
      (request) => service.settings(requestContext(request)),
    );

    app.put(
      '/api/clinic/treatment-day-settings',
      {
        config: { access: { permission: 'clinic:manage' } },
        schema: {
          tags,
          summary:
            'Edit groups of treatment-day settings; each group given replaces the earlier edit of that group and is validated by the domain',
          body: Type.Object(
            {
              monitoring: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
              checklist: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
              thresholds: Type.Optional(
                Type.Object({
                  version: Type.String({ minLength: 1, maxLength: 60 }),
                  thresholds: Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 50 }),
                }),
              ),
              secondPersonVerification: Type.Optional(
                Type.Object(
                  { iv: Type.Optional(Type.Boolean()), esketamine: Type.Optional(Type.Boolean()) },
                  { additionalProperties: false },
                ),
              ),
              questionnaireWindowHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 168 })),
              rems: Type.Optional(
                Type.Object(
                  {
                    setting: Type.Optional(Type.Enum(['outpatient', 'inpatient'])),
                    healthcareSetting: Type.Optional(
                      Type.Object(
                        {
                          name: Type.Optional(Type.String({ maxLength: 200 })),
                          address1: Type.Optional(Type.String({ maxLength: 200 })),
                          address2: Type.Optional(Type.String({ maxLength: 200 })),
                          city: Type.Optional(Type.String({ maxLength: 100 })),
                          state: Type.Optional(Type.String({ maxLength: 50 })),
                          zip: Type.Optional(Type.String({ maxLength: 20 })),
                        },
                        { additionalProperties: false },
                      ),
                    ),
                    monitoringContact: Type.Optional(
                      Type.Object(
                        {
                          phone: Type.Optional(Type.String({ maxLength: 50 })),
                          email: Type.Optional(Type.String({ maxLength: 200 })),
                        },
                        { additionalProperties: false },
                      ),
                    ),
                  },
                  { additionalProperties: false },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: UpdateSettingsResponse, ...errorResponses },
        },
      },
      (request) => service.updateSettings(requestContext(request), request.body),
    );

    app.get(
      '/api/sessions/:id/treatment',
      {
        config: { access: { permission: 'session:read' } },
        schema: {
          tags,
          summary:
            'The whole treatment record: check-in, checklist, dose, administration, checks due, timeline, alerts, adverse events, discharge',
          params: SessionParams,
          response: { 200: GetResponse, ...errorResponses },
        },
      },
      (request) => service.get(requestContext(request), request.params.id),
    );

    app.get(
      '/api/sessions/:id/pk',
      {
        config: { access: { permission: 'session:read' } },
        schema: {
          tags,
          summary:
            'Predicted ketamine plasma concentration for the planned and the actual infusion (informs, never sets a dose)',
          params: SessionParams,
          querystring: Type.Object(
            { model: Type.Optional(Type.String({ maxLength: 40 })) },
            { additionalProperties: false },
          ),
          response: { 200: PkResponse, ...errorResponses },
        },
      },
      (request) => service.pk(requestContext(request), request.params.id, request.query.model),
    );

    // Check-in and checklist ---------------------------------------------------------------------------------------------
    app.post(
      '/api/sessions/:id/check-in',
      {
        config: { access: { permission: 'session:write' } },
        schema: {
          tags,
          summary:
            'Arrival, identity, pre-dose vital signs, weight, fasting, ride home, pregnancy test (a later call is a new version)',
          params: SessionParams,
          body: Type.Object(
            {
              arrivedAt: Type.Optional(Instant),
              identityChecked: Type.Boolean(),
              identityMethod: Type.Optional(Type.String({ maxLength: 200 })),
              preDoseVitals: Type.Optional(
                Type.Object(
                  {
                    ...VitalsSchema.properties,
                    takenAt: Type.Optional(Instant),
                    correctionReason: Type.Optional(
                      Type.String({
                        maxLength: 1000,
                        description:
                          'Required to change a recorded reading (same values at another time, or values dated at or before it); the original is kept',
                      }),
                    ),
                  },
                  { additionalProperties: false },
                ),
              ),
              weightKg: Type.Optional(Type.Number()),
              fasting: Type.Optional(
                Type.Object(
                  {
                    lastFoodAt: Type.Optional(Type.String({ maxLength: 40 })),
                    lastLiquidAt: Type.Optional(Type.String({ maxLength: 40 })),
                  },
                  { additionalProperties: false },
                ),
              ),
              ride: Type.Optional(
                Type.Object(
                  {
                    name: Type.Optional(Type.String({ maxLength: 200 })),
                    phone: Type.Optional(Type.String({ maxLength: 50 })),
                    confirmed: Type.Boolean(),
                  },
                  { additionalProperties: false },
                ),
              ),
              pregnancy: Type.Optional(
                Type.Object(
                  {
                    canBecomePregnant: Type.Boolean(),
                    result: Type.Optional(Type.Enum(['negative', 'positive'])),
                    testedAt: Type.Optional(Instant),
                  },
                  { additionalProperties: false },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: CheckInResponse, ...errorResponses },
        },
      },
      (request) => service.checkIn(requestContext(request), request.params.id, request.body),
    );

    app.get(
      '/api/sessions/:id/checklist',
      {
        config: { access: { permission: 'session:read' } },
        schema: {
          tags,
          summary: 'The pre-session checklist: each item pass, warn or block, with its message and citation',
          params: SessionParams,
          response: { 200: GetChecklistResponse, ...errorResponses },
        },
      },
      (request) => service.getChecklist(requestContext(request), request.params.id),
    );

    app.post(
      '/api/sessions/:id/checklist/acknowledgements',
      {
        config: { access: { permission: 'session:override' } },
        schema: {
          tags,
          summary: "A prescriber's documented acknowledgement of a checklist warning (blocks cannot be acknowledged)",
          params: SessionParams,
          body: Type.Object(
            { item: Type.String({ maxLength: 40 }), reason: Text(1000), at: Type.Optional(Instant) },
            { additionalProperties: false },
          ),
          response: { 200: AcknowledgeWarningResponse, ...errorResponses },
        },
      },
      (request) => service.acknowledgeWarning(requestContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/sessions/:id/suicide-risk-evaluations',
      {
        config: { access: { permission: 'session:override' } },
        schema: {
          tags,
          summary:
            "A prescriber's evaluation of one suicide-risk answer given on the treatment day (C-SSRS high, PHQ-9 item 9 > 0); dosing waits for it",
          params: SessionParams,
          body: Type.Object(
            {
              measureId: Uuid,
              decision: Type.Enum(['may-proceed', 'do-not-dose']),
              note: Text(2000),
              at: Type.Optional(Instant),
            },
            { additionalProperties: false },
          ),
          response: { 201: EvaluateSuicideRiskResponse, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.evaluateSuicideRisk(requestContext(request), request.params.id, request.body)),
    );

    // Dose and administration ----------------------------------------------------------------------------------------------
    app.post(
      '/api/sessions/:id/dose',
      {
        config: { access: { permission: 'session:write' } },
        schema: {
          tags,
          summary:
            "Prepare the plan's dose (IV: mL and pump rate; esketamine: devices) from a lot the ledger holds; 409 when the checklist blocks; 422 above the protocol cap or the plan without a prescriber's override",
          params: SessionParams,
          body: Type.Object(
            {
              preparedAt: Type.Optional(Instant),
              concentrationMgPerMl: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
              durationMin: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
              lotNumber: Text(60),
              lotExpiry: Type.Optional(DateText),
              ndc: Type.Optional(Type.String({ maxLength: 20 })),
              ledgerDrawId: Type.Optional(Uuid),
              override: Type.Optional(
                Type.Object(
                  { reason: Text(1000) },
                  {
                    additionalProperties: false,
                    description:
                      "A prescriber's override of an IV dose above the protocol cap or the plan's mg/kg, with the reason",
                  },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: PrepareDoseResponse, ...errorResponses },
        },
      },
      (request) => service.prepareDose(requestContext(request), request.params.id, request.body),
    );

    app.get(
      '/api/sessions/:id/dose/lots',
      {
        config: { access: { permission: 'session:write' } },
        schema: {
          tags,
          summary:
            "The lots a session's dose may be prepared from: held in the controlled-substance ledger or drawn for the session (expired ones marked)",
          params: SessionParams,
          response: { 200: DoseLotsResponse, ...errorResponses },
        },
      },
      (request) => service.doseLots(requestContext(request), request.params.id),
    );

    app.post(
      '/api/sessions/:id/dose/verification',
      {
        config: { access: { permission: 'session:write' } },
        schema: {
          tags,
          summary: 'Second-person verification of the prepared dose (by another staff member)',
          params: SessionParams,
          body: Type.Optional(Type.Object({ at: Type.Optional(Instant) }, { additionalProperties: false })),
          response: { 200: VerifyDoseResponse, ...errorResponses },
        },
      },
      (request) => service.verifyDose(requestContext(request), request.params.id, request.body ?? {}),
    );

    app.post(
      '/api/sessions/:id/administration',
      {
        config: { access: { permission: 'session:write' } },
        schema: {
          tags,
          summary:
            'Infusion start, rate change, pause (reason), resume, stop; or an esketamine device (5 min apart unless overridden with a reason)',
          params: SessionParams,
          body: Type.Object(
            {
              event: Type.Enum(ADMINISTRATION_EVENTS),
              at: Type.Optional(Instant),
              rateMgPerMin: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
              reason: Type.Optional(Type.String({ maxLength: 1000 })),
              totalDeliveredMg: Type.Optional(Type.Number({ minimum: 0, maximum: 2000 })),
              overrideReason: Type.Optional(Type.String({ maxLength: 1000 })),
              confirmTotalDelivered: Type.Optional(
                Type.Boolean({
                  description:
                    'Stop: record totalDeliveredMg although it differs from the estimate from the recorded rates',
                }),
              ),
              confirmationReason: Type.Optional(Type.String({ maxLength: 1000 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: AdministerResponse, ...errorResponses },
        },
      },
      (request) => service.administer(requestContext(request), request.params.id, request.body),
    );

    // Monitoring -----------------------------------------------------------------------------------------------------------
    app.post(
      '/api/sessions/:id/observations',
      {
        config: { access: { permission: 'session:write' } },
        schema: {
          tags,
          summary: 'Vital signs, MOAA/S, CADSS-6/CADSS, nausea or a note; readings outside the limits raise alerts',
          params: SessionParams,
          body: Type.Object(
            { kind: Type.Enum(OBSERVATION_KINDS), ...ObservationFields },
            { additionalProperties: false },
          ),
          querystring: Type.Object(
            {
              return: Type.Optional(
                Type.Enum(['minimal', 'session'], {
                  description: 'minimal: only { entryId, alerts } (chair-side devices)',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 201: ObserveResponse, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(
          await service.observe(requestContext(request), request.params.id, request.body, {
            minimal: request.query.return === 'minimal',
          }),
        ),
    );

    app.post(
      '/api/sessions/:id/entries/:entryId/corrections',
      {
        config: { access: { permission: 'session:write' } },
        schema: {
          tags,
          summary:
            'Correct an observation or adverse event: a new entry with a reason; the original stays (struck through)',
          params: Type.Object({ id: Uuid, entryId: Uuid }),
          body: Type.Object(
            {
              reason: Text(1000),
              voided: Type.Optional(Type.Boolean()),
              observation: Type.Optional(Type.Object(ObservationFields, { additionalProperties: false })),
              adverseEvent: Type.Optional(AdverseEventBody),
            },
            { additionalProperties: false },
          ),
          response: { 201: CorrectResponse, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await service.correct(requestContext(request), request.params.id, request.params.entryId, request.body),
          ),
    );

    app.post(
      '/api/sessions/:id/alerts/:alertId/acknowledgement',
      {
        config: { access: { permission: 'session:write' } },
        schema: {
          tags,
          summary: 'Acknowledge a monitoring alert with the action taken',
          params: Type.Object({ id: Uuid, alertId: Uuid }),
          body: Type.Object({ action: Text(1000) }, { additionalProperties: false }),
          response: { 200: AcknowledgeAlertResponse, ...errorResponses },
        },
      },
      (request) =>
        service.acknowledgeAlert(requestContext(request), request.params.id, request.params.alertId, request.body),
    );

    app.post(
      '/api/sessions/:id/adverse-events',
      {
        config: { access: { permission: 'session:write' } },
        schema: {
          tags,
          summary:
            'An adverse event with the interventions given (drug, dose, route, time), severity, seriousness and outcome',
          params: SessionParams,
          body: AdverseEventBody,
          response: { 201: RecordAdverseEventResponse, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.recordAdverseEvent(requestContext(request), request.params.id, request.body)),
    );

    // Discharge --------------------------------------------------------------------------------------------------------------
    app.get(
      '/api/sessions/:id/discharge',
      {
        config: { access: { permission: 'session:read' } },
        schema: {
          tags,
          summary: 'Whether the patient may go home now, and every reason why not',
          params: SessionParams,
          querystring: Type.Object(
            { clinicallyStable: Type.Optional(Type.Boolean()), ridePresent: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          response: { 200: DischargeSchema, ...errorResponses },
        },
      },
      (request) =>
        service.dischargeEvaluation(requestContext(request), request.params.id, {
          clinicallyStable: request.query.clinicallyStable ?? false,
          ridePresent: request.query.ridePresent ?? false,
        }),
    );

    app.post(
      '/api/sessions/:id/discharge',
      {
        config: { access: { permission: 'session:write' } },
        schema: {
          tags,
          summary:
            'Discharge; 409 listing the reasons unless the criteria are met or a prescriber overrides with a reason',
          params: SessionParams,
          body: Type.Object(
            {
              clinicallyStable: Type.Boolean(),
              ridePresent: Type.Boolean(),
              override: Type.Optional(Type.Object({ reason: Text(1000) }, { additionalProperties: false })),
            },
            { additionalProperties: false },
          ),
          response: { 200: DischargeSchema, ...errorResponses },
        },
      },
      (request) => service.discharge(requestContext(request), request.params.id, request.body),
    );

    // Session note -----------------------------------------------------------------------------------------------------------
    app.get(
      '/api/sessions/:id/note',
      {
        config: { access: { permission: 'session:read' } },
        schema: {
          tags,
          summary: 'The session note: the draft composed from the record, saved versions, the signature and addenda',
          params: SessionParams,
          response: { 200: NoteResponse, ...errorResponses },
        },
      },
      (request) => notes.note(requestContext(request), request.params.id),
    );

    app.put(
      '/api/sessions/:id/note',
      {
        config: { access: { permission: 'session:write' } },
        schema: {
          tags,
          summary: 'Save an edited draft (a new version; 409 when signed or when baseVersion is not the latest)',
          params: SessionParams,
          body: Type.Object(
            { body: Text(50_000), baseVersion: Type.Integer({ minimum: 0 }) },
            { additionalProperties: false },
          ),
          response: { 200: SaveNoteResponse, ...errorResponses },
        },
      },
      (request) => notes.saveNote(requestContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/sessions/:id/note/signature',
      {
        config: { access: { permission: 'session:write' } },
        schema: {
          tags,
          summary: 'Sign the latest draft (or the composed one): the note is locked; later changes are addenda',
          params: SessionParams,
          response: { 200: SignNoteResponse, ...errorResponses },
        },
      },
      (request) => notes.signNote(requestContext(request), request.params.id),
    );

    app.post(
      '/api/sessions/:id/note/addenda',
      {
        config: { access: { permission: 'session:write' } },
        schema: {
          tags,
          summary: 'An addendum to a signed note',
          params: SessionParams,
          body: Type.Object({ text: Text(20_000) }, { additionalProperties: false }),
          response: { 201: AddendumResponse, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await notes.addendum(requestContext(request), request.params.id, request.body)),
    );

    // Billing -------------------------------------------------------------------------------------------------------------------
    app.get(
      '/api/sessions/:id/billing',
      {
        config: { access: { permission: 'session:read' } },
        schema: {
          tags,
          summary: 'CPT/HCPCS codes and diagnoses for the session (computed; and the captured version, if any)',
          params: SessionParams,
          response: { 200: BillingResponse, ...errorResponses },
        },
      },
      (request) => billing.billing(requestContext(request), request.params.id),
    );

    app.post(
      '/api/sessions/:id/billing',
      {
        config: { access: { permission: 'session:write' } },
        schema: {
          tags,
          summary: 'Capture the billing codes for a superbill (diagnoses default to the intake)',
          params: SessionParams,
          body: Type.Object(
            { diagnoses: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { minItems: 1, maxItems: 12 })) },
            { additionalProperties: false },
          ),
          response: { 201: CaptureBillingResponse, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await billing.captureBilling(requestContext(request), request.params.id, request.body)),
    );

    // SPRAVATO REMS ---------------------------------------------------------------------------------------------------------------
    app.get(
      '/api/rems/sessions',
      {
        config: { access: { permission: 'rems:manage' } },
        schema: {
          tags,
          summary: 'Esketamine sessions with their Patient Monitoring Form status and 7-day deadline',
          response: { 200: RemsSessionsResponse, ...errorResponses },
        },
      },
      (request) => rems.remsSessions(requestContext(request)),
    );

    app.get(
      '/api/sessions/:id/rems-form',
      {
        config: { access: { permission: 'rems:manage' } },
        schema: {
          tags,
          summary: 'The Patient Monitoring Form data, pre-filled from the record, with what is still missing',
          params: SessionParams,
          response: { 200: RemsFormResponse, ...errorResponses },
        },
      },
      (request) => rems.remsForm(requestContext(request), request.params.id),
    );

    app.put(
      '/api/sessions/:id/rems-form',
      {
        config: { access: { permission: 'rems:manage' } },
        schema: {
          tags,
          summary: "The clinician's answers on the form (a new version each time)",
          params: SessionParams,
          body: Type.Object(
            {
              isFirstTreatment: Type.Optional(Type.Boolean()),
              concomitantMedications: Type.Optional(Type.Record(Type.String({ maxLength: 60 }), Type.Boolean())),
              sedation: Type.Optional(Type.Boolean()),
              dissociation: Type.Optional(Type.Boolean()),
              respiratoryDepression: Type.Optional(Type.Boolean()),
              pulseOximetryUsed: Type.Optional(Type.Boolean()),
              vitalSignsAcceptable: Type.Optional(
                Type.Object(
                  { beforeAdministration: Type.Boolean(), beforeCompletion: Type.Boolean() },
                  { additionalProperties: false },
                ),
              ),
              readyToLeaveMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
              seriousAdverseEventDescription: Type.Optional(Type.String({ maxLength: 2000 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: SaveRemsFormResponse, ...errorResponses },
        },
      },
      (request) => rems.saveRemsForm(requestContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/sessions/:id/rems-form/submission',
      {
        config: { access: { permission: 'rems:manage' } },
        schema: {
          tags,
          summary: 'Mark the form submitted to the REMS on a date (refused while the form is incomplete)',
          params: SessionParams,
          body: Type.Object({ submittedOn: DateText }, { additionalProperties: false }),
          response: { 200: MarkRemsSubmittedResponse, ...errorResponses },
        },
      },
      (request) => rems.markRemsSubmitted(requestContext(request), request.params.id, request.body),
    );

    app.get(
      '/api/sessions/:id/rems-form.pdf',
      {
        config: { access: { permission: 'rems:manage' } },
        schema: {
          tags,
          summary: 'The Patient Monitoring Form as a printable PDF',
          params: SessionParams,
          response: { 200: PdfDocument, ...errorResponses },
        },
      },
      async (request, reply) => {
        const pdf = await rems.remsFormPdf(requestContext(request), request.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="rems-form-${request.params.id}.pdf"`)
          .send(pdf);
      },
    );

    app.get(
      '/api/patients/:id/rems-enrolment',
      {
        config: { access: { permission: 'session:read' } },
        schema: {
          tags,
          summary: "The patient's SPRAVATO REMS enrolment as recorded",
          params: IdParamsSchema,
          response: { 200: RemsEnrolmentResponse, ...errorResponses },
        },
      },
      (request) => service.remsEnrolment(requestContext(request), request.params.id),
    );

    app.post(
      '/api/patients/:id/rems-enrolment',
      {
        config: { access: { permission: 'rems:manage' } },
        schema: {
          tags,
          summary: "Record the patient's SPRAVATO REMS enrolment",
          params: IdParamsSchema,
          body: Type.Object(
            { enrolledOn: DateText, remsPatientId: Type.Optional(Type.String({ maxLength: 60 })) },
            { additionalProperties: false },
          ),
          response: { 201: RecordRemsEnrolmentResponse, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.recordRemsEnrolment(requestContext(request), request.params.id, request.body)),
    );
  };
}

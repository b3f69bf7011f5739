/**
 * Measurement-based care: the shapes of the measures, outcomes, schedule, link and safety-plan routes
 * (src/server/modules/measures: measures, outcomes and measure-links services; safety-plans.service.ts) and the queries on them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Questionnaire } from '@medplum/fhirtypes';
import type { Static } from 'typebox';
import type {
  CrisisResourceSchema,
  LinksForPatientResponse,
  ListInstrumentsResponse,
  ListResponse,
  MeasureContextSchema,
  OpenLinkResponse,
  OutcomesResponse,
  OverviewResponse,
  ScheduleResponse,
  SubmitLinkResponse,
  CreatedLinkSchema,
  CreateLinkBodySchema,
  RecordedMeasureSchema,
  RecordMeasureBodySchema,
  SubmitLinkBodySchema,
} from '../../../contract/measures';
import type { CurrentResponse, SaveSafetyPlanBodySchema } from '../../../contract/safety-plans';
import type { SafetyPlanContact, StanleyBrownSafetyPlan } from '../../../domain/safety/safety-plan';
import { useApi } from '../../api/context';

export type MeasureContext = Static<typeof MeasureContextSchema>;

export const MEASURE_CONTEXT_LABELS: Readonly<Record<MeasureContext, string>> = {
  intake: 'Intake',
  baseline: 'Baseline (before the first treatment)',
  'pre-session': 'Before a session',
  'post-session-24h': '24 hours after a session',
  'in-session': 'During a session',
  weekly: 'Weekly',
  monthly: 'Monthly follow-up',
  'follow-up': 'Follow-up',
  other: 'Other',
};

export const TIMING_LABELS: Readonly<Record<string, string>> = {
  baseline: 'Baseline',
  'pre-session': 'Before session',
  'post-session-24h': '24 h after session',
  weekly: 'Weekly',
  monthly: 'Monthly',
};

/** GET /api/instruments */
export type InstrumentSummary = Static<typeof ListInstrumentsResponse>['items'][number];

/**
 * GET /api/instruments/:id: a FHIR R4 Questionnaire (src/domain/fhir/questionnaire.ts toFhirQuestionnaire; the
 * contract types it at the resource level and leaves the rest to the FHIR specification, as these types do).
 */
export type FhirQuestionnaire = Questionnaire;

export type ScoreFlag = MeasureRow['flags'][number];

/** 201 from POST /api/patients/:id/measures */
export type RecordedMeasure = Static<typeof RecordedMeasureSchema>;

export type RecordMeasureInput = Static<typeof RecordMeasureBodySchema>;

/** GET /api/patients/:id/measures */
export type MeasureRow = Static<typeof ListResponse>['items'][number];

/** GET /api/patients/:id/outcomes */
export type PatientOutcomes = Static<typeof OutcomesResponse>;
export type TreatmentSession = PatientOutcomes['sessions'][number];
export type InstrumentTrajectory = PatientOutcomes['instruments'][number];
export type Band = InstrumentTrajectory['bands'][number];
export type TrajectoryPoint = InstrumentTrajectory['points'][number];
export type OutcomeSummary = InstrumentTrajectory['summary'];

/** GET /api/patients/:id/measurement-schedule */
export type MeasurementSchedule = Static<typeof ScheduleResponse>;
export type DueItem = MeasurementSchedule['items'][number];

/** 201 from POST /api/patients/:id/measure-links: the token is shown once, here only. */
export type CreatedLink = Static<typeof CreatedLinkSchema>;

export type CreateLinkInput = Static<typeof CreateLinkBodySchema>;

/** GET /api/patients/:id/measure-links */
export type MeasureLinkRow = Static<typeof LinksForPatientResponse>['items'][number];

/** GET /api/measures/overview */
export type MeasuresOverview = Static<typeof OverviewResponse>;

const patientPath = (id: string) => `/api/patients/${encodeURIComponent(id)}`;

export const measureKeys = {
  instruments: ['instruments'] as const,
  questionnaire: (id: string) => ['instruments', id] as const,
  patient: (id: string) => ['measures', 'patient', id] as const,
  outcomes: (id: string) => ['measures', 'patient', id, 'outcomes'] as const,
  list: (id: string) => ['measures', 'patient', id, 'list'] as const,
  schedule: (id: string) => ['measures', 'patient', id, 'schedule'] as const,
  links: (id: string) => ['measures', 'patient', id, 'links'] as const,
  overview: ['measures', 'overview'] as const,
};

export function useInstruments() {
  const api = useApi();
  return useQuery({
    queryKey: measureKeys.instruments,
    queryFn: ({ signal }) => api.get<Static<typeof ListInstrumentsResponse>>('/api/instruments', { signal }),
    staleTime: Infinity,
  });
}

export function useQuestionnaire(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: measureKeys.questionnaire(id ?? ''),
    queryFn: ({ signal }) => api.get<FhirQuestionnaire>(`/api/instruments/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== null,
    staleTime: Infinity,
  });
}

export function usePatientOutcomes(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: measureKeys.outcomes(patientId),
    queryFn: ({ signal }) => api.get<PatientOutcomes>(`${patientPath(patientId)}/outcomes`, { signal }),
  });
}

export function usePatientMeasures(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: measureKeys.list(patientId),
    queryFn: ({ signal }) => api.get<Static<typeof ListResponse>>(`${patientPath(patientId)}/measures`, { signal }),
  });
}

export function useMeasurementSchedule(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: measureKeys.schedule(patientId),
    queryFn: ({ signal }) => api.get<MeasurementSchedule>(`${patientPath(patientId)}/measurement-schedule`, { signal }),
  });
}

export function useMeasureLinks(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: measureKeys.links(patientId),
    queryFn: ({ signal }) =>
      api.get<Static<typeof LinksForPatientResponse>>(`${patientPath(patientId)}/measure-links`, { signal }),
  });
}

export function useRecordMeasure(patientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RecordMeasureInput) => api.post<RecordedMeasure>(`${patientPath(patientId)}/measures`, input),
    onSuccess: (recorded) => {
      void queryClient.invalidateQueries({ queryKey: measureKeys.patient(patientId) });
      void queryClient.invalidateQueries({ queryKey: measureKeys.overview });
      if (recorded.alert) void queryClient.invalidateQueries({ queryKey: ['alerts'] });
    },
  });
}

export function useCreateMeasureLink(patientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateLinkInput) => api.post<CreatedLink>(`${patientPath(patientId)}/measure-links`, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: measureKeys.links(patientId) });
    },
  });
}

export function useMeasuresOverview() {
  const api = useApi();
  return useQuery({
    queryKey: measureKeys.overview,
    queryFn: ({ signal }) => api.get<MeasuresOverview>('/api/measures/overview', { signal }),
  });
}

// Safety plan ------------------------------------------------------------------------------------------------

/** GET and PUT /api/patients/:id/safety-plan (src/contract/safety-plans.ts). */
type SafetyPlanAnswer = Static<typeof CurrentResponse>;
type StoredSafetyPlan = NonNullable<SafetyPlanAnswer['current']>;
export type SafetyPlanSectionKey = SafetyPlanAnswer['sections'][number]['key'];
export type { SafetyPlanContact };

/**
 * What a saved version holds: the domain's plan as validateSafetyPlan returns it (a draft's steps may be missing)
 * and whether it is a draft. The contract says only "a JSON object" of `current.content` (a stored jsonb value).
 */
export type SafetyPlanContent = Partial<StanleyBrownSafetyPlan & Record<'isDraft', boolean>>;

export type SafetyPlanResponse = Omit<SafetyPlanAnswer, 'current'> &
  Record<'current', (Omit<StoredSafetyPlan, 'content'> & Record<'content', SafetyPlanContent>) | null>;

export function useSafetyPlan(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['safety-plan', patientId],
    queryFn: ({ signal }) => api.get<SafetyPlanResponse>(`${patientPath(patientId)}/safety-plan`, { signal }),
  });
}

export function useSaveSafetyPlan(patientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Static<typeof SaveSafetyPlanBodySchema>) =>
      api.request<SafetyPlanResponse>('PUT', `${patientPath(patientId)}/safety-plan`, { body: input }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['safety-plan', patientId], saved);
    },
  });
}

// The patient's own page (public, reached through the link's token) -----------------------------------------

export type CrisisResource = Static<typeof CrisisResourceSchema>;

/** GET /api/measure-links/:token */
export type PublicLink = Static<typeof OpenLinkResponse>;
export type PublicInstrument = PublicLink['instruments'][number];
export type PublicItem = PublicInstrument['items'][number];

/** 200 from POST /api/measure-links/:token/responses */
export type LinkSubmitted = Static<typeof SubmitLinkResponse>;

const linkPath = (token: string) => `/api/measure-links/${encodeURIComponent(token)}`;

export function usePublicLink(token: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['measure-link', token],
    queryFn: ({ signal }) => api.get<PublicLink>(linkPath(token), { signal, signOutOn401: false }),
    staleTime: Infinity,
  });
}

export function useSubmitLink(token: string) {
  const api = useApi();
  return useMutation({
    mutationFn: (responses: Static<typeof SubmitLinkBodySchema>['responses']) =>
      api.post<LinkSubmitted>(`${linkPath(token)}/responses`, { responses }, { signOutOn401: false }),
  });
}

/** Which items are shown, given the answers so far (an item with `enableWhen` only when the other item matches). */
export function isItemEnabled(
  enableWhen: { readonly linkId: string; readonly answer: boolean | number } | null | undefined,
  answers: Readonly<Record<string, number | boolean | undefined>>,
): boolean {
  if (!enableWhen) return true;
  return answers[enableWhen.linkId] === enableWhen.answer;
}

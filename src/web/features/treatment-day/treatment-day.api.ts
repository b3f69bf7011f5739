/**
 * The treatment day of one session: the shapes of GET /api/sessions/:id/treatment, /discharge and /note
 * (src/server/modules/treatment-day/treatment-day.service.ts and the notes, billing and REMS-form services), and the hooks
 * that read and write them. Every write answers with the session's new state (or is followed by a refetch).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  DischargeSchema,
  DoseLotsResponse,
  NoteResponse,
  SessionView,
  VitalsSchema,
} from '../../../contract/treatment-day';
import { useApi } from '../../api/context';

/** The treatment record as the API answers it (src/contract/treatment-day.ts); the parts by name for the panels. */
export type TreatmentView = Static<typeof SessionView>;
export type Person = NonNullable<TreatmentView['checkIn']>['recordedBy'] & {};
export type CheckInView = NonNullable<TreatmentView['checkIn']>;
export type VitalsValues = Static<typeof VitalsSchema>;
export type ChecklistView = TreatmentView['checklist'];
export type ChecklistItemView = ChecklistView['items'][number];
export type ChecklistStatus = ChecklistItemView['status'];
export type CitationView = ChecklistItemView['citation'];
export type SuicideRiskView = NonNullable<TreatmentView['suicideRisk']>;
export type WaitingForView = NonNullable<TreatmentView['waitingFor']>;
export type DoseView = NonNullable<TreatmentView['dose']>;
export type AdministrationView = TreatmentView['administration'];
export type DeviceStatusView = NonNullable<AdministrationView['devices']>;
export type CheckView = TreatmentView['checks']['items'][number];
export type TimelineEntryView = TreatmentView['timeline'][number];
export type EntryView = TimelineEntryView['corrections'][number];
export type MonitoringAlertView = TreatmentView['alerts'][number];
export type AdverseEventView = TreatmentView['adverseEvents'][number];
export type InterventionView = AdverseEventView['interventions'][number];
export type SessionPhase = TreatmentView['phase']['phase'];
export type DischargeEvaluation = Static<typeof DischargeSchema>;
export type DischargeReasonView = DischargeEvaluation['reasons'][number];
export type SessionNoteView = Static<typeof NoteResponse>;
export type NoteVersionView = NonNullable<SessionNoteView['draft']>;

export const treatmentKeys = {
  all: (sessionId: string) => ['treatment-day', 'session', sessionId] as const,
  view: (sessionId: string) => ['treatment-day', 'session', sessionId, 'view'] as const,
  discharge: (sessionId: string, clinicallyStable: boolean, ridePresent: boolean) =>
    ['treatment-day', 'session', sessionId, 'discharge', clinicallyStable, ridePresent] as const,
  note: (sessionId: string) => ['treatment-day', 'session', sessionId, 'note'] as const,
};

export function useTreatment(sessionId: string) {
  const api = useApi();
  return useQuery({
    queryKey: treatmentKeys.view(sessionId),
    queryFn: ({ signal }) => api.get<TreatmentView>(`/api/sessions/${sessionId}/treatment`, { signal }),
    // The live channel triggers refetches; this is a safety net should an event be lost.
    refetchInterval: 60_000,
  });
}

/** A lot the session's dose may be prepared from (held in the ledger, or drawn for the session). */
export type DoseLotView = Static<typeof DoseLotsResponse>['items'][number];

export function useDoseLots(sessionId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [...treatmentKeys.all(sessionId), 'dose-lots'] as const,
    queryFn: ({ signal }) =>
      api.get<Static<typeof DoseLotsResponse>>(`/api/sessions/${sessionId}/dose/lots`, { signal }),
    enabled,
  });
}

export function useDischargeEvaluation(sessionId: string, clinicallyStable: boolean, ridePresent: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: treatmentKeys.discharge(sessionId, clinicallyStable, ridePresent),
    queryFn: ({ signal }) =>
      api.get<DischargeEvaluation>(`/api/sessions/${sessionId}/discharge`, {
        query: { clinicallyStable, ridePresent },
        signal,
      }),
    refetchInterval: 30_000,
  });
}

export function useSessionNote(sessionId: string) {
  const api = useApi();
  return useQuery({
    queryKey: treatmentKeys.note(sessionId),
    queryFn: ({ signal }) => api.get<SessionNoteView>(`/api/sessions/${sessionId}/note`, { signal }),
  });
}

/**
 * A write on the session: POST/PUT `path` (relative to /api/sessions/:id) and refetch everything about the session
 * (the view, the discharge evaluation and the note all follow from the record).
 */
export function useSessionWrite<TBody>(
  sessionId: string,
  path: string | ((body: TBody) => string),
  method: 'POST' | 'PUT' = 'POST',
) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TBody) => {
      const url = `/api/sessions/${sessionId}${typeof path === 'function' ? path(body) : path}`;
      return api.request<unknown>(method, url, { body: stripPathFields(body) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: treatmentKeys.all(sessionId) }),
  });
}

/** Fields named `_path…` choose the URL only; they are not sent. */
function stripPathFields(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([key]) => !key.startsWith('_path')));
}

export {
  ADVERSE_EVENT_OUTCOMES,
  ADVERSE_EVENT_SEVERITIES,
  NAUSEA_LEVELS,
} from '../../../domain/session/adverse-events';

export function isEsketamine(modality: string): boolean {
  return modality === 'esketamine-nasal';
}

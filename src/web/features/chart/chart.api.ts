/** The chart at a glance: GET /api/patients/:id/summary and /sessions (shapes in src/contract/chart.ts). */
import { useQuery } from '@tanstack/react-query';
import type { PatientSessionList, PatientSummary } from '../../../contract/chart';
import { useApi } from '../../api/context';

export type { PatientSession, PatientSummary } from '../../../contract/chart';

export const chartKeys = {
  summary: (patientId: string) => ['patients', 'summary', patientId] as const,
  sessions: (patientId: string) => ['patients', 'sessions', patientId] as const,
};

export function usePatientSummary(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: chartKeys.summary(patientId),
    queryFn: ({ signal }) =>
      api.get<PatientSummary>(`/api/patients/${encodeURIComponent(patientId)}/summary`, { signal }),
    // The header should follow what is recorded elsewhere on the page (a score, a consent, a booking).
    staleTime: 5_000,
    refetchInterval: 60_000,
  });
}

export function usePatientSessions(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: chartKeys.sessions(patientId),
    queryFn: ({ signal }) =>
      api.get<PatientSessionList>(`/api/patients/${encodeURIComponent(patientId)}/sessions`, { signal }),
  });
}

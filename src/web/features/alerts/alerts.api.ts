/** Suicide-risk alerts: the shapes of /api/alerts (src/server/modules/alerts/alerts.service.ts) and the queries on them. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { AlertAction, AlertDtoSchema, ListResponse } from '../../../contract/alerts';
import { useApi } from '../../api/context';

/** An alert as GET /api/alerts answers it (src/contract/alerts.ts). */
export type SafetyAlert = Static<typeof AlertDtoSchema>;

/** The actions a staff member can record (a subset of the contract's ALERT_ACTIONS, in the order people think of them). */
export const ACKNOWLEDGE_ACTIONS = [
  { value: 'called-patient', label: 'Called the patient' },
  { value: 'safety-plan-reviewed', label: 'Safety plan reviewed' },
  { value: 'emergency-services', label: 'Emergency services contacted' },
  { value: 'other', label: 'Other (describe in the note)' },
] as const satisfies ReadonlyArray<{ readonly value: AlertAction; readonly label: string }>;

export type AcknowledgeAction = (typeof ACKNOWLEDGE_ACTIONS)[number]['value'];

export const ALERT_SOURCE_LABELS: Readonly<Record<string, string>> = {
  'patient-link': 'home questionnaire',
  staff: 'recorded by staff',
};

/** How often the banner asks for open alerts: a new alert reaches every staff page within this time. */
export const ALERT_POLL_MS = 15_000;

export const alertKeys = {
  all: ['alerts'] as const,
  open: ['alerts', 'open'] as const,
};

export function useOpenAlerts(isEnabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: alertKeys.open,
    queryFn: ({ signal }) => api.get<Static<typeof ListResponse>>('/api/alerts', { query: { status: 'open' }, signal }),
    enabled: isEnabled,
    refetchInterval: ALERT_POLL_MS,
    // Every poll is an audited read: a hidden tab does not poll, and asks again as soon as it is looked at.
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: 'always',
    staleTime: 0,
  });
}

export function useAcknowledgeAlert() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; note: string; actions: readonly AcknowledgeAction[] }) =>
      api.post<void>(`/api/alerts/${encodeURIComponent(input.id)}/acknowledge`, {
        note: input.note,
        actions: input.actions,
      }),
    // Refresh after success and after a 409 (someone else acknowledged it first) alike.
    onSettled: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}

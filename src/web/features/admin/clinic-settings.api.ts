/** The clinic's display settings (issue 14): GET and PUT /api/clinic/care-settings, the parts this page edits. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { SESSION_QUERY_KEY } from '../auth/session';

export interface ClinicDisplaySettings {
  readonly timeZone: string;
  readonly locale: string;
  readonly hourCycle: 'h12' | 'h23';
}

const KEY = ['care-settings'] as const;

export function useClinicDisplaySettings() {
  const api = useApi();
  return useQuery({ queryKey: KEY, queryFn: ({ signal }) => api.get<ClinicDisplaySettings>('/api/clinic/care-settings', { signal }) });
}

/** Saves the changed fields; the session (GET /api/auth/me) is reloaded so every page formats with the new values. */
export function useSaveClinicDisplaySettings() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<ClinicDisplaySettings>) => api.request<ClinicDisplaySettings>('PUT', '/api/clinic/care-settings', { body: change }),
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: KEY }), queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY })]);
    },
  });
}

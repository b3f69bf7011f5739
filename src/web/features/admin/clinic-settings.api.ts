/** The clinic's display settings (issue 14): GET and PUT /api/clinic/care-settings, the parts this page edits. */
import type { Static } from 'typebox';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { SESSION_QUERY_KEY } from '../auth/session';
import type { CareSettingsBodySchema, CareSettingsSchema } from '../../../contract/clinic';

/** The parts of GET /api/clinic/care-settings (src/contract/clinic.ts) this page edits. */
export type ClinicDisplaySettings = Pick<Static<typeof CareSettingsSchema>, 'timeZone' | 'locale' | 'hourCycle'>;
type CareSettingsChange = Pick<Static<typeof CareSettingsBodySchema>, 'timeZone' | 'locale' | 'hourCycle'>;

const KEY = ['care-settings'] as const;

export function useClinicDisplaySettings() {
  const api = useApi();
  return useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api.get<ClinicDisplaySettings>('/api/clinic/care-settings', { signal }),
  });
}

/** Saves the changed fields; the session (GET /api/auth/me) is reloaded so every page formats with the new values. */
export function useSaveClinicDisplaySettings() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: CareSettingsChange) =>
      api.request<ClinicDisplaySettings>('PUT', '/api/clinic/care-settings', { body: change }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: KEY }),
        queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY }),
      ]);
    },
  });
}

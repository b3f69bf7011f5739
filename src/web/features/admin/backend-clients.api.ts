/** SMART backend clients (/api/backend-clients, issue 15): list, register (public keys only), revoke. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { BackendClientSchema, CreateBackendClientBodySchema } from '../../../contract/backend-clients';
import { useApi } from '../../api/context';

/** GET /api/backend-clients (src/contract/backend-clients.ts). */
export type BackendClient = Static<typeof BackendClientSchema>;

export type NewBackendClient = Static<typeof CreateBackendClientBodySchema>;

const KEY = ['admin', 'backend-clients'] as const;

export function useBackendClients() {
  const api = useApi();
  return useQuery({
    queryKey: KEY,
    queryFn: async ({ signal }) =>
      (await api.get<{ items: BackendClient[] }>('/api/backend-clients', { signal })).items,
  });
}

export function useRegisterBackendClient() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewBackendClient) => api.post<BackendClient>('/api/backend-clients', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRevokeBackendClient() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<BackendClient>(`/api/backend-clients/${encodeURIComponent(id)}/revoke`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

/** API tokens for other systems (/api/api-tokens, issue 15): list, create (secret shown once), revoke. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { StaffRole } from '../../api/types';

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly scopes: readonly string[];
  readonly patientId: string | null;
  readonly secretHint: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  readonly status: 'active' | 'revoked' | 'expired';
}

export interface NewApiToken {
  readonly name: string;
  readonly role: StaffRole;
  readonly scopes: readonly string[];
  readonly patientId?: string;
}

const KEY = ['admin', 'api-tokens'] as const;

export function useApiTokens() {
  const api = useApi();
  return useQuery({ queryKey: KEY, queryFn: async ({ signal }) => (await api.get<{ items: ApiToken[] }>('/api/api-tokens', { signal })).items });
}

export function useCreateApiToken() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewApiToken) => api.post<{ token: ApiToken; secret: string }>('/api/api-tokens', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRevokeApiToken() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<ApiToken>(`/api/api-tokens/${encodeURIComponent(id)}/revoke`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

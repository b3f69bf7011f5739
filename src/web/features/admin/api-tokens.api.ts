/** API tokens for other systems (/api/api-tokens, issue 15): list, create (secret shown once), revoke. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  ApiTokenListSchema,
  ApiTokenSchema,
  CreateApiTokenBodySchema,
  CreatedApiTokenSchema,
} from '../../../contract/api-tokens';
import { useApi } from '../../api/context';

/** GET /api/api-tokens (src/contract/api-tokens.ts). */
export type ApiToken = Static<typeof ApiTokenSchema>;

export type NewApiToken = Static<typeof CreateApiTokenBodySchema>;

const KEY = ['admin', 'api-tokens'] as const;

export function useApiTokens() {
  const api = useApi();
  return useQuery({
    queryKey: KEY,
    queryFn: async ({ signal }) =>
      (await api.get<Static<typeof ApiTokenListSchema>>('/api/api-tokens', { signal })).items,
  });
}

export function useCreateApiToken() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewApiToken) => api.post<Static<typeof CreatedApiTokenSchema>>('/api/api-tokens', input),
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

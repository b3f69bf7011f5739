/** Webhook endpoints and their delivery log (/api/webhooks, issue 15): list, register (secret shown once), change, rotate. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  CreatedWebhookEndpointSchema,
  WebhookAttemptListSchema,
  WebhookAttemptSchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  WebhookEventTypeSchema,
} from '../../../contract/webhooks';
import { useApi } from '../../api/context';

export type WebhookEventType = Static<typeof WebhookEventTypeSchema>;

/** GET /api/webhooks (src/contract/webhooks.ts). */
export type WebhookEndpoint = Static<typeof WebhookEndpointSchema>;

export type WebhookAttempt = Static<typeof WebhookAttemptSchema>;

const KEY = ['admin', 'webhooks'] as const;

export function useWebhooks() {
  const api = useApi();
  return useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api.get<Static<typeof WebhookEndpointListSchema>>('/api/webhooks', { signal }),
  });
}

export function useWebhookDeliveries() {
  const api = useApi();
  return useQuery({
    queryKey: [...KEY, 'deliveries'],
    queryFn: async ({ signal }) =>
      (await api.get<Static<typeof WebhookAttemptListSchema>>('/api/webhooks/deliveries?limit=100', { signal })).items,
  });
}

export function useCreateWebhook() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { url: string; description: string; events: WebhookEventType[] }) =>
      api.post<Static<typeof CreatedWebhookEndpointSchema>>('/api/webhooks', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useUpdateWebhook() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...change }: { id: string; enabled?: boolean }) =>
      api.patch<WebhookEndpoint>(`/api/webhooks/${encodeURIComponent(id)}`, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRotateWebhookSecret() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api.post<Static<typeof CreatedWebhookEndpointSchema>>(`/api/webhooks/${encodeURIComponent(id)}/rotate-secret`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

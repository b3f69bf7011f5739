/** Webhook endpoints and their delivery log (/api/webhooks, issue 15): list, register (secret shown once), change, rotate. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';

export type WebhookEventType = 'measure.stored' | 'alert.raised' | 'session.discharged';

export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly description: string;
  readonly events: readonly WebhookEventType[];
  readonly secretHint: string;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface WebhookAttempt {
  readonly id: string;
  readonly deliveryId: string;
  readonly endpointId: string;
  readonly event: string;
  readonly attempt: number;
  readonly attemptedAt: string;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  readonly deliveryStatus: 'pending' | 'sending' | 'sent' | 'failed';
  readonly nextAttemptAt: string | null;
}

const KEY = ['admin', 'webhooks'] as const;

export function useWebhooks() {
  const api = useApi();
  return useQuery({ queryKey: KEY, queryFn: ({ signal }) => api.get<{ items: WebhookEndpoint[]; eventTypes: WebhookEventType[] }>('/api/webhooks', { signal }) });
}

export function useWebhookDeliveries() {
  const api = useApi();
  return useQuery({ queryKey: [...KEY, 'deliveries'], queryFn: async ({ signal }) => (await api.get<{ items: WebhookAttempt[] }>('/api/webhooks/deliveries?limit=100', { signal })).items });
}

export function useCreateWebhook() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { url: string; description: string; events: WebhookEventType[] }) => api.post<{ endpoint: WebhookEndpoint; secret: string }>('/api/webhooks', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useUpdateWebhook() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...change }: { id: string; enabled?: boolean }) => api.patch<WebhookEndpoint>(`/api/webhooks/${encodeURIComponent(id)}`, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRotateWebhookSecret() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<{ endpoint: WebhookEndpoint; secret: string }>(`/api/webhooks/${encodeURIComponent(id)}/rotate-secret`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

/**
 * The outbox's `webhook` channel: a delivery (an outbox row whose recipient is an endpoint id) is POSTed as JSON to
 * the endpoint's URL, signed with its secret at the moment of sending (webhook-signature.ts), and every attempt is
 * written to the delivery log. A 2xx answer delivers; any other answer, a timeout or a refused connection is retried
 * by the outbox with its backoff, except 410 Gone (the receiver says it will never want it). A disabled or removed
 * endpoint is not called at all. Redirects are not followed: the registered URL is the one that gets the data.
 */
import type { MessageTransport } from '../outbox/outbox-transports.js';
import { SendError } from '../outbox/outbox-transports.js';
import { signatureHeader, SIGNATURE_HEADER } from './webhook-signature.js';
import type { WebhooksRepository } from './webhooks.repository.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export function webhookTransport(
  endpoints: WebhooksRepository,
  clock: () => Date,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): MessageTransport {
  const fetchImpl = options.fetch ?? fetch;
  return {
    async send(message, delivery) {
      const endpoint = await endpoints.findForDelivery(message.recipient);
      if (!endpoint) throw new SendError('The webhook endpoint no longer exists: not sent.', true);
      const eventType = (JSON.parse(message.body) as { type?: string }).type ?? 'unknown';
      const attemptedAt = clock();
      const log = (statusCode: number | null, error: string | null, durationMs: number) =>
        delivery
          ? endpoints.recordAttempt({
              clinicId: endpoint.clinicId,
              outboxId: delivery.id,
              endpointId: endpoint.id,
              eventType,
              attempt: delivery.attempt,
              attemptedAt,
              statusCode,
              error,
              durationMs,
            })
          : Promise.resolve();
      if (!endpoint.isEnabled) {
        await log(null, 'The endpoint is disabled: not sent.', 0);
        throw new SendError('The webhook endpoint is disabled: not sent.', true);
      }
      const started = performance.now();
      let response: Response;
      try {
        response = await fetchImpl(endpoint.url, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Ketaclinic-Webhooks/1',
            'ketaclinic-event': eventType,
            ...(delivery ? { 'ketaclinic-delivery': delivery.id } : {}),
            [SIGNATURE_HEADER]: signatureHeader(endpoint.secret, message.body, attemptedAt),
          },
          body: message.body,
          signal: AbortSignal.timeout(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS),
        });
      } catch (error) {
        const name = (error as Error)?.name;
        const text =
          name === 'TimeoutError'
            ? `No answer within ${(options.timeoutMs ?? WEBHOOK_TIMEOUT_MS) / 1000} s`
            : `Could not connect (${(error as { cause?: { code?: string } }).cause?.code ?? name})`;
        await log(null, text, Math.round(performance.now() - started));
        throw new SendError(text, false);
      }
      await response.body?.cancel().catch(() => undefined);
      const durationMs = Math.round(performance.now() - started);
      if (response.status >= 200 && response.status < 300) {
        await log(response.status, null, durationMs);
        return { messageId: null };
      }
      const text = `The endpoint answered ${response.status}`;
      await log(response.status, text, durationMs);
      throw new SendError(text, response.status === 410);
    },
  };
}

/**
 * How messages leave the clinic: mail through SMTP (nodemailer) and text messages through an HTTP provider.
 * Each transport sends one message and answers the provider's message id, or throws; `isPermanent` on the error
 * means retrying cannot help (the server refused the recipient).
 */
import nodemailer from 'nodemailer';
import type { OutboxDeliveryChannel } from '../../db/schema.js';

export interface OutgoingMessage {
  readonly recipient: string;
  readonly subject: string | null;
  readonly body: string;
}

/** Which outbox row is being sent, and which attempt this is (1-based): for transports that keep their own log. */
export interface DeliveryAttempt {
  readonly id: string;
  readonly attempt: number;
}

export interface MessageTransport {
  send(message: OutgoingMessage, delivery?: DeliveryAttempt): Promise<{ readonly messageId: string | null }>;
  close?(): void;
}

export type Transports = Partial<Record<OutboxDeliveryChannel, MessageTransport>>;

export class SendError extends Error {
  constructor(
    message: string,
    readonly isPermanent: boolean,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/** Mail through the SMTP server at `url` (smtp:// or smtps://, credentials in the URL), from `from`. */
export function smtpTransport(url: string, from: string): MessageTransport {
  // Short timeouts: an unreachable server fails the attempt (retried later) instead of holding the worker for minutes.
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      try {
        const info = await transporter.sendMail({
          from,
          to: message.recipient,
          subject: message.subject ?? '',
          text: message.body,
        });
        return { messageId: info.messageId ?? null };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // 5xx: the server refused for good (unknown mailbox, policy); 4xx and connection errors may pass later.
        throw new SendError(`SMTP: ${(error as Error).message}`, typeof code === 'number' && code >= 500 && code < 600);
      }
    },
    close() {
      transporter.close();
    },
  };
}

/**
 * Text messages through an HTTP provider: POST `url` with JSON `{ to, body }` and `Authorization: Bearer <token>`;
 * a 2xx answer may carry `{ id }`. Any SMS gateway can be put behind this with a small adapter.
 */
export function httpSmsTransport(
  url: string,
  token: string | undefined,
  fetchImpl: typeof fetch = fetch,
): MessageTransport {
  return {
    async send(message) {
      let response: Response;
      try {
        response = await fetchImpl(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ to: message.recipient, body: message.body }),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        throw new SendError(`SMS provider unreachable: ${(error as Error).name}`, false);
      }
      if (!response.ok)
        throw new SendError(
          `SMS provider answered ${response.status}`,
          response.status >= 400 && response.status < 500 && response.status !== 429,
        );
      const body = (await response.json().catch(() => ({}))) as { id?: unknown };
      return { messageId: typeof body.id === 'string' || typeof body.id === 'number' ? String(body.id) : null };
    },
  };
}

/**
 * What a webhook tells, and the one function the rest of the server calls to tell it: `WebhookEvents.emit(trx, …)`
 * queues one outbox row per enabled endpoint subscribed to the event, in the transaction of the event itself, so a
 * delivery exists exactly when the event committed. The payload carries ids and the time only, never clinical text:
 * a receiver reads the details through the FHIR server with an API token (docs/webhooks.md).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { OutboxRepository } from '../outbox/outbox.repository.js';
import type { WebhooksRepository } from './webhooks.repository.js';

export const WEBHOOK_EVENT_TYPES = ['measure.stored', 'alert.raised', 'session.discharged'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookEvent {
  readonly type: WebhookEventType;
  readonly clinicId: string;
  readonly patientId: string;
  /** The record the event is about: a measure (QuestionnaireResponse), a safety alert, a treatment session. */
  readonly resourceId: string;
  readonly occurredAt: Date;
  /** For an alert: the measure whose answers raised it (its QuestionnaireResponse is what a receiver reads). */
  readonly measureId?: string | null;
}

/** The record type named in the payload, and the FHIR resource a receiver reads for details. */
const RESOURCE: Record<WebhookEventType, { type: string; fhir: (e: WebhookEvent) => string | null }> = {
  'measure.stored': { type: 'QuestionnaireResponse', fhir: (e) => `QuestionnaireResponse/${e.resourceId}` },
  'alert.raised': { type: 'SafetyAlert', fhir: (e) => (e.measureId ? `QuestionnaireResponse/${e.measureId}` : null) },
  'session.discharged': { type: 'TreatmentSession', fhir: (e) => `Encounter/${e.resourceId}` },
};

export interface WebhookPayload {
  readonly id: string;
  readonly type: WebhookEventType;
  readonly occurredAt: string;
  readonly clinicId: string;
  readonly data: {
    readonly resourceType: string;
    readonly id: string;
    readonly patientId: string;
    readonly fhir: { readonly patient: string; readonly focus: string | null };
  };
}

/** The JSON body of every delivery of one event (pure). */
export function webhookPayload(eventId: string, event: WebhookEvent): WebhookPayload {
  const resource = RESOURCE[event.type];
  return {
    id: eventId,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    clinicId: event.clinicId,
    data: {
      resourceType: resource.type,
      id: event.resourceId,
      patientId: event.patientId,
      fhir: { patient: `Patient/${event.patientId}`, focus: resource.fhir(event) },
    },
  };
}

export class WebhookEvents {
  constructor(
    private readonly endpoints: WebhooksRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Queues a delivery of `event` to each subscribed endpoint; returns how many. Call it inside the event's transaction. */
  async emit(trx: Transaction<Database> | Kysely<Database>, event: WebhookEvent): Promise<number> {
    const subscribers = await this.endpoints.subscribers(trx, event.clinicId, event.type);
    if (subscribers.length === 0) return 0;
    const body = JSON.stringify(webhookPayload(randomUUID(), event));
    const queued = await this.outbox.enqueue(
      trx,
      subscribers.map((endpoint) => ({
        clinicId: event.clinicId,
        patientId: event.patientId,
        kind: event.type,
        channel: 'webhook' as const,
        recipient: endpoint.id,
        subject: null,
        body,
        dedupeKey: `webhook:${endpoint.id}:${event.type}:${event.resourceId}`,
        createdBy: null,
      })),
      event.occurredAt,
    );
    return queued.length;
  }
}

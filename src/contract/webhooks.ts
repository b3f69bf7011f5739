/**
 * Webhooks (issue 15, "Integrations"): the shapes of /api/webhooks. The signing secret is in the creation (and
 * rotation) answer only; afterwards an endpoint shows the last four characters of it.
 */
import { Type, type Static } from 'typebox';

export const WebhookEventTypeSchema = Type.Union([
  Type.Literal('measure.stored'),
  Type.Literal('alert.raised'),
  Type.Literal('session.discharged'),
]);

export const WebhookEndpointSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    url: Type.String(),
    description: Type.String(),
    events: Type.Array(WebhookEventTypeSchema),
    secretHint: Type.String({ description: 'The last four characters of the signing secret' }),
    enabled: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Type.String({ format: 'uuid' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type WebhookEndpointDto = Static<typeof WebhookEndpointSchema>;

export const WebhookEndpointListSchema = Type.Object(
  {
    items: Type.Array(WebhookEndpointSchema),
    eventTypes: Type.Array(WebhookEventTypeSchema, { description: 'Every event an endpoint may subscribe to' }),
  },
  { additionalProperties: false },
);

const UrlSchema = Type.String({
  minLength: 8,
  maxLength: 2000,
  description: 'https:// (http:// only to this machine: localhost, 127.0.0.1, ::1)',
});
const EventsSchema = Type.Array(WebhookEventTypeSchema, { minItems: 1, uniqueItems: true });

export const CreateWebhookEndpointBodySchema = Type.Object(
  {
    url: UrlSchema,
    description: Type.Optional(Type.String({ maxLength: 200 })),
    events: EventsSchema,
  },
  { additionalProperties: false },
);
export type CreateWebhookEndpointBody = Static<typeof CreateWebhookEndpointBodySchema>;

export const UpdateWebhookEndpointBodySchema = Type.Object(
  {
    url: Type.Optional(UrlSchema),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    events: Type.Optional(EventsSchema),
    enabled: Type.Optional(
      Type.Boolean({ description: 'false: nothing is queued for it, and deliveries still queued are not sent' }),
    ),
  },
  { additionalProperties: false },
);
export type UpdateWebhookEndpointBody = Static<typeof UpdateWebhookEndpointBodySchema>;

export const CreatedWebhookEndpointSchema = Type.Object(
  {
    endpoint: WebhookEndpointSchema,
    secret: Type.String({
      description:
        'The signing secret (whsec_…). Shown this once only: see docs/webhooks.md for how to verify a delivery.',
    }),
  },
  { additionalProperties: false },
);
export type CreatedWebhookEndpointDto = Static<typeof CreatedWebhookEndpointSchema>;

export const WebhookDeliveriesQuerySchema = Type.Object(
  {
    endpointId: Type.Optional(Type.String({ format: 'uuid' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

export const WebhookAttemptSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    deliveryId: Type.String({
      format: 'uuid',
      description: 'The same for every attempt of one delivery (sent as Ketaclinic-Delivery)',
    }),
    endpointId: Type.String({ format: 'uuid' }),
    event: Type.String(),
    attempt: Type.Integer({ minimum: 1 }),
    attemptedAt: Type.String({ format: 'date-time' }),
    statusCode: Type.Union([Type.Integer(), Type.Null()], {
      description: "The receiver's HTTP status; null when it could not be reached",
    }),
    error: Type.Union([Type.String(), Type.Null()]),
    durationMs: Type.Integer({ minimum: 0 }),
    deliveryStatus: Type.Union(
      [Type.Literal('pending'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('failed')],
      { description: 'Where the delivery stands now' },
    ),
    nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'When a pending delivery is tried again',
    }),
  },
  { additionalProperties: false },
);
export type WebhookAttemptDto = Static<typeof WebhookAttemptSchema>;

export const WebhookAttemptListSchema = Type.Object(
  { items: Type.Array(WebhookAttemptSchema) },
  { additionalProperties: false },
);

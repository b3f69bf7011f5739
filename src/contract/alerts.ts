/**
 * The alerts API contract (issue 13): what each route answers, generated from the service types and then read
 * by hand. Routes use these schemas; the web app imports their types.
 */
import { Type } from 'typebox';
import { Nullable, literalUnion } from './common.js';

/** What staff record having done about a suicide-risk alert. */
export const ALERT_ACTIONS = [
  'called-patient',
  'safety-plan-reviewed',
  'seen-in-clinic',
  'emergency-services',
  'referred-crisis-team',
  'prescriber-informed',
  'no-immediate-risk',
  'other',
] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

export const AlertDtoSchema = Type.Object({
  id: Type.String(),
  patient: Type.Object({ id: Type.String(), name: Type.String(), mrn: Type.String() }),
  measureId: Nullable(Type.String()),
  kind: Type.String(),
  severity: literalUnion(['low', 'moderate', 'high']),
  reasons: Type.Array(Type.String()),
  source: Type.String(),
  createdAt: Type.String(),
  escalationDueAt: Type.String(),
  escalatedAt: Nullable(Type.String()),
  acknowledgedAt: Nullable(Type.String()),
  acknowledgedBy: Nullable(Type.String()),
  acknowledgementNote: Nullable(Type.String()),
  actions: Type.Array(Type.String()),
  waitingFor: Nullable(
    Type.Object({
      waiting: Type.Literal('chair-staff'),
      waitingOn: Type.Literal('prescriber'),
      reason: Type.Literal('suicide-risk-evaluation'),
      sessionId: Type.String(),
      chair: Nullable(Type.String()),
      message: Type.String(),
    }),
  ),
});
/** GET /api/alerts 200 */
export const ListResponse = Type.Object({ items: Type.Array(AlertDtoSchema) });
/** GET /api/notifications 200 */
export const NotificationsResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      message: Type.String(),
      alertId: Nullable(Type.String()),
      createdAt: Type.String(),
      readAt: Nullable(Type.String()),
    }),
  ),
});

/** GET /api/alerts */
export const AlertQuerySchema = Type.Object(
  {
    status: Type.Optional(literalUnion(['open', 'acknowledged', 'all'])),
    patientId: Type.Optional(Type.String({ format: 'uuid' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

/** POST /api/alerts/:id/acknowledge */
export const AcknowledgeBodySchema = Type.Object(
  {
    note: Type.String({ minLength: 3, maxLength: 2000, pattern: '\\S' }),
    actions: Type.Array(literalUnion(ALERT_ACTIONS), { minItems: 1, maxItems: 8, uniqueItems: true }),
  },
  { additionalProperties: false },
);

/** GET /api/notifications */
export const NotificationsQuerySchema = Type.Object(
  { unread: Type.Optional(Type.Boolean({ default: true })) },
  { additionalProperties: false },
);

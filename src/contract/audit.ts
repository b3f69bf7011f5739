/** The /api/audit contract (issue 13): audit events and the chain's head as the API answers them. */
import { Type } from 'typebox';
import { JsonObject } from './common.js';

export const AuditEventSchema = Type.Object({
  seq: Type.Integer(),
  id: Type.String(),
  userId: Type.Union([Type.String(), Type.Null()]),
  userRole: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  resourceType: Type.String(),
  resourceId: Type.Union([Type.String(), Type.Null()]),
  patientId: Type.Union([Type.String(), Type.Null()]),
  occurredAt: Type.String({ format: 'date-time' }),
  clientIp: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  detail: JsonObject,
  /** Empty until the event is sealed into the chain (see `sealed`). */
  hash: Type.String(),
  sealed: Type.Boolean(),
  position: Type.Union([Type.Integer(), Type.Null()]),
  /** A collapsed event stands for this many identical accesses, the last one at lastSeenAt. */
  accessCount: Type.Integer(),
  lastSeenAt: Type.String({ format: 'date-time' }),
  patientName: Type.Union([Type.String(), Type.Null()], {
    description: "The patient's name, when the event concerns one of this clinic's patients",
  }),
  patientMrn: Type.Union([Type.String(), Type.Null()]),
  userName: Type.Union([Type.String(), Type.Null()], { description: 'Who did it, by name' }),
  resourceLabel: Type.String({ description: 'The kind of record, in words (e.g. "Ledger reconciliation")' }),
});

export const HeadSchema = Type.Object({
  seq: Type.Union([Type.Integer(), Type.Null()]),
  position: Type.Integer(),
  hash: Type.String(),
});

/** GET /api/audit: filters, and paging back from `beforeSeq`. */
export const AuditQuerySchema = Type.Object(
  {
    patientId: Type.Optional(Type.String({ format: 'uuid' })),
    patient: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: "Part of a patient's MRN or name (accents optional): who viewed this patient?",
      }),
    ),
    userId: Type.Optional(Type.String({ format: 'uuid' })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);
export const AuditEventListSchema = Type.Object({ items: Type.Array(AuditEventSchema) });

/** GET /api/audit/verify: intact, or where the chain first breaks and why. */
export const AuditVerificationSchema = Type.Object({
  intact: Type.Boolean(),
  checked: Type.Integer(),
  pending: Type.Integer(),
  head: HeadSchema,
  brokenAtSeq: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  brokenAtPosition: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
});

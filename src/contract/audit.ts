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
  patientName: Type.Union([Type.String(), Type.Null()], { description: "The patient's name, when the event concerns one of this clinic's patients" }),
  patientMrn: Type.Union([Type.String(), Type.Null()]),
  userName: Type.Union([Type.String(), Type.Null()], { description: 'Who did it, by name' }),
  resourceLabel: Type.String({ description: 'The kind of record, in words (e.g. "Ledger reconciliation")' }),
});

export const HeadSchema = Type.Object({
  seq: Type.Union([Type.Integer(), Type.Null()]), position: Type.Integer(), hash: Type.String(),
});

/**
 * Kysely table types. Column names are camelCase here and snake_case in SQL (Kysely's CamelCasePlugin).
 * `Generated<T>` marks columns the database fills in.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A time that stays empty until it happens (revoked, cancelled, signed). */
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
export type Json<T> = ColumnType<T, string, string>;
export type StaffRole = 'admin' | 'prescriber' | 'nurse' | 'therapist' | 'front_desk';

export interface ClinicTable {
  id: Generated<string>;
  name: string;
  slug: string;
  timeZone: Generated<string>;
  isDemo: Generated<boolean>;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  createdAt: Generated<Date>;
}

export interface AppUserTable {
  id: Generated<string>;
  clinicId: string;
  email: string;
  displayName: string;
  role: StaffRole;
  passwordHash: string;
  mfaSecret: string | null;
  mfaEnabled: Generated<boolean>;
  /** Last accepted TOTP step (each code works once). */
  mfaLastStep: ColumnType<number | null, number | null | undefined, number | null>;
  recoveryCodes: ColumnType<string[], string | undefined, string>;
  isActive: Generated<boolean>;
  /** A temporary password (new account, admin reset): only changing it (and enrolling MFA) is allowed until then. */
  passwordMustChange: Generated<boolean>;
  passwordChangedAt: NullableTimestamp;
  deactivatedAt: NullableTimestamp;
  createdAt: Generated<Date>;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type MfaState = 'complete' | 'verify' | 'enrol';

export interface UserSessionTable {
  id: string;
  userId: string;
  clinicId: string;
  csrfToken: string;
  mfaState: MfaState;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: Timestamp;
  revokedAt: NullableTimestamp;
  clientIp: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  lastFailureAt: Timestamp;
  lockedUntil: NullableTimestamp;
}

export interface AuditEventTable {
  seq: Generated<number>;
  id: string;
  clinicId: string | null;
  userId: string | null;
  userRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  occurredAt: Timestamp;
  clientIp: string | null;
  outcome: 'success' | 'denied' | 'failure';
  detail: ColumnType<Record<string, unknown>, string, never>;
  /** Null until the sealer chains the event (audit log v2, docs/adr/0005-audit-log-v2.md). */
  prevHash: string | null;
  hash: string | null;
  /** The event's place in the hash chain (1, 2, 3…), given when it is sealed. */
  position: number | null;
  /** A collapsed event: the last repeated access in its window, and how many accesses it stands for. */
  lastSeenAt: NullableTimestamp;
  accessCount: Generated<number>;
  collapseKey: string | null;
  windowEndsAt: NullableTimestamp;
}

export interface AuditChainHeadTable {
  singleton: Generated<boolean>;
  position: number;
  seq: number | null;
  hash: string;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface MrnSequenceTable {
  clinicId: string;
  lastValue: number;
}

export interface PatientAddress {
  line?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

export interface PatientTable {
  id: Generated<string>;
  clinicId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  phone: string | null;
  email: string | null;
  address: ColumnType<PatientAddress | null, string | null, string | null>;
  /** Given and family name folded for search (`searchNameOf` in modules/patients); written on every create and edit. */
  searchName: ColumnType<string, string | undefined, string>;
  version: number;
  createdAt: Timestamp;
  createdBy: string | null;
  updatedAt: Timestamp;
  updatedBy: string | null;
}

export interface PatientVersionTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  version: number;
  data: ColumnType<Record<string, unknown>, string, never>;
  changedFields: ColumnType<string[], string, never>;
  changedBy: string | null;
  changedAt: Timestamp;
}

export type SessionStatus = 'scheduled' | 'in-progress' | 'completed' | 'cancelled' | 'no-show';

export interface TreatmentSessionTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  modality: string;
  sessionNumber: number | null;
  startsAt: Timestamp;
  endsAt: Timestamp;
  status: ColumnType<SessionStatus, SessionStatus | undefined, SessionStatus>;
  createdAt: Timestamp;
  createdBy: string | null;
  // Booking (migration 20261128000300): the plan session it carries out, the chair and staff member, the chair time.
  planId: string | null;
  chairId: string | null;
  staffId: string | null;
  phase: string | null;
  doseMg: number | null;
  route: string | null;
  durationMin: number | null;
  monitoringMin: number | null;
  cancelledAt: NullableTimestamp;
  cancelledBy: string | null;
  cancelReasonCode: string | null;
  cancelNote: string | null;
  noShowAt: NullableTimestamp;
  noShowBy: string | null;
  noShowNote: string | null;
  updatedAt: NullableTimestamp;
}

// Intake, eligibility, consent, plans, scheduling (migration 20261128000300) --------------------------------------

export interface PatientIntakeTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  version: number;
  data: ColumnType<Record<string, unknown>, string, never>;
  facts: ColumnType<Record<string, unknown>, string, never>;
  changedSections: ColumnType<string[], string, never>;
  source: 'staff' | 'patient-link';
  createdAt: Timestamp;
  createdBy: string | null;
}

export type EligibilityDecisionValue = 'eligible' | 'review' | 'ineligible';

export interface EligibilityDecisionTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  modality: string;
  intakeId: string;
  intakeVersion: number;
  facts: ColumnType<Record<string, unknown>, string, never>;
  decision: EligibilityDecisionValue;
  reasons: ColumnType<Array<{ code: string; severity: string } & Record<string, unknown>>, string, never>;
  ruleSetVersion: string;
  treatmentResistance: ColumnType<Record<string, unknown> | null, string | null, never>;
  decidedAt: Timestamp;
  decidedBy: string | null;
}

export interface EligibilityOverrideTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  decisionId: string;
  decision: 'review' | 'ineligible';
  prescribersRequired: number;
  reason: string;
  signedBy: string;
  signedAt: Timestamp;
  countersignedBy: string | null;
  countersignedAt: NullableTimestamp;
  countersignNote: string | null;
}

export interface ConsentSignatureTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  modality: string;
  documentId: string;
  documentVersion: string;
  documentSha256: string;
  typedName: string;
  agreed: boolean;
  signedAt: Timestamp;
  via: 'desk' | 'link';
  recordedBy: string | null;
  linkId: string | null;
}

export type TreatmentPlanStatus = 'draft' | 'active' | 'completed' | 'discontinued';

export interface TreatmentPlanTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  modality: string;
  protocolId: string;
  protocolVersion: string;
  protocolSettings: ColumnType<Record<string, unknown>, string, never>;
  options: ColumnType<Record<string, unknown>, string, never>;
  startDate: string;
  weightKg: number | null;
  weightBasis: 'actual' | 'ideal' | 'adjusted' | null;
  weightExplanation: string | null;
  sessions: ColumnType<Array<Record<string, unknown>>, string, never>;
  therapySessions: ColumnType<Array<Record<string, unknown>>, string, never>;
  warnings: ColumnType<Array<Record<string, unknown>>, string, never>;
  status: TreatmentPlanStatus;
  eligibilityDecisionId: string;
  eligibilityOverrideId: string | null;
  consentSignatureId: string;
  createdAt: Timestamp;
  createdBy: string | null;
  signedAt: NullableTimestamp;
  signedBy: string | null;
  discontinuedAt: NullableTimestamp;
  discontinuedBy: string | null;
  discontinueReason: string | null;
}

export interface PlanReviewTable {
  id: Generated<string>;
  clinicId: string;
  planId: string;
  patientId: string;
  code: 'end-of-induction';
  benefit: 'response' | 'partial-response' | 'no-benefit';
  decision: 'continue' | 'stop';
  note: string | null;
  recordedBy: string;
  recordedAt: Timestamp;
}

export interface ChairTable {
  id: Generated<string>;
  clinicId: string;
  name: string;
  room: string | null;
  isActive: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface StaffShiftTable {
  id: Generated<string>;
  clinicId: string;
  userId: string;
  startsAt: Timestamp;
  endsAt: Timestamp;
  note: string | null;
  createdAt: Timestamp;
  createdBy: string | null;
}

export interface SessionConfirmationTable {
  id: Generated<string>;
  clinicId: string;
  sessionId: string;
  code: string;
  note: string | null;
  confirmedAt: Timestamp;
  confirmedBy: string | null;
}

export interface TreatmentSessionEventTable {
  id: Generated<string>;
  clinicId: string;
  sessionId: string;
  kind: 'booked' | 'rescheduled' | 'cancelled' | 'no-show' | 'confirmed';
  detail: ColumnType<Record<string, unknown>, string, never>;
  occurredAt: Timestamp;
  userId: string | null;
}

export type MeasureContext =
  | 'intake'
  | 'baseline'
  | 'pre-session'
  | 'post-session-24h'
  | 'in-session'
  | 'weekly'
  | 'monthly'
  | 'follow-up'
  | 'other';

export interface MeasureTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  instrumentId: string;
  instrumentVersion: string;
  context: MeasureContext;
  sessionId: string | null;
  answers: ColumnType<Record<string, number | boolean>, string, never>;
  total: number | null;
  band: string | null;
  flags: ColumnType<Array<{ code: string; item?: string; message: string }>, string, never>;
  subscales: ColumnType<Record<string, number> | null, string | null, never>;
  questionnaireResponse: ColumnType<Record<string, unknown>, string, never>;
  observedAt: Timestamp;
  recordedAt: Timestamp;
  recordedBy: string | null;
  source: 'staff' | 'patient-link';
  linkId: string | null;
}

/** Kept by the database (migration 20261206007100): baseline and latest total per patient and instrument. */
export interface PatientOutcomeSummaryTable {
  clinicId: string;
  patientId: string;
  instrumentId: string;
  firstTreatmentAt: Timestamp;
  baseline: number | null;
  latest: number | null;
  latestAt: Timestamp | null;
}

export interface ObservationTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  measureId: string | null;
  codeSystem: string;
  code: string;
  valueNumber: number | null;
  valueCode: string | null;
  effectiveAt: Timestamp;
  resource: ColumnType<Record<string, unknown>, string, never>;
}

export interface MeasureLinkTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  tokenHash: string;
  instruments: ColumnType<string[], string, never>;
  context: MeasureContext;
  sessionId: string | null;
  createdBy: string | null;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  usedAt: NullableTimestamp;
}

export interface MeasurementScheduleTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  version: number;
  rules: ColumnType<Array<{ instrument: string; timing: string }>, string, never>;
  createdAt: Timestamp;
  createdBy: string | null;
}

export interface SafetyAlertTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  measureId: string | null;
  kind: string;
  severity: 'low' | 'moderate' | 'high';
  reasons: ColumnType<string[], string, never>;
  source: string;
  createdAt: Timestamp;
  escalationDueAt: Timestamp;
  escalatedAt: NullableTimestamp;
  acknowledgedAt: NullableTimestamp;
  acknowledgedBy: string | null;
  acknowledgementNote: string | null;
  actions: ColumnType<string[] | null, string | null, string | null>;
}

export interface StaffNotificationTable {
  id: Generated<string>;
  clinicId: string;
  userId: string;
  alertId: string | null;
  kind: string;
  message: string;
  createdAt: Timestamp;
  readAt: NullableTimestamp;
}

export interface SafetyPlanTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  version: number;
  content: ColumnType<Record<string, unknown>, string, never>;
  createdAt: Timestamp;
  createdBy: string | null;
}

export interface LedgerProductTable {
  clinicId: string;
  productId: string;
  ndc: string;
  /** The domain's Product (src/domain/inventory/products.ts) as JSON. */
  product: ColumnType<Record<string, unknown>, string, never>;
  createdAt: Timestamp;
  createdBy: string | null;
}

export interface LedgerLocationTable {
  clinicId: string;
  locationId: string;
  name: string;
  openableByRoles: ColumnType<string[], string | undefined, string>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** Append-only (database triggers); `event` is the domain's LedgerEvent JSON, sealed on the clinic's hash chain. */
export interface LedgerEntryTable {
  clinicId: string;
  sequence: number;
  entryId: string;
  kind: string;
  event: ColumnType<Record<string, unknown>, string, never>;
  recordedAt: ColumnType<Date, Date, never>;
  recordedBy: string | null;
  prevHash: string;
  hash: string;
}

export interface LedgerHeadTable {
  clinicId: string;
  lastSequence: number;
  lastHash: string;
  updatedAt: Timestamp;
}

// Appointments beyond plan sessions (migration 20261206110100) ----------------------------------------------------

export type AppointmentResource = 'chair' | 'room' | 'none';
export type AppointmentStatus = 'booked' | 'cancelled';

export interface RoomTable {
  id: Generated<string>;
  clinicId: string;
  name: string;
  isActive: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface AppointmentTypeTable {
  id: Generated<string>;
  clinicId: string;
  code: string;
  name: string;
  durationMin: number;
  roles: ColumnType<StaffRole[], string, string>;
  resource: AppointmentResource;
  isGroup: Generated<boolean>;
  isTelehealth: Generated<boolean>;
  isActive: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface AppointmentTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  typeId: string;
  staffId: string;
  roomId: string | null;
  chairId: string | null;
  startsAt: Timestamp;
  endsAt: Timestamp;
  status: ColumnType<AppointmentStatus, AppointmentStatus | undefined, AppointmentStatus>;
  groupKey: string | null;
  videoLink: string | null;
  note: string | null;
  version: ColumnType<number, number | undefined, number>;
  cancelledAt: NullableTimestamp;
  cancelledBy: string | null;
  cancelReason: string | null;
  createdAt: Timestamp;
  createdBy: string | null;
  updatedAt: Timestamp;
}

export interface AppointmentEventTable {
  id: Generated<string>;
  clinicId: string;
  appointmentId: string;
  kind: 'booked' | 'rescheduled' | 'cancelled';
  detail: ColumnType<Record<string, unknown>, string, never>;
  occurredAt: Timestamp;
  userId: string | null;
}

export interface ResourceHoldTable {
  id: Generated<string>;
  clinicId: string;
  resourceKind: 'staff' | 'room' | 'chair';
  resourceId: string;
  startsAt: Timestamp;
  endsAt: Timestamp;
  shareGroup: string;
  appointmentId: string | null;
  sessionId: string | null;
}

// The outbox (migration 20261206110200) ---------------------------------------------------------------------------

/** The channels of messages to people. */
export type OutboxChannel = 'email' | 'sms';
/** Every channel a row may be on: also `webhook`, a signed POST to an endpoint the clinic registered (modules/webhooks). */
export type OutboxDeliveryChannel = OutboxChannel | 'webhook';
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface OutboxTable {
  id: Generated<string>;
  clinicId: string;
  patientId: string | null;
  kind: string;
  channel: OutboxDeliveryChannel;
  recipient: string;
  subject: string | null;
  body: string;
  dedupeKey: string | null;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  nextAttemptAt: Timestamp;
  claimToken: string | null;
  claimedAt: NullableTimestamp;
  sentAt: NullableTimestamp;
  providerMessageId: string | null;
  lastError: string | null;
  createdAt: Timestamp;
  createdBy: string | null;
}

export interface Database {
  clinic: ClinicTable;
  appUser: AppUserTable;
  userSession: UserSessionTable;
  loginThrottle: LoginThrottleTable;
  auditEvent: AuditEventTable;
  auditChainHead: AuditChainHeadTable;
  mrnSequence: MrnSequenceTable;
  patient: PatientTable;
  patientVersion: PatientVersionTable;
  treatmentSession: TreatmentSessionTable;
  patientIntake: PatientIntakeTable;
  eligibilityDecision: EligibilityDecisionTable;
  eligibilityOverride: EligibilityOverrideTable;
  consentSignature: ConsentSignatureTable;
  treatmentPlan: TreatmentPlanTable;
  planReview: PlanReviewTable;
  chair: ChairTable;
  staffShift: StaffShiftTable;
  sessionConfirmation: SessionConfirmationTable;
  treatmentSessionEvent: TreatmentSessionEventTable;
  measure: MeasureTable;
  patientOutcomeSummary: PatientOutcomeSummaryTable;
  observation: ObservationTable;
  measureLink: MeasureLinkTable;
  measurementSchedule: MeasurementScheduleTable;
  safetyAlert: SafetyAlertTable;
  staffNotification: StaffNotificationTable;
  safetyPlan: SafetyPlanTable;
  ledgerProduct: LedgerProductTable;
  ledgerLocation: LedgerLocationTable;
  ledgerEntry: LedgerEntryTable;
  ledgerHead: LedgerHeadTable;
  room: RoomTable;
  appointmentType: AppointmentTypeTable;
  appointment: AppointmentTable;
  appointmentEvent: AppointmentEventTable;
  resourceHold: ResourceHoldTable;
  outbox: OutboxTable;
}

export type ClinicRow = Selectable<ClinicTable>;
export type AppUserRow = Selectable<AppUserTable>;
export type UserSessionRow = Selectable<UserSessionTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type PatientRow = Selectable<PatientTable>;
export type NewPatientRow = Insertable<PatientTable>;
export type PatientUpdate = Updateable<PatientTable>;

/**
 * Kysely table types. Column names are camelCase here and snake_case in SQL (Kysely's CamelCasePlugin).
 * `Generated<T>` marks columns the database fills in.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
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
  recoveryCodes: ColumnType<string[], string | undefined, string>;
  isActive: Generated<boolean>;
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
  revokedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  clientIp: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  lastFailureAt: Timestamp;
  lockedUntil: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
  prevHash: string;
  hash: string;
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

export interface Database {
  clinic: ClinicTable;
  appUser: AppUserTable;
  userSession: UserSessionTable;
  loginThrottle: LoginThrottleTable;
  auditEvent: AuditEventTable;
  mrnSequence: MrnSequenceTable;
  patient: PatientTable;
  patientVersion: PatientVersionTable;
}

export type ClinicRow = Selectable<ClinicTable>;
export type AppUserRow = Selectable<AppUserTable>;
export type UserSessionRow = Selectable<UserSessionTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type PatientRow = Selectable<PatientTable>;
export type NewPatientRow = Insertable<PatientTable>;
export type PatientUpdate = Updateable<PatientTable>;

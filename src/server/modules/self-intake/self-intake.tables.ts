/** The self-intake link table (migration 20261206120200-self-intake-links), kept beside its module. */
import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../../db/schema.js';

export type SelfIntakeLinkTable = {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  tokenHash: string;
  consentModality: string | null;
  createdBy: string | null;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  submittedAt: NullableTimestamp;
  submission: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  consentSignatureId: string | null;
  registrationAcceptedAt: NullableTimestamp;
  registrationAcceptedBy: string | null;
  registrationIntakeVersion: number | null;
  clinicalAcceptedAt: NullableTimestamp;
  clinicalAcceptedBy: string | null;
  clinicalIntakeVersion: number | null;
};

export type SelfIntakeTables = { selfIntakeLink: SelfIntakeLinkTable };

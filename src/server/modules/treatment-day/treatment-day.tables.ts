/**
 * Kysely types of the treatment-day tables (migration 20261202000500). The repository adds them to the shared
 * `Database` type with `$extendTables`, so this module owns its tables' types.
 */
import type { ColumnType, Generated } from 'kysely';
import type { ENTRY_KINDS } from '../../../contract/treatment-day.js';
import type { Timestamp } from '../../db/schema.js';

export type EntryKind = (typeof ENTRY_KINDS)[number];

export type TreatmentDayEntryTable = {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  clinicId: string;
  sessionId: string;
  patientId: string;
  kind: EntryKind;
  data: ColumnType<Record<string, unknown>, string, never>;
  occurredAt: Timestamp;
  recordedAt: Timestamp;
  recordedBy: string;
  correctsId: string | null;
  correctionReason: string | null;
};

export type SessionAlertTable = {
  id: Generated<string>;
  clinicId: string;
  sessionId: string;
  patientId: string;
  entryId: string;
  code: string;
  severity: 'warning' | 'critical';
  message: string;
  value: number;
  limitValue: number;
  thresholdsVersion: string;
  raisedAt: Timestamp;
};

export type SessionAlertAckTable = {
  id: Generated<string>;
  clinicId: string;
  alertId: string;
  action: string;
  acknowledgedAt: Timestamp;
  acknowledgedBy: string;
};

export type SessionNoteTable = {
  id: Generated<string>;
  clinicId: string;
  sessionId: string;
  patientId: string;
  version: number;
  kind: 'draft' | 'signed' | 'addendum';
  body: string;
  createdAt: Timestamp;
  createdBy: string;
};

export type RemsPatientEnrolmentTable = {
  id: Generated<string>;
  clinicId: string;
  patientId: string;
  enrolledOn: string;
  remsPatientId: string | null;
  recordedAt: Timestamp;
  recordedBy: string;
};

/** A prescriber's evaluation of one same-day suicide-risk answer (migration 20261206001100). */
export type SuicideRiskEvaluationTable = {
  id: Generated<string>;
  clinicId: string;
  sessionId: string;
  patientId: string;
  measureId: string;
  decision: 'may-proceed' | 'do-not-dose';
  note: string;
  evaluatedAt: Timestamp;
  evaluatedBy: string;
  recordedAt: Timestamp;
};

export type TreatmentDayTables = {
  treatmentDayEntry: TreatmentDayEntryTable;
  sessionAlert: SessionAlertTable;
  sessionAlertAck: SessionAlertAckTable;
  sessionNote: SessionNoteTable;
  remsPatientEnrolment: RemsPatientEnrolmentTable;
  suicideRiskEvaluation: SuicideRiskEvaluationTable;
};

/**
 * Kysely types of the therapy-note table (migration 20261206170100). The repository adds them to the shared
 * `Database` type with `$extendTables`, so this module owns its table's type.
 */
import type { Generated } from 'kysely';
import type { Timestamp } from '../../db/schema.js';
import type { TherapyNoteKind, TherapyNoteType } from '../../../domain/therapy/therapy-notes.js';

export type TherapyNoteTable = {
  id: Generated<string>;
  clinicId: string;
  appointmentId: string;
  patientId: string;
  version: number;
  kind: TherapyNoteKind;
  noteType: TherapyNoteType;
  body: string;
  createdAt: Timestamp;
  createdBy: string;
};

export type TherapyNoteTables = { therapyNote: TherapyNoteTable };

/**
 * The HTTP contract of therapy notes (issue 14): the notes of a therapy appointment (KAP preparation, dosing-session
 * support, integration), drafted, signed (then locked) and corrected by addenda. Read by prescribers and therapists,
 * never by the front desk.
 *
 *   GET  /api/appointments/:id/notes              the note of one therapy appointment
 *   PUT  /api/appointments/:id/notes              save a draft version { body, baseVersion, noteType? }
 *   POST /api/appointments/:id/notes/signature    sign the latest draft (locks the note)
 *   POST /api/appointments/:id/notes/addenda      { text }: a correction after the signature, a new version
 *   GET  /api/patients/:id/therapy-notes          the patient's therapy appointments, each with its note
 */
import { Type, type Static } from 'typebox';
import { THERAPY_NOTE_TYPES } from '../domain/therapy/therapy-notes.js';
import { literalUnion, Nullable, StaffRefSchema } from './common.js';

const Uuid = Type.String({ format: 'uuid' });
export const TherapyNoteTypeSchema = literalUnion(THERAPY_NOTE_TYPES);
const NoteKind = literalUnion(['draft', 'signed', 'addendum'] as const);

export const TherapyNoteParamsSchema = Type.Object({ id: Uuid });

export const TherapyNoteVersionSchema = Type.Object({
  version: Type.Integer(),
  kind: NoteKind,
  noteType: TherapyNoteTypeSchema,
  body: Type.String(),
  createdAt: Type.String({ description: 'ISO instant' }),
  createdBy: StaffRefSchema,
});

export const TherapyNoteSchema = Type.Object({
  appointment: Type.Object({
    id: Type.String(),
    patientId: Type.String(),
    patientName: Type.String(),
    startsAt: Type.String(),
    endsAt: Type.String(),
    status: literalUnion(['booked', 'cancelled'] as const),
    type: Type.Object({ code: Type.String(), name: Type.String(), isGroup: Type.Boolean() }),
    staff: StaffRefSchema,
  }),
  /** The kind of note the appointment type suggests (preparation for a preparation session, ...), or null. */
  suggestedNoteType: Nullable(TherapyNoteTypeSchema),
  noteType: Nullable(TherapyNoteTypeSchema),
  latestVersion: Type.Integer(),
  isSigned: Type.Boolean(),
  /** The latest draft while unsigned; null once signed. */
  draft: Nullable(TherapyNoteVersionSchema),
  signed: Nullable(TherapyNoteVersionSchema),
  addenda: Type.Array(TherapyNoteVersionSchema),
  versions: Type.Array(
    Type.Object({ version: Type.Integer(), kind: NoteKind, createdAt: Type.String(), createdBy: Type.String() }),
  ),
});
export type TherapyNoteDto = Static<typeof TherapyNoteSchema>;

export const SaveTherapyNoteSchema = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 50_000 }),
    baseVersion: Type.Integer({
      minimum: 0,
      description: 'The version you edited (0 for a new note); a newer one on the server gives 409.',
    }),
    noteType: Type.Optional(TherapyNoteTypeSchema),
  },
  { additionalProperties: false },
);
export type SaveTherapyNote = Static<typeof SaveTherapyNoteSchema>;

export const SignTherapyNoteSchema = Type.Object({}, { additionalProperties: false });

export const TherapyNoteAddendumSchema = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 20_000 }) },
  { additionalProperties: false },
);

export const PatientTherapyNotesSchema = Type.Object({ items: Type.Array(TherapyNoteSchema) });

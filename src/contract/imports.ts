/** Shapes of the import routes (issue 15, "Import"): patients from CSV. */
import { Type, type Static } from 'typebox';
import { PATIENT_IMPORT_FIELDS } from '../domain/interop/patient-csv.js';
import { literalUnion } from './common.js';

export const PatientImportFieldSchema = literalUnion(PATIENT_IMPORT_FIELDS);

export const PatientImportBodySchema = Type.Object(
  {
    csv: Type.Union(
      [
        Type.String({ minLength: 1, maxLength: 100_000 }),
        Type.Array(Type.String({ maxLength: 100_000 }), { minItems: 1, maxItems: 100 }),
      ],
      {
        description:
          'The CSV text: a header row, then one patient a row (UTF-8; a BOM, CRLF and quoted fields are fine). A file over 100,000 characters is sent as an array of consecutive pieces of at most 100,000 characters each (cut anywhere), joined by the server',
      },
    ),
    mapping: Type.Record(Type.String({ maxLength: 200 }), PatientImportFieldSchema, {
      description: 'CSV header -> field; columns not named are ignored',
    }),
    identifierSystem: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: "The system of the external identifiers when no column gives it, e.g. the old EHR's URL",
      }),
    ),
    dryRun: Type.Boolean({ description: 'true: only report what would happen; false: create the valid rows' }),
  },
  { additionalProperties: false },
);
export type PatientImportBody = Static<typeof PatientImportBodySchema>;

const PatientSummary = Type.Object({
  id: Type.Optional(Type.String()),
  mrn: Type.Optional(Type.String()),
  givenName: Type.String(),
  familyName: Type.String(),
  dateOfBirth: Type.Optional(Type.String()),
});

export const PatientImportRowSchema = Type.Object({
  row: Type.Integer({ description: 'The row in the file, the header being 1' }),
  status: Type.Union([Type.Literal('create'), Type.Literal('created'), Type.Literal('exists'), Type.Literal('error')], {
    description:
      'create: would be created (dry run); created; exists: a patient already has this external identifier (not imported again); error',
  }),
  errors: Type.Array(Type.Object({ column: Type.String(), message: Type.String() })),
  patient: Type.Optional(PatientSummary),
  identifier: Type.Optional(Type.Object({ system: Type.String(), value: Type.String() })),
});

export const PatientImportReportSchema = Type.Object({
  dryRun: Type.Boolean(),
  summary: Type.Object({
    rows: Type.Integer(),
    create: Type.Integer(),
    created: Type.Integer(),
    exists: Type.Integer(),
    errors: Type.Integer(),
  }),
  rows: Type.Array(PatientImportRowSchema),
});
export type PatientImportReport = Static<typeof PatientImportReportSchema>;
export type PatientImportRow = Static<typeof PatientImportRowSchema>;

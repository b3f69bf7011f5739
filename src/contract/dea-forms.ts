/**
 * The HTTP contract of the DEA Form 41 (destruction) and Form 106 (theft or loss) records (issue 14): the records
 * as the ledger composes them, each as a PDF, and "marked as sent" events (who, when, how), never overwritten.
 *
 *   GET  /api/ledger/dea-forms                          every destruction and loss record, with its sendings
 *   GET  /api/ledger/dea-forms/:entryId                 one record
 *   GET  /api/ledger/dea-forms/:entryId/pdf             the record as a PDF
 *   POST /api/ledger/dea-forms/:entryId/submissions     { method, sentOn, reference?, note? } -> 201, a new event
 */
import { Type, type Static } from 'typebox';
import { DEA_FORM_SEND_METHODS } from './code-lists.js';
import { literalUnion, Nullable, StaffRefSchema } from './common.js';
import { Form106RecordSchema, Form41RecordSchema } from './ledger.js';

export { DEA_FORM_SEND_METHOD_LABELS, DEA_FORM_SEND_METHODS, type DeaFormSendMethod } from './code-lists.js';
export const DeaFormSendMethodSchema = literalUnion(DEA_FORM_SEND_METHODS);

export const DeaFormParamsSchema = Type.Object({ entryId: Type.String({ format: 'uuid' }) });

export const DeaFormSubmissionSchema = Type.Object({
  id: Type.String(),
  method: DeaFormSendMethodSchema,
  /** "DEA Diversion Control online", "Mail", ... */
  methodLabel: Type.String(),
  sentOn: Type.String({ description: 'YYYY-MM-DD, the day it was sent' }),
  reference: Nullable(Type.String()),
  note: Nullable(Type.String()),
  recordedAt: Type.String({ description: 'ISO instant' }),
  recordedBy: StaffRefSchema,
});

export const DeaFormRecordSchema = Type.Object({
  entryId: Type.String(),
  sequence: Type.Integer(),
  form: literalUnion(['41', '106'] as const),
  title: Type.String(),
  occurredAt: Type.String(),
  form41: Nullable(Form41RecordSchema),
  form106: Nullable(Form106RecordSchema),
  /** Every time it was marked as sent, oldest first. */
  submissions: Type.Array(DeaFormSubmissionSchema),
  isSent: Type.Boolean(),
});
export type DeaFormRecordDto = Static<typeof DeaFormRecordSchema>;

export const DeaFormListSchema = Type.Object({ items: Type.Array(DeaFormRecordSchema) });

const DateText = Type.String({ format: 'date', description: 'YYYY-MM-DD (a real calendar date)' });
export const MarkDeaFormSentSchema = Type.Object(
  {
    method: DeaFormSendMethodSchema,
    sentOn: DateText,
    reference: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'A confirmation, tracking or fax number' }),
    ),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type MarkDeaFormSent = Static<typeof MarkDeaFormSentSchema>;

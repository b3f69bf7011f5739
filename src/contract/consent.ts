/** The consent contract (issue 13): consent documents, a patient's consent status and signatures, signing at the desk. */
import { Type } from 'typebox';
import { Nullable, StaffRefSchema } from './common.js';
import { ModalitySchema } from './eligibility.js';

export const ConsentDocumentSummarySchema = Type.Object({
  id: Type.String(),
  modality: Type.String(),
  version: Type.String(),
  effectiveDate: Type.String(),
  title: Type.String(),
  sha256: Type.String(),
  isCurrent: Type.Boolean(),
});
export const ConsentDocumentListSchema = Type.Object({ items: Type.Array(ConsentDocumentSummarySchema) });
/** GET /api/consent-documents/:documentId: the summary and the Markdown body. */
export const ConsentDocumentSchema = Type.Object({ ...ConsentDocumentSummarySchema.properties, body: Type.String() });
export const ConsentDocumentParamsSchema = Type.Object({
  documentId: Type.String({ maxLength: 80, pattern: '^[a-z0-9-]+$' }),
});
export const ConsentDocumentQuerySchema = Type.Object(
  { version: Type.Optional(Type.String({ maxLength: 20 })) },
  { additionalProperties: false },
);

export const ConsentSignatureSchema = Type.Object({
  id: Type.String(),
  modality: Type.String(),
  documentId: Type.String(),
  version: Type.String(),
  sha256: Type.String(),
  typedName: Type.String(),
  agreed: Type.Boolean(),
  signedAt: Type.String(),
  via: Type.String(),
  recordedBy: Nullable(StaffRefSchema),
});
/** Whether a modality's consent is current, and why not. */
export const ConsentStatusSchema = Type.Object({
  modality: Type.String(),
  current: Type.Boolean(),
  reason: Type.Union([Type.Enum(['no-consent', 'other-modality', 'outdated-version', 'hash-mismatch']), Type.Null()]),
  message: Type.String(),
  currentDocument: Type.Object({ id: Type.String(), version: Type.String() }),
  signatureId: Type.Union([Type.String(), Type.Null()]),
  signedAt: Type.Union([Type.String(), Type.Null()]),
});

/** GET /api/patients/:id/consents */
export const PatientConsentsSchema = Type.Object({
  status: Type.Array(ConsentStatusSchema),
  signatures: Type.Array(ConsentSignatureSchema),
});

/** POST /api/patients/:id/consents */
export const SignConsentBodySchema = Type.Object(
  {
    modality: ModalitySchema,
    documentId: Type.String({ maxLength: 80 }),
    version: Type.String({ maxLength: 20 }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    typedName: Type.String({ minLength: 2, maxLength: 200, pattern: '\\S' }),
    agreed: Type.Literal(true, { description: 'The checkbox: the patient has read and agrees' }),
  },
  { additionalProperties: false },
);
export const SignedConsentSchema = Type.Object({
  signature: ConsentSignatureSchema,
  status: ConsentStatusSchema,
  typedNameMatchesPatient: Type.Boolean(),
});

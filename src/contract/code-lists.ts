/**
 * Code lists of the API contract that the web app offers in its forms: declared once here, in a file without
 * TypeBox (as patient-fields.ts), so the web imports the lists without the schema library. The schemas in the
 * other contract files build their enums from these; the web builds its select options from them (choicesOf).
 */

/** The intake's coded answers (intake.ts). */
export const SUBSCRIBER_RELATIONSHIPS = ['self', 'spouse', 'parent', 'other'] as const;
export const PSYCHOSIS_HISTORY = ['never', 'past', 'active'] as const;
export const MANIA_HISTORY = ['never', 'past', 'current'] as const;
export const SUBSTANCE_USE = ['none', 'past', 'active'] as const;
export const PREGNANCY_STATUSES = ['not-pregnant', 'pregnant', 'unknown', 'not-applicable'] as const;

/** How a DEA Form 41 or 106 record was sent (dea-forms.ts). */
export const DEA_FORM_SEND_METHODS = ['dea-diversion-online', 'mail', 'fax', 'other'] as const;
export type DeaFormSendMethod = (typeof DEA_FORM_SEND_METHODS)[number];
/** How each way of sending reads: the form the staff choose from, the record's `methodLabel`, the PDF. */
export const DEA_FORM_SEND_METHOD_LABELS: Readonly<Record<DeaFormSendMethod, string>> = {
  'dea-diversion-online': 'DEA Diversion Control online',
  mail: 'Mail',
  fax: 'Fax',
  other: 'Other',
};

/** The observations recorded during a session (treatment-day.ts). */
export const OBSERVATION_KINDS = ['vitals', 'moaas', 'cadss', 'nausea', 'note'] as const;
/** The journal entries staff may correct or strike out as entered in error, with a reason: what was observed. */
export const CORRECTABLE_ENTRY_KINDS = [...OBSERVATION_KINDS, 'adverse-event'] as const;

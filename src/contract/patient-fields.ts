/**
 * The patient fields staff enter and edit (PatientInputSchema in patients.ts); the MRN is the clinic's, given once.
 * A file without TypeBox, so the web app imports the list without the schema library.
 */
export const PATIENT_EDITABLE_FIELDS = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'sex',
  'phone',
  'email',
  'address',
] as const;

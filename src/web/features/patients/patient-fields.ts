/** Words for patient fields and values, shared by the list, the detail page, the form and the history. */
import type { Address, Patient, Sex } from './patients.api';

export const SEX_LABELS: Readonly<Record<Sex, string>> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};

export const FIELD_LABELS: Readonly<Record<string, string>> = {
  mrn: 'MRN',
  givenName: 'Given name',
  familyName: 'Family name',
  dateOfBirth: 'Date of birth',
  sex: 'Sex',
  phone: 'Phone',
  email: 'Email',
  address: 'Address',
  'address.line': 'Street address',
  'address.city': 'City',
  'address.region': 'State / region',
  'address.postalCode': 'Postal code',
  'address.country': 'Country',
};

export function fullName(patient: Pick<Patient, 'givenName' | 'familyName'>): string {
  return `${patient.givenName} ${patient.familyName}`;
}

/** "Lindqvist, Avery": how lists sort and show names. */
export function listName(patient: Pick<Patient, 'givenName' | 'familyName'>): string {
  return `${patient.familyName}, ${patient.givenName}`;
}

export function formatAddress(address: Address | null | undefined): string {
  if (!address) return '';
  const cityLine = [address.city, address.region, address.postalCode].filter(Boolean).join(' ');
  return [address.line, cityLine, address.country].filter(Boolean).join(', ');
}

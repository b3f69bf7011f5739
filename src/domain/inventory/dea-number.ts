import type { Citation } from '../shared/citation.js';
import { DEA_NUMBER_CHECK_DIGIT } from './citations.js';

/**
 * DEA registration number: format and check digit (see `DEA_NUMBER_CHECK_DIGIT` for the source).
 *
 * - 9 characters: 2 letters then 7 digits.
 * - First letter: the registrant type (A/B/F/G practitioners and hospitals, M mid-levels, P/R distributors and
 *   others, X; the published lists differ, so any registrant letter in the union of those lists is accepted).
 * - Second letter: the registrant's last-name or business initial, or `9` when a business address is used.
 * - Check digit: the last digit of (d1 + d3 + d5) + 2 x (d2 + d4 + d6) equals d7.
 *
 * A passing number is well-formed, nothing more: whether the registration is active is a DEA lookup the server
 * or a person does.
 */
export type DeaNumberVerdict =
  | { readonly valid: true; readonly normalised: string; readonly registrantType: string }
  | { readonly valid: false; readonly reason: 'format' | 'registrant-type' | 'check-digit'; readonly message: string };

const REGISTRANT_TYPE_LETTERS = new Set('ABCDEFGHJKLMNPRSTUX'.split(''));
const DEA_PATTERN = /^([A-Z])([A-Z9])(\d{7})$/;

export const DEA_NUMBER_CITATION: Citation = DEA_NUMBER_CHECK_DIGIT;

export function deaCheckDigit(sixDigits: string): number {
  const d = sixDigits.split('').map(Number);
  const odd = (d[0] ?? 0) + (d[2] ?? 0) + (d[4] ?? 0);
  const even = (d[1] ?? 0) + (d[3] ?? 0) + (d[5] ?? 0);
  return (odd + 2 * even) % 10;
}

export function checkDeaNumber(input: string): DeaNumberVerdict {
  const normalised = input.trim().toUpperCase();
  const match = DEA_PATTERN.exec(normalised);
  if (!match)
    return { valid: false, reason: 'format', message: 'must be 2 letters followed by 7 digits (e.g. AB1234563)' };
  const [, type = '', , digits = ''] = match;
  if (!REGISTRANT_TYPE_LETTERS.has(type)) {
    return { valid: false, reason: 'registrant-type', message: `"${type}" is not a DEA registrant-type letter` };
  }
  const expected = deaCheckDigit(digits.slice(0, 6));
  if (Number(digits[6]) !== expected) {
    return { valid: false, reason: 'check-digit', message: `check digit should be ${expected}` };
  }
  return { valid: true, normalised, registrantType: type };
}

/**
 * Checks on what a controlled-substance record must hold, made before the entry is built (the ledger's own rules,
 * `applyEntry`, judge the built entry; these name what is missing or impossible in the request itself).
 */
import { RuleViolationError } from '../shared/validation.js';
import { CFR_1301_76_B, CFR_1304_22_C, DEA_FORM_41 } from './citations.js';
import type { IsoDate } from './entries.js';

/** The sources of the checks below, each cited by its test. */
export const RECORD_CHECK_CITATIONS = {
  administrationAddress: CFR_1304_22_C,
  distinctDestructionWitnesses: DEA_FORM_41,
  lossDiscoveryDate: CFR_1301_76_B,
} as const;

/**
 * An administration record names the person the substance was given to, with their address (21 CFR 1304.22(c)):
 * without an address on the patient's record the entry cannot be made. `address` is the patient's formatted address.
 */
export function hasAdministrationAddress(address: string): boolean {
  return address !== '';
}

/**
 * A destruction is witnessed by two different authorised employees (DEA Form 41 section D; 21 CFR 1317.95(d)).
 * Two sets of credentials naming the same e-mail (case and surrounding spaces aside) are one person: refused before
 * either is checked, with the second witness named.
 */
export function assertDistinctDestructionWitnesses(witnesses: readonly { readonly email: string }[]): void {
  const [first, second] = witnesses;
  if (first && second && first.email.trim().toLowerCase() === second.email.trim().toLowerCase()) {
    throw new RuleViolationError(
      'witnesses-not-distinct',
      'The two witnesses must be two different people.',
      'witnesses.1',
    );
  }
}

/**
 * The day a theft or loss was discovered starts its deadlines (written notice within one business day, 21 CFR
 * 1301.76(b); DEA Form 106 within 45 days): it is a day that has come, never after the clinic's today.
 */
export function lossDiscoveryDateProblem(discoveredOn: IsoDate, today: IsoDate): 'is in the future' | undefined {
  return discoveredOn > today ? 'is in the future' : undefined;
}

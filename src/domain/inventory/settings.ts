import type { Citation } from '../shared/citation.js';
import { RECEIPT_WITNESS_DEFAULT, WASTE_WITNESS_DEFAULT } from './citations.js';
import { PRODUCTS, type Product } from './products.js';

/** A safe or cabinet. `openableByRoles`, when not empty, limits who may take stock in or out (receipt, draw, transfer, return, destruction, count). */
export type StorageLocation = {
  readonly locationId: string;
  readonly name: string;
  readonly openableByRoles: readonly string[];
};

/** Clinic-editable settings: each is a clinic default, not a federal rule (see the citations). */
export type LedgerSettings = {
  readonly wasteWitnessRequired: boolean;
  readonly receiptWitnessRequired: boolean;
};

export const DEFAULT_LEDGER_SETTINGS: LedgerSettings = {
  wasteWitnessRequired: true,
  receiptWitnessRequired: true,
};

export const LEDGER_SETTING_CITATIONS: { readonly [K in keyof LedgerSettings]: Citation } = {
  wasteWitnessRequired: WASTE_WITNESS_DEFAULT,
  receiptWitnessRequired: RECEIPT_WITNESS_DEFAULT,
};

export type LedgerConfig = {
  readonly products: readonly Product[];
  /** When given, every location id in an entry must be one of these, and `openableByRoles` is enforced. */
  readonly locations?: readonly StorageLocation[];
  readonly settings: LedgerSettings;
};

export function ledgerConfig(
  overrides: {
    readonly products?: readonly Product[];
    readonly locations?: readonly StorageLocation[];
    readonly settings?: Partial<LedgerSettings>;
  } = {},
): LedgerConfig {
  const base = {
    products: overrides.products ?? PRODUCTS,
    settings: { ...DEFAULT_LEDGER_SETTINGS, ...overrides.settings },
  };
  return overrides.locations === undefined ? base : { ...base, locations: overrides.locations };
}

export const DEFAULT_LEDGER_CONFIG: LedgerConfig = ledgerConfig();

import type { Citation } from '../shared/citation.js';
import { DomainValidationError, RuleViolationError } from '../shared/validation.js';
import { expiryLastDay, isExpiry } from './dates.js';
import type { IsoDate } from './entries.js';
import type { StockBalance } from './ledger.js';
import { findProduct, type DrugName, type Product } from './products.js';

/**
 * The lot a session's dose is prepared from: one the clinic holds in its controlled-substance ledger (issue 10
 * item 14). 21 CFR 1304.22(c) wants each dispensed or administered unit traceable to the record of the stock it came
 * from; a lot typed by hand that the ledger never received breaks that chain, and an expired lot is not given.
 */
export const DOSE_LOT_CITATION: Citation = {
  source:
    '21 CFR 1304.22(c): records for dispensers (number of units dispensed, to whom, by whom, from the commercial containers received)',
  detail:
    'The prepared dose names a lot held in the ledger (received and not used up), or one drawn for this session; an expired lot is refused',
  status: 'regulation',
};

export interface DoseLot {
  readonly ndc: string;
  readonly lot: string;
  readonly drug: DrugName;
  readonly productName: string;
  /** As received: `YYYY-MM-DD` or `YYYY-MM`. */
  readonly expiry?: string;
  /** The last day the lot may be used (a month-only expiry is the end of that month). */
  readonly usableUntil?: IsoDate;
  /** Held across the clinic's safes, in milligrams (exact text). */
  readonly heldMg: string;
  /** Held in the product's counting unit (ug or devices). */
  readonly heldQuantity: number;
  /** Drawn for the session the dose is prepared for. */
  readonly drawnForSession: boolean;
}

/**
 * The lots of `drug` a dose may be prepared from: every lot with stock in a safe, plus the lots already drawn for the
 * session (`sessionLots`), each once (balances summed over safes). Sorted by first expiry, then NDC and lot.
 */
export function doseLotsFor(input: {
  readonly drug: DrugName;
  readonly balances: readonly StockBalance[];
  readonly products: readonly Product[];
  readonly sessionLots?: ReadonlyArray<{
    readonly ndc: string;
    readonly lot: string;
    readonly expiry?: string | undefined;
  }>;
}): DoseLot[] {
  const byKey = new Map<
    string,
    { ndc: string; lot: string; product: Product; expiry?: string; quantity: number; drawn: boolean }
  >();
  const add = (ndc: string, lot: string, expiry: string | undefined, quantity: number, drawn: boolean) => {
    const product = findProduct(input.products, ndc);
    if (!product || product.drug !== input.drug) return;
    const key = `${ndc}\u0000${lot}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.quantity += quantity;
      seen.drawn ||= drawn;
    } else {
      byKey.set(key, { ndc, lot, product, ...(expiry ? { expiry } : {}), quantity, drawn });
    }
  };
  for (const b of input.balances) if (b.quantity > 0) add(b.ndc, b.lot, b.expiry, b.quantity, false);
  for (const l of input.sessionLots ?? []) add(l.ndc, l.lot, l.expiry, 0, true);
  return [...byKey.values()]
    .map((v) => {
      const usableUntil = v.expiry && isExpiry(v.expiry) ? expiryLastDay(v.expiry) : undefined;
      const mg =
        v.product.unit === 'ug'
          ? v.quantity / 1000
          : v.quantity * (v.product.form === 'nasal-spray' ? v.product.mgPerDevice : 0);
      return {
        ndc: v.ndc,
        lot: v.lot,
        drug: v.product.drug,
        productName: v.product.displayName,
        ...(v.expiry ? { expiry: v.expiry } : {}),
        ...(usableUntil ? { usableUntil } : {}),
        heldMg: String(mg),
        heldQuantity: v.quantity,
        drawnForSession: v.drawn,
      };
    })
    .sort(
      (a, b) =>
        (a.usableUntil ?? '9999').localeCompare(b.usableUntil ?? '9999') ||
        a.ndc.localeCompare(b.ndc) ||
        a.lot.localeCompare(b.lot),
    );
}

/**
 * Whether a lot is past its expiry on `on` (the clinic's date): used after the last day of its expiry (a month-only
 * expiry runs to the end of that month: `usableUntil`, from `expiryLastDay`). The one rule for the dose panel's list
 * and for `chooseDoseLot` (DOSE_LOT_CITATION: an expired lot is refused).
 */
export function isLotExpired(lot: Pick<DoseLot, 'usableUntil'>, on: IsoDate): boolean {
  return lot.usableUntil !== undefined && lot.usableUntil < on;
}

/**
 * Picks the lot named by the prepared dose from `lots` (see `doseLotsFor`). Refusals name the request field:
 *  - `lot-not-in-stock` (lotNumber): the clinic holds no such lot of this drug, nor drew it for the session;
 *  - `ndc` (validation): the same lot number under two products, and no NDC given to tell them apart;
 *  - `lot-expired` (lotNumber): the lot's expiry is before `on` (the clinic's date of preparation).
 */
export function chooseDoseLot(input: {
  readonly lots: readonly DoseLot[];
  readonly lotNumber: string;
  readonly ndc?: string | undefined;
  readonly on: IsoDate;
}): DoseLot {
  const wanted = input.lotNumber.trim();
  const matches = input.lots.filter((l) => l.lot === wanted && (input.ndc === undefined || l.ndc === input.ndc));
  if (matches.length === 0) {
    const held = input.lots.map((l) => l.lot).join(', ');
    throw new RuleViolationError(
      'lot-not-in-stock',
      `Lot ${wanted} is not held in this clinic's ledger${held ? ` (held: ${held})` : ' (no stock of this drug is held)'}: receive it into the ledger first.`,
      'lotNumber',
    );
  }
  if (matches.length > 1) {
    throw new DomainValidationError([
      { field: 'ndc', message: `lot ${wanted} is held under ${matches.map((m) => m.ndc).join(' and ')}: name the NDC` },
    ]);
  }
  const lot = matches[0]!;
  if (isLotExpired(lot, input.on)) {
    throw new RuleViolationError(
      'lot-expired',
      `Lot ${lot.lot} expired (${lot.expiry}): it cannot be given.`,
      'lotNumber',
    );
  }
  return lot;
}

import { DomainValidationError } from '../shared/validation.js';

/**
 * Exact amounts.
 *
 * Every amount in the ledger is a non-negative safe integer in the product's counting unit, so sums and
 * differences are exact (no floating-point drift, ever):
 *
 * - `ug` (micrograms) for ketamine solutions: 1 mg = 1,000 ug, so milligrams with up to three decimals are exact.
 *   Volumes are integer microlitres (uL). With the concentration as an integer mg/mL,
 *   `ug = uL x (mg/mL)` exactly (1 uL x 1 mg/mL = 1 ug), so a volume and an amount can be checked against each
 *   other without rounding.
 * - `device` for esketamine nasal spray: one device = 28 mg; a device is never split, so devices are counted whole.
 */
export type CountingUnit = 'ug' | 'device';

export const UG_PER_MG = 1000;
export const UL_PER_ML = 1000;

const DECIMAL = /^(\d+)(?:\.(\d{1,3}))?$/;

function parseThousandths(text: string, field: string, unitName: string): number {
  const trimmed = text.trim();
  const match = DECIMAL.exec(trimmed);
  if (!match) {
    throw new DomainValidationError([
      { field, message: `must be a non-negative number of ${unitName} with at most 3 decimals` },
    ]);
  }
  const whole = Number(match[1]);
  const frac = Number((match[2] ?? '').padEnd(3, '0'));
  const value = whole * 1000 + frac;
  if (!Number.isSafeInteger(value)) throw new DomainValidationError([{ field, message: 'is too large' }]);
  return value;
}

/** "36.5" (mg) -> 36500 (ug). Exact: parses the decimal text, never multiplies a float. */
export function parseMg(text: string, field = 'mg'): number {
  return parseThousandths(text, field, 'mg');
}

/** "0.73" (mL) -> 730 (uL). Exact. */
export function parseMl(text: string, field = 'mL'): number {
  return parseThousandths(text, field, 'mL');
}

function fromFloatThousandths(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0)
    throw new DomainValidationError([{ field, message: 'must be a non-negative finite number' }]);
  const scaled = Math.round(value * 1000);
  if (Math.abs(scaled - value * 1000) > 1e-6)
    throw new DomainValidationError([{ field, message: 'has more than 3 decimals' }]);
  if (!Number.isSafeInteger(scaled)) throw new DomainValidationError([{ field, message: 'is too large' }]);
  return scaled;
}

/** 36.5 (mg, a JS number from a form) -> 36500 ug; refuses more than 3 decimals rather than rounding silently. */
export function mgToUg(mg: number, field = 'mg'): number {
  return fromFloatThousandths(mg, field);
}

/** 0.73 (mL) -> 730 uL; refuses more than 3 decimals. */
export function mlToUl(ml: number, field = 'mL'): number {
  return fromFloatThousandths(ml, field);
}

/** 36500 ug -> "36.5"; 500000 -> "500". Exact decimal text, no trailing zeros. */
export function formatThousandths(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const whole = Math.floor(abs / 1000);
  const frac = abs % 1000;
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

/** Micrograms as milligram text: 36500 -> "36.5". */
export function formatUgAsMg(ug: number): string {
  return formatThousandths(ug);
}

/** Microlitres as millilitre text: 730 -> "0.73". */
export function formatUlAsMl(ul: number): string {
  return formatThousandths(ul);
}

export function isQuantity(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Request amounts -> the domain's exact integer units, and the domain's field paths -> request field names, so
 * a refusal names what the user typed ("amount.ml", "witness"), not the stored event's inner field.
 */
import { mgToUg, mlToUl, parseMg, parseMl, type Product } from '../../../domain/inventory/index.js';
import { DomainValidationError, RuleViolationError } from '../../../domain/shared/validation.js';
import { BadRequestError } from '../../errors/http-errors.js';
import type { AmountInput } from '../../../contract/ledger.js';

export interface ExactAmount {
  /** ug for solutions, devices for nasal-spray kits. */
  readonly quantity: number;
  /** uL, for solutions, when known exactly. */
  readonly volumeUl?: number;
}

function decimal(
  value: string | number,
  field: string,
  parse: (t: string, f: string) => number,
  fromNumber: (n: number, f: string) => number,
): number {
  try {
    return typeof value === 'string' ? parse(value, field) : fromNumber(value, field);
  } catch (error) {
    if (error instanceof DomainValidationError) throw new BadRequestError(error.message, error.issues);
    throw error;
  }
}

/** The exact amount an `amount` object describes for a product. */
export function exactAmount(product: Product, amount: AmountInput, field = 'amount'): ExactAmount {
  const ways = [
    amount.mg !== undefined || amount.ml !== undefined,
    amount.devices !== undefined,
    amount.containers !== undefined,
  ].filter(Boolean).length;
  if (ways !== 1) {
    throw new BadRequestError('Give the amount one way: mg (and/or mL), devices, or whole containers.', [
      { field, message: 'give exactly one of mg/ml, devices or containers' },
    ]);
  }
  if (amount.containers !== undefined) {
    const quantity = amount.containers * product.unitsPerContainer;
    return product.unit === 'ug' ? { quantity, volumeUl: amount.containers * product.containerVolumeUl } : { quantity };
  }
  if (product.unit === 'device') {
    if (amount.devices === undefined) {
      throw new BadRequestError(`${product.displayName} is counted in devices.`, [
        { field: `${field}.devices`, message: 'is required for a nasal-spray product (count devices)' },
      ]);
    }
    return { quantity: amount.devices };
  }
  if (amount.devices !== undefined) {
    throw new BadRequestError(`${product.displayName} is a solution: give mg and/or mL.`, [
      { field: `${field}.devices`, message: 'is only for nasal-spray products; give mg and/or ml' },
    ]);
  }
  const ug = amount.mg === undefined ? undefined : decimal(amount.mg, `${field}.mg`, parseMg, mgToUg);
  const ul = amount.ml === undefined ? undefined : decimal(amount.ml, `${field}.ml`, parseMl, mlToUl);
  if (ug !== undefined && ul !== undefined) return { quantity: ug, volumeUl: ul };
  if (ul !== undefined) return { quantity: ul * product.concentrationMgPerMl, volumeUl: ul };
  const quantity = ug ?? 0;
  // mg alone: the volume follows when it is a whole number of microlitres at this concentration.
  return quantity % product.concentrationMgPerMl === 0
    ? { quantity, volumeUl: quantity / product.concentrationMgPerMl }
    : { quantity };
}

/** "event.volumeUl" -> "amount.ml", "event.witness.userId" -> "witness", "event.replacement.quantity" -> "replacement.amount". */
export function requestField(field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  let rest = field.replace(/^event\.?/, '');
  let prefix = '';
  if (rest.startsWith('replacement.')) {
    prefix = 'replacement.';
    rest = rest.slice('replacement.'.length);
  }
  const mapped = rest
    .replace(/^quantity$/, 'amount')
    .replace(/^volumeUl$/, 'amount.ml')
    .replace(/^witness(\..*)?$/, 'witness')
    .replace(/^witnesses\.(\d+)(\..*)?$/, 'witnesses.$1')
    .replace(/^lines\.(\d+)\.openedQuantity$/, 'lines.$1.opened')
    .replace(/^unitsPerContainer$/, 'ndc')
    .replace(/^(patientName|patientAddress)$/, 'sessionId');
  return `${prefix}${mapped}` || (prefix ? prefix.slice(0, -1) : 'event');
}

/** Re-throws a domain refusal with request field names. */
export function withRequestFields(error: unknown): never {
  if (error instanceof DomainValidationError) {
    throw new DomainValidationError(
      error.issues.map((i) => ({ field: requestField(i.field) ?? i.field, message: i.message })),
    );
  }
  if (error instanceof RuleViolationError) {
    throw new RuleViolationError(error.code, error.message, requestField(error.field));
  }
  throw error;
}

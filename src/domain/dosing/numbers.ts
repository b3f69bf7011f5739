import { DomainValidationError, type FieldIssue } from '../shared/validation.js';

/** Round half away from zero to `decimals` places, without binary-fraction surprises (5.25 -> 5.3). */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Math.abs(value) * factor;
  const rounded = Math.round(scaled + scaled * Number.EPSILON * 4) / factor;
  return Math.sign(value) * rounded;
}

export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  /** When true the minimum itself is not allowed (a value must be above it). */
  readonly exclusiveMin?: boolean;
  readonly integer?: boolean;
}

/** Adds an issue to `issues` unless `value` is a finite number within `range`; returns the number when valid. */
export function checkNumber(
  value: unknown,
  field: string,
  range: NumberRange,
  issues: FieldIssue[],
): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ field, message: 'must be a number' });
    return undefined;
  }
  if (range.integer && !Number.isInteger(value)) {
    issues.push({ field, message: 'must be a whole number' });
    return undefined;
  }
  if (range.min !== undefined && (range.exclusiveMin ? value <= range.min : value < range.min)) {
    issues.push({
      field,
      message: range.exclusiveMin ? `must be greater than ${range.min}` : `must be at least ${range.min}`,
    });
    return undefined;
  }
  if (range.max !== undefined && value > range.max) {
    issues.push({ field, message: `must be at most ${range.max}` });
    return undefined;
  }
  return value;
}

export function throwIfIssues(issues: readonly FieldIssue[]): void {
  if (issues.length > 0) throw new DomainValidationError(issues);
}

import { DomainValidationError, RuleViolationError } from './validation.js';

/**
 * For specifications of refusals: runs `fn` and returns the error it threw when it is of the expected class, so a
 * test can assert its code or fields. Anything else it throws is thrown on; returning normally fails the test.
 */
function thrownOf<E extends Error>(kind: abstract new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (error) {
    if (error instanceof kind) return error;
    throw error;
  }
  throw new Error(`expected a ${kind.name}`);
}

/** The rule violation `fn` throws (its `code` names the rule). */
export function ruleViolationOf(fn: () => unknown): RuleViolationError {
  return thrownOf(RuleViolationError, fn);
}

/** The fields named by the validation error `fn` throws. */
export function invalidFieldsOf(fn: () => unknown): string[] {
  return thrownOf(DomainValidationError, fn).issues.map((i) => i.field);
}

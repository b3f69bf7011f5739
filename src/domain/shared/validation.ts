/**
 * Domain validation failures name the field (or item) that is wrong, so the HTTP layer can answer 400 with it.
 * Domain functions return or throw these; they never guess a value.
 */
export interface FieldIssue {
  /** A JSON-pointer-like path to the field, e.g. "answers.9" or "facts.weightKg". */
  readonly field: string;
  readonly message: string;
}

export class DomainValidationError extends Error {
  readonly issues: readonly FieldIssue[];
  constructor(issues: readonly FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
    this.name = 'DomainValidationError';
    this.issues = issues;
  }
}

/**
 * A request that is well-formed but breaks a clinical or business rule. `code` names the rule; the HTTP layer answers
 * with the status its table of codes gives the code (src/server/errors/problem-codes.ts: 400, 409 or 422).
 */
export class RuleViolationError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  /** Every field the refusal names, when it names more than one (e.g. each blocking checklist item). */
  readonly issues: readonly FieldIssue[] | undefined;
  constructor(code: string, message: string, field?: string, issues?: readonly FieldIssue[]) {
    super(message);
    this.name = 'RuleViolationError';
    this.code = code;
    this.field = field;
    this.issues = issues;
  }
}

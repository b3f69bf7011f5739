import { PROBLEM_CODES, type ProblemCode, type ProblemStatus } from './problem-codes.js';

/**
 * One error type per kind of failure. The error handler (plugins/error-handler.ts) turns each into an
 * RFC 9457 problem document; under /fhir it becomes an OperationOutcome.
 */
export interface ProblemField {
  readonly field: string;
  readonly message: string;
}

export abstract class HttpError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  readonly fields: readonly ProblemField[];
  constructor(message: string, fields: readonly ProblemField[] = []) {
    super(message);
    this.name = new.target.name;
    this.fields = fields;
  }
}

/** The base of the errors of one kind: the status they answer and the problem `type` that names it. */
function httpErrorOf<S extends number>(status: S, type: string) {
  abstract class KindOfHttpError extends HttpError {
    readonly status = status;
    readonly type = type;
  }
  return KindOfHttpError;
}

export class BadRequestError extends httpErrorOf(400, 'bad-request') {}
export class UnauthorizedError extends httpErrorOf(401, 'unauthorized') {}
export class ForbiddenError extends httpErrorOf(403, 'forbidden') {}
/** Forbidden for a reason the client can act on; `code` names it (e.g. 'password-change-required'). */
export class CodedForbiddenError extends ForbiddenError {
  constructor(
    message: string,
    readonly code: ProblemCode,
    fields: readonly ProblemField[] = [],
  ) {
    super(message, fields);
  }
}
export class NotFoundError extends httpErrorOf(404, 'not-found') {}
export class ConflictError extends httpErrorOf(409, 'conflict') {}
/** Existed but is no longer usable (a used or expired single-use link). */
export class GoneError extends httpErrorOf(410, 'gone') {}
/** Well-formed but refused by a clinical or business rule; `code` names the rule. */
export class RuleRefusedError extends httpErrorOf(422, 'rule-refused') {
  constructor(
    message: string,
    readonly code: ProblemCode,
    fields: readonly ProblemField[] = [],
  ) {
    super(message, fields);
  }
}
export class TooManyRequestsError extends httpErrorOf(429, 'too-many-requests') {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The problem `type` of each status a coded problem can have. */
export const PROBLEM_TYPES: Record<ProblemStatus, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  409: 'conflict',
  422: 'rule-refused',
};

/** A problem thrown by its code: the status (and so the type) is the one `PROBLEM_CODES` gives the code. */
export class ProblemError extends HttpError {
  readonly status: ProblemStatus;
  readonly type: string;
  constructor(
    readonly code: ProblemCode,
    message: string,
    fields: readonly ProblemField[] = [],
  ) {
    super(message, fields);
    this.status = PROBLEM_CODES[code];
    this.type = PROBLEM_TYPES[this.status];
  }
}

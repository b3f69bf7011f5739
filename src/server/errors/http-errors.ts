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

export class BadRequestError extends HttpError {
  readonly status = 400;
  readonly type = 'bad-request';
}
export class UnauthorizedError extends HttpError {
  readonly status = 401;
  readonly type = 'unauthorized';
}
export class ForbiddenError extends HttpError {
  readonly status = 403;
  readonly type = 'forbidden';
}
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
export class NotFoundError extends HttpError {
  readonly status = 404;
  readonly type = 'not-found';
}
export class ConflictError extends HttpError {
  readonly status = 409;
  readonly type = 'conflict';
}
/** Existed but is no longer usable (a used or expired single-use link). */
export class GoneError extends HttpError {
  readonly status = 410;
  readonly type = 'gone';
}
/** Well-formed but refused by a clinical or business rule; `code` names the rule. */
export class RuleRefusedError extends HttpError {
  readonly status = 422;
  readonly type = 'rule-refused';
  constructor(
    message: string,
    readonly code: ProblemCode,
    fields: readonly ProblemField[] = [],
  ) {
    super(message, fields);
  }
}
export class TooManyRequestsError extends HttpError {
  readonly status = 429;
  readonly type = 'too-many-requests';
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

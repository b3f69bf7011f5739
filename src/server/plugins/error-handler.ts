import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainValidationError, RuleViolationError } from '../../domain/shared/validation.js';
import { HttpError, PROBLEM_TYPES, TooManyRequestsError, type ProblemField } from '../errors/http-errors.js';
import { statusOfCode } from '../errors/problem-codes.js';
import { RETRYABLE_SQLSTATES } from '../db/transaction.js';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: readonly ProblemField[];
  code?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Refused by a rule',
  429: 'Too many requests',
  500: 'Internal server error',
};

/** Ajv's instancePath "/answers/9" or "/body/x" -> "answers.9"; required errors name the missing property. */
function fieldOfValidation(
  v: { instancePath?: string; params?: Record<string, unknown>; message?: string },
  context: string | undefined,
): ProblemField {
  const parts = (v.instancePath ?? '').split('/').filter(Boolean);
  if (v.params && typeof v.params.missingProperty === 'string') parts.push(v.params.missingProperty);
  if (v.params && typeof v.params.additionalProperty === 'string') parts.push(v.params.additionalProperty);
  const prefix = context && context !== 'body' ? `${context}.` : '';
  const field = `${prefix}${parts.join('.')}` || context || 'request';
  let message = v.message ?? 'is invalid';
  if (v.params && typeof v.params.additionalProperty === 'string') message = 'is not an allowed field';
  if (v.params && typeof v.params.missingProperty === 'string') message = 'is required';
  return { field, message };
}

/** A 409: the database refused a change that conflicts with another (a concurrent one, or an overlap); nothing was saved. */
function conflictProblem(detail: string, code?: string): Problem {
  return { type: 'conflict', title: TITLES[409]!, status: 409, detail, ...(code ? { code } : {}) };
}

export function toProblem(error: unknown): Problem {
  if (error instanceof HttpError) {
    // A coded error answers with its code's one status (the table of codes), whichever class carried it.
    const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    const status = (code !== undefined ? statusOfCode(code) : undefined) ?? error.status;
    const type = status === error.status ? error.type : PROBLEM_TYPES[status as keyof typeof PROBLEM_TYPES];
    const detail =
      error.fields.length > 0 && status === 400
        ? error.fields.map((f) => `${f.field}: ${f.message}`).join('; ')
        : error.message;
    const problem: Problem = { type, title: TITLES[status] ?? 'Error', status, detail };
    if (error.fields.length > 0) problem.errors = error.fields;
    if (code !== undefined) problem.code = code;
    return problem;
  }
  if (error instanceof DomainValidationError) {
    return { type: 'bad-request', title: TITLES[400]!, status: 400, detail: error.message, errors: error.issues };
  }
  if (error instanceof RuleViolationError) {
    // The domain names the rule; the table of codes gives its status (a code it does not list stays a 422).
    const status = statusOfCode(error.code) ?? 422;
    const errors = error.issues ?? (error.field ? [{ field: error.field, message: error.message }] : undefined);
    const detail = errors && status === 400 ? errors.map((f) => `${f.field}: ${f.message}`).join('; ') : error.message;
    const problem: Problem = { type: PROBLEM_TYPES[status], title: TITLES[status]!, status, detail, code: error.code };
    if (errors) problem.errors = errors;
    return problem;
  }
  const sqlState = (error as { code?: unknown })?.code;
  if (sqlState === '23505') {
    // A unique constraint caught two concurrent changes to the same thing: the later one is refused, nothing lost.
    return conflictProblem('Someone else changed this at the same moment. Reload and try again.');
  }
  if (sqlState === '23P01') {
    // An exclusion constraint (resource_hold_no_overlap, a chair or a shift) refused overlapping time that no service
    // explained first: still a conflict, never a 500.
    return conflictProblem(
      'This overlaps another booking of the same clinician, room or chair. Reload and choose another time.',
      'double-booked',
    );
  }
  if (typeof sqlState === 'string' && RETRYABLE_SQLSTATES.has(sqlState)) {
    // A deadlock or serialization failure that outlasted the transactor's retries: the attempt left nothing behind.
    return conflictProblem(
      'Others were changing the same records at that moment. Nothing was saved; please try again.',
      'concurrent-change',
    );
  }
  if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) {
    // SQLSTATE class 22 "data exception" (a value out of range, malformed, a NUL byte, an impossible date):
    // the request carried a value the database cannot hold. Validation should have caught it first; this is
    // the safety net, so such input is a 400, never a 500. The database's message can quote the value: not sent.
    return {
      type: 'bad-request',
      title: TITLES[400]!,
      status: 400,
      detail: 'A value in the request is out of range or not in a form the database can store.',
      code: `sqlstate-${sqlState}`,
    };
  }
  const fastifyError = error as Partial<FastifyError> & {
    validation?: Array<{ instancePath?: string; params?: Record<string, unknown>; message?: string }>;
    validationContext?: string;
  };
  if (fastifyError.validation) {
    const fields = fastifyError.validation.map((v) => fieldOfValidation(v, fastifyError.validationContext));
    return {
      type: 'bad-request',
      title: TITLES[400]!,
      status: 400,
      detail: fields.map((f) => `${f.field}: ${f.message}`).join('; '),
      errors: fields,
    };
  }
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors: malformed JSON, wrong content type, body too large…
    return {
      type: 'bad-request',
      title: TITLES[status] ?? 'Bad request',
      status,
      detail: fastifyError.message ?? 'Bad request',
    };
  }
  return {
    type: 'internal',
    title: TITLES[500]!,
    status: 500,
    detail: 'An unexpected error occurred. It has been logged.',
  };
}

/**
 * Logs an error answered with a 5xx: its kind and stack, never the request (its body or a search may hold patient
 * data). Database errors can quote row values (a duplicate key's value), so for them only the SQLSTATE and constraint
 * name are logged. The API's handler and the FHIR facade's (fhir/operation-outcome.ts) both log through this.
 */
export function logServerError(request: FastifyRequest, error: unknown, message: string): void {
  const e = error as Error & { code?: unknown; constraint?: unknown };
  const isDatabaseError = typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
  request.log.error(
    {
      err: {
        type: e?.name,
        code: e?.code,
        constraint: e?.constraint,
        message: isDatabaseError ? undefined : e?.message,
        stack: e?.stack?.split('\n').slice(1).join('\n'),
      },
    },
    message,
  );
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) logServerError(request, error, 'request failed');
    if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterSeconds));
    void reply.status(problem.status).type('application/problem+json').send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    void sendNoRoute(request, reply);
  });
}

/** The problem a request for a route that does not exist answers (404, naming the method and path). */
export function sendNoRoute(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply
    .status(404)
    .type('application/problem+json')
    .send({
      type: 'not-found',
      title: 'Not found',
      status: 404,
      detail: `No route ${request.method} ${request.url.split('?')[0]}`,
    });
}

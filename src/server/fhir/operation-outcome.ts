/**
 * Errors under /fhir/R4 are OperationOutcomes. The same error classes and the same mapping to a status as the rest of
 * the API (plugins/error-handler.ts `toProblem`) are used; only the shape differs. Each named field becomes an issue
 * whose `expression` is the field (the search parameter, or the path in the posted resource).
 */
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { logServerError, toProblem } from '../plugins/error-handler.js';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** R4 issue-type codes for each HTTP status this server answers with. */
const ISSUE_CODE: Readonly<Record<number, OperationOutcomeIssue['code']>> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  409: 'conflict',
  410: 'deleted',
  413: 'too-costly',
  415: 'not-supported',
  422: 'business-rule',
  429: 'throttled',
};

export function operationOutcome(
  status: number,
  detail: string,
  fields: ReadonlyArray<{ field: string; message: string }> = [],
): OperationOutcome {
  const code = ISSUE_CODE[status] ?? (status >= 500 ? 'exception' : 'processing');
  const severity = status >= 500 ? 'fatal' : 'error';
  const issue: OperationOutcomeIssue[] =
    fields.length > 0
      ? fields.map((f) => ({ severity, code, diagnostics: `${f.field}: ${f.message}`, expression: [f.field] }))
      : [{ severity, code, diagnostics: detail }];
  return { resourceType: 'OperationOutcome', issue };
}

export function sendFhirError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const problem = toProblem(error);
  if (problem.status >= 500) logServerError(request, error, 'FHIR request failed');
  void reply
    .status(problem.status)
    .header('content-type', FHIR_JSON)
    .send(operationOutcome(problem.status, problem.detail, problem.errors ?? []));
}

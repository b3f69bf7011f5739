/**
 * Bulk Data export routes, registered inside the FHIR plugin (same OperationOutcome errors). Kick-off answers 202 with
 * Content-Location (the status URL); the status URL answers 202 + X-Progress, then 200 with the manifest; files are
 * `application/fhir+ndjson`. Access: clinical roles; an API token needs read scopes on the types it exports.
 */
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestContext, type App } from '../http.js';
import type { ExportLevel } from './bulk-export.repository.js';
import type { BulkExportService } from './bulk-export.service.js';
import { operationOutcome } from './operation-outcome.js';

const information = (text: string) => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'information', code: 'informational', diagnostics: text }],
});

const JobParams = Type.Object({ jobId: Type.String({ maxLength: 64 }) });
const GroupParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const FileParams = Type.Object({ jobId: Type.String({ maxLength: 64 }), file: Type.String({ maxLength: 100 }) });
const hidden = { hide: true, tags: ['fhir'] };
/** Every export route: clinical roles; tokens are checked per exported type by the service (`*` here). */
const exportAccess = {
  access: { permission: 'clinical:read' },
  tokenScope: { resourceType: '*', interaction: 'r' },
} as const;

export function registerBulkExportRoutes(
  app: App,
  service: BulkExportService,
  basePath: string,
  baseUrl: (request: FastifyRequest) => string,
): void {
  const kickOff = (level: ExportLevel) => async (request: FastifyRequest, reply: FastifyReply) => {
    const groupId = level === 'group' ? (request.params as { id: string }).id : undefined;
    const id = await service.kickOff(
      requestContext(request),
      level,
      request.query as Record<string, unknown>,
      `${request.protocol}://${request.host}${request.url}`,
      groupId,
    );
    return reply
      .status(202)
      .header('content-location', `${baseUrl(request)}/$export-status/${id}`)
      .send(information('The export has started: poll the Content-Location URL.'));
  };
  app.get(`${basePath}/$export`, { config: exportAccess, schema: hidden }, kickOff('system'));
  app.get(`${basePath}/Patient/$export`, { config: exportAccess, schema: hidden }, kickOff('patient'));
  app.get(
    `${basePath}/Group/:id/$export`,
    { config: exportAccess, schema: { ...hidden, params: GroupParams } },
    kickOff('group'),
  );

  app.get(
    `${basePath}/$export-status/:jobId`,
    { config: exportAccess, schema: { ...hidden, params: JobParams } },
    async (request, reply) => {
      const answer = await service.status(requestContext(request), request.params.jobId, baseUrl(request));
      if (answer.state === 'in-progress')
        return reply.status(202).header('x-progress', answer.progress).header('retry-after', '1').send();
      if (answer.state === 'failed') return reply.status(500).send(operationOutcome(500, answer.error));
      return reply.status(200).header('content-type', 'application/json').send(answer.manifest);
    },
  );
  app.delete(
    `${basePath}/$export-status/:jobId`,
    { config: exportAccess, schema: { ...hidden, params: JobParams } },
    async (request, reply) => {
      await service.cancel(requestContext(request), request.params.jobId);
      return reply.status(202).send(information('The export was cancelled and its files removed.'));
    },
  );

  app.get(
    `${basePath}/$export-file/:jobId/:file`,
    { config: exportAccess, schema: { ...hidden, params: FileParams } },
    async (request, reply) => {
      const chunks = await service.file(requestContext(request), request.params.jobId, request.params.file);
      return reply.status(200).header('content-type', 'application/fhir+ndjson').send(Readable.from(chunks));
    },
  );
}

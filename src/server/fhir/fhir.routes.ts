/**
 * The FHIR R4 server at /fhir/R4 (issue 15): CapabilityStatement, read and search for each type in
 * fhir-resources.ts, and creating a QuestionnaireResponse. Everything here answers `application/fhir+json`
 * (request bodies may be sent as application/fhir+json or application/json); every error, unknown paths included,
 * is an OperationOutcome. Access: each type declares its permission; `metadata` is public.
 */
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { Services } from '../app.js';
import { NotFoundError } from '../errors/http-errors.js';
import { requestContext, type App } from '../http.js';
import type { AppDeps } from '../types.js';
import { BulkExportRepository } from './bulk-export.repository.js';
import { registerBulkExportRoutes } from './bulk-export.routes.js';
import { BulkExportService } from './bulk-export.service.js';
import { FHIR_RESOURCES } from './fhir-resources.js';
import { FhirRepository } from './fhir.repository.js';
import { FhirService } from './fhir.service.js';
import { FHIR_JSON, sendFhirError } from './operation-outcome.js';
import { registerTransactionRoute } from './transaction.routes.js';
import { transactionService } from './transaction.module.js';
import type { FhirTransactionService } from './transaction.service.js';

export const FHIR_BASE_PATH = '/fhir/R4';

const IdParams = Type.Object({ id: Type.String({ maxLength: 200 }) });
const hidden = { hide: true, tags: ['fhir'] };

/** The base URL clients use to reach this server (absolute, for fullUrl and paging links). */
function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${FHIR_BASE_PATH}`;
}

export function fhirRoutes(service: FhirService, bulkExport?: BulkExportService, transaction?: FhirTransactionService) {
  return async function register(app: App): Promise<void> {
    app.setErrorHandler((error, request, reply) => sendFhirError(error, request, reply));
    app.addContentTypeParser(
      'application/fhir+json',
      { parseAs: 'string' },
      app.getDefaultJsonParser('error', 'error'),
    );
    app.addHook('onSend', async (_request, reply, payload) => {
      // Bulk export files are NDJSON and its manifest plain JSON (Bulk Data IG), set by their routes as exactly
      // `application/json` (Fastify's own default carries a charset); everything else is FHIR JSON.
      const type = String(reply.getHeader('content-type') ?? '');
      if (!type.startsWith('application/fhir+ndjson') && type !== 'application/json')
        reply.header('content-type', FHIR_JSON);
      return payload;
    });

    if (bulkExport) {
      registerBulkExportRoutes(app, bulkExport, FHIR_BASE_PATH, baseUrl);
      app.addHook('onClose', () => bulkExport.close());
    }
    app.get(`${FHIR_BASE_PATH}/metadata`, { config: { access: 'public' }, schema: hidden }, (request) =>
      service.capabilityStatement(baseUrl(request)),
    );

    for (const def of FHIR_RESOURCES) {
      app.get(
        `${FHIR_BASE_PATH}/${def.type}`,
        {
          config: { access: { permission: def.permission }, tokenScope: { resourceType: def.type, interaction: 's' } },
          schema: hidden,
        },
        (request) =>
          service.search(requestContext(request), def, request.query as Record<string, unknown>, baseUrl(request)),
      );
      app.get(
        `${FHIR_BASE_PATH}/${def.type}/:id`,
        {
          config: { access: { permission: def.permission }, tokenScope: { resourceType: def.type, interaction: 'r' } },
          schema: { ...hidden, params: IdParams },
        },
        (request) => service.read(requestContext(request), def, request.params.id),
      );
    }

    app.post(
      `${FHIR_BASE_PATH}/QuestionnaireResponse`,
      {
        config: {
          access: { permission: 'measure:write' },
          tokenScope: { resourceType: 'QuestionnaireResponse', interaction: 'c' },
        },
        schema: hidden,
      },
      async (request, reply) => {
        const created = await service.createQuestionnaireResponse(requestContext(request), request.body);
        const version = created.meta?.versionId ?? '1';
        return reply
          .status(201)
          .header('location', `${baseUrl(request)}/QuestionnaireResponse/${created.id}/_history/${version}`)
          .send(created);
      },
    );

    if (transaction) registerTransactionRoute(app, transaction, FHIR_BASE_PATH, baseUrl); // POST /fhir/R4: transaction Bundle

    // Anything else under the base is a FHIR 404, not the web app's page.
    const unknown = (request: FastifyRequest) => {
      throw new NotFoundError(`No FHIR endpoint ${request.method} ${request.url.split('?')[0]}`);
    };
    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE', ...(transaction ? [] : ['POST' as const])],
      url: FHIR_BASE_PATH,
      config: { access: 'public' },
      schema: hidden,
      handler: unknown,
    });
    app.all(`${FHIR_BASE_PATH}/*`, { config: { access: 'public' }, schema: hidden }, unknown);
  };
}

/** The FHIR module, wired from the app's dependencies and services (one line in app.ts). */
export function fhirModule(
  deps: AppDeps,
  services: Pick<Services, 'measures' | 'audit' | 'patients' | 'intake' | 'clinics'>,
  softwareVersion: string,
) {
  const repository = new FhirRepository(deps.database.db);
  const bulkExport = new BulkExportService(
    new BulkExportRepository(deps.database.db),
    repository,
    services.audit,
    deps.clock,
  );
  return fhirRoutes(
    new FhirService(repository, services.measures, services.audit, deps.clock, softwareVersion),
    bulkExport,
    transactionService(deps, services),
  );
}

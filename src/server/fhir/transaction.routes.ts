/**
 * `POST /fhir/R4` with a transaction Bundle (transaction.service.ts). Admins (a session, or an API token whose role
 * is admin) with, for a token, scopes granting create on each type in the Bundle (`system/*.cud`, or per type).
 */
import type { FastifyRequest } from 'fastify';
import { requestContext, type App } from '../http.js';
import type { FhirTransactionService } from './transaction.service.js';

/** A Bundle of a few hundred patients with their answers fits. */
const TRANSACTION_BODY_LIMIT = 10 * 1_048_576;

export function registerTransactionRoute(
  app: App,
  service: FhirTransactionService,
  basePath: string,
  baseUrl: (request: FastifyRequest) => string,
): void {
  app.post(
    basePath,
    {
      config: { access: { permission: 'data:import' }, tokenScope: { resourceType: '*', interaction: 'c' } },
      bodyLimit: TRANSACTION_BODY_LIMIT,
      schema: { hide: true, tags: ['fhir'] },
    },
    async (request) => {
      const bundle = await service.process(requestContext(request), request.body);
      const base = baseUrl(request);
      return {
        ...bundle,
        entry: bundle.entry?.map((e) => ({
          ...e,
          response: { ...e.response!, location: `${base}/${e.response!.location}` },
        })),
      };
    },
  );
}

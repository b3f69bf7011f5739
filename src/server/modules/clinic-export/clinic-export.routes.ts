/**
 * `GET /api/admin/clinic-export`: the whole clinic as a zip (clinic-export.service.ts), streamed to the admin's browser.
 */
import { Readable } from 'node:stream';
import { errorResponses, ZipArchive } from '../../../contract/common.js';
import type { Services } from '../../app.js';
import { NotFoundError } from '../../errors/http-errors.js';
import { requestContext, type App } from '../../http.js';
import { FhirRepository } from '../../fhir/fhir.repository.js';
import type { AppDeps } from '../../types.js';
import { ClinicExportRepository } from './clinic-export.repository.js';
import { ClinicExportService } from './clinic-export.service.js';

export function clinicExportRoutes(service: ClinicExportService, clinics: Services['clinics'], clock: () => Date) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/admin/clinic-export',
      {
        config: { access: { permission: 'data:export' } },
        schema: {
          tags: ['exports'],
          summary:
            'The whole clinic as a zip: one CSV per table with documented columns, plus FHIR NDJSON (for a clinic leaving). Audited.',
          response: { 200: ZipArchive, ...errorResponses },
        },
      },
      async (request, reply) => {
        const ctx = requestContext(request);
        const clinic = await clinics.findById(ctx.principal.clinicId);
        if (!clinic) throw new NotFoundError('No such clinic.');
        const day = clock().toISOString().slice(0, 10);
        const body = Readable.from(
          service.zip(ctx.principal, { clinicId: clinic.id, clinicName: clinic.name }, ctx.clientIp),
        );
        return reply
          .header('content-type', 'application/zip')
          .header('content-disposition', `attachment; filename="ketaclinic-${clinic.slug}-${day}.zip"`)
          .send(body);
      },
    );
  };
}

/** Builds the export service (the route and the CLI use the same one). */
export function clinicExportService(
  deps: Pick<AppDeps, 'database' | 'clock'>,
  services: Pick<Services, 'audit'>,
): ClinicExportService {
  return new ClinicExportService(
    new ClinicExportRepository(deps.database.db),
    new FhirRepository(deps.database.db),
    services.audit,
    deps.clock,
  );
}

/** The module, wired from the app's dependencies and services (one line in app.ts). */
export function clinicExportModule(deps: AppDeps, services: Pick<Services, 'audit' | 'clinics'>) {
  return clinicExportRoutes(clinicExportService(deps, services), services.clinics, deps.clock);
}

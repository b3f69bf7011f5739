/**
 * Imports (issue 15, "Import"): patients from CSV, admin only. Shapes: src/contract/imports.ts.
 */
import { PatientImportBodySchema, PatientImportReportSchema } from '../../../contract/imports.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import type { Services } from '../../app.js';
import { transactor } from '../../db/transaction.js';
import type { AppDeps } from '../../types.js';
import { PatientIdentifiersRepository } from './patient-identifiers.repository.js';
import { PatientImportService } from './patient-import.service.js';

/** A CSV of some tens of thousands of patients fits. */
const IMPORT_BODY_LIMIT = 10 * 1_048_576;

export function importsRoutes(service: PatientImportService) {
  return async function register(app: App): Promise<void> {
    app.post(
      '/api/admin/imports/patients',
      {
        config: { access: { permission: 'data:import' } },
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['imports'],
          summary:
            'Import patients from CSV with a column mapping: dryRun true reports each row (created, matched by external identifier, or its errors by column); false creates the valid rows',
          body: PatientImportBodySchema,
          response: { 200: PatientImportReportSchema, ...errorResponses },
        },
      },
      (request) => service.importPatients(requestContext(request), request.body),
    );
  };
}

/** The imports module, wired from the app's dependencies and services (one line in app.ts). */
export function importsModule(deps: AppDeps, services: Pick<Services, 'patients' | 'clinics' | 'audit'>) {
  const service = new PatientImportService(
    new PatientIdentifiersRepository(deps.database.db),
    services.patients,
    services.clinics,
    services.audit,
    transactor(deps.database.db),
    deps.clock,
  );
  return importsRoutes(service);
}

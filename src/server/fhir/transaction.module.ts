/** Wires the transaction Bundle service from the app's dependencies and services (one call in fhir.routes.ts). */
import type { Services } from '../app.js';
import { transactor } from '../db/transaction.js';
import { PatientIdentifiersRepository } from '../modules/imports/patient-identifiers.repository.js';
import { PatientsRepository } from '../modules/patients/patients.repository.js';
import type { AppDeps } from '../types.js';
import { FhirTransactionService } from './transaction.service.js';

export function transactionService(
  deps: AppDeps,
  services: Pick<Services, 'measures' | 'audit' | 'patients' | 'intake' | 'clinics'>,
): FhirTransactionService {
  const { db } = deps.database;
  return new FhirTransactionService(
    services.patients,
    new PatientsRepository(db),
    new PatientIdentifiersRepository(db),
    services.intake,
    services.measures,
    services.clinics,
    services.audit,
    transactor(db),
    deps.clock,
  );
}

import type { Transact } from '../../db/transaction.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { PatientsRepository } from '../patients/patients.repository.js';
import type { MeasuresRepository } from './measures.repository.js';

/**
 * What the measures services (staff recording, home links, outcomes) work with: measures' repository, the patients
 * and the clinic's settings they check, the audit log, transactions and the clock (app.ts builds it once).
 */
export interface MeasuresDeps {
  readonly measures: MeasuresRepository;
  readonly patients: PatientsRepository;
  readonly clinics: ClinicsRepository;
  readonly audit: AuditService;
  readonly transact: Transact;
  readonly clock: () => Date;
}

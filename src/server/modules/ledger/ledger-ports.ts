/**
 * What the ledger reads from other modules (issue 13): each read comes from the module that owns the table, through
 * just the methods named here, so the ledger's repository queries only the ledger's tables. None of these modules
 * depends on the ledger; these are type-only imports and app.ts passes the owners in.
 */
import type { AuthRepository } from '../auth/auth.repository.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { PatientsRepository } from '../patients/patients.repository.js';
import type { SchedulingRepository } from '../scheduling/scheduling.repository.js';
import type { UsersRepository } from '../users/users.repository.js';

export interface LedgerPorts {
  /** The clinic's name, time zone and settings (the ledger's rules and registrant), and every clinic to verify. */
  readonly clinics: Pick<ClinicsRepository, 'findById' | 'listAll'>;
  /** The patient on an administration record (name and address), and the patients named on open reconciliations. */
  readonly patients: Pick<PatientsRepository, 'findById' | 'namesByIds'>;
  /** The session a draw or administration is for, and the sessions listed beside open reconciliations. */
  readonly scheduling: Pick<SchedulingRepository, 'sessionBrief' | 'sessionBriefs'>;
  /** Who recorded each entry, and the witness's account (found by email; a TOTP code used once). */
  readonly users: Pick<UsersRepository, 'namesInAnyClinic' | 'findByEmailInAnyClinic' | 'claimTotpStep'>;
  /** The sign-in throttle a witness's password or code counts against, as a sign-in does (auth's table). */
  readonly throttle: Pick<AuthRepository, 'reserveAttempt' | 'clearThrottle'>;
}

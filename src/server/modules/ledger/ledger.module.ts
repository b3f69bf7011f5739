/** Wires the ledger's parts together for buildServices (app.ts). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import type { AuditService } from '../audit/audit.service.js';
import { LedgerStateCache } from './ledger-state-cache.js';
import { WitnessVerifier } from './ledger-witness.js';
import type { SessionAdministrationReader, TreatmentDayReader } from './ledger-session-record.js';
import type { LedgerPorts } from './ledger-ports.js';
import { LedgerRepository } from './ledger.repository.js';
import { LedgerService } from './ledger.service.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createLedgerService(deps: {
  readonly db: Kysely<Database>;
  readonly audit: AuditService;
  readonly transact: Transact;
  readonly clock: () => Date;
  /** Clinics, patients, sessions and staff names, from the modules that own them (ledger-ports.ts). */
  readonly ports: LedgerPorts;
  /** The witness throttle's waits (tests record them instead). */
  readonly sleep?: ((ms: number) => Promise<unknown>) | undefined;
  /** What a session's treatment-day record says was given (the administration offered from the record). */
  readonly sessionRecords?: SessionAdministrationReader | undefined;
  /** Dosed sessions and each session's phase, from the treatment-day record (reconciliation, the session list). */
  readonly treatmentDay?: TreatmentDayReader | undefined;
}): LedgerService {
  const witnesses = new WitnessVerifier(
    deps.ports.throttle,
    deps.ports.users,
    deps.audit,
    deps.clock,
    deps.sleep ?? wait,
  );
  return new LedgerService(
    new LedgerRepository(deps.db),
    deps.ports,
    witnesses,
    deps.audit,
    deps.transact,
    deps.clock,
    new LedgerStateCache(),
    deps.sessionRecords,
    deps.treatmentDay,
  );
}

/**
 * What the treatment day reads from other modules (and the one settings group it writes in the clinic's settings),
 * each answered by the module that owns the table (issue 13: a module's repository touches its own tables only).
 * app.ts hands in those modules' repositories; each is seen here through the few methods the treatment day uses.
 */
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { ConsentRepository } from '../consent/consent.repository.js';
import type { IntakeRepository } from '../intake/intake.repository.js';
import type { LedgerRepository } from '../ledger/ledger.repository.js';
import type { MeasuresRepository } from '../measures/measures.repository.js';
import type { PatientLookup } from '../patients/patient-lookup.js';
import type { SchedulingRepository } from '../scheduling/scheduling.repository.js';
import type { UsersRepository } from '../users/users.repository.js';

export interface TreatmentDayPorts {
  /** The clinic's name, time zone and settings; the treatment-day settings group. */
  readonly clinics: Pick<ClinicsRepository, 'findById' | 'setSettingsGroup'>;
  readonly patients: PatientLookup;
  /** Staff display names beside acknowledgements, evaluations and signatures. */
  readonly users: Pick<UsersRepository, 'displayNames'>;
  /** The diagnoses of the latest intake (the session documents' ICD-10-CM codes). */
  readonly intake: Pick<IntakeRepository, 'latestDiagnoses'>;
  /** When the consent the checklist relies on was signed. */
  readonly consent: Pick<ConsentRepository, 'signedAt'>;
  /** Same-day screener answers and the session's questionnaires. */
  readonly measures: Pick<MeasuresRepository, 'riskAnswersSince' | 'questionnaires'>;
  /** The session's REMS-enrolment confirmation (scheduling's reminders). */
  readonly scheduling: Pick<SchedulingRepository, 'hasRemsConfirmation'>;
  /** The ledger draw a prepared dose is linked to. */
  readonly ledger: Pick<LedgerRepository, 'drawEntry'>;
}

/** A stored questionnaire answer as the same-day suicide-risk rule reads it (measures answers it). */
export type RiskAnswerRow = Awaited<ReturnType<TreatmentDayPorts['measures']['riskAnswersSince']>>[number];

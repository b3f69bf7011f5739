/**
 * What the auth module reads and writes in other modules (issue 13): the account belongs to users and the clinic to
 * clinics, so auth's repository queries only its own tables (sessions and throttles) and asks the owners through
 * just the methods named here. The session lookup on every request stays one query (`AuthRepository.findSession`
 * joins the user and the clinic for their names and settings). Neither owner depends on auth; these are type-only
 * imports and app.ts passes the owners in.
 */
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { UsersRepository } from '../users/users.repository.js';

export interface AuthPorts {
  /**
   * The account: found by email at sign-in, by id for the user's own password change and second factor, and those
   * changes written (the new password, the TOTP secret and its first confirmation, used steps and recovery codes).
   */
  readonly users: Pick<
    UsersRepository,
    | 'findByEmailInAnyClinic'
    | 'findById'
    | 'setOwnPassword'
    | 'setMfaSecret'
    | 'enableMfa'
    | 'claimTotpStep'
    | 'consumeRecoveryCode'
  >;
  /** The clinic signed in to: whether it is the demo, and its settings (second factor required, session length). */
  readonly clinics: Pick<ClinicsRepository, 'findById'>;
}

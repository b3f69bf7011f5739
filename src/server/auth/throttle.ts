/**
 * Sign-in throttling: a wait that grows with consecutive failures, instead of a hard lock that anyone who
 * knows an email could trigger.
 *
 * Every attempt is reserved in the database before the password is hashed (AuthRepository.reserveAttempt: one
 * conditional INSERT ... ON CONFLICT DO UPDATE ... WHERE ... RETURNING), so parallel guesses cannot read the
 * same count: only attempts whose reservation succeeds reach the hash, the others get 429 with Retry-After.
 * A reservation counts as a failure until the attempt succeeds; a success forgets the account's count and
 * gives back the IP's reservation.
 *
 * Keys: `login:<lower-cased email>` (whether or not the account exists, so the answer never tells which emails
 * are real), `ip:<client address>` (every email tried from one address), and `witness:<email>` for witness
 * signatures on ledger entries, which count on their own and never slow the witness's own sign-in.
 *
 * Sources: OWASP Authentication Cheat Sheet, "Protect Against Automated Attacks" / "Account Lockout" (lockouts
 * can be abused to deny service; prefer a delay that grows, also per source address); NIST SP 800-63B section
 * 5.2.2 "Rate Limiting (Throttling)" (limit consecutive failures; a wait that increases as failures mount,
 * "e.g., 30 seconds up to an hour"; the source address as an extra signal).
 */
export interface ThrottlePolicy {
  /** Attempts that pass without any wait. */
  readonly freeAttempts: number;
  /** The wait after the first attempt past the free ones; it doubles with each further attempt. */
  readonly firstWaitSeconds: number;
  readonly maxWaitSeconds: number;
  /** A key with no attempt for this long starts counting again from one. */
  readonly forgetAfterSeconds: number;
}

/**
 * Per account: 5 attempts free, then waits of 1 s, 2 s, 4 s ... doubling up to 5 minutes (reached after 14
 * consecutive failures); forgotten after 24 hours without an attempt or at the next success. A guesser gets
 * at most about 288 tries a day on one account, while its owner never waits more than 5 minutes.
 */
export const ACCOUNT_THROTTLE: ThrottlePolicy = {
  freeAttempts: 5,
  firstWaitSeconds: 1,
  maxWaitSeconds: 300,
  forgetAfterSeconds: 86_400,
};

/**
 * Per client address, across every email: 20 attempts free (a clinic's staff share one address behind NAT, and a
 * success gives its attempt back), then 1 s doubling up to 15 minutes; forgotten after an hour without attempts.
 */
export const IP_THROTTLE: ThrottlePolicy = {
  freeAttempts: 20,
  firstWaitSeconds: 1,
  maxWaitSeconds: 900,
  forgetAfterSeconds: 3_600,
};

/**
 * The SMART Backend Services token endpoint (/fhir/R4/auth/token), per client address: every request counts until
 * it is granted a token (then its count is given back), so a backend client that asks every few minutes never
 * waits, while a source sending forged or replayed assertions gets 20 free tries, then 1 s doubling up to 15
 * minutes; forgotten after an hour. Only the address counts, never the client id: anyone can put a client's id in a
 * forged assertion, and a count per client would let them lock the real client out.
 * Source: RFC 6749 section 10.10 (credentials-guessing attacks: the authorization server must make guessing
 * infeasible), with the per-address sign-in numbers (IP_THROTTLE).
 */
export const TOKEN_ENDPOINT_THROTTLE: ThrottlePolicy = { ...IP_THROTTLE };

/**
 * Witness signatures (password or authenticator code) on ledger entries: their own counter per witness, with the
 * per-account sign-in numbers.
 */
export const WITNESS_THROTTLE: ThrottlePolicy = { ...ACCOUNT_THROTTLE };

/** A reserved attempt (its 1-based number since the key was last cleared), or the wait before the next one. */
export type AttemptReservation =
  | { readonly allowed: true; readonly attempt: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/** Reserves attempts atomically (AuthRepository), for the endpoints outside sign-in that take credentials. */
export interface AttemptThrottle {
  reserveAttempt(key: string, now: Date, policy: ThrottlePolicy): Promise<AttemptReservation>;
  /** Gives one reserved attempt back (a success). */
  releaseAttempt(key: string): Promise<void>;
}

/** The wait, in seconds, that attempt number `attempt` (1-based, counted since the last success) imposes on the next. */
export function waitAfterAttempt(attempt: number, policy: ThrottlePolicy): number {
  if (attempt <= policy.freeAttempts) return 0;
  const doublings = Math.min(attempt - policy.freeAttempts - 1, 30);
  return Math.min(policy.firstWaitSeconds * 2 ** doublings, policy.maxWaitSeconds);
}

/** The answer to a failed attempt is itself slowed a little (at most 3 s), so a single client cannot hammer. */
export function tarpitMs(attempt: number, policy: ThrottlePolicy): number {
  return Math.min(waitAfterAttempt(attempt, policy) * 1000, 3000);
}

/** Wrong second-factor codes after a correct password: the 5th ends the session and the MFA step waits 15 minutes. */
export const SIGN_IN_THROTTLE = {
  lockAfterFailures: 5,
  lockMinutes: 15,
} as const;

/**
 * The same as a reservation policy (atomic, so parallel guesses of a 6-digit code get 5 tries, not thousands):
 * four codes free, the fifth and every later one imposes 15 minutes.
 */
export const MFA_CODE_THROTTLE: ThrottlePolicy = {
  freeAttempts: SIGN_IN_THROTTLE.lockAfterFailures - 1,
  firstWaitSeconds: SIGN_IN_THROTTLE.lockMinutes * 60,
  maxWaitSeconds: SIGN_IN_THROTTLE.lockMinutes * 60,
  forgetAfterSeconds: 86_400,
};

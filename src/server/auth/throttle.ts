/**
 * Sign-in throttling, keyed by the lower-cased email whether or not an account exists (so the answer never
 * tells an attacker which emails are real). The first few failures cost nothing; then each answer is slowed;
 * then the key is locked for a while.
 */
export const SIGN_IN_THROTTLE = {
  freeFailures: 3,
  delayStepMs: 500,
  maxDelayMs: 3000,
  lockAfterFailures: 10,
  lockMinutes: 15,
} as const;

export function delayAfterFailures(failures: number, policy = SIGN_IN_THROTTLE): number {
  if (failures <= policy.freeFailures) return 0;
  return Math.min((failures - policy.freeFailures) * policy.delayStepMs, policy.maxDelayMs);
}

export function shouldLock(failures: number, policy = SIGN_IN_THROTTLE): boolean {
  return failures >= policy.lockAfterFailures;
}

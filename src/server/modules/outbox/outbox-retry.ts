/**
 * When a failed message is tried again: exponential backoff from one minute, doubling each attempt, at most an
 * hour apart, and no more than MAX_SEND_ATTEMPTS attempts in all (about two hours of trying), after which the
 * message is failed and the admin sees it.
 */
export const MAX_SEND_ATTEMPTS = 8;
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 3_600_000;

/** The wait after the `attempts`-th failed attempt (1-based), or null when no attempt is left. */
export function retryDelayMs(attempts: number): number | null {
  if (attempts >= MAX_SEND_ATTEMPTS) return null;
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

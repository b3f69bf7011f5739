import { describe, expect, it } from 'vitest';
import { ACCOUNT_THROTTLE, IP_THROTTLE, tarpitMs, waitAfterAttempt } from './throttle.js';

// OWASP Authentication Cheat Sheet ("Account Lockout"): a delay that grows rather than a lock anyone can
// trigger; NIST SP 800-63B 5.2.2: a wait that increases with consecutive failures.
describe('sign-in throttle policy', () => {
  it('lets the free attempts through, then doubles the wait from 1 s up to the 5-minute cap per account', () => {
    const waits = Array.from({ length: 16 }, (_, i) => waitAfterAttempt(i + 1, ACCOUNT_THROTTLE));
    expect(waits).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
  });

  it('allows 20 attempts from one address before waiting, capped at 15 minutes', () => {
    expect(waitAfterAttempt(20, IP_THROTTLE)).toBe(0);
    expect(waitAfterAttempt(21, IP_THROTTLE)).toBe(1);
    expect(waitAfterAttempt(10_000, IP_THROTTLE)).toBe(900);
  });

  it('slows the failed answer itself by at most 3 seconds', () => {
    expect(tarpitMs(1, ACCOUNT_THROTTLE)).toBe(0);
    expect(tarpitMs(6, ACCOUNT_THROTTLE)).toBe(1000);
    expect(tarpitMs(50, ACCOUNT_THROTTLE)).toBe(3000);
  });
});

import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotpStep, totp } from './totp.js';

// RFC 6238 Appendix B test vectors (SHA-1, secret "12345678901234567890"), last 6 digits of the 8-digit values.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP (RFC 6238)', () => {
  it('round-trips base32', () => {
    expect(base32Decode(base32Encode(Buffer.from('hello world'))).toString()).toBe('hello world');
  });

  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('gives the RFC test vector at T=%i', (seconds, code) => {
    expect(totp(RFC_SECRET, new Date(seconds * 1000))).toBe(code);
  });

  it('accepts a code one step old and refuses one two steps old', () => {
    const now = new Date(1_700_000_000_000);
    const counter = Math.floor(now.getTime() / 30_000);
    expect(matchTotpStep(RFC_SECRET, hotp(RFC_SECRET, counter - 1), now)).toBe(counter - 1);
    expect(matchTotpStep(RFC_SECRET, hotp(RFC_SECRET, counter - 2), now)).toBeUndefined();
    expect(matchTotpStep(RFC_SECRET, 'abcdef', now)).toBeUndefined();
  });

  it('names the step a code belongs to, so that it can be accepted once only (RFC 6238 section 5.2)', () => {
    const now = new Date(1_700_000_000_000);
    const counter = Math.floor(now.getTime() / 30_000);
    expect(matchTotpStep(RFC_SECRET, hotp(RFC_SECRET, counter), now)).toBe(counter);
    expect(matchTotpStep(RFC_SECRET, hotp(RFC_SECRET, counter + 1), now)).toBe(counter + 1);
    expect(matchTotpStep(RFC_SECRET, hotp(RFC_SECRET, counter + 2), now)).toBeUndefined();
  });
});

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeader, verifySignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  const secret = 'whsec_test-secret';
  const body = '{"id":"e1","type":"measure.stored"}';
  const sentAt = new Date('2026-11-02T15:00:00Z');

  it('is HMAC-SHA256 over "<unix seconds>.<body>", in hex, after t= and v1=', () => {
    const expected = createHmac('sha256', secret).update(`1793631600.${body}`).digest('hex');
    expect(signatureHeader(secret, body, sentAt)).toBe(`t=1793631600,v1=${expected}`);
  });

  it('verifies a delivery signed with the same secret within five minutes', () => {
    const header = signatureHeader(secret, body, sentAt);
    expect(verifySignature(secret, body, header, new Date(sentAt.getTime() + 299_000))).toEqual({
      ok: true,
      timestamp: 1793631600,
    });
  });

  it('refuses a changed body, another secret, an old or future timestamp and a malformed header', () => {
    const header = signatureHeader(secret, body, sentAt);
    expect(verifySignature(secret, `${body} `, header, sentAt)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifySignature('whsec_other', body, header, sentAt)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifySignature(secret, body, header, new Date(sentAt.getTime() + 301_000))).toEqual({
      ok: false,
      reason: 'too-old',
    });
    expect(verifySignature(secret, body, header, new Date(sentAt.getTime() - 301_000))).toEqual({
      ok: false,
      reason: 'too-new',
    });
    expect(verifySignature(secret, body, 'v1=abc', sentAt)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('accepts any of several v1 signatures (a secret being rotated)', () => {
    const header = `${signatureHeader('whsec_old', body, sentAt)},${signatureHeader(secret, body, sentAt).split(',')[1]}`;
    expect(verifySignature(secret, body, header, sentAt).ok).toBe(true);
  });

  it('makes secrets with a recognisable prefix and 256 bits of randomness', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});

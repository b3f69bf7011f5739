import { describe, expect, it } from 'vitest';
import { AnchorKeyError, anchorSignatureValid, signAnchor } from './anchor.js';

const key = Buffer.from('a key of at least thirty-two bytes for the tests');
const payload = {
  type: 'ketaclinic-audit-anchor',
  head: { position: 35, seq: 40, hash: 'ab'.repeat(32) },
  count: 35,
  createdAt: '2026-12-06T10:00:00.000Z',
};

// HMAC: RFC 2104; keys shorter than the hash output are refused (RFC 2104 section 3).
describe('signed anchors', () => {
  it('verify with the key that signed them', () => {
    const anchor = signAnchor(payload, key);
    expect(anchor.algorithm).toBe('HMAC-SHA256');
    expect(anchorSignatureValid(anchor, key)).toBe(true);
  });

  it('fail when the payload changed, or under another key', () => {
    const anchor = signAnchor(payload, key);
    expect(anchorSignatureValid({ ...anchor, payload: { ...payload, count: 15 } }, key)).toBe(false);
    expect(anchorSignatureValid(anchor, Buffer.from('another key of at least thirty-two bytes!!'))).toBe(false);
    expect(anchorSignatureValid({ ...anchor, signature: 'not hex' }, key)).toBe(false);
  });

  it("do not depend on the order of the payload's keys", () => {
    const reordered = { createdAt: payload.createdAt, count: payload.count, head: payload.head, type: payload.type };
    expect(anchorSignatureValid({ ...signAnchor(payload, key), payload: reordered }, key)).toBe(true);
  });

  it('refuse a key shorter than 32 bytes', () => {
    expect(() => signAnchor(payload, Buffer.from('short'))).toThrow(AnchorKeyError);
  });
});

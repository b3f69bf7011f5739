/**
 * How a webhook delivery is signed (docs/webhooks.md): HMAC-SHA256, keyed with the endpoint's secret, over
 * `<timestamp>.<body>` where the timestamp is Unix seconds and the body is the exact bytes sent. The header reads
 * `Ketaclinic-Signature: t=<timestamp>,v1=<hex digest>`; a receiver recomputes the digest, compares in constant time
 * and refuses a timestamp too far from its own clock (a replayed delivery). Pure: the time is passed in.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'ketaclinic-signature';
/** Secrets start with this, so a secret scanner (and a person) can tell what leaked. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** What a receiver should accept between the signed time and its own clock, by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function digest(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header value for `body` sent at `at`. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${digest(secret, timestamp, body)}`;
}

export type VerifyResult =
  { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'bad-signature' | 'too-old' | 'too-new' };

/**
 * What a receiver does (and what the tests do as one): parse the header, check the timestamp against `now`, then
 * compare the expected digest with each `v1` in constant time (several may be sent while a secret is rotated).
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): VerifyResult {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const signatures = parts.filter(([k, v]) => k === 'v1' && v !== undefined).map(([, v]) => v!);
  if (!t || !/^\d+$/.test(t) || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const timestamp = Number(t);
  const age = Math.floor(now.getTime() / 1000) - timestamp;
  if (age > toleranceSeconds) return { ok: false, reason: 'too-old' };
  if (age < -toleranceSeconds) return { ok: false, reason: 'too-new' };
  const expected = Buffer.from(digest(secret, timestamp, body), 'hex');
  const matches = signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true, timestamp } : { ok: false, reason: 'bad-signature' };
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson, type Canonical } from './hash-chain.js';

/**
 * Signed checkpoints ("anchors") of a hash chain's head, kept outside the database.
 *
 * A hash chain alone cannot show that its newest links were removed, or that the last link was rewritten and its
 * hash recomputed: whoever can write the table can also rewrite the tail consistently. A checkpoint taken earlier
 * and kept elsewhere (a file sent to the auditor, a ticket, a printout) pins the head as it was: verifying with it
 * shows any truncation or rewrite at or before that point.
 *
 * Signature: HMAC-SHA256 (RFC 2104) over the canonical JSON of every field but `signature`. A symmetric key is
 * the simplest thing that works with a key in a file or an environment variable; whoever holds it can both make
 * and check anchors, so it must not live with the database's credentials.
 */
export const ANCHOR_ALGORITHM = 'HMAC-SHA256';
/** Shorter keys are refused: 32 bytes is SHA-256's block-size guidance for HMAC keys (RFC 2104 section 3). */
export const MIN_ANCHOR_KEY_BYTES = 32;

export type AnchorPayload = { readonly [key: string]: Canonical };

export interface SignedAnchor {
  readonly payload: AnchorPayload;
  readonly algorithm: typeof ANCHOR_ALGORITHM;
  readonly signature: string;
}

export class AnchorKeyError extends Error {}

function checkKey(key: Uint8Array): void {
  if (key.length < MIN_ANCHOR_KEY_BYTES)
    throw new AnchorKeyError(`The anchor key must be at least ${MIN_ANCHOR_KEY_BYTES} bytes long.`);
}

function mac(payload: AnchorPayload, key: Uint8Array): Buffer {
  return createHmac('sha256', key).update(canonicalJson(payload)).digest();
}

export function signAnchor(payload: AnchorPayload, key: Uint8Array): SignedAnchor {
  checkKey(key);
  return { payload, algorithm: ANCHOR_ALGORITHM, signature: mac(payload, key).toString('hex') };
}

/** True when the signature matches the payload under this key (constant-time comparison). */
export function anchorSignatureValid(anchor: SignedAnchor, key: Uint8Array): boolean {
  checkKey(key);
  if (anchor.algorithm !== ANCHOR_ALGORITHM || !/^[0-9a-f]{64}$/.test(anchor.signature)) return false;
  return timingSafeEqual(mac(anchor.payload, key), Buffer.from(anchor.signature, 'hex'));
}

/**
 * The signed JWT a SMART Backend Services client authenticates with (SMART App Launch v2, "Backend Services",
 * https://hl7.org/fhir/smart-app-launch/backend-services.html, and RFC 7523 section 3): checked here with node's
 * own crypto, time passed in. Only RS384 and ES384 are accepted (the algorithms SMART requires servers to
 * support); `none` and the HMAC algorithms never are, whatever the header says, since the key comes from the
 * client's registered JWKS and its type must match the algorithm.
 */
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { isRecord } from '../../domain/shared/guards.js';

export const ASSERTION_ALGORITHMS = ['RS384', 'ES384'] as const;
export type AssertionAlgorithm = (typeof ASSERTION_ALGORITHMS)[number];

/** The longest an assertion may live: SMART asks for exp no more than five minutes in the future. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
/** How far a client's clock may run ahead for `nbf`/`iat`. */
const CLOCK_SKEW_SECONDS = 60;
const MAX_ASSERTION_LENGTH = 16_384;

/** One public key as stored: the public members only. */
export type PublicJwk =
  | {
      readonly kty: 'RSA';
      readonly kid: string;
      readonly n: string;
      readonly e: string;
      readonly alg?: AssertionAlgorithm;
    }
  | {
      readonly kty: 'EC';
      readonly kid: string;
      readonly crv: 'P-384';
      readonly x: string;
      readonly y: string;
      readonly alg?: AssertionAlgorithm;
    };
export interface PublicJwks {
  readonly keys: readonly PublicJwk[];
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export type JwksParse = { ok: true; jwks: PublicJwks } | { ok: false; message: string };

/** Checks a JWKS an admin registers: 1-10 RSA (2048 bits or more) or EC P-384 public keys, each with a unique kid. */
export function parseJwks(value: unknown): JwksParse {
  if (!isRecord(value) || !Array.isArray(value.keys))
    return { ok: false, message: 'must be a JSON Web Key Set: {"keys": [...]}' };
  if (value.keys.length < 1 || value.keys.length > 10) return { ok: false, message: 'must hold between 1 and 10 keys' };
  const keys: PublicJwk[] = [];
  for (const [i, key] of value.keys.entries()) {
    const where = `key ${i + 1}`;
    if (!isRecord(key)) return { ok: false, message: `${where} is not a JSON object` };
    if (PRIVATE_MEMBERS.some((m) => m in key))
      return { ok: false, message: `${where} holds a private or secret key: register the public key only` };
    if (typeof key.kid !== 'string' || key.kid.length < 1 || key.kid.length > 200)
      return { ok: false, message: `${where} needs a kid (key id)` };
    if (keys.some((k) => k.kid === key.kid))
      return { ok: false, message: `${where}: the kid "${key.kid}" is used twice` };
    if (key.alg !== undefined && !(ASSERTION_ALGORITHMS as readonly unknown[]).includes(key.alg))
      return { ok: false, message: `${where}: alg must be RS384 or ES384` };
    const alg = key.alg as AssertionAlgorithm | undefined;
    let parsed: PublicJwk;
    if (key.kty === 'RSA' && typeof key.n === 'string' && typeof key.e === 'string') {
      parsed = { kty: 'RSA', kid: key.kid, n: key.n, e: key.e, ...(alg ? { alg } : {}) };
    } else if (key.kty === 'EC' && key.crv === 'P-384' && typeof key.x === 'string' && typeof key.y === 'string') {
      parsed = { kty: 'EC', kid: key.kid, crv: 'P-384', x: key.x, y: key.y, ...(alg ? { alg } : {}) };
    } else {
      return { ok: false, message: `${where} must be an RSA key (n, e) or an EC key on P-384 (crv, x, y)` };
    }
    let object: KeyObject;
    try {
      object = keyObject(parsed);
    } catch {
      return { ok: false, message: `${where} is not a valid public key` };
    }
    if (parsed.kty === 'RSA' && (object.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
      return { ok: false, message: `${where}: an RSA key must have at least 2048 bits` };
    keys.push(parsed);
  }
  return { ok: true, jwks: { keys } };
}

function keyObject(jwk: PublicJwk): KeyObject {
  const { kid: _kid, alg: _alg, ...members } = jwk;
  return createPublicKey({ key: members as JsonWebKey, format: 'jwk' });
}

/** Why an assertion is refused (audited; never the assertion itself). */
export type AssertionRefusal =
  | 'malformed'
  | 'alg-not-allowed'
  | 'no-kid'
  | 'iss-sub-mismatch'
  | 'unknown-kid'
  | 'key-alg-mismatch'
  | 'bad-signature'
  | 'wrong-audience'
  | 'no-expiry'
  | 'expired'
  | 'expiry-too-far'
  | 'not-yet-valid'
  | 'no-jti';

export interface UnverifiedAssertion {
  readonly alg: AssertionAlgorithm;
  readonly kid: string;
  /** The client id the assertion claims (iss = sub). */
  readonly clientId: string;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly signingInput: string;
  readonly signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Reads an assertion without trusting it yet: its header, and the client it claims to come from. */
export function readAssertion(
  jwt: string,
): { ok: true; assertion: UnverifiedAssertion } | { ok: false; reason: AssertionRefusal } {
  const parts = jwt.length > MAX_ASSERTION_LENGTH ? [] : jwt.split('.');
  if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) return { ok: false, reason: 'malformed' };
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJson(h);
  const claims = decodeJson(p);
  if (!header || !claims) return { ok: false, reason: 'malformed' };
  if (!(ASSERTION_ALGORITHMS as readonly unknown[]).includes(header.alg))
    return { ok: false, reason: 'alg-not-allowed' };
  if (typeof header.kid !== 'string' || header.kid === '') return { ok: false, reason: 'no-kid' };
  if (typeof claims.iss !== 'string' || claims.iss === '' || claims.iss !== claims.sub)
    return { ok: false, reason: 'iss-sub-mismatch' };
  return {
    ok: true,
    assertion: {
      alg: header.alg as AssertionAlgorithm,
      kid: header.kid,
      clientId: claims.iss,
      claims,
      signingInput: `${h}.${p}`,
      signature: Buffer.from(s, 'base64url'),
    },
  };
}

export interface VerifiedAssertion {
  readonly jti: string;
  readonly expiresAt: Date;
}

/**
 * Verifies the signature with the registered key named by `kid`, then the claims: `aud` is the token endpoint,
 * `exp` is in the future and at most five minutes ahead, `jti` is present (its reuse is checked by the caller).
 */
export function verifyAssertion(
  assertion: UnverifiedAssertion,
  jwks: PublicJwks,
  audience: string,
  now: Date,
): { ok: true; verified: VerifiedAssertion } | { ok: false; reason: AssertionRefusal } {
  const jwk = jwks.keys.find((k) => k.kid === assertion.kid);
  if (!jwk) return { ok: false, reason: 'unknown-kid' };
  const fitsKey = assertion.alg === 'RS384' ? jwk.kty === 'RSA' : jwk.kty === 'EC';
  if (!fitsKey || (jwk.alg !== undefined && jwk.alg !== assertion.alg))
    return { ok: false, reason: 'key-alg-mismatch' };
  let valid = false;
  try {
    const key = keyObject(jwk);
    valid =
      assertion.alg === 'RS384'
        ? verify('sha384', Buffer.from(assertion.signingInput), key, assertion.signature)
        : verify(
            'sha384',
            Buffer.from(assertion.signingInput),
            { key, dsaEncoding: 'ieee-p1363' },
            assertion.signature,
          );
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad-signature' };
  const { aud, exp, nbf, jti } = assertion.claims;
  if (!(aud === audience || (Array.isArray(aud) && aud.includes(audience))))
    return { ok: false, reason: 'wrong-audience' };
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return { ok: false, reason: 'no-expiry' };
  const nowSeconds = now.getTime() / 1000;
  if (exp <= nowSeconds) return { ok: false, reason: 'expired' };
  if (exp > nowSeconds + MAX_ASSERTION_LIFETIME_SECONDS) return { ok: false, reason: 'expiry-too-far' };
  if (typeof nbf === 'number' && nbf > nowSeconds + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'not-yet-valid' };
  if (typeof jti !== 'string' || jti === '' || jti.length > 255) return { ok: false, reason: 'no-jti' };
  return { ok: true, verified: { jti, expiresAt: new Date(exp * 1000) } };
}

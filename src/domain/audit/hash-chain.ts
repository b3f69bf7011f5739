import { createHash } from 'node:crypto';

/**
 * A hash chain makes an append-only log tamper-evident: each entry's hash covers the previous entry's hash and
 * the entry's own content, so changing, inserting or removing any entry breaks every hash after it.
 *
 * Content is serialised canonically (keys sorted, no whitespace) so the same content always hashes the same,
 * whichever database or process wrote it.
 */
export const GENESIS_HASH = '0'.repeat(64);

export type Canonical =
  string | number | boolean | null | readonly Canonical[] | { readonly [key: string]: Canonical | undefined };

export function canonicalJson(value: Canonical | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as { readonly [key: string]: Canonical | undefined };
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
  return JSON.stringify(value);
}

export function chainHash(previousHash: string, content: Canonical): string {
  return chainHashOfCanonical(previousHash, canonicalJson(content));
}

/** The same hash, for content already serialised with `canonicalJson` (or an equivalent fast path). */
export function chainHashOfCanonical(previousHash: string, contentJson: string): string {
  return createHash('sha256').update(`${previousHash}\n${contentJson}`).digest('hex');
}

export interface ChainLink {
  /** A stable identifier shown when the chain breaks here (sequence number or id). */
  readonly id: string | number;
  readonly previousHash: string;
  readonly hash: string;
  readonly content: Canonical;
}

export type ChainVerdict =
  | { readonly intact: true; readonly checked: number; readonly lastHash: string }
  | {
      readonly intact: false;
      readonly checked: number;
      readonly brokenAt: string | number;
      readonly reason: 'previous-hash-mismatch' | 'content-hash-mismatch';
    };

/**
 * Verifies links in order, starting from `startHash` (the genesis hash, or the last verified hash when
 * verifying in pages). Stops at the first broken link and names it.
 */
export function verifyChain(
  links: Iterable<ChainLink>,
  startHash: string = GENESIS_HASH,
  alreadyChecked = 0,
): ChainVerdict {
  let expectedPrevious = startHash;
  let checked = alreadyChecked;
  for (const link of links) {
    if (link.previousHash !== expectedPrevious) {
      return { intact: false, checked, brokenAt: link.id, reason: 'previous-hash-mismatch' };
    }
    if (chainHash(link.previousHash, link.content) !== link.hash) {
      return { intact: false, checked, brokenAt: link.id, reason: 'content-hash-mismatch' };
    }
    expectedPrevious = link.hash;
    checked += 1;
  }
  return { intact: true, checked, lastHash: expectedPrevious };
}

import { GENESIS_HASH, chainHash, verifyChain, type ChainLink } from '../audit/hash-chain.js';
import type { LedgerEntry } from './entries.js';

/** The previous hash of a clinic's first entry (re-exported from the shared chain). */
export { GENESIS_HASH };

/**
 * The ledger's tamper evidence, on the shared SHA-256 hash chain (`../audit/hash-chain.ts`): each entry's hash
 * covers the previous entry's hash and the entry's canonical JSON (envelope and event). Editing, inserting,
 * deleting or reordering any stored entry breaks the chain at that entry, and sequence numbers must run 1, 2, 3 ...
 * without gaps. Removing the newest entries (truncation) leaves a valid shorter chain: the caller compares the
 * reported `lastSequence`/`lastHash` with the ledger head it keeps elsewhere (e.g. the clinic's ledger-head row).
 */
export type SealedLedgerEntry = {
  readonly entry: LedgerEntry;
  readonly previousHash: string;
  readonly hash: string;
};

/** The hash of an entry that follows `previousHash` (the genesis hash for the first entry). */
export function sealEntry(previousHash: string, entry: LedgerEntry): string {
  return chainHash(previousHash, entry);
}

/** Seals entries in order, continuing from `startHash`. */
export function sealLedger(entries: readonly LedgerEntry[], startHash: string = GENESIS_HASH): SealedLedgerEntry[] {
  const sealed: SealedLedgerEntry[] = [];
  let previous = startHash;
  for (const entry of entries) {
    const hash = sealEntry(previous, entry);
    sealed.push({ entry, previousHash: previous, hash });
    previous = hash;
  }
  return sealed;
}

export type LedgerVerdict =
  | { readonly intact: true; readonly count: number; readonly lastHash: string; readonly lastSequence: number }
  | {
      readonly intact: false;
      /** Entries verified before the break. */
      readonly count: number;
      /** The sequence number of the first bad entry. */
      readonly brokenAtSequence: number;
      readonly reason: 'previous-hash-mismatch' | 'content-hash-mismatch' | 'sequence-gap';
    };

/**
 * Verifies sealed entries in stored order. `startHash`/`startSequence` let a caller verify in pages: pass the last
 * verified hash and sequence of the previous page.
 */
export function verifyLedger(
  sealed: Iterable<SealedLedgerEntry>,
  startHash: string = GENESIS_HASH,
  startSequence = 0,
): LedgerVerdict {
  const list = [...sealed];
  let gapAt: number | undefined;
  let expected = startSequence + 1;
  for (let i = 0; i < list.length; i += 1) {
    if (list[i]?.entry.sequence !== expected) {
      gapAt = i;
      break;
    }
    expected += 1;
  }
  const links: ChainLink[] = list.map((s, i) => ({
    id: i,
    previousHash: s.previousHash,
    hash: s.hash,
    content: s.entry,
  }));
  const chain = verifyChain(links, startHash);
  const chainBreakAt = chain.intact ? undefined : Number(chain.brokenAt);
  if (chainBreakAt === undefined && gapAt === undefined) {
    return {
      intact: true,
      count: list.length,
      lastHash: chain.intact ? chain.lastHash : startHash,
      lastSequence: startSequence + list.length,
    };
  }
  const useChain = chainBreakAt !== undefined && (gapAt === undefined || chainBreakAt <= gapAt);
  const index = useChain ? (chainBreakAt ?? 0) : (gapAt ?? 0);
  const bad = list[index]?.entry.sequence;
  return {
    intact: false,
    count: index,
    brokenAtSequence: typeof bad === 'number' ? bad : startSequence + index + 1,
    reason: useChain && !chain.intact ? chain.reason : 'sequence-gap',
  };
}

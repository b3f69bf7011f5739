import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, chainHash } from '../audit/hash-chain.js';
import type { LedgerEntry } from './entries.js';
import { sealEntry, sealLedger, verifyLedger, type SealedLedgerEntry } from './seal.js';
import { Scenario, administration, draw, receipt, waste } from './test-support.js';

function ledger(): LedgerEntry[] {
  const s = new Scenario();
  s.add(receipt());
  s.add(draw({ ml: 1 }));
  s.add(administration({ quantity: 36_500 }));
  s.add(waste({ quantity: 13_500 }));
  return s.entries;
}

describe('tamper-evident ledger (shared SHA-256 hash chain)', () => {
  it('seals each entry on the shared chain: hash = chainHash(previous hash, entry)', () => {
    const [first] = ledger();
    if (!first) throw new Error('no entry');
    expect(sealEntry(GENESIS_HASH, first)).toBe(chainHash(GENESIS_HASH, first));
    expect(sealEntry(GENESIS_HASH, first)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on key order (canonical JSON)', () => {
    const [first] = ledger();
    if (!first) throw new Error('no entry');
    const reordered = JSON.parse(
      JSON.stringify({
        event: first.event,
        sequence: first.sequence,
        recordedAt: first.recordedAt,
        clinicId: first.clinicId,
        entryId: first.entryId,
      }),
    ) as LedgerEntry;
    expect(sealEntry(GENESIS_HASH, reordered)).toBe(sealEntry(GENESIS_HASH, first));
  });

  it('reports an intact ledger with how many entries it checked', () => {
    const sealed = sealLedger(ledger());
    expect(verifyLedger(sealed)).toEqual({ intact: true, count: 4, lastHash: sealed[3]?.hash, lastSequence: 4 });
  });

  it('names the entry whose content was altered (an amount edited in the database)', () => {
    const sealed = sealLedger(ledger());
    const target = sealed[2];
    if (!target || target.entry.event.kind !== 'administration') throw new Error('fixture');
    const altered: SealedLedgerEntry = {
      ...target,
      entry: { ...target.entry, event: { ...target.entry.event, quantity: 26_500 } },
    };
    const tampered = [sealed[0], sealed[1], altered, sealed[3]].filter((x): x is SealedLedgerEntry => x !== undefined);
    expect(verifyLedger(tampered)).toEqual({
      intact: false,
      count: 2,
      brokenAtSequence: 3,
      reason: 'content-hash-mismatch',
    });
  });

  it('names the entry after a deleted one', () => {
    const sealed = sealLedger(ledger());
    const tampered = sealed.filter((_, i) => i !== 1);
    expect(verifyLedger(tampered)).toEqual({
      intact: false,
      count: 1,
      brokenAtSequence: 3,
      reason: 'previous-hash-mismatch',
    });
  });

  it('catches a deletion even when the rest of the chain was re-hashed, by the sequence gap', () => {
    const entries = ledger().filter((e) => e.sequence !== 2);
    expect(verifyLedger(sealLedger(entries))).toEqual({
      intact: false,
      count: 1,
      brokenAtSequence: 3,
      reason: 'sequence-gap',
    });
  });

  it('verifies in pages from the last verified hash and sequence', () => {
    const sealed = sealLedger(ledger());
    const first = verifyLedger(sealed.slice(0, 2));
    if (!first.intact) throw new Error('first page broken');
    expect(verifyLedger(sealed.slice(2), first.lastHash, first.lastSequence)).toMatchObject({
      intact: true,
      count: 2,
      lastSequence: 4,
    });
  });
});

/**
 * A memo of each clinic's folded ledger, keyed by the sequence and hash of the last entry folded into it.
 *
 * It holds no truth of its own: before use, the service reads the entries stored after `sequence` and checks
 * that they continue the chain from `hash` (each row's prev_hash); the hash covers every earlier entry, so a
 * state whose (sequence, hash) matches the database is exactly the fold of what the database holds. Another
 * server process appending, a restore from backup, or anything else that changes the stored chain makes the
 * memo miss, never lie. Bounded: the least recently used clinics are dropped.
 */
import type { LedgerState } from '../../../domain/inventory/index.js';

export interface FoldedLedger {
  /** The last entry folded in (0 and the genesis hash for an empty ledger). */
  readonly sequence: number;
  readonly hash: string;
  /** Folded with the history (replay) configuration. */
  readonly state: LedgerState;
}

export class LedgerStateCache {
  private readonly byClinic = new Map<string, FoldedLedger>();

  constructor(private readonly maxClinics = 32) {}

  get(clinicId: string): FoldedLedger | undefined {
    const found = this.byClinic.get(clinicId);
    if (found) {
      this.byClinic.delete(clinicId);
      this.byClinic.set(clinicId, found);
    }
    return found;
  }

  /** Keeps the newer of the stored and the given fold. */
  set(clinicId: string, folded: FoldedLedger): void {
    const current = this.byClinic.get(clinicId);
    if (current && current.sequence > folded.sequence) return;
    this.byClinic.delete(clinicId);
    this.byClinic.set(clinicId, folded);
    while (this.byClinic.size > this.maxClinics) {
      const oldest = this.byClinic.keys().next().value;
      if (oldest === undefined) break;
      this.byClinic.delete(oldest);
    }
  }

  forget(clinicId: string): void {
    this.byClinic.delete(clinicId);
  }
}

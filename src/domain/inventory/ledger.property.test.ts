import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../shared/validation.js';
import type { StockEvent, WitnessSignature } from './entries.js';
import { balancesOf, deriveBalances } from './ledger.js';
import { sessionReconciliation } from './reconciliation.js';
import {
  ADMIN,
  DOCTOR,
  KETAMINE_50_10ML,
  NURSE,
  SPRAVATO_KIT_2,
  SUPPLIER,
  Scenario,
  TECH,
  at,
  signedBy,
} from './test-support.js';

/**
 * Property: whatever sequence of operations staff attempt, every accepted one keeps each safe balance equal to
 *     receipts - draws - transfers out + transfers in - returns - destructions - losses
 * over the entries still in force (a void removes an entry from that sum), and never below zero; every refused one
 * is a RuleViolationError that leaves the ledger exactly as it was. Administration and waste are accounted against
 * the session's draw and do not touch the safe, so they are absent from the formula.
 *
 * The model below is written independently of ledger.ts: it predicts which operations must be accepted.
 */

type LotId = 'KA' | 'KB' | 'EA';
type Loc = 'safe-1' | 'safe-2';
type SessionId = 's1' | 's2' | 's3';
type WitnessMode = 'valid' | 'missing' | 'same' | 'unauthenticated';

const LOTS: Record<LotId, { ndc: string; perContainer: number; unit: 'ug' | 'device' }> = {
  KA: { ndc: KETAMINE_50_10ML, perContainer: 500_000, unit: 'ug' },
  KB: { ndc: KETAMINE_50_10ML, perContainer: 500_000, unit: 'ug' },
  EA: { ndc: SPRAVATO_KIT_2, perContainer: 2, unit: 'device' },
};
const PATIENT: Record<SessionId, string> = { s1: 'p1', s2: 'p2', s3: 'p3' };

type Op =
  | { op: 'receipt'; lot: LotId; loc: Loc; containers: number; witness: WitnessMode }
  | { op: 'draw'; lot: LotId; loc: Loc; session: SessionId; amount: number }
  | { op: 'administration'; lot: LotId; session: SessionId; amount: number }
  | { op: 'waste'; lot: LotId; session: SessionId; amount: number; witness: WitnessMode }
  | { op: 'transfer'; lot: LotId; from: Loc; amount: number }
  | { op: 'return'; lot: LotId; loc: Loc; amount: number }
  | { op: 'destruction'; lot: LotId; loc: Loc; amount: number; witnesses: 'valid' | 'one' | 'same' | 'unauthenticated' }
  | { op: 'loss'; lot: LotId; loc: Loc; amount: number }
  | { op: 'void'; pick: number };

const lot = fc.constantFrom<LotId>('KA', 'KB', 'EA');
const loc = fc.constantFrom<Loc>('safe-1', 'safe-2');
const session = fc.constantFrom<SessionId>('s1', 's2', 's3');
const witness = fc.constantFrom<WitnessMode>('valid', 'valid', 'valid', 'missing', 'same', 'unauthenticated');
/** A size 1..60; turned into an amount per unit (0.1 mL steps of 50 mg/mL for solutions, 1-3 devices). */
const size = fc.integer({ min: 1, max: 60 });

/** Administration and waste take small amounts (5-60 mg, 1-3 devices) so that sessions often can account for them. */
const small = fc.integer({ min: 1, max: 12 });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('receipt' as const),
      lot,
      loc,
      containers: fc.integer({ min: 1, max: 3 }),
      witness,
    }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('draw' as const), lot, loc, session, amount: size }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('administration' as const), lot, session, amount: small }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('waste' as const), lot, session, amount: small, witness }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('transfer' as const), lot, from: loc, amount: size }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('return' as const), lot, loc, amount: size }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('destruction' as const),
      lot,
      loc,
      amount: size,
      witnesses: fc.constantFrom(
        'valid' as const,
        'valid' as const,
        'one' as const,
        'same' as const,
        'unauthenticated' as const,
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('loss' as const), lot, loc, amount: size }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('void' as const), pick: fc.nat() }) },
);

/** Every sequence opens with a few valid receipts, so that later operations have stock to work on. */
const opening: fc.Arbitrary<Op[]> = fc.array(
  fc.record({
    op: fc.constant('receipt' as const),
    lot,
    loc,
    containers: fc.integer({ min: 1, max: 3 }),
    witness: fc.constant('valid' as const),
  }),
  { minLength: 1, maxLength: 4 },
);
const sequenceArb: fc.Arbitrary<Op[]> = fc
  .tuple(opening, fc.array(opArb, { minLength: 1, maxLength: 80, size: 'max' }))
  .map(([first, rest]) => [...first, ...rest]);

/** Ketamine: size x 0.1 mL x 50 mg/mL = size x 5 mg; esketamine: 1-3 devices. */
function quantityOf(l: LotId, s: number): { quantity: number; volumeUl?: number } {
  if (LOTS[l].unit === 'device') return { quantity: (s % 3) + 1 };
  return { quantity: s * 100 * 50, volumeUl: s * 100 };
}

function witnessFor(mode: WitnessMode, actorIsNurse = true): WitnessSignature | undefined {
  const other = actorIsNurse ? DOCTOR : NURSE;
  const self = actorIsNurse ? NURSE : DOCTOR;
  if (mode === 'missing') return undefined;
  if (mode === 'same') return signedBy(self);
  return signedBy(other, mode === 'valid');
}

function other(l: Loc): Loc {
  return l === 'safe-1' ? 'safe-2' : 'safe-1';
}

function toEvent(op: Exclude<Op, { op: 'void' }>, t: number): StockEvent {
  const occurredAt = at(
    Math.floor(t / 100),
    `${String(8 + Math.floor((t % 100) / 10)).padStart(2, '0')}:${String((t % 10) * 5).padStart(2, '0')}`,
  );
  const { ndc } = LOTS[op.lot];
  const amount = op.op === 'receipt' ? { quantity: 0 } : quantityOf(op.lot, op.amount);
  switch (op.op) {
    case 'receipt': {
      const w = witnessFor(op.witness);
      return {
        kind: 'receipt',
        occurredAt,
        ndc,
        lot: op.lot,
        expiry: '2030-12',
        locationId: op.loc,
        containers: op.containers,
        unitsPerContainer: LOTS[op.lot].perContainer,
        supplier: SUPPLIER,
        receivedBy: NURSE,
        ...(w ? { witness: w } : {}),
      };
    }
    case 'draw':
      return {
        kind: 'draw',
        occurredAt,
        ndc,
        lot: op.lot,
        locationId: op.loc,
        ...amount,
        patientId: PATIENT[op.session],
        sessionId: op.session,
        by: NURSE,
      };
    case 'administration':
      return {
        kind: 'administration',
        occurredAt,
        ndc,
        lot: op.lot,
        sessionId: op.session,
        patientId: PATIENT[op.session],
        patientName: 'Pat',
        patientAddress: '1 Road',
        ...amount,
        administeredBy: NURSE,
      };
    case 'waste': {
      const w = witnessFor(op.witness);
      return {
        kind: 'waste',
        occurredAt,
        ndc,
        lot: op.lot,
        sessionId: op.session,
        ...amount,
        manner: 'disposal container',
        by: NURSE,
        ...(w ? { witness: w } : {}),
      };
    }
    case 'transfer':
      return {
        kind: 'transfer',
        occurredAt,
        ndc,
        lot: op.lot,
        fromLocationId: op.from,
        toLocationId: other(op.from),
        quantity: amount.quantity,
        by: NURSE,
      };
    case 'return':
      return {
        kind: 'return-to-supplier',
        occurredAt,
        ndc,
        lot: op.lot,
        locationId: op.loc,
        quantity: amount.quantity,
        supplier: SUPPLIER,
        by: NURSE,
      };
    case 'destruction': {
      const witnesses =
        op.witnesses === 'valid'
          ? [signedBy(NURSE), signedBy(DOCTOR)]
          : op.witnesses === 'one'
            ? [signedBy(NURSE)]
            : op.witnesses === 'same'
              ? [signedBy(DOCTOR), signedBy(DOCTOR)]
              : [signedBy(NURSE), signedBy(TECH, false)];
      return {
        kind: 'destruction',
        occurredAt,
        ndc,
        lot: op.lot,
        locationId: op.loc,
        quantity: amount.quantity,
        reason: 'expired',
        method: 'denaturing kit',
        destructionSite: { name: 'Clinic', address: '1 Main St' },
        by: ADMIN,
        witnesses,
      };
    }
    case 'loss':
      return {
        kind: 'loss',
        occurredAt,
        discoveredOn: occurredAt.slice(0, 10),
        ndc,
        lot: op.lot,
        source: { from: 'location', locationId: op.loc },
        quantity: amount.quantity,
        lossType: 'other',
        circumstances: 'missing',
        form106: { reportedToPolice: false },
        by: ADMIN,
      };
  }
}

/** The independent model: balances by the formula, and the rules that decide acceptance. */
class Model {
  readonly inForce = new Map<string, StockEvent>();
  readonly voided = new Set<string>();
  readonly accepted: string[] = [];
  readonly received = new Set<string>();

  safe(ndc: string, l: string, location: string): number {
    let total = 0;
    for (const e of this.inForce.values()) {
      if (e.ndc !== ndc || e.lot !== l) continue;
      if (e.kind === 'receipt' && e.locationId === location) total += e.containers * e.unitsPerContainer;
      if (e.kind === 'draw' && e.locationId === location) total -= e.quantity;
      if (e.kind === 'transfer' && e.fromLocationId === location) total -= e.quantity;
      if (e.kind === 'transfer' && e.toLocationId === location) total += e.quantity;
      if (e.kind === 'return-to-supplier' && e.locationId === location) total -= e.quantity;
      if (e.kind === 'destruction' && e.locationId === location) total -= e.quantity;
      if (e.kind === 'loss' && e.source.from === 'location' && e.source.locationId === location) total -= e.quantity;
    }
    return total;
  }

  inHand(sessionId: string, ndc: string, l: string): number {
    let total = 0;
    for (const e of this.inForce.values()) {
      if (e.ndc !== ndc || e.lot !== l) continue;
      if (e.kind === 'draw' && e.sessionId === sessionId) total += e.quantity;
      if ((e.kind === 'administration' || e.kind === 'waste') && e.sessionId === sessionId) total -= e.quantity;
    }
    return total;
  }

  /** A session keeps the unit of its first draw even if that draw is voided later. */
  readonly everDrawnUnit = new Map<string, 'ug' | 'device'>();

  accepts(e: StockEvent): boolean {
    const valid = (w: WitnessSignature | undefined): boolean =>
      w !== undefined && w.authenticated && w.userId !== NURSE.userId;
    switch (e.kind) {
      case 'receipt':
        return valid(e.witness);
      case 'draw': {
        const unit = e.ndc === SPRAVATO_KIT_2 ? 'device' : 'ug';
        const sessionUnit = this.everDrawnUnit.get(e.sessionId);
        return (
          this.received.has(`${e.ndc}|${e.lot}`) &&
          (sessionUnit === undefined || sessionUnit === unit) &&
          this.safe(e.ndc, e.lot, e.locationId) >= e.quantity
        );
      }
      case 'administration':
        return this.inHand(e.sessionId, e.ndc, e.lot) >= e.quantity && this.hasLine(e.sessionId, e.ndc, e.lot);
      case 'waste':
        return (
          valid(e.witness) &&
          this.inHand(e.sessionId, e.ndc, e.lot) >= e.quantity &&
          this.hasLine(e.sessionId, e.ndc, e.lot)
        );
      case 'transfer':
        return this.safe(e.ndc, e.lot, e.fromLocationId) >= e.quantity;
      case 'return-to-supplier':
        return this.safe(e.ndc, e.lot, e.locationId) >= e.quantity;
      case 'destruction': {
        const [a, b] = e.witnesses;
        return (
          e.witnesses.length === 2 &&
          a !== undefined &&
          b !== undefined &&
          a.authenticated &&
          b.authenticated &&
          a.userId !== b.userId &&
          this.safe(e.ndc, e.lot, e.locationId) >= e.quantity
        );
      }
      case 'loss':
        return e.source.from === 'location' && this.safe(e.ndc, e.lot, e.source.locationId) >= e.quantity;
    }
  }

  /** A session "line" exists once the session has drawn from the lot (even if that draw was later voided). */
  readonly lines = new Set<string>();
  hasLine(sessionId: string, ndc: string, l: string): boolean {
    return this.lines.has(`${sessionId}|${ndc}|${l}`);
  }

  acceptsVoid(id: string): boolean {
    const e = this.inForce.get(id);
    if (!e) return false;
    switch (e.kind) {
      case 'receipt':
        return this.safe(e.ndc, e.lot, e.locationId) >= e.containers * e.unitsPerContainer;
      case 'draw':
        return this.inHand(e.sessionId, e.ndc, e.lot) >= e.quantity;
      case 'transfer':
        return this.safe(e.ndc, e.lot, e.toLocationId) >= e.quantity;
      default:
        return true;
    }
  }

  record(id: string, e: StockEvent): void {
    this.inForce.set(id, e);
    this.accepted.push(id);
    if (e.kind === 'receipt') this.received.add(`${e.ndc}|${e.lot}`);
    if (e.kind === 'draw') {
      this.lines.add(`${e.sessionId}|${e.ndc}|${e.lot}`);
      if (!this.everDrawnUnit.has(e.sessionId))
        this.everDrawnUnit.set(e.sessionId, e.ndc === SPRAVATO_KIT_2 ? 'device' : 'ug');
    }
  }

  void(id: string): void {
    this.inForce.delete(id);
    this.voided.add(id);
  }
}

function snapshot(s: Scenario): string {
  return JSON.stringify({
    balances: balancesOf(s.state, { includeZero: true }),
    sessions: [...s.state.sessions.keys()].sort().map((id) => sessionReconciliation(s.state, id)),
    last: s.state.lastSequence,
    effective: [...s.state.effective.entries()],
  });
}

describe('ledger property: balances follow the formula and never go negative', () => {
  it('holds for any random sequence of valid and invalid operations', () => {
    fc.assert(
      fc.property(sequenceArb, (ops) => {
        const s = new Scenario();
        const model = new Model();
        let before = snapshot(s);
        ops.forEach((op, t) => {
          const previousState = s.state;
          let expectAccept: boolean;
          let error: unknown;
          let event: StockEvent | undefined;
          let voidTarget: string | undefined;
          if (op.op === 'void') {
            if (model.accepted.length === 0) return;
            voidTarget = model.accepted[op.pick % model.accepted.length] ?? '';
            expectAccept = !model.voided.has(voidTarget) && model.acceptsVoid(voidTarget);
            error = s.attempt({
              kind: 'correction',
              occurredAt: at(Math.floor(t / 100) + 1),
              correctsEntryId: voidTarget,
              reason: 'property test',
              replacement: null,
              by: ADMIN,
            });
          } else {
            event = toEvent(op, t);
            expectAccept = model.accepts(event);
            error = s.attempt(event);
          }

          if (error === undefined) {
            expect(expectAccept, `accepted but the model refuses: ${JSON.stringify(op)}`).toBe(true);
            if (voidTarget !== undefined) model.void(voidTarget);
            else if (event) model.record(s.entries[s.entries.length - 1]?.entryId ?? '', event);
          } else {
            expect(error, `refused with a non-rule error: ${String(error)}`).toBeInstanceOf(RuleViolationError);
            expect(
              expectAccept,
              `refused (${(error as RuleViolationError).code}) but the model accepts: ${JSON.stringify(op)}`,
            ).toBe(false);
            expect(s.state).toBe(previousState);
            expect(snapshot(s)).toBe(before);
          }

          // Every safe balance equals the formula over the entries in force, and is never negative.
          const balances = balancesOf(s.state, { includeZero: true });
          for (const l of Object.keys(LOTS) as LotId[]) {
            for (const location of ['safe-1', 'safe-2'] as const) {
              const actual =
                balances.find((b) => b.lot === l && b.locationId === location && b.ndc === LOTS[l].ndc)?.quantity ?? 0;
              expect(actual).toBe(model.safe(LOTS[l].ndc, l, location));
              expect(actual).toBeGreaterThanOrEqual(0);
            }
          }
          if (error === undefined) before = snapshot(s);
        });
        // The stored entries alone fold to the same balances.
        expect(deriveBalances(s.entries)).toEqual(balancesOf(s.state));
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});

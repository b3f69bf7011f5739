import { DomainValidationError, RuleViolationError } from '../shared/validation.js';
import { dateOfInstant, expiryLastDay } from './dates.js';
import {
  isStockEvent,
  type CountEvent,
  type DiscrepancyResolutionEvent,
  type CorrectionEvent,
  type IsoInstant,
  type LedgerEntry,
  type LedgerEventKind,
  type StaffRef,
  type StockEvent,
  type WitnessSignature,
  type CountKind,
} from './entries.js';
import { describeQuantity, findProduct, quantityAsMg, toContainers, type Product } from './products.js';
import type { CountingUnit } from './quantity.js';
import { DEFAULT_LEDGER_CONFIG, type LedgerConfig } from './settings.js';
import { validateEntry } from './validate.js';

/**
 * The ledger as a fold over its entries: `applyEntry(state, entry)` checks one entry against everything before
 * it and returns the next state, or throws and leaves `state` untouched. Nothing here is ever typed in: every
 * balance is derived from the entries.
 *
 * The safe balance of a lot at a location is
 *     receipts - draws - transfers out + transfers in - returns - destructions - losses from the location
 * over the latest version of each entry (corrections replace or void earlier entries).
 *
 * A draw moves stock out of the safe into the session's custody. Administration, waste and losses from the session
 * are accounted against what the session drew (its "in hand" amount = drawn - administered - wasted - lost), never
 * against the safe again. No balance, in a safe or in a session's hand, may go below zero.
 */

export type StockCell = {
  readonly ndc: string;
  readonly lot: string;
  readonly locationId: string;
  readonly quantity: number;
};

export type LotRecord = {
  readonly ndc: string;
  readonly lot: string;
  readonly expiry: string;
  readonly productId: string;
};

export type SessionLine = {
  readonly ndc: string;
  readonly lot: string;
  readonly drawn: number;
  readonly administered: number;
  readonly wasted: number;
  readonly lost: number;
};

export type SessionRecord = {
  readonly sessionId: string;
  readonly patientId: string;
  readonly unit: CountingUnit;
  readonly firstDrawAt: IsoInstant;
  /** Keyed by lotKey(ndc, lot). */
  readonly lines: ReadonlyMap<string, SessionLine>;
};

export type DiscrepancyStatus = 'open' | 'explained' | 'loss-reported';

export type Discrepancy = {
  readonly discrepancyId: string;
  readonly countEntryId: string;
  readonly countSequence: number;
  readonly countKind: CountKind;
  readonly countedAt: IsoInstant;
  readonly countedBy: StaffRef;
  readonly ndc: string;
  readonly lot: string;
  readonly locationId: string;
  /** The derived (book) balance at the time of the count. */
  readonly expected: number;
  readonly counted: number;
  /** counted - expected: negative is a shortage. */
  readonly difference: number;
  readonly estimated: boolean;
  readonly status: DiscrepancyStatus;
  readonly resolution?: {
    readonly entryId: string;
    readonly reason: string;
    readonly resolvedBy: StaffRef;
    readonly resolvedAt: IsoInstant;
    readonly lossEntryId?: string;
  };
};

export type LedgerState = {
  readonly config: LedgerConfig;
  readonly clinicId: string | undefined;
  readonly lastSequence: number;
  readonly entryKinds: ReadonlyMap<string, LedgerEventKind>;
  /** Latest version of each stock entry (null once voided), keyed by entryId. */
  readonly effective: ReadonlyMap<string, StockEvent | null>;
  readonly stock: ReadonlyMap<string, StockCell>;
  readonly lots: ReadonlyMap<string, LotRecord>;
  readonly sessions: ReadonlyMap<string, SessionRecord>;
  readonly discrepancies: ReadonlyMap<string, Discrepancy>;
  /** lossEntryId -> discrepancyId that it resolved. */
  readonly lossResolutions: ReadonlyMap<string, string>;
};

type MutableState = {
  config: LedgerConfig;
  clinicId: string | undefined;
  lastSequence: number;
  entryKinds: Map<string, LedgerEventKind>;
  effective: Map<string, StockEvent | null>;
  stock: Map<string, StockCell>;
  lots: Map<string, LotRecord>;
  sessions: Map<string, SessionRecord>;
  discrepancies: Map<string, Discrepancy>;
  lossResolutions: Map<string, string>;
};

export function lotKey(ndc: string, lot: string): string {
  return JSON.stringify([ndc, lot]);
}

export function stockKey(ndc: string, lot: string, locationId: string): string {
  return JSON.stringify([ndc, lot, locationId]);
}

/** Discrepancy ids are derived, so the server and the domain agree on them without storing anything extra. */
export function discrepancyIdFor(countEntryId: string, ndc: string, lot: string): string {
  return `${countEntryId}:${ndc}:${lot}`;
}

export function emptyLedger(config: LedgerConfig = DEFAULT_LEDGER_CONFIG): LedgerState {
  return {
    config,
    clinicId: undefined,
    lastSequence: 0,
    entryKinds: new Map(),
    effective: new Map(),
    stock: new Map(),
    lots: new Map(),
    sessions: new Map(),
    discrepancies: new Map(),
    lossResolutions: new Map(),
  };
}

function cloneState(state: LedgerState): MutableState {
  // Values are immutable records (replaced, never mutated), so shallow copies of the maps are enough.
  return {
    config: state.config,
    clinicId: state.clinicId,
    lastSequence: state.lastSequence,
    entryKinds: new Map(state.entryKinds),
    effective: new Map(state.effective),
    stock: new Map(state.stock),
    lots: new Map(state.lots),
    sessions: new Map(state.sessions),
    discrepancies: new Map(state.discrepancies),
    lossResolutions: new Map(state.lossResolutions),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Effects: what an event adds to or takes from each balance. Checked as a whole, then committed.

type SessionDelta = {
  sessionId: string;
  ndc: string;
  lot: string;
  drawn: number;
  administered: number;
  wasted: number;
  lost: number;
};

class Effects {
  readonly stock = new Map<string, { ndc: string; lot: string; locationId: string; delta: number }>();
  readonly session = new Map<string, SessionDelta>();
  readonly newSessions = new Map<string, { patientId: string; unit: CountingUnit; firstDrawAt: IsoInstant }>();
  readonly lots = new Map<string, LotRecord>();

  addStock(ndc: string, lot: string, locationId: string, delta: number): void {
    const key = stockKey(ndc, lot, locationId);
    const cur = this.stock.get(key);
    this.stock.set(key, { ndc, lot, locationId, delta: (cur?.delta ?? 0) + delta });
  }

  addSession(
    sessionId: string,
    ndc: string,
    lot: string,
    field: 'drawn' | 'administered' | 'wasted' | 'lost',
    delta: number,
  ): void {
    const key = JSON.stringify([sessionId, ndc, lot]);
    const cur = this.session.get(key) ?? { sessionId, ndc, lot, drawn: 0, administered: 0, wasted: 0, lost: 0 };
    this.session.set(key, { ...cur, [field]: cur[field] + delta });
  }
}

function collectEffects(effects: Effects, event: StockEvent, sign: 1 | -1, product: Product): void {
  const q = event.kind === 'receipt' ? event.containers * event.unitsPerContainer : event.quantity;
  const d = sign * q;
  switch (event.kind) {
    case 'receipt':
      effects.addStock(event.ndc, event.lot, event.locationId, d);
      if (sign === 1)
        effects.lots.set(lotKey(event.ndc, event.lot), {
          ndc: event.ndc,
          lot: event.lot,
          expiry: event.expiry,
          productId: product.productId,
        });
      return;
    case 'draw':
      effects.addStock(event.ndc, event.lot, event.locationId, -d);
      effects.addSession(event.sessionId, event.ndc, event.lot, 'drawn', d);
      if (sign === 1)
        effects.newSessions.set(event.sessionId, {
          patientId: event.patientId,
          unit: product.unit,
          firstDrawAt: event.occurredAt,
        });
      return;
    case 'administration':
      effects.addSession(event.sessionId, event.ndc, event.lot, 'administered', d);
      return;
    case 'waste':
      effects.addSession(event.sessionId, event.ndc, event.lot, 'wasted', d);
      return;
    case 'transfer':
      effects.addStock(event.ndc, event.lot, event.fromLocationId, -d);
      effects.addStock(event.ndc, event.lot, event.toLocationId, d);
      return;
    case 'return-to-supplier':
    case 'destruction':
      effects.addStock(event.ndc, event.lot, event.locationId, -d);
      return;
    case 'loss':
      if (event.source.from === 'location') effects.addStock(event.ndc, event.lot, event.source.locationId, -d);
      else effects.addSession(event.source.sessionId, event.ndc, event.lot, 'lost', d);
      return;
  }
}

function productFor(state: MutableState, ndc: string, field: string): Product {
  const product = findProduct(state.config.products, ndc);
  if (!product) throw new DomainValidationError([{ field, message: `is not a product in the catalogue: ${ndc}` }]);
  return product;
}

function commitEffects(state: MutableState, effects: Effects, field: string): void {
  // Check every touched balance first; commit only if all stay >= 0.
  const nextStock: StockCell[] = [];
  for (const [key, e] of effects.stock) {
    if (e.delta === 0) continue;
    const current = state.stock.get(key)?.quantity ?? 0;
    const next = current + e.delta;
    if (next < 0) {
      const product = productFor(state, e.ndc, field);
      throw new RuleViolationError(
        'negative-balance',
        `Lot ${e.lot} of ${product.displayName} at ${e.locationId} holds ${describeQuantity(product, current)}; ` +
          `this entry needs ${describeQuantity(product, -e.delta)}.`,
        `${field}quantity`,
      );
    }
    nextStock.push({ ndc: e.ndc, lot: e.lot, locationId: e.locationId, quantity: next });
  }
  const nextSessions = new Map<string, SessionRecord>();
  for (const e of effects.session.values()) {
    const created = effects.newSessions.get(e.sessionId);
    const session =
      nextSessions.get(e.sessionId) ??
      state.sessions.get(e.sessionId) ??
      (created
        ? {
            sessionId: e.sessionId,
            patientId: created.patientId,
            unit: created.unit,
            firstDrawAt: created.firstDrawAt,
            lines: new Map<string, SessionLine>(),
          }
        : undefined);
    const product = productFor(state, e.ndc, field);
    const lk = lotKey(e.ndc, e.lot);
    const cur = session?.lines.get(lk) ?? { ndc: e.ndc, lot: e.lot, drawn: 0, administered: 0, wasted: 0, lost: 0 };
    const line: SessionLine = {
      ndc: e.ndc,
      lot: e.lot,
      drawn: cur.drawn + e.drawn,
      administered: cur.administered + e.administered,
      wasted: cur.wasted + e.wasted,
      lost: cur.lost + e.lost,
    };
    const inHand = line.drawn - line.administered - line.wasted - line.lost;
    if (
      session === undefined ||
      line.drawn < 0 ||
      line.administered < 0 ||
      line.wasted < 0 ||
      line.lost < 0 ||
      inHand < 0
    ) {
      const held = Math.max(0, cur.drawn - cur.administered - cur.wasted - cur.lost);
      throw new RuleViolationError(
        'negative-balance',
        `Session ${e.sessionId} holds ${describeQuantity(product, held)} drawn from lot ${e.lot} and not yet administered, ` +
          'wasted or lost; this entry would take it below zero.',
        `${field}quantity`,
      );
    }
    const lines = new Map(session.lines);
    lines.set(lk, line);
    nextSessions.set(e.sessionId, { ...session, lines });
  }
  for (const cell of nextStock) state.stock.set(stockKey(cell.ndc, cell.lot, cell.locationId), cell);
  for (const [id, s] of nextSessions) state.sessions.set(id, s);
  for (const [key, lot] of effects.lots) state.lots.set(key, lot);
}

// ---------------------------------------------------------------------------------------------------------------
// Rules that are not balances.

function checkWitness(
  witness: WitnessSignature | undefined,
  actor: StaffRef,
  field: string,
  required: boolean,
  what: string,
): void {
  if (witness === undefined) {
    if (required)
      throw new RuleViolationError('witness-required', `${what} needs a second staff member as witness.`, field);
    return;
  }
  if (!witness.authenticated) {
    throw new RuleViolationError(
      'witness-not-authenticated',
      `The witness must sign with their own credentials (password or TOTP).`,
      `${field}.authenticated`,
    );
  }
  if (witness.userId === actor.userId) {
    throw new RuleViolationError(
      'witness-same-as-actor',
      `The witness must be a different person from ${actor.name}.`,
      `${field}.userId`,
    );
  }
}

/** What one session draws and administers is for the one patient the session belongs to. */
function checkSessionPatient(
  session: SessionRecord | undefined,
  event: { readonly sessionId: string; readonly patientId: string },
  field: string,
): void {
  if (session && session.patientId !== event.patientId) {
    throw new RuleViolationError(
      'session-patient-mismatch',
      `Session ${event.sessionId} belongs to another patient.`,
      field,
    );
  }
}

function checkLocationAccess(state: MutableState, locationId: string, actor: StaffRef, field: string): void {
  const location = state.config.locations?.find((l) => l.locationId === locationId);
  if (!location || location.openableByRoles.length === 0) return;
  if (actor.role === undefined || !location.openableByRoles.includes(actor.role)) {
    throw new RuleViolationError(
      'location-access-denied',
      `${actor.name} (${actor.role ?? 'no role'}) may not open ${location.name}.`,
      field,
    );
  }
}

function checkStockRules(
  state: MutableState,
  event: StockEvent,
  product: Product,
  p: string,
  isCorrection: boolean,
): void {
  const settings = state.config.settings;
  const lot = state.lots.get(lotKey(event.ndc, event.lot));
  switch (event.kind) {
    case 'receipt':
      if (!isCorrection && lot !== undefined && lot.expiry !== event.expiry) {
        throw new RuleViolationError(
          'lot-expiry-mismatch',
          `Lot ${event.lot} was received before with expiry ${lot.expiry}, not ${event.expiry}.`,
          `${p}expiry`,
        );
      }
      checkLocationAccess(state, event.locationId, event.receivedBy, `${p}locationId`);
      checkWitness(event.witness, event.receivedBy, `${p}witness`, settings.receiptWitnessRequired, 'A receipt');
      return;
    case 'draw': {
      if (lot === undefined)
        throw new RuleViolationError(
          'lot-not-received',
          `Lot ${event.lot} of ${event.ndc} has never been received.`,
          `${p}lot`,
        );
      if (dateOfInstant(event.occurredAt) > expiryLastDay(lot.expiry)) {
        throw new RuleViolationError('lot-expired', `Lot ${event.lot} expired (${lot.expiry}).`, `${p}lot`);
      }
      checkLocationAccess(state, event.locationId, event.by, `${p}locationId`);
      checkWitness(event.witness, event.by, `${p}witness`, false, 'A draw');
      const session = state.sessions.get(event.sessionId);
      checkSessionPatient(session, event, `${p}patientId`);
      if (session && session.unit !== product.unit) {
        throw new RuleViolationError(
          'session-mixed-units',
          `Session ${event.sessionId} already draws ${session.unit === 'ug' ? 'ketamine solution' : 'esketamine devices'}; one session uses one kind of product.`,
          `${p}ndc`,
        );
      }
      return;
    }
    case 'administration': {
      checkSessionPatient(state.sessions.get(event.sessionId), event, `${p}patientId`);
      return;
    }
    case 'waste':
      checkWitness(event.witness, event.by, `${p}witness`, settings.wasteWitnessRequired, 'Waste');
      return;
    case 'transfer':
      checkLocationAccess(state, event.fromLocationId, event.by, `${p}fromLocationId`);
      checkLocationAccess(state, event.toLocationId, event.by, `${p}toLocationId`);
      checkWitness(event.witness, event.by, `${p}witness`, false, 'A transfer');
      return;
    case 'return-to-supplier':
      checkLocationAccess(state, event.locationId, event.by, `${p}locationId`);
      checkWitness(event.witness, event.by, `${p}witness`, false, 'A return');
      return;
    case 'destruction': {
      // DEA Form 41 section D / 21 CFR 1317.95(d): two authorised employees witness the destruction.
      if (event.witnesses.length !== 2) {
        throw new RuleViolationError(
          'two-witnesses-required',
          'Destruction needs exactly two authorised employee witnesses (DEA Form 41).',
          `${p}witnesses`,
        );
      }
      event.witnesses.forEach((w, i) => {
        if (!w.authenticated) {
          throw new RuleViolationError(
            'witness-not-authenticated',
            'Each witness must sign with their own credentials.',
            `${p}witnesses.${i}.authenticated`,
          );
        }
      });
      const [first, second] = event.witnesses;
      if (first !== undefined && second !== undefined && first.userId === second.userId) {
        throw new RuleViolationError(
          'witnesses-not-distinct',
          'The two witnesses must be two different people.',
          `${p}witnesses.1.userId`,
        );
      }
      checkLocationAccess(state, event.locationId, event.by, `${p}locationId`);
      return;
    }
    case 'loss':
      return;
  }
}

function applyStockEvent(state: MutableState, entryId: string, event: StockEvent): void {
  const product = productFor(state, event.ndc, 'event.ndc');
  checkStockRules(state, event, product, 'event.', false);
  const effects = new Effects();
  collectEffects(effects, event, 1, product);
  commitEffects(state, effects, 'event.');
  state.effective.set(entryId, event);
}

function applyCorrection(state: MutableState, event: CorrectionEvent): void {
  const target = event.correctsEntryId;
  if (!state.entryKinds.has(target)) {
    throw new RuleViolationError(
      'correction-target-not-found',
      `No ledger entry ${target} to correct.`,
      'event.correctsEntryId',
    );
  }
  if (!state.effective.has(target)) {
    throw new RuleViolationError(
      'not-correctable',
      'Only stock movements can be corrected; record a new count or resolution instead.',
      'event.correctsEntryId',
    );
  }
  const original = state.effective.get(target) ?? null;
  if (original === null)
    throw new RuleViolationError('entry-voided', `Entry ${target} has already been voided.`, 'event.correctsEntryId');
  const replacement = event.replacement;
  if (replacement !== null && replacement.kind !== original.kind) {
    throw new DomainValidationError([
      { field: 'event.replacement.kind', message: `must be ${original.kind}, the kind of the corrected entry` },
    ]);
  }
  if (original.kind === 'loss' && state.lossResolutions.has(target)) {
    const changesIdentity =
      replacement === null ||
      replacement.kind !== 'loss' ||
      replacement.ndc !== original.ndc ||
      replacement.lot !== original.lot ||
      JSON.stringify(replacement.source) !== JSON.stringify(original.source);
    if (changesIdentity) {
      throw new RuleViolationError(
        'entry-referenced',
        `Loss ${target} resolves discrepancy ${state.lossResolutions.get(target) ?? ''}; it cannot be voided or moved to another lot.`,
        'event.replacement',
      );
    }
  }
  const effects = new Effects();
  collectEffects(effects, original, -1, productFor(state, original.ndc, 'event.correctsEntryId'));
  if (replacement !== null) {
    const product = productFor(state, replacement.ndc, 'event.replacement.ndc');
    checkStockRules(state, replacement, product, 'event.replacement.', true);
    collectEffects(effects, replacement, 1, product);
  }
  commitEffects(state, effects, replacement === null ? 'event.' : 'event.replacement.');
  state.effective.set(target, replacement);
}

function countedQuantity(product: Product, fullContainers: number, openedQuantity: number): number {
  return fullContainers * product.unitsPerContainer + openedQuantity;
}

function applyCount(state: MutableState, entry: LedgerEntry, event: CountEvent): void {
  checkLocationAccess(state, event.locationId, event.countedBy, 'event.locationId');
  checkWitness(event.witness, event.countedBy, 'event.witness', false, 'A count');
  const counted = new Map(event.lines.map((l) => [lotKey(l.ndc, l.lot), l] as const));
  const keys = new Set<string>(counted.keys());
  for (const cell of state.stock.values()) {
    if (cell.locationId === event.locationId && cell.quantity > 0) keys.add(lotKey(cell.ndc, cell.lot));
  }
  const opened: Discrepancy[] = [];
  for (const key of keys) {
    const line = counted.get(key);
    const [ndc, lot] = JSON.parse(key) as [string, string];
    const product = productFor(state, ndc, 'event.lines');
    const expected = state.stock.get(stockKey(ndc, lot, event.locationId))?.quantity ?? 0;
    const total = line ? countedQuantity(product, line.fullContainers, line.openedQuantity) : 0;
    const estimated = line?.estimated === true;
    // An estimate (21 CFR 1304.11(e)(3)) cannot be compared unit for unit: it differs when the whole containers,
    // or the presence of an opened container, differ from the books.
    const differs =
      estimated && line
        ? line.fullContainers !== Math.floor(expected / product.unitsPerContainer) ||
          (expected % product.unitsPerContainer === 0) !== (line.openedQuantity === 0)
        : total !== expected;
    if (!differs) continue;
    const id = discrepancyIdFor(entry.entryId, ndc, lot);
    opened.push({
      discrepancyId: id,
      countEntryId: entry.entryId,
      countSequence: entry.sequence,
      countKind: event.countKind,
      countedAt: event.occurredAt,
      countedBy: event.countedBy,
      ndc,
      lot,
      locationId: event.locationId,
      expected,
      counted: total,
      difference: total - expected,
      estimated,
      status: 'open',
    });
  }
  for (const d of opened) state.discrepancies.set(d.discrepancyId, d);
}

function applyResolution(state: MutableState, entry: LedgerEntry, event: DiscrepancyResolutionEvent): void {
  const discrepancy = state.discrepancies.get(event.discrepancyId);
  if (!discrepancy)
    throw new RuleViolationError(
      'discrepancy-not-found',
      `No discrepancy ${event.discrepancyId}.`,
      'event.discrepancyId',
    );
  if (discrepancy.status !== 'open') {
    throw new RuleViolationError(
      'discrepancy-not-open',
      `Discrepancy ${event.discrepancyId} is already ${discrepancy.status}.`,
      'event.discrepancyId',
    );
  }
  if (event.resolvedBy.role !== 'admin') {
    throw new RuleViolationError(
      'admin-required',
      'Only an admin may resolve a count discrepancy.',
      'event.resolvedBy',
    );
  }
  let lossEntryId: string | undefined;
  if (event.resolution === 'loss-reported') {
    lossEntryId = event.lossEntryId ?? '';
    const loss = state.effective.get(lossEntryId);
    if (!loss || loss.kind !== 'loss')
      throw new RuleViolationError('loss-not-found', `No loss entry ${lossEntryId}.`, 'event.lossEntryId');
    if (
      loss.ndc !== discrepancy.ndc ||
      loss.lot !== discrepancy.lot ||
      loss.source.from !== 'location' ||
      loss.source.locationId !== discrepancy.locationId
    ) {
      throw new RuleViolationError(
        'loss-mismatch',
        'The loss report must be for the same lot and location as the discrepancy.',
        'event.lossEntryId',
      );
    }
    if (discrepancy.difference >= 0)
      throw new RuleViolationError('loss-mismatch', 'An overage cannot be resolved as a loss.', 'event.resolution');
    if (state.lossResolutions.has(lossEntryId)) {
      throw new RuleViolationError(
        'loss-already-used',
        `Loss ${lossEntryId} already resolves another discrepancy.`,
        'event.lossEntryId',
      );
    }
    state.lossResolutions.set(lossEntryId, discrepancy.discrepancyId);
  }
  const resolution = {
    entryId: entry.entryId,
    reason: event.reason,
    resolvedBy: event.resolvedBy,
    resolvedAt: event.occurredAt,
    ...(lossEntryId === undefined ? {} : { lossEntryId }),
  };
  state.discrepancies.set(discrepancy.discrepancyId, { ...discrepancy, status: event.resolution, resolution });
}

function applyInPlace(state: MutableState, entry: LedgerEntry): void {
  validateEntry(entry, state.config);
  if (state.entryKinds.has(entry.entryId)) {
    throw new DomainValidationError([{ field: 'entryId', message: `${entry.entryId} is already in the ledger` }]);
  }
  if (state.clinicId !== undefined && entry.clinicId !== state.clinicId) {
    throw new DomainValidationError([
      { field: 'clinicId', message: `must be ${state.clinicId}: one ledger per clinic` },
    ]);
  }
  if (entry.sequence !== state.lastSequence + 1) {
    throw new RuleViolationError(
      'sequence-conflict',
      `Expected sequence ${state.lastSequence + 1}, got ${entry.sequence}: reload and retry.`,
      'sequence',
    );
  }
  const event = entry.event;
  if (isStockEvent(event)) applyStockEvent(state, entry.entryId, event);
  else if (event.kind === 'correction') applyCorrection(state, event);
  else if (event.kind === 'count') applyCount(state, entry, event);
  else applyResolution(state, entry, event);
  // Every check passed and every change is in: record the entry.
  state.entryKinds.set(entry.entryId, event.kind);
  state.clinicId = entry.clinicId;
  state.lastSequence = entry.sequence;
}

/**
 * Applies one entry. Returns a new state; `state` itself is never changed. Throws `DomainValidationError` for a
 * malformed entry and `RuleViolationError` (with a `code`) for one that breaks a rule, e.g. 'negative-balance',
 * 'witness-required', 'witness-same-as-actor', 'witness-not-authenticated', 'two-witnesses-required',
 * 'lot-expired', 'sequence-conflict'.
 */
export function applyEntry(state: LedgerState, entry: LedgerEntry): LedgerState {
  const next = cloneState(state);
  applyInPlace(next, entry);
  return next;
}

/**
 * Folds a whole ledger, in sequence order. A ledger that was built through `applyEntry` always folds; one that
 * does not (edited in the database) throws at the first bad entry.
 */
export function deriveLedger(
  entries: Iterable<LedgerEntry>,
  config: LedgerConfig = DEFAULT_LEDGER_CONFIG,
): LedgerState {
  const state = cloneState(emptyLedger(config));
  for (const entry of entries) applyInPlace(state, entry);
  return state;
}

export type StockBalance = {
  readonly ndc: string;
  readonly lot: string;
  readonly locationId: string;
  readonly productId: string;
  readonly unit: CountingUnit;
  /** Exact, in the product's unit (ug or devices). */
  readonly quantity: number;
  /** The same amount as exact milligram text. */
  readonly mg: string;
  readonly containers: { readonly full: number; readonly partialQuantity: number };
  readonly expiry: string | undefined;
};

/** Every safe balance (per lot and location), sorted by NDC, lot and location. Zero balances are left out unless asked for. */
export function balancesOf(state: LedgerState, options: { readonly includeZero?: boolean } = {}): StockBalance[] {
  const rows: StockBalance[] = [];
  for (const cell of state.stock.values()) {
    if (cell.quantity === 0 && options.includeZero !== true) continue;
    const product = findProduct(state.config.products, cell.ndc);
    if (!product) continue;
    rows.push({
      ndc: cell.ndc,
      lot: cell.lot,
      locationId: cell.locationId,
      productId: product.productId,
      unit: product.unit,
      quantity: cell.quantity,
      mg: quantityAsMg(product, cell.quantity),
      containers: toContainers(product, cell.quantity),
      expiry: state.lots.get(lotKey(cell.ndc, cell.lot))?.expiry,
    });
  }
  return rows.sort(
    (a, b) => a.ndc.localeCompare(b.ndc) || a.lot.localeCompare(b.lot) || a.locationId.localeCompare(b.locationId),
  );
}

/** Balances derived only from the ledger. */
export function deriveBalances(
  entries: Iterable<LedgerEntry>,
  config: LedgerConfig = DEFAULT_LEDGER_CONFIG,
): StockBalance[] {
  return balancesOf(deriveLedger(entries, config));
}

/** The safe balance of one lot at one location (0 when none). */
export function balanceOf(state: LedgerState, ndc: string, lot: string, locationId: string): number {
  return state.stock.get(stockKey(ndc, lot, locationId))?.quantity ?? 0;
}

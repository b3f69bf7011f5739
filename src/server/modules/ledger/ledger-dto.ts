/**
 * What the API answers: domain values with the text a page needs beside them (mg as exact text, product and
 * location names, a one-line summary of each entry). Pure functions.
 */
import {
  describeQuantity,
  findProduct,
  formatUgAsMg,
  quantityAsMg,
  type Discrepancy,
  type LedgerEntry,
  type LedgerEvent,
  type Product,
  type SessionLineReconciliation,
  type SessionReconciliation,
  type StockBalance,
  type StockEvent,
  type StaffRef,
  type StorageLocation,
} from '../../../domain/inventory/index.js';

export interface EntryDto {
  sequence: number;
  entryId: string;
  kind: string;
  occurredAt: string;
  recordedAt: string;
  recordedBy: string | null;
  summary: string;
  event: LedgerEvent;
  prevHash: string;
  hash: string;
  correctedBySequence?: number[];
}

export function toEntryDto(
  entry: LedgerEntry,
  prevHash: string,
  hash: string,
  recordedBy: string | null,
  products: readonly Product[],
  correctedBy?: number[],
): EntryDto {
  return {
    sequence: entry.sequence,
    entryId: entry.entryId,
    kind: entry.event.kind,
    occurredAt: entry.event.occurredAt,
    recordedAt: entry.recordedAt,
    recordedBy,
    summary: summarize(entry.event, products),
    event: entry.event,
    prevHash,
    hash,
    ...(correctedBy && correctedBy.length > 0 ? { correctedBySequence: correctedBy } : {}),
  };
}

function amountText(products: readonly Product[], ndc: string, quantity: number): string {
  const product = findProduct(products, ndc);
  return product ? describeQuantity(product, quantity) : `${quantity} units of ${ndc}`;
}

function productName(products: readonly Product[], ndc: string): string {
  return findProduct(products, ndc)?.displayName ?? ndc;
}

/** One line a person can read in a list ("Drew 50 mg (1 mL) of lot K50-A from main-safe for session ..."). */
export function summarize(event: LedgerEvent, products: readonly Product[]): string {
  const q = (e: { ndc: string; quantity: number }) => amountText(products, e.ndc, e.quantity);
  switch (event.kind) {
    case 'receipt':
      return (
        `Received ${event.containers} x ${productName(products, event.ndc)}, lot ${event.lot} (exp. ${event.expiry}) into ${event.locationId} from ${event.supplier.name}` +
        (event.witness ? `; witness ${event.witness.name}` : '')
      );
    case 'draw':
      return `Drew ${q(event)} of lot ${event.lot} from ${event.locationId} for session ${event.sessionId}`;
    case 'administration':
      return `Administered ${q(event)} of lot ${event.lot} in session ${event.sessionId}`;
    case 'waste':
      return (
        `Wasted ${q(event)} of lot ${event.lot} from session ${event.sessionId} (${event.manner})` +
        (event.witness ? `; witness ${event.witness.name}` : '')
      );
    case 'transfer':
      return `Moved ${q(event)} of lot ${event.lot} from ${event.fromLocationId} to ${event.toLocationId}`;
    case 'return-to-supplier':
      return `Returned ${q(event)} of lot ${event.lot} from ${event.locationId} to ${event.supplier.name}`;
    case 'destruction':
      return `Destroyed ${q(event)} of lot ${event.lot} from ${event.locationId} (${event.reason}); witnesses ${event.witnesses.map((w) => w.name).join(' and ')}`;
    case 'loss':
      return (
        `Loss reported (${event.lossType}): ${q(event)} of lot ${event.lot} from ` +
        (event.source.from === 'location' ? event.source.locationId : `session ${event.source.sessionId}`) +
        `, discovered ${event.discoveredOn}`
      );
    case 'count':
      return `${event.countKind} count of ${event.locationId}${event.timing ? ` (${event.timing})` : ''}: ${event.lines.length} lot line(s)`;
    case 'discrepancy-resolution':
      return `Discrepancy ${event.resolution === 'explained' ? 'explained' : 'resolved by a loss report'}: ${event.reason}`;
    case 'correction':
      return `Correction of entry ${event.correctsEntryId}: ${event.replacement === null ? 'voided' : 'replaced'} (${event.reason})`;
  }
}

export function actorOf(event: StockEvent): StaffRef {
  switch (event.kind) {
    case 'receipt':
      return event.receivedBy;
    case 'administration':
      return event.administeredBy;
    default:
      return event.by;
  }
}

export interface BalanceDto extends Omit<StockBalance, 'expiry'> {
  locationName: string;
  productName: string;
  description: string;
  expiry: string | null;
}

export function toBalanceDto(
  b: StockBalance,
  products: readonly Product[],
  locations: readonly StorageLocation[],
): BalanceDto {
  const product = findProduct(products, b.ndc);
  return {
    ...b,
    expiry: b.expiry ?? null,
    locationName: locations.find((l) => l.locationId === b.locationId)?.name ?? b.locationId,
    productName: product?.displayName ?? b.ndc,
    description: product
      ? `${b.containers.full} full ${product.containerKind}${b.containers.full === 1 ? '' : 's'}` +
        (b.containers.partialQuantity > 0
          ? ` + ${describeQuantity(product, b.containers.partialQuantity)} in an opened one`
          : '') +
        ` (${describeQuantity(product, b.quantity)})`
      : String(b.quantity),
  };
}

function unitMg(unit: string, quantity: number): string {
  return unit === 'ug' ? formatUgAsMg(quantity) : String(quantity * 28);
}

export interface ReconciliationDto {
  sessionId: string;
  patientId: string;
  unit: string;
  hasDraws: boolean;
  firstDrawAt: string | null;
  drawn: number;
  administered: number;
  wasted: number;
  lost: number;
  difference: number;
  drawnMg: string;
  administeredMg: string;
  wastedMg: string;
  lostMg: string;
  differenceMg: string;
  reconciled: boolean;
  lines: SessionLineReconciliation[];
  patient?: { id: string; name: string; mrn: string };
  sessionStartsAt?: string | null;
  /** The session's treatment-day record shows a dose given, but the ledger has no draw for it. */
  missingDraw?: boolean;
  /** When the dose was first given (with `missingDraw`). */
  dosedAt?: string;
}

export function toReconciliationDto(r: SessionReconciliation): ReconciliationDto {
  return {
    sessionId: r.sessionId,
    patientId: r.patientId,
    unit: r.unit,
    hasDraws: true,
    firstDrawAt: r.firstDrawAt,
    drawn: r.drawn,
    administered: r.administered,
    wasted: r.wasted,
    lost: r.lost,
    difference: r.difference,
    drawnMg: unitMg(r.unit, r.drawn),
    administeredMg: unitMg(r.unit, r.administered),
    wastedMg: unitMg(r.unit, r.wasted),
    lostMg: unitMg(r.unit, r.lost),
    differenceMg: unitMg(r.unit, r.difference),
    reconciled: r.reconciled,
    lines: r.lines.map((l) => ({ ...l })),
  };
}

export function emptyReconciliation(sessionId: string, patientId: string): ReconciliationDto {
  return {
    sessionId,
    patientId,
    unit: 'ug',
    hasDraws: false,
    firstDrawAt: null,
    drawn: 0,
    administered: 0,
    wasted: 0,
    lost: 0,
    difference: 0,
    drawnMg: '0',
    administeredMg: '0',
    wastedMg: '0',
    lostMg: '0',
    differenceMg: '0',
    reconciled: true,
    lines: [],
  };
}

export interface DiscrepancyDto {
  discrepancyId: string;
  countEntryId: string;
  countSequence: number;
  countKind: string;
  countedAt: string;
  countedBy: string;
  ndc: string;
  lot: string;
  locationId: string;
  expected: number;
  counted: number;
  difference: number;
  expectedMg: string;
  countedMg: string;
  differenceMg: string;
  estimated: boolean;
  status: string;
  resolution: {
    entryId: string;
    reason: string;
    resolvedBy: string;
    resolvedAt: string;
    lossEntryId: string | null;
  } | null;
}

export function toDiscrepancyDto(d: Discrepancy, products: readonly Product[]): DiscrepancyDto {
  const product = findProduct(products, d.ndc);
  const mg = (q: number) => (product ? quantityAsMg(product, q) : String(q));
  return {
    discrepancyId: d.discrepancyId,
    countEntryId: d.countEntryId,
    countSequence: d.countSequence,
    countKind: d.countKind,
    countedAt: d.countedAt,
    countedBy: d.countedBy.name,
    ndc: d.ndc,
    lot: d.lot,
    locationId: d.locationId,
    expected: d.expected,
    counted: d.counted,
    difference: d.difference,
    expectedMg: mg(d.expected),
    countedMg: mg(d.counted),
    differenceMg: mg(d.difference),
    estimated: d.estimated,
    status: d.status,
    resolution: d.resolution
      ? {
          entryId: d.resolution.entryId,
          reason: d.resolution.reason,
          resolvedBy: d.resolution.resolvedBy.name,
          resolvedAt: d.resolution.resolvedAt,
          lossEntryId: d.resolution.lossEntryId ?? null,
        }
      : null,
  };
}

import type { Citation } from '../shared/citation.js';
import { DomainValidationError } from '../shared/validation.js';
import { CFR_1304_11, CFR_1304_22_C, DEA_FORM_106, DEA_FORM_41 } from './citations.js';
import { toCsv, type CsvColumn, type CsvOptions } from './csv.js';
import { dateOfInstant, isIsoDate } from './dates.js';
import { lossReportDeadlines, type LossReportDeadlines } from './deadlines.js';
import type {
  BusinessTiming,
  CountKind,
  IsoDate,
  IsoInstant,
  LedgerEntry,
  StockEvent,
  WitnessSignature,
  DestructionEvent,
  LossEvent,
} from './entries.js';
import { deriveLedger, type Discrepancy, type LedgerState } from './ledger.js';
import { findProduct, quantityAsMg, strengthLabel, toContainers, volumeUlFor, type Product } from './products.js';
import { formatUlAsMl } from './quantity.js';
import { DEFAULT_LEDGER_CONFIG, type LedgerConfig } from './settings.js';

/**
 * Reports as plain rows (for a table, CSV or PDF). Every report is built from the ledger alone, with corrections
 * applied: a corrected entry appears as its latest version and is marked `corrected`; a voided entry is left out
 * of the logs and shown as voided in the lot history.
 */

function witnessText(w: WitnessSignature | undefined): string {
  return w === undefined ? '' : w.name;
}

function productOf(config: LedgerConfig, ndc: string): Product {
  const p = findProduct(config.products, ndc);
  if (!p) throw new DomainValidationError([{ field: 'ndc', message: `is not a product in the catalogue: ${ndc}` }]);
  return p;
}

function amountColumns(
  product: Product,
  quantity: number,
  volumeUl: number | undefined,
): { amountMg: string; volumeMl: string; devices: number | null } {
  const ul = volumeUl ?? volumeUlFor(product, quantity);
  return {
    amountMg: quantityAsMg(product, quantity),
    volumeMl: product.unit === 'ug' && ul !== undefined ? formatUlAsMl(ul) : '',
    devices: product.unit === 'device' ? quantity : null,
  };
}

type Indexed = {
  readonly state: LedgerState;
  readonly byId: ReadonlyMap<string, LedgerEntry>;
  readonly correctedIds: ReadonlySet<string>;
};

function index(entries: readonly LedgerEntry[], config: LedgerConfig): Indexed {
  const state = deriveLedger(entries, config);
  const byId = new Map(entries.map((e) => [e.entryId, e] as const));
  const correctedIds = new Set<string>();
  for (const e of entries) if (e.event.kind === 'correction') correctedIds.add(e.event.correctsEntryId);
  return { state, byId, correctedIds };
}

function checkPeriod(from: IsoDate, to: IsoDate): void {
  const issues = [
    ...(isIsoDate(from) ? [] : [{ field: 'from', message: 'must be a date YYYY-MM-DD' }]),
    ...(isIsoDate(to) ? [] : [{ field: 'to', message: 'must be a date YYYY-MM-DD' }]),
  ];
  if (issues.length === 0 && from > to) issues.push({ field: 'to', message: 'must not be before from' });
  if (issues.length > 0) throw new DomainValidationError(issues);
}

// --- Administration / dispensing log -----------------------------------------------------------------------------

export const ADMINISTRATION_LOG_CITATION: Citation = CFR_1304_22_C;

export type AdministrationLogRow = {
  readonly date: IsoDate;
  readonly time: IsoInstant;
  readonly sequence: number;
  readonly entryId: string;
  readonly action: 'administered' | 'wasted' | 'lost';
  readonly sessionId: string;
  readonly patientId: string;
  readonly patientName: string;
  readonly patientAddress: string;
  readonly drug: string;
  readonly ndc: string;
  readonly lot: string;
  readonly amountMg: string;
  readonly volumeMl: string;
  readonly devices: number | null;
  readonly by: string;
  readonly witness: string;
  readonly manner: string;
  readonly corrected: boolean;
};

/**
 * The administration log for a period (inclusive calendar dates): what was administered to whom, and what was
 * wasted or lost from a session's draw, with who did it and who witnessed (21 CFR 1304.22(c)).
 */
export function administrationLog(
  entries: readonly LedgerEntry[],
  period: { readonly from: IsoDate; readonly to: IsoDate },
  config: LedgerConfig = DEFAULT_LEDGER_CONFIG,
): AdministrationLogRow[] {
  checkPeriod(period.from, period.to);
  const { state, byId, correctedIds } = index(entries, config);
  const patients = new Map<string, { patientId: string; name: string; address: string }>();
  for (const [, ev] of state.effective) {
    if (ev?.kind === 'administration')
      patients.set(ev.sessionId, { patientId: ev.patientId, name: ev.patientName, address: ev.patientAddress });
  }
  const rows: AdministrationLogRow[] = [];
  for (const [entryId, ev] of state.effective) {
    if (ev === null) continue;
    const sessionId =
      ev.kind === 'administration' || ev.kind === 'waste'
        ? ev.sessionId
        : ev.kind === 'loss' && ev.source.from === 'session'
          ? ev.source.sessionId
          : undefined;
    if (sessionId === undefined || (ev.kind !== 'administration' && ev.kind !== 'waste' && ev.kind !== 'loss'))
      continue;
    const date = dateOfInstant(ev.occurredAt);
    if (date < period.from || date > period.to) continue;
    const entry = byId.get(entryId);
    const product = productOf(config, ev.ndc);
    const patient = patients.get(sessionId);
    const sessionPatientId = state.sessions.get(sessionId)?.patientId ?? '';
    rows.push({
      date,
      time: ev.occurredAt,
      sequence: entry?.sequence ?? 0,
      entryId,
      action: ev.kind === 'administration' ? 'administered' : ev.kind === 'waste' ? 'wasted' : 'lost',
      sessionId,
      patientId: ev.kind === 'administration' ? ev.patientId : sessionPatientId,
      patientName: ev.kind === 'administration' ? ev.patientName : (patient?.name ?? ''),
      patientAddress: ev.kind === 'administration' ? ev.patientAddress : (patient?.address ?? ''),
      drug: product.displayName,
      ndc: ev.ndc,
      lot: ev.lot,
      ...amountColumns(product, ev.quantity, ev.kind === 'loss' ? undefined : ev.volumeUl),
      by: ev.kind === 'administration' ? ev.administeredBy.name : ev.by.name,
      witness: ev.kind === 'waste' ? witnessText(ev.witness) : '',
      manner: ev.kind === 'waste' ? ev.manner : ev.kind === 'loss' ? `loss: ${ev.lossType}` : '',
      corrected: correctedIds.has(entryId),
    });
  }
  return rows.sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.sequence - b.sequence);
}

export const ADMINISTRATION_LOG_COLUMNS: readonly CsvColumn<AdministrationLogRow>[] = [
  { header: 'Date', value: (r) => r.date },
  { header: 'Time', value: (r) => r.time },
  { header: 'Entry', value: (r) => r.sequence },
  { header: 'Action', value: (r) => r.action },
  { header: 'Session', value: (r) => r.sessionId },
  { header: 'Patient ID', value: (r) => r.patientId },
  { header: 'Patient name', value: (r) => r.patientName },
  { header: 'Patient address', value: (r) => r.patientAddress },
  { header: 'Drug', value: (r) => r.drug },
  { header: 'NDC', value: (r) => r.ndc },
  { header: 'Lot', value: (r) => r.lot },
  { header: 'Amount (mg)', value: (r) => r.amountMg },
  { header: 'Volume (mL)', value: (r) => r.volumeMl },
  { header: 'Devices', value: (r) => r.devices },
  { header: 'By', value: (r) => r.by },
  { header: 'Witness', value: (r) => r.witness },
  { header: 'Manner of disposal', value: (r) => r.manner },
  { header: 'Corrected', value: (r) => (r.corrected ? 'yes' : '') },
];

// --- Inventory (initial / biennial) ------------------------------------------------------------------------------

export const INVENTORY_REPORT_CITATION: Citation = CFR_1304_11;

export type InventoryReportRow = {
  readonly inventoryDate: IsoDate;
  readonly countedAt: IsoInstant;
  readonly timing: BusinessTiming | '';
  readonly countKind: CountKind;
  readonly locationId: string;
  readonly drug: string;
  readonly strength: string;
  readonly form: string;
  readonly schedule: 'CIII';
  readonly ndc: string;
  readonly lot: string;
  readonly containerSize: string;
  readonly fullContainers: number;
  readonly openedAmountMg: string;
  readonly openedDevices: number | null;
  readonly estimated: boolean;
  readonly totalMg: string;
  readonly countedBy: string;
  readonly witness: string;
};

/** The inventory taken on a date (all locations): what was on hand, opening or close of business, estimates marked (21 CFR 1304.11). */
export function inventoryReport(
  entries: readonly LedgerEntry[],
  options: { readonly on: IsoDate; readonly countKind?: 'initial-inventory' | 'biennial-inventory' },
  config: LedgerConfig = DEFAULT_LEDGER_CONFIG,
): InventoryReportRow[] {
  if (!isIsoDate(options.on)) throw new DomainValidationError([{ field: 'on', message: 'must be a date YYYY-MM-DD' }]);
  deriveLedger(entries, config);
  const kind = options.countKind ?? 'biennial-inventory';
  const rows: InventoryReportRow[] = [];
  for (const entry of entries) {
    const ev = entry.event;
    if (ev.kind !== 'count' || ev.countKind !== kind || dateOfInstant(ev.occurredAt) !== options.on) continue;
    for (const line of ev.lines) {
      const product = productOf(config, line.ndc);
      const total = line.fullContainers * product.unitsPerContainer + line.openedQuantity;
      rows.push({
        inventoryDate: options.on,
        countedAt: ev.occurredAt,
        timing: ev.timing ?? '',
        countKind: ev.countKind,
        locationId: ev.locationId,
        drug: product.displayName,
        strength: strengthLabel(product),
        form: product.form,
        schedule: product.schedule,
        ndc: line.ndc,
        lot: line.lot,
        containerSize: product.packageDescription,
        fullContainers: line.fullContainers,
        openedAmountMg: quantityAsMg(product, line.openedQuantity),
        openedDevices: product.unit === 'device' ? line.openedQuantity : null,
        estimated: line.estimated,
        totalMg: quantityAsMg(product, total),
        countedBy: ev.countedBy.name,
        witness: witnessText(ev.witness),
      });
    }
  }
  return rows.sort(
    (a, b) => a.locationId.localeCompare(b.locationId) || a.ndc.localeCompare(b.ndc) || a.lot.localeCompare(b.lot),
  );
}

export const INVENTORY_REPORT_COLUMNS: readonly CsvColumn<InventoryReportRow>[] = [
  { header: 'Inventory date', value: (r) => r.inventoryDate },
  { header: 'Opening/close of business', value: (r) => r.timing },
  { header: 'Kind', value: (r) => r.countKind },
  { header: 'Location', value: (r) => r.locationId },
  { header: 'Drug', value: (r) => r.drug },
  { header: 'Strength', value: (r) => r.strength },
  { header: 'Form', value: (r) => r.form },
  { header: 'Schedule', value: (r) => r.schedule },
  { header: 'NDC', value: (r) => r.ndc },
  { header: 'Lot', value: (r) => r.lot },
  { header: 'Container', value: (r) => r.containerSize },
  { header: 'Full containers', value: (r) => r.fullContainers },
  { header: 'Opened containers (mg)', value: (r) => r.openedAmountMg },
  { header: 'Opened containers (devices)', value: (r) => r.openedDevices },
  { header: 'Estimated', value: (r) => (r.estimated ? 'estimated' : 'exact') },
  { header: 'Total (mg)', value: (r) => r.totalMg },
  { header: 'Counted by', value: (r) => r.countedBy },
  { header: 'Witness', value: (r) => r.witness },
];

// --- Per-lot history --------------------------------------------------------------------------------------------

export type LotHistoryRow = {
  readonly sequence: number;
  readonly entryId: string;
  readonly time: IsoInstant;
  readonly kind: string;
  readonly locationId: string;
  readonly sessionId: string;
  /** Change to the lot's total safe stock (all locations), in the product's unit. */
  readonly safeChange: number;
  /** The lot's total safe stock after this entry. */
  readonly safeBalance: number;
  readonly safeBalanceMg: string;
  readonly by: string;
  readonly witness: string;
  readonly note: string;
};

function safeDeltas(ev: StockEvent, ndc: string, lot: string): { location: string; delta: number }[] {
  if (ev.ndc !== ndc || ev.lot !== lot) return [];
  switch (ev.kind) {
    case 'receipt':
      return [{ location: ev.locationId, delta: ev.containers * ev.unitsPerContainer }];
    case 'draw':
      return [{ location: ev.locationId, delta: -ev.quantity }];
    case 'transfer':
      return [
        { location: ev.fromLocationId, delta: -ev.quantity },
        { location: ev.toLocationId, delta: ev.quantity },
      ];
    case 'return-to-supplier':
    case 'destruction':
      return [{ location: ev.locationId, delta: -ev.quantity }];
    case 'loss':
      return ev.source.from === 'location' ? [{ location: ev.source.locationId, delta: -ev.quantity }] : [];
    case 'administration':
    case 'waste':
      return [];
  }
}

function actorOf(ev: StockEvent): { by: string; witness: string; location: string; session: string } {
  switch (ev.kind) {
    case 'receipt':
      return { by: ev.receivedBy.name, witness: witnessText(ev.witness), location: ev.locationId, session: '' };
    case 'draw':
      return { by: ev.by.name, witness: witnessText(ev.witness), location: ev.locationId, session: ev.sessionId };
    case 'administration':
      return { by: ev.administeredBy.name, witness: '', location: '', session: ev.sessionId };
    case 'waste':
      return { by: ev.by.name, witness: witnessText(ev.witness), location: '', session: ev.sessionId };
    case 'transfer':
      return {
        by: ev.by.name,
        witness: witnessText(ev.witness),
        location: `${ev.fromLocationId} -> ${ev.toLocationId}`,
        session: '',
      };
    case 'return-to-supplier':
      return { by: ev.by.name, witness: witnessText(ev.witness), location: ev.locationId, session: '' };
    case 'destruction':
      return {
        by: ev.by.name,
        witness: ev.witnesses.map((w) => w.name).join(' & '),
        location: ev.locationId,
        session: '',
      };
    case 'loss':
      return {
        by: ev.by.name,
        witness: '',
        location: ev.source.from === 'location' ? ev.source.locationId : '',
        session: ev.source.from === 'session' ? ev.source.sessionId : '',
      };
  }
}

/** Every entry that touched a lot, in ledger order, with the lot's running safe total. */
export function lotHistory(
  entries: readonly LedgerEntry[],
  ndc: string,
  lot: string,
  config: LedgerConfig = DEFAULT_LEDGER_CONFIG,
): LotHistoryRow[] {
  deriveLedger(entries, config);
  const product = productOf(config, ndc);
  const current = new Map<string, StockEvent | null>();
  const sequenceOf = new Map(entries.map((e) => [e.entryId, e.sequence] as const));
  const rows: LotHistoryRow[] = [];
  let balance = 0;
  const touches = (ev: StockEvent | null | undefined): boolean =>
    ev !== null && ev !== undefined && ev.ndc === ndc && ev.lot === lot;
  for (const entry of entries) {
    const ev = entry.event;
    if (ev.kind === 'count') {
      for (const line of ev.lines.filter((l) => l.ndc === ndc && l.lot === lot)) {
        const counted = line.fullContainers * product.unitsPerContainer + line.openedQuantity;
        rows.push({
          sequence: entry.sequence,
          entryId: entry.entryId,
          time: ev.occurredAt,
          kind: `count (${ev.countKind})`,
          locationId: ev.locationId,
          sessionId: '',
          safeChange: 0,
          safeBalance: balance,
          safeBalanceMg: quantityAsMg(product, balance),
          by: ev.countedBy.name,
          witness: witnessText(ev.witness),
          note: `counted ${quantityAsMg(product, counted)} mg${line.estimated ? ' (estimated)' : ''}`,
        });
      }
      continue;
    }
    if (ev.kind === 'discrepancy-resolution') continue;
    if (ev.kind === 'correction') {
      const before = current.get(ev.correctsEntryId) ?? null;
      const after = ev.replacement;
      if (!touches(before) && !touches(after)) continue;
      const delta = [
        ...(before ? safeDeltas(before, ndc, lot) : []).map((d) => -d.delta),
        ...(after ? safeDeltas(after, ndc, lot) : []).map((d) => d.delta),
      ].reduce((a, b) => a + b, 0);
      current.set(ev.correctsEntryId, after);
      balance += delta;
      rows.push({
        sequence: entry.sequence,
        entryId: entry.entryId,
        time: ev.occurredAt,
        kind: after === null ? 'correction (void)' : 'correction',
        locationId: '',
        sessionId: '',
        safeChange: delta,
        safeBalance: balance,
        safeBalanceMg: quantityAsMg(product, balance),
        by: ev.by.name,
        witness: '',
        note: `corrects entry ${sequenceOf.get(ev.correctsEntryId) ?? ev.correctsEntryId}: ${ev.reason}`,
      });
      continue;
    }
    current.set(entry.entryId, ev);
    if (!touches(ev)) continue;
    const delta = safeDeltas(ev, ndc, lot).reduce((a, d) => a + d.delta, 0);
    balance += delta;
    const who = actorOf(ev);
    rows.push({
      sequence: entry.sequence,
      entryId: entry.entryId,
      time: ev.occurredAt,
      kind: ev.kind,
      locationId: who.location,
      sessionId: who.session,
      safeChange: delta,
      safeBalance: balance,
      safeBalanceMg: quantityAsMg(product, balance),
      by: who.by,
      witness: who.witness,
      note:
        ev.kind === 'administration' || ev.kind === 'waste'
          ? `${quantityAsMg(product, ev.quantity)} mg ${ev.kind === 'waste' ? `wasted (${ev.manner})` : 'administered'}`
          : '',
    });
  }
  return rows;
}

export const LOT_HISTORY_COLUMNS: readonly CsvColumn<LotHistoryRow>[] = [
  { header: 'Entry', value: (r) => r.sequence },
  { header: 'Time', value: (r) => r.time },
  { header: 'Kind', value: (r) => r.kind },
  { header: 'Location', value: (r) => r.locationId },
  { header: 'Session', value: (r) => r.sessionId },
  { header: 'Change (units)', value: (r) => r.safeChange },
  { header: 'Safe balance (units)', value: (r) => r.safeBalance },
  { header: 'Safe balance (mg)', value: (r) => r.safeBalanceMg },
  { header: 'By', value: (r) => r.by },
  { header: 'Witness', value: (r) => r.witness },
  { header: 'Note', value: (r) => r.note },
];

// --- Discrepancies ----------------------------------------------------------------------------------------------

export type DiscrepancyReportRow = {
  readonly discrepancyId: string;
  readonly countedAt: IsoInstant;
  readonly countKind: CountKind;
  readonly locationId: string;
  readonly ndc: string;
  readonly lot: string;
  readonly expectedMg: string;
  readonly countedMg: string;
  readonly differenceMg: string;
  readonly difference: number;
  readonly estimated: boolean;
  readonly status: Discrepancy['status'];
  readonly countedBy: string;
  readonly resolvedBy: string;
  readonly resolvedAt: string;
  readonly reason: string;
  readonly lossEntryId: string;
};

export function discrepancyReport(
  entries: readonly LedgerEntry[],
  config: LedgerConfig = DEFAULT_LEDGER_CONFIG,
): DiscrepancyReportRow[] {
  const state = deriveLedger(entries, config);
  return [...state.discrepancies.values()]
    .sort((a, b) => a.countSequence - b.countSequence || a.ndc.localeCompare(b.ndc) || a.lot.localeCompare(b.lot))
    .map((d) => {
      const product = productOf(config, d.ndc);
      return {
        discrepancyId: d.discrepancyId,
        countedAt: d.countedAt,
        countKind: d.countKind,
        locationId: d.locationId,
        ndc: d.ndc,
        lot: d.lot,
        expectedMg: quantityAsMg(product, d.expected),
        countedMg: quantityAsMg(product, d.counted),
        differenceMg: quantityAsMg(product, d.difference),
        difference: d.difference,
        estimated: d.estimated,
        status: d.status,
        countedBy: d.countedBy.name,
        resolvedBy: d.resolution?.resolvedBy.name ?? '',
        resolvedAt: d.resolution?.resolvedAt ?? '',
        reason: d.resolution?.reason ?? '',
        lossEntryId: d.resolution?.lossEntryId ?? '',
      };
    });
}

export const DISCREPANCY_REPORT_COLUMNS: readonly CsvColumn<DiscrepancyReportRow>[] = [
  { header: 'Discrepancy', value: (r) => r.discrepancyId },
  { header: 'Counted at', value: (r) => r.countedAt },
  { header: 'Count', value: (r) => r.countKind },
  { header: 'Location', value: (r) => r.locationId },
  { header: 'NDC', value: (r) => r.ndc },
  { header: 'Lot', value: (r) => r.lot },
  { header: 'Expected (mg)', value: (r) => r.expectedMg },
  { header: 'Counted (mg)', value: (r) => r.countedMg },
  { header: 'Difference (mg)', value: (r) => r.differenceMg },
  { header: 'Estimated', value: (r) => (r.estimated ? 'yes' : '') },
  { header: 'Status', value: (r) => r.status },
  { header: 'Counted by', value: (r) => r.countedBy },
  { header: 'Resolved by', value: (r) => r.resolvedBy },
  { header: 'Resolved at', value: (r) => r.resolvedAt },
  { header: 'Reason', value: (r) => r.reason },
  { header: 'Loss entry', value: (r) => r.lossEntryId },
];

export function reportCsv<R>(rows: readonly R[], columns: readonly CsvColumn<R>[], options?: CsvOptions): string {
  return toCsv(rows, columns, options);
}

// --- DEA forms as data ------------------------------------------------------------------------------------------

/** The clinic's own registration, as printed on DEA forms. */
export type ClinicRegistrant = {
  readonly registeredName: string;
  readonly deaNumber: string;
  readonly address: string;
  readonly phone: string;
  readonly contactName?: string;
  readonly county?: string;
  readonly principalBusiness: 'practitioner' | 'hospital-clinic' | 'pharmacy' | 'other';
};

export type Form41Record = {
  readonly citation: Citation;
  readonly registrant: ClinicRegistrant;
  readonly item: {
    readonly ndc: string;
    readonly batch: string;
    readonly substance: string;
    readonly strength: string;
    readonly form: string;
    readonly packageQuantity: string;
    readonly fullPackages: number;
    readonly partialPackageCount: string;
    readonly totalDestroyed: string;
  };
  readonly dateOfDestruction: IsoDate;
  readonly method: string;
  readonly site: { readonly name: string; readonly address: string };
  readonly witnesses: readonly string[];
};

function unitText(product: Product, quantity: number): string {
  return product.unit === 'device'
    ? `${quantity} device${quantity === 1 ? '' : 's'}`
    : `${quantityAsMg(product, quantity)} mg`;
}

/** DEA Form 41 sections A-D for a destruction entry. */
export function form41Record(
  event: DestructionEvent,
  registrant: ClinicRegistrant,
  config: LedgerConfig = DEFAULT_LEDGER_CONFIG,
): Form41Record {
  const product = productOf(config, event.ndc);
  const containers = toContainers(product, event.quantity);
  return {
    citation: DEA_FORM_41,
    registrant,
    item: {
      ndc: event.ndc,
      batch: event.lot,
      substance: product.drug === 'ketamine-hcl' ? 'Ketamine hydrochloride' : 'Esketamine hydrochloride',
      strength: strengthLabel(product),
      form: product.form,
      packageQuantity: unitText(product, product.unitsPerContainer),
      fullPackages: containers.full,
      partialPackageCount: unitText(product, containers.partialQuantity),
      totalDestroyed: unitText(product, event.quantity),
    },
    dateOfDestruction: dateOfInstant(event.occurredAt),
    method: event.method,
    site: event.destructionSite,
    witnesses: event.witnesses.map((w) => w.name),
  };
}

export type Form106Record = {
  readonly citation: Citation;
  readonly registrant: ClinicRegistrant;
  readonly deadlines: LossReportDeadlines;
  readonly dateOfTheftOrLoss: IsoDate;
  readonly lossType: LossEvent['lossType'];
  readonly circumstances: string;
  readonly details: LossEvent['form106'];
  readonly substance: {
    readonly ndc: string;
    readonly name: string;
    readonly strength: string;
    readonly form: string;
    readonly lot: string;
    readonly quantity: string;
  };
};

/** DEA Form 106 content for a loss entry, with its two deadlines. */
export function form106Record(
  event: LossEvent,
  registrant: ClinicRegistrant,
  holidays: readonly IsoDate[] = [],
  config: LedgerConfig = DEFAULT_LEDGER_CONFIG,
): Form106Record {
  const product = productOf(config, event.ndc);
  return {
    citation: DEA_FORM_106,
    registrant,
    deadlines: lossReportDeadlines(event.discoveredOn, holidays),
    dateOfTheftOrLoss: event.form106.dateOfTheftOrLoss ?? event.discoveredOn,
    lossType: event.lossType,
    circumstances: event.circumstances,
    details: event.form106,
    substance: {
      ndc: event.ndc,
      name: product.displayName,
      strength: strengthLabel(product),
      form: product.form,
      lot: event.lot,
      quantity: unitText(product, event.quantity),
    },
  };
}

/**
 * Scenario builders for the ledger's tests (and for seed data): staff, a supplier, and a `Scenario` that numbers
 * entries, applies them one by one and keeps the accepted ones. Pure: no clock, no I/O.
 */
import type {
  LedgerEntry,
  LedgerEvent,
  Registrant,
  StaffRef,
  WitnessSignature,
  ReceiptEvent,
  DrawEvent,
  AdministrationEvent,
  WasteEvent,
  CountLine,
  CountEvent,
  LossEvent,
  DestructionEvent,
  TransferEvent,
  CorrectionEvent,
} from './entries.js';
import { applyEntry, emptyLedger, type LedgerState } from './ledger.js';
import { DEFAULT_LEDGER_CONFIG, type LedgerConfig } from './settings.js';

export const KETAMINE_50_10ML = '00000-0500-10';
export const KETAMINE_100_5ML = '0409-2051-15';
export const SPRAVATO_KIT_2 = '50458-028-02';
export const SPRAVATO_KIT_3 = '50458-028-03';

export const NURSE: StaffRef = { userId: 'u-nurse', name: 'Nina Reyes RN', role: 'nurse' };
export const DOCTOR: StaffRef = { userId: 'u-doctor', name: 'Dr Omar Haddad', role: 'prescriber' };
export const ADMIN: StaffRef = { userId: 'u-admin', name: 'Alex Kim', role: 'admin' };
export const TECH: StaffRef = { userId: 'u-tech', name: 'Sam Patel', role: 'nurse' };

export function signedBy(staff: StaffRef, authenticated = true): WitnessSignature {
  return { userId: staff.userId, name: staff.name, authenticated, method: 'password' };
}

/** A distributor; its DEA number passes the check digit (1+3+5 + 2*(2+4+6) = 33 -> 3). */
export const SUPPLIER: Registrant = {
  name: 'Example Medical Distribution LLC',
  address: '100 Warehouse Way, Columbus, OH 43004',
  deaNumber: 'PE1234563',
};

/** 2025-03-03 is a Monday. `at(0, '09:30')` -> '2025-03-03T09:30:00-05:00'. */
export function at(dayOffset: number, time = '09:00'): string {
  const base = Date.UTC(2025, 2, 3 + dayOffset);
  return `${new Date(base).toISOString().slice(0, 10)}T${time}:00-05:00`;
}

export function receipt(overrides: Partial<ReceiptEvent> = {}): ReceiptEvent {
  return {
    kind: 'receipt',
    occurredAt: at(0, '08:00'),
    ndc: KETAMINE_50_10ML,
    lot: 'K50-A',
    expiry: '2027-06',
    locationId: 'safe-1',
    containers: 10,
    unitsPerContainer: 500_000,
    supplier: SUPPLIER,
    invoiceNumber: 'INV-1001',
    receivedBy: NURSE,
    witness: signedBy(DOCTOR),
    ...overrides,
  };
}

/** A ketamine draw of `ml` mL from the 50 mg/mL vial (quantity and volume agree). */
export function draw(overrides: Partial<DrawEvent> & { readonly ml?: number } = {}): DrawEvent {
  const { ml = 1, ...rest } = overrides;
  const volumeUl = Math.round(ml * 1000);
  return {
    kind: 'draw',
    occurredAt: at(0, '09:00'),
    ndc: KETAMINE_50_10ML,
    lot: 'K50-A',
    locationId: 'safe-1',
    quantity: volumeUl * 50,
    volumeUl,
    patientId: 'p-1',
    sessionId: 's-1',
    by: NURSE,
    ...rest,
  };
}

export function administration(overrides: Partial<AdministrationEvent> = {}): AdministrationEvent {
  return {
    kind: 'administration',
    occurredAt: at(0, '09:45'),
    ndc: KETAMINE_50_10ML,
    lot: 'K50-A',
    sessionId: 's-1',
    patientId: 'p-1',
    patientName: 'Jordan Lee',
    patientAddress: '12 Elm St, Columbus, OH 43004',
    quantity: 36_500,
    administeredBy: NURSE,
    sessionRecordId: 'rec-1',
    ...overrides,
  };
}

export function waste(overrides: Partial<WasteEvent> = {}): WasteEvent {
  return {
    kind: 'waste',
    occurredAt: at(0, '09:50'),
    ndc: KETAMINE_50_10ML,
    lot: 'K50-A',
    sessionId: 's-1',
    quantity: 13_500,
    manner: 'expelled into a drug-disposal container (non-retrievable)',
    by: NURSE,
    witness: signedBy(DOCTOR),
    ...overrides,
  };
}

export function count(lines: readonly CountLine[], overrides: Partial<CountEvent> = {}): CountEvent {
  return {
    kind: 'count',
    occurredAt: at(0, '17:00'),
    countKind: 'daily',
    timing: 'close-of-business',
    locationId: 'safe-1',
    lines,
    countedBy: NURSE,
    witness: signedBy(DOCTOR),
    ...overrides,
  };
}

export function loss(overrides: Partial<LossEvent> = {}): LossEvent {
  return {
    kind: 'loss',
    occurredAt: at(1, '10:00'),
    discoveredOn: '2025-03-04',
    ndc: KETAMINE_50_10ML,
    lot: 'K50-A',
    source: { from: 'location', locationId: 'safe-1' },
    quantity: 500_000,
    lossType: 'other',
    circumstances: 'One vial missing at the daily count; not found after search.',
    form106: { reportedToPolice: false },
    by: ADMIN,
    ...overrides,
  };
}

/** Two vials (1,000,000 µg; 500,000 µg each) moved from safe-1 to safe-2 by the nurse on day 1. */
export function transfer(overrides: Partial<TransferEvent> = {}): TransferEvent {
  return {
    kind: 'transfer',
    occurredAt: at(1),
    ndc: KETAMINE_50_10ML,
    lot: 'K50-A',
    fromLocationId: 'safe-1',
    toLocationId: 'safe-2',
    quantity: 1_000_000,
    by: NURSE,
    ...overrides,
  };
}

/** The admin corrects an entry on day 1: `replacement` is the corrected event, or null to void the entry. */
export function correction(
  correctsEntryId: string,
  reason: string,
  replacement: CorrectionEvent['replacement'] = null,
): CorrectionEvent {
  return { kind: 'correction', occurredAt: at(1), correctsEntryId, reason, replacement, by: ADMIN };
}

export function destruction(overrides: Partial<DestructionEvent> = {}): DestructionEvent {
  return {
    kind: 'destruction',
    occurredAt: at(2, '16:00'),
    ndc: KETAMINE_50_10ML,
    lot: 'K50-A',
    locationId: 'safe-1',
    quantity: 500_000,
    reason: 'expired',
    method: 'Chemical denaturing kit rendering the substance non-retrievable',
    destructionSite: { name: 'Ketaclinic Columbus', address: '1 Main St, Columbus, OH 43004' },
    by: ADMIN,
    witnesses: [signedBy(NURSE), signedBy(DOCTOR)],
    ...overrides,
  };
}

export class Scenario {
  readonly entries: LedgerEntry[] = [];
  state: LedgerState;

  constructor(
    readonly config: LedgerConfig = DEFAULT_LEDGER_CONFIG,
    readonly clinicId = 'clinic-1',
  ) {
    this.state = emptyLedger(config);
  }

  /** The entry the next event would become (not applied). */
  next(event: LedgerEvent): LedgerEntry {
    const sequence = this.state.lastSequence + 1;
    return { entryId: `e-${sequence}`, sequence, clinicId: this.clinicId, recordedAt: event.occurredAt, event };
  }

  /** Applies an event; throws (and keeps nothing) when the ledger refuses it. */
  add(event: LedgerEvent): LedgerEntry {
    const entry = this.next(event);
    this.state = applyEntry(this.state, entry);
    this.entries.push(entry);
    return entry;
  }

  /** Applies an event and returns the error it was refused with (undefined when accepted). */
  attempt(event: LedgerEvent): unknown {
    try {
      this.add(event);
      return undefined;
    } catch (error) {
      return error;
    }
  }
}

/**
 * Ledger entries: what happened to controlled-substance stock, one immutable record per event.
 *
 * An entry is an envelope (id, per-clinic sequence number, clinic, when it was recorded) around one event. The
 * whole entry is the content of the SHA-256 hash chain (`seal.ts`), so every field here is plain JSON: strings,
 * integers, booleans, arrays and objects (`type` aliases, not interfaces, so they fit `Canonical`).
 *
 * Amounts (`quantity`) are integers in the product's counting unit (`quantity.ts`): micrograms for ketamine
 * solutions, devices for esketamine. Volumes (`volumeUl`) are integer microlitres.
 *
 * Times: `occurredAt` / `recordedAt` are ISO-8601 instants with an offset (`2025-03-04T09:30:00-05:00`); write the
 * clinic's local offset, because the calendar date in the string is the record date (21 CFR 1304.21(d)) and the
 * date used for expiry checks. Calendar dates are `YYYY-MM-DD`; expiry may be `YYYY-MM` (end of that month).
 */

export type IsoInstant = string;
export type IsoDate = string;

/** A staff member as the accountable person for an action. `role` is set by the server from the login, never typed in. */
export type StaffRef = {
  readonly userId: string;
  readonly name: string;
  readonly role?: string;
};

/**
 * A second person's signature. `authenticated` is true only when the server made this witness re-enter their own
 * password or TOTP for this entry; the domain refuses an unauthenticated witness.
 */
export type WitnessSignature = {
  readonly userId: string;
  readonly name: string;
  readonly authenticated: boolean;
  readonly method?: 'password' | 'totp';
  readonly signedAt?: IsoInstant;
};

/** The other registrant in a receipt or return: 21 CFR 1304.22(c) records name, address and registration number. */
export type Registrant = {
  readonly name: string;
  readonly address: string;
  readonly deaNumber: string;
};

/** Stock arrives from a supplier into a storage location. */
export type ReceiptEvent = {
  readonly kind: 'receipt';
  readonly occurredAt: IsoInstant;
  readonly ndc: string;
  readonly lot: string;
  readonly expiry: string;
  readonly locationId: string;
  /** Number of commercial containers (vials, kits). */
  readonly containers: number;
  /** Units in each container, in the product's unit (must match the product). */
  readonly unitsPerContainer: number;
  readonly supplier: Registrant;
  readonly invoiceNumber?: string;
  readonly receivedBy: StaffRef;
  readonly witness?: WitnessSignature;
};

/**
 * Stock leaves the safe for a treatment session. A draw moves stock *out of the safe* into the session's custody:
 * the safe balance falls by the drawn amount, and what the session then does with it (administration, waste, loss)
 * is accounted against the drawn amount, never against the safe again.
 */
export type DrawEvent = {
  readonly kind: 'draw';
  readonly occurredAt: IsoInstant;
  readonly ndc: string;
  readonly lot: string;
  readonly locationId: string;
  /** Micrograms (vials) or devices (kits). */
  readonly quantity: number;
  /** Required for solutions ("mg and mL"): must equal quantity / concentration exactly. Absent for devices. */
  readonly volumeUl?: number;
  readonly patientId: string;
  readonly sessionId: string;
  readonly by: StaffRef;
  readonly witness?: WitnessSignature;
};

/** What was given to the patient, from the session record (21 CFR 1304.22(c): units or volume, patient name and address, date, who). */
export type AdministrationEvent = {
  readonly kind: 'administration';
  readonly occurredAt: IsoInstant;
  readonly ndc: string;
  readonly lot: string;
  readonly sessionId: string;
  readonly patientId: string;
  readonly patientName: string;
  readonly patientAddress: string;
  readonly quantity: number;
  readonly volumeUl?: number;
  readonly administeredBy: StaffRef;
  /** The session record the amount was taken from. */
  readonly sessionRecordId?: string;
};

/** The undrawn remainder of a session's draw, disposed of ("units, date, manner", 21 CFR 1304.22(c)), witnessed. */
export type WasteEvent = {
  readonly kind: 'waste';
  readonly occurredAt: IsoInstant;
  readonly ndc: string;
  readonly lot: string;
  readonly sessionId: string;
  readonly quantity: number;
  readonly volumeUl?: number;
  /** e.g. "expelled into a drug-disposal container rendering it non-retrievable". */
  readonly manner: string;
  readonly by: StaffRef;
  readonly witness?: WitnessSignature;
};

export type TransferEvent = {
  readonly kind: 'transfer';
  readonly occurredAt: IsoInstant;
  readonly ndc: string;
  readonly lot: string;
  readonly fromLocationId: string;
  readonly toLocationId: string;
  readonly quantity: number;
  readonly by: StaffRef;
  readonly witness?: WitnessSignature;
};

export type ReturnToSupplierEvent = {
  readonly kind: 'return-to-supplier';
  readonly occurredAt: IsoInstant;
  readonly ndc: string;
  readonly lot: string;
  readonly locationId: string;
  readonly quantity: number;
  readonly supplier: Registrant;
  /** Invoice, credit memo or return authorisation. */
  readonly reference?: string;
  readonly by: StaffRef;
  readonly witness?: WitnessSignature;
};

/** Why stock is destroyed, as the ledger records it on the Form 41 record. */
export const DESTRUCTION_REASONS = ['expired', 'damaged', 'recalled', 'other'] as const;
export type DestructionReason = (typeof DESTRUCTION_REASONS)[number];

/** Destruction of stock (e.g. expired) on a DEA Form 41 record, witnessed by two authorised employees. */
export type DestructionEvent = {
  readonly kind: 'destruction';
  readonly occurredAt: IsoInstant;
  readonly ndc: string;
  readonly lot: string;
  readonly locationId: string;
  readonly quantity: number;
  readonly reason: DestructionReason;
  /** Form 41 section C: method of destruction. */
  readonly method: string;
  /** Form 41 section C: location or business name and address where destroyed. */
  readonly destructionSite: { readonly name: string; readonly address: string };
  readonly by: StaffRef;
  /** Form 41 section D: first and second authorised employee witnesses. */
  readonly witnesses: readonly WitnessSignature[];
};

/** The types of theft or loss DEA Form 106 offers (21 CFR 1301.76(b); Form 106, type of theft or loss). */
export const LOSS_TYPES = [
  'night-break-in',
  'armed-robbery',
  'employee-pilferage',
  'customer-theft',
  'lost-in-transit',
  'other',
] as const;
export type LossType = (typeof LOSS_TYPES)[number];
/** How each type reads on the printed Form 106 and in the app. */
export const LOSS_TYPE_LABELS: Readonly<Record<LossType, string>> = {
  'night-break-in': 'Night break-in',
  'armed-robbery': 'Armed robbery',
  'employee-pilferage': 'Employee pilferage',
  'customer-theft': 'Customer theft',
  'lost-in-transit': 'Lost in transit',
  other: 'Other',
};

/** Where lost stock was: in a storage location, or drawn and in a session's custody. */
export type LossSource =
  { readonly from: 'location'; readonly locationId: string } | { readonly from: 'session'; readonly sessionId: string };

/** The DEA Form 106 fields the clinic fills in (registrant details come from the clinic record). */
export type Form106Details = {
  readonly dateOfTheftOrLoss?: IsoDate;
  readonly county?: string;
  readonly reportedToPolice: boolean;
  readonly policeDepartment?: { readonly name: string; readonly phone: string };
  readonly policeReportNumber?: string;
  readonly theftsOrLossesPast24Months?: number;
  readonly armedRobbery?: { readonly anyoneKilled: number; readonly anyoneInjured: number };
  /** US cents, to keep money exact. */
  readonly purchaseValueCents?: number;
  readonly otherMerchandiseTaken?: boolean;
  readonly inTransit?: {
    readonly carrierName: string;
    readonly consigneeName?: string;
    readonly consigneeDeaNumber?: string;
  };
};

/** Theft or significant loss (21 CFR 1301.76(b)); the Form 106 record and deadlines are built from it. */
export type LossEvent = {
  readonly kind: 'loss';
  readonly occurredAt: IsoInstant;
  /** The calendar date of discovery, in the clinic's time zone: the deadlines run from it. */
  readonly discoveredOn: IsoDate;
  readonly ndc: string;
  readonly lot: string;
  readonly source: LossSource;
  readonly quantity: number;
  readonly lossType: LossType;
  readonly circumstances: string;
  readonly form106: Form106Details;
  readonly by: StaffRef;
};

export type CountKind = 'shift' | 'daily' | 'initial-inventory' | 'biennial-inventory';
export type BusinessTiming = 'opening-of-business' | 'close-of-business';

/** One lot in a count: whole containers plus what is left in opened containers. */
export type CountLine = {
  readonly ndc: string;
  readonly lot: string;
  readonly fullContainers: number;
  /** Total units left in opened containers (ug or devices). */
  readonly openedQuantity: number;
  /** True when `openedQuantity` is an estimate: allowed only in the initial/biennial inventory (21 CFR 1304.11(e)(3)). */
  readonly estimated: boolean;
};

/**
 * A physical count of one storage location. Every lot the books hold at that location must be counted: a lot the
 * books hold and the count omits is taken as counted zero.
 */
export type CountEvent = {
  readonly kind: 'count';
  readonly occurredAt: IsoInstant;
  readonly countKind: CountKind;
  /** Required for the initial and biennial inventory (21 CFR 1304.11(a)). */
  readonly timing?: BusinessTiming;
  readonly locationId: string;
  readonly lines: readonly CountLine[];
  readonly countedBy: StaffRef;
  readonly witness?: WitnessSignature;
};

/** An admin closes a discrepancy: explained (with a reason), or turned into a loss report (a `loss` entry). */
export type DiscrepancyResolutionEvent = {
  readonly kind: 'discrepancy-resolution';
  readonly occurredAt: IsoInstant;
  readonly discrepancyId: string;
  readonly resolution: 'explained' | 'loss-reported';
  readonly reason: string;
  /** For `loss-reported`: the `loss` entry that records the shortfall. */
  readonly lossEntryId?: string;
  readonly resolvedBy: StaffRef;
};

/** Events that move stock, and that a correction may replace or void. */
export type StockEvent =
  | ReceiptEvent
  | DrawEvent
  | AdministrationEvent
  | WasteEvent
  | TransferEvent
  | ReturnToSupplierEvent
  | DestructionEvent
  | LossEvent;

/**
 * Corrections are new entries: the corrected entry stays in the ledger unchanged. `replacement` is what the entry
 * should have said (same kind), or `null` to void it. Balances are computed from the latest version of each entry.
 */
export type CorrectionEvent = {
  readonly kind: 'correction';
  readonly occurredAt: IsoInstant;
  readonly correctsEntryId: string;
  readonly reason: string;
  readonly replacement: StockEvent | null;
  readonly by: StaffRef;
};

export type LedgerEvent = StockEvent | CountEvent | DiscrepancyResolutionEvent | CorrectionEvent;
export type LedgerEventKind = LedgerEvent['kind'];

export type LedgerEntry = {
  /** Stable id (e.g. a UUID from the server). */
  readonly entryId: string;
  /** 1, 2, 3 ... per clinic, without gaps: the order of the hash chain. */
  readonly sequence: number;
  readonly clinicId: string;
  readonly recordedAt: IsoInstant;
  readonly event: LedgerEvent;
};

export const STOCK_EVENT_KINDS: readonly StockEvent['kind'][] = [
  'receipt',
  'draw',
  'administration',
  'waste',
  'transfer',
  'return-to-supplier',
  'destruction',
  'loss',
];

/** Every kind of ledger entry: the stock movements, then counts, resolutions of count discrepancies and corrections. */
export const LEDGER_EVENT_KINDS: readonly LedgerEvent['kind'][] = [
  ...STOCK_EVENT_KINDS,
  'count',
  'discrepancy-resolution',
  'correction',
];

export function isStockEvent(event: LedgerEvent): event is StockEvent {
  return (STOCK_EVENT_KINDS as readonly string[]).includes(event.kind);
}

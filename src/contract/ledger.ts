/**
 * Request and response shapes of /api/ledger. Amounts are exact decimal text or numbers with at most 3 decimals
 * ("36.5" mg, "0.73" mL), whole devices, or whole containers; the server turns them into the domain's integer
 * units (micrograms, microlitres, devices) and never rounds.
 */
import { Type, type Static, type TProperties } from 'typebox';
import { DESTRUCTION_REASONS, LOSS_TYPES, STOCK_EVENT_KINDS } from '../domain/inventory/entries.js';
import { CitationSchema, Nullable, literalUnion } from './common.js';

// The ledger pages read the citation's type from here.
export { CitationSchema };

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const Decimal = Type.Union([
  Type.String({
    pattern: '^\\s*\\d+(\\.\\d{1,3})?\\s*$',
    maxLength: 20,
    description: 'decimal text, at most 3 decimals',
  }),
  Type.Number({ minimum: 0 }),
]);
const Ndc = Type.String({
  pattern: '^(\\d{4}-\\d{4}-\\d{2}|\\d{5}-\\d{3}-\\d{2}|\\d{5}-\\d{4}-\\d{1,2})$',
  description: 'NDC of the commercial container, e.g. 50458-028-02',
});
const Lot = Text(40);
const LocationId = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,39}$',
  description: 'a storage location id, e.g. main-safe',
});
const Uuid = Type.String({ format: 'uuid' });
const OccurredAt = Type.Optional(
  Type.String({
    format: 'date-time',
    description: "when it happened (default: now); stored in the clinic's time zone",
  }),
);

/** A request body: the named properties and nothing else. */
const Body = <P extends TProperties>(properties: P) => Type.Object(properties, { additionalProperties: false });

/** One of: mg (and/or mL) for a solution, devices for a nasal-spray product, or whole containers (vials, kits). */
export const AmountSchema = Type.Object(
  {
    mg: Type.Optional(Decimal),
    ml: Type.Optional(Decimal),
    devices: Type.Optional(Type.Integer({ minimum: 0 })),
    containers: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type AmountInput = Static<typeof AmountSchema>;

/** A second staff member signs by re-entering their own password, or a code from their authenticator app. */
export const WitnessCredentialsSchema = Body({
  email: Type.String({ format: 'email', maxLength: 200 }),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  totpCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
});
export type WitnessCredentials = Static<typeof WitnessCredentialsSchema>;

export const RegistrantSchema = Body({
  name: Text(200),
  address: Text(500),
  deaNumber: Type.String({ minLength: 9, maxLength: 9 }),
});

/** Which container lot an entry is about. */
const LotRef = { ndc: Ndc, lot: Lot };
/** The optional second signature and when it happened, last in most bodies. */
const Witnessed = { witness: Type.Optional(WitnessCredentialsSchema), occurredAt: OccurredAt };

export const ReceiptBodySchema = Body({
  ...LotRef,
  expiry: Type.String({ pattern: '^\\d{4}-\\d{2}(-\\d{2})?$', description: 'YYYY-MM or YYYY-MM-DD' }),
  locationId: LocationId,
  containers: Type.Integer({ minimum: 1, maximum: 100_000 }),
  supplier: RegistrantSchema,
  invoiceNumber: Type.Optional(Text(100)),
  ...Witnessed,
});
export type ReceiptBody = Static<typeof ReceiptBodySchema>;

export const DrawBodySchema = Body({
  sessionId: Uuid,
  patientId: Uuid,
  ...LotRef,
  locationId: LocationId,
  amount: AmountSchema,
  ...Witnessed,
});
export type DrawBody = Static<typeof DrawBodySchema>;

export const AdministrationBodySchema = Body({
  sessionId: Uuid,
  ...LotRef,
  amount: AmountSchema,
  sessionRecordId: Type.Optional(Text(100)),
  occurredAt: OccurredAt,
});
export type AdministrationBody = Static<typeof AdministrationBodySchema>;

export const WasteBodySchema = Body({
  sessionId: Uuid,
  ...LotRef,
  amount: AmountSchema,
  manner: Text(500),
  ...Witnessed,
});
export type WasteBody = Static<typeof WasteBodySchema>;

export const TransferBodySchema = Body({
  ...LotRef,
  fromLocationId: LocationId,
  toLocationId: LocationId,
  amount: AmountSchema,
  ...Witnessed,
});
export type TransferBody = Static<typeof TransferBodySchema>;

/** A lot taken out of a storage location (return, destruction). */
const FromLocation = { ...LotRef, locationId: LocationId, amount: AmountSchema };

export const ReturnBodySchema = Body({
  ...FromLocation,
  supplier: RegistrantSchema,
  reference: Type.Optional(Text(100)),
  ...Witnessed,
});
export type ReturnBody = Static<typeof ReturnBodySchema>;

export const DestructionBodySchema = Body({
  ...FromLocation,
  reason: Type.Enum([...DESTRUCTION_REASONS]),
  method: Text(500),
  destructionSite: Body({ name: Text(200), address: Text(500) }),
  witnesses: Type.Array(WitnessCredentialsSchema, { minItems: 2, maxItems: 2 }),
  occurredAt: OccurredAt,
});
export type DestructionBody = Static<typeof DestructionBodySchema>;

const Form106Schema = Body({
  dateOfTheftOrLoss: Type.Optional(Type.String({ format: 'date' })),
  county: Type.Optional(Text(100)),
  reportedToPolice: Type.Boolean(),
  policeDepartment: Type.Optional(Body({ name: Text(200), phone: Text(50) })),
  policeReportNumber: Type.Optional(Text(100)),
  theftsOrLossesPast24Months: Type.Optional(Type.Integer({ minimum: 0 })),
  armedRobbery: Type.Optional(
    Body({ anyoneKilled: Type.Integer({ minimum: 0 }), anyoneInjured: Type.Integer({ minimum: 0 }) }),
  ),
  purchaseValueCents: Type.Optional(Type.Integer({ minimum: 0 })),
  otherMerchandiseTaken: Type.Optional(Type.Boolean()),
  inTransit: Type.Optional(
    Body({
      carrierName: Text(200),
      consigneeName: Type.Optional(Text(200)),
      consigneeDeaNumber: Type.Optional(Text(9)),
    }),
  ),
});

export const LossBodySchema = Body({
  ...LotRef,
  source: Body({
    from: Type.Enum(['location', 'session']),
    locationId: Type.Optional(LocationId),
    sessionId: Type.Optional(Uuid),
  }),
  amount: AmountSchema,
  discoveredOn: Type.Optional(
    Type.String({ format: 'date', description: 'clinic calendar date of discovery (default: today)' }),
  ),
  lossType: Type.Enum([...LOSS_TYPES]),
  circumstances: Text(4000),
  form106: Form106Schema,
  occurredAt: OccurredAt,
});
export type LossBody = Static<typeof LossBodySchema>;

export const CountLineSchema = Body({
  ...LotRef,
  fullContainers: Type.Integer({ minimum: 0 }),
  /** What is left in opened containers (mg or devices); absent means none. */
  opened: Type.Optional(AmountSchema),
  estimated: Type.Optional(
    Type.Boolean({ description: 'an estimate of opened containers: initial/biennial inventory only' }),
  ),
});

/** Where a count was taken, its lines, and who signed. */
const CountedAt = { locationId: LocationId, lines: Type.Array(CountLineSchema, { maxItems: 500 }), ...Witnessed };

export const CountBodySchema = Body({
  countKind: Type.Enum(['shift', 'daily']),
  timing: Type.Optional(Type.Enum(['opening-of-business', 'close-of-business'])),
  ...CountedAt,
});
export type CountBody = Static<typeof CountBodySchema>;

export const InventoryBodySchema = Body({
  countKind: Type.Enum(['initial-inventory', 'biennial-inventory']),
  timing: Type.Enum(['opening-of-business', 'close-of-business']),
  ...CountedAt,
});
export type InventoryBody = Static<typeof InventoryBodySchema>;
export type AnyCountBody = CountBody | InventoryBody;

export const ResolveBodySchema = Body({
  discrepancyId: Type.String({ minLength: 1, maxLength: 300 }),
  resolution: Type.Enum(['explained', 'loss-reported']),
  reason: Text(4000),
  lossEntryId: Type.Optional(Uuid),
});
export type ResolveBody = Static<typeof ResolveBodySchema>;

/** The entries a correction may replace or void: those that move stock, in the ledger's order. */
export const CORRECTABLE_KINDS = STOCK_EVENT_KINDS;
export type CorrectableKind = (typeof CORRECTABLE_KINDS)[number];

export const REPLACEMENT_SCHEMAS = {
  receipt: ReceiptBodySchema,
  draw: DrawBodySchema,
  administration: AdministrationBodySchema,
  waste: WasteBodySchema,
  transfer: TransferBodySchema,
  'return-to-supplier': ReturnBodySchema,
  destruction: DestructionBodySchema,
  loss: LossBodySchema,
} as const;

export type ReplacementBody = {
  receipt: ReceiptBody;
  draw: DrawBody;
  administration: AdministrationBody;
  waste: WasteBody;
  transfer: TransferBody;
  'return-to-supplier': ReturnBody;
  destruction: DestructionBody;
  loss: LossBody;
};

export function correctionBodySchema<K extends CorrectableKind>(kind: K) {
  return Body({
    correctsEntryId: Uuid,
    reason: Text(4000),
    /** What the entry should have said (same kind, same body as recording it), or null to void it. */
    replacement: Type.Union([REPLACEMENT_SCHEMAS[kind], Type.Null()]),
  });
}

export type CorrectionBody<K extends CorrectableKind> = {
  correctsEntryId: string;
  reason: string;
  replacement: ReplacementBody[K] | null;
};

export const ProductBodySchema = Body({
  productId: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,59}$' }),
  displayName: Text(200),
  drug: Type.Enum(['ketamine-hcl', 'esketamine-hcl']),
  ndc: Ndc,
  packageDescription: Text(200),
  /** Ketamine solution: integer mg/mL and the container volume in mL. */
  concentrationMgPerMl: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  containerVolumeMl: Type.Optional(Decimal),
  /** Esketamine kit: devices per kit (28 mg each). */
  devicesPerKit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  ndcSource: Type.Optional(Text(500)),
});
export type ProductBody = Static<typeof ProductBodySchema>;

const RoleList = Type.Array(Type.Enum(['admin', 'prescriber', 'nurse', 'therapist', 'front_desk']), {
  uniqueItems: true,
  maxItems: 5,
});

export const LocationBodySchema = Body({
  locationId: Type.Optional(LocationId),
  name: Text(100),
  openableByRoles: RoleList,
});
export type LocationBody = Static<typeof LocationBodySchema>;

export const LocationUpdateSchema = Body({
  name: Type.Optional(Text(100)),
  openableByRoles: Type.Optional(RoleList),
});
export type LocationUpdate = Static<typeof LocationUpdateSchema>;

export const FormatQuery = Type.Optional(Type.Enum(['json', 'csv', 'pdf']));
export type ReportFormat = 'json' | 'csv' | 'pdf';

// --- what the domain records and reports (the parts of responses) -------------------------------------------

export const DrugNameSchema = literalUnion(['ketamine-hcl', 'esketamine-hcl']);
export const NdcStatusSchema = literalUnion(['verified', 'example']);
/** What every product states, whatever its form. */
const ProductBase = {
  productId: Type.String(),
  drug: DrugNameSchema,
  displayName: Type.String(),
  schedule: Type.Literal('CIII'),
  ndc: Type.String(),
  ndcStatus: NdcStatusSchema,
  ndcCitation: CitationSchema,
  packageDescription: Type.String(),
};
export const VialProductSchema = Type.Object({
  ...ProductBase,
  unit: Type.Literal('ug'),
  unitsPerContainer: Type.Number(),
  form: Type.Literal('injection-solution'),
  containerKind: Type.Literal('vial'),
  concentrationMgPerMl: Type.Number(),
  containerVolumeUl: Type.Number(),
});
export const DeviceKitProductSchema = Type.Object({
  ...ProductBase,
  unit: Type.Literal('device'),
  unitsPerContainer: Type.Number(),
  form: Type.Literal('nasal-spray'),
  containerKind: Type.Literal('kit'),
  mgPerDevice: Type.Number(),
});
export const ProductSchema = Type.Union([VialProductSchema, DeviceKitProductSchema]);
export const StorageLocationSchema = Type.Object({
  locationId: Type.String(),
  name: Type.String(),
  openableByRoles: Type.Array(Type.String()),
});
export const InventoryStatusSchema = Type.Union([
  Type.Object({ status: Type.Literal('no-inventory'), message: Type.String(), citation: CitationSchema }),
  Type.Object({
    status: literalUnion(['ok', 'overdue']),
    lastInventory: Type.String(),
    dueBy: Type.String(),
    daysLeft: Type.Number(),
    citation: CitationSchema,
  }),
]);
export const DeadlineSchema = Type.Object({ dueBy: Type.String(), what: Type.String(), citation: CitationSchema });
export const LossReportDeadlinesSchema = Type.Object({
  discoveredOn: Type.String(),
  deaWrittenNotice: DeadlineSchema,
  form106: DeadlineSchema,
});
export const ClinicRegistrantSchema = Type.Object({
  registeredName: Type.String(),
  deaNumber: Type.String(),
  address: Type.String(),
  phone: Type.String(),
  contactName: Type.Optional(Type.String()),
  county: Type.Optional(Type.String()),
  principalBusiness: literalUnion(['other', 'practitioner', 'hospital-clinic', 'pharmacy']),
});
export const LedgerVerificationSchema = Type.Union([
  Type.Object({
    intact: Type.Literal(true),
    checked: Type.Number(),
    lastSequence: Type.Number(),
    lastHash: Type.String(),
  }),
  Type.Object({
    intact: Type.Literal(false),
    checked: Type.Number(),
    brokenAtSequence: Type.Number(),
    reason: Type.String(),
  }),
]);
export const RegistrantRecordSchema = Type.Object({
  name: Type.String(),
  address: Type.String(),
  deaNumber: Type.String(),
});
export const LedgerStaffSchema = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  role: Type.Optional(Type.String()),
});
export const WitnessSignatureSchema = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  authenticated: Type.Boolean(),
  method: Type.Optional(literalUnion(['password', 'totp'])),
  signedAt: Type.Optional(Type.String()),
});
/** A recorded event: its kind and when it happened, then what is particular to it. */
const Event = <K extends string, P extends TProperties>(kind: K, properties: P) =>
  Type.Object({ kind: Type.Literal(kind), occurredAt: Type.String(), ...properties });
/** The container lot a recorded event is about. */
const LotRecord = { ndc: Type.String(), lot: Type.String() };
/** Who did it and who witnessed it, last in most recorded events. */
const ByWitnessed = { by: LedgerStaffSchema, witness: Type.Optional(WitnessSignatureSchema) };
/** How much left a location or a session (integer units) and, for a solution, its volume. */
const Dose = { quantity: Type.Number(), volumeUl: Type.Optional(Type.Number()) };

export const ReceiptEventSchema = Event('receipt', {
  ...LotRecord,
  expiry: Type.String(),
  locationId: Type.String(),
  containers: Type.Number(),
  unitsPerContainer: Type.Number(),
  supplier: RegistrantRecordSchema,
  invoiceNumber: Type.Optional(Type.String()),
  receivedBy: LedgerStaffSchema,
  witness: Type.Optional(WitnessSignatureSchema),
});
export const DrawEventSchema = Event('draw', {
  ...LotRecord,
  locationId: Type.String(),
  ...Dose,
  patientId: Type.String(),
  sessionId: Type.String(),
  ...ByWitnessed,
});
export const AdministrationEventSchema = Event('administration', {
  ...LotRecord,
  sessionId: Type.String(),
  patientId: Type.String(),
  patientName: Type.String(),
  patientAddress: Type.String(),
  ...Dose,
  administeredBy: LedgerStaffSchema,
  sessionRecordId: Type.Optional(Type.String()),
});
export const WasteEventSchema = Event('waste', {
  ...LotRecord,
  sessionId: Type.String(),
  ...Dose,
  manner: Type.String(),
  ...ByWitnessed,
});
export const TransferEventSchema = Event('transfer', {
  ...LotRecord,
  fromLocationId: Type.String(),
  toLocationId: Type.String(),
  quantity: Type.Number(),
  ...ByWitnessed,
});
/** A lot taken out of a storage location (return, destruction), as recorded. */
const FromLocationRecord = { ...LotRecord, locationId: Type.String(), quantity: Type.Number() };
export const ReturnToSupplierEventSchema = Event('return-to-supplier', {
  ...FromLocationRecord,
  supplier: RegistrantRecordSchema,
  reference: Type.Optional(Type.String()),
  ...ByWitnessed,
});
export const DestructionEventSchema = Event('destruction', {
  ...FromLocationRecord,
  reason: literalUnion(DESTRUCTION_REASONS),
  method: Type.String(),
  destructionSite: Type.Object({ name: Type.String(), address: Type.String() }),
  by: LedgerStaffSchema,
  witnesses: Type.Array(WitnessSignatureSchema),
});
export const LossSourceSchema = Type.Union([
  Type.Object({ from: Type.Literal('location'), locationId: Type.String() }),
  Type.Object({ from: Type.Literal('session'), sessionId: Type.String() }),
]);
export const LossTypeSchema = literalUnion([
  'other',
  'night-break-in',
  'armed-robbery',
  'employee-pilferage',
  'customer-theft',
  'lost-in-transit',
]);
export const Form106DetailsSchema = Type.Object({
  dateOfTheftOrLoss: Type.Optional(Type.String()),
  county: Type.Optional(Type.String()),
  reportedToPolice: Type.Boolean(),
  policeDepartment: Type.Optional(Type.Object({ name: Type.String(), phone: Type.String() })),
  policeReportNumber: Type.Optional(Type.String()),
  theftsOrLossesPast24Months: Type.Optional(Type.Number()),
  armedRobbery: Type.Optional(Type.Object({ anyoneKilled: Type.Number(), anyoneInjured: Type.Number() })),
  purchaseValueCents: Type.Optional(Type.Number()),
  otherMerchandiseTaken: Type.Optional(Type.Boolean()),
  inTransit: Type.Optional(
    Type.Object({
      carrierName: Type.String(),
      consigneeName: Type.Optional(Type.String()),
      consigneeDeaNumber: Type.Optional(Type.String()),
    }),
  ),
});
export const Form106RecordSchema = Type.Object({
  citation: CitationSchema,
  registrant: ClinicRegistrantSchema,
  deadlines: LossReportDeadlinesSchema,
  dateOfTheftOrLoss: Type.String(),
  lossType: LossTypeSchema,
  circumstances: Type.String(),
  details: Form106DetailsSchema,
  substance: Type.Object({
    ndc: Type.String(),
    name: Type.String(),
    strength: Type.String(),
    form: Type.String(),
    lot: Type.String(),
    quantity: Type.String(),
  }),
});
export const LossEventSchema = Event('loss', {
  discoveredOn: Type.String(),
  ...LotRecord,
  source: LossSourceSchema,
  quantity: Type.Number(),
  lossType: LossTypeSchema,
  circumstances: Type.String(),
  form106: Form106DetailsSchema,
  by: LedgerStaffSchema,
});
export const CountKindSchema = literalUnion(['shift', 'daily', 'initial-inventory', 'biennial-inventory']);
export const CountedLineSchema = Type.Object({
  ...LotRecord,
  fullContainers: Type.Number(),
  openedQuantity: Type.Number(),
  estimated: Type.Boolean(),
});
export const CountEventSchema = Event('count', {
  countKind: CountKindSchema,
  timing: Type.Optional(literalUnion(['opening-of-business', 'close-of-business'])),
  locationId: Type.String(),
  lines: Type.Array(CountedLineSchema),
  countedBy: LedgerStaffSchema,
  witness: Type.Optional(WitnessSignatureSchema),
});
export const DiscrepancyResolutionEventSchema = Event('discrepancy-resolution', {
  discrepancyId: Type.String(),
  resolution: literalUnion(['explained', 'loss-reported']),
  reason: Type.String(),
  lossEntryId: Type.Optional(Type.String()),
  resolvedBy: LedgerStaffSchema,
});
/** The events that move stock: the ones a correction may replace. */
const StockEventSchemas = [
  ReceiptEventSchema,
  DrawEventSchema,
  AdministrationEventSchema,
  WasteEventSchema,
  TransferEventSchema,
  ReturnToSupplierEventSchema,
  DestructionEventSchema,
  LossEventSchema,
] as const;
export const CorrectionEventSchema = Event('correction', {
  correctsEntryId: Type.String(),
  reason: Type.String(),
  replacement: Nullable(Type.Union([...StockEventSchemas])),
  by: LedgerStaffSchema,
});
export const LedgerEventSchema = Type.Union([
  ...StockEventSchemas,
  CountEventSchema,
  DiscrepancyResolutionEventSchema,
  CorrectionEventSchema,
]);
export const AdministrationLogRowSchema = Type.Object({
  date: Type.String(),
  time: Type.String(),
  sequence: Type.Number(),
  entryId: Type.String(),
  action: literalUnion(['administered', 'wasted', 'lost']),
  sessionId: Type.String(),
  patientId: Type.String(),
  patientName: Type.String(),
  patientAddress: Type.String(),
  drug: Type.String(),
  ndc: Type.String(),
  lot: Type.String(),
  amountMg: Type.String(),
  volumeMl: Type.String(),
  devices: Nullable(Type.Number()),
  by: Type.String(),
  witness: Type.String(),
  manner: Type.String(),
  corrected: Type.Boolean(),
});
export const InventoryReportRowSchema = Type.Object({
  inventoryDate: Type.String(),
  countedAt: Type.String(),
  timing: literalUnion(['', 'opening-of-business', 'close-of-business']),
  countKind: CountKindSchema,
  locationId: Type.String(),
  drug: Type.String(),
  strength: Type.String(),
  form: Type.String(),
  schedule: Type.Literal('CIII'),
  ndc: Type.String(),
  lot: Type.String(),
  containerSize: Type.String(),
  fullContainers: Type.Number(),
  openedAmountMg: Type.String(),
  openedDevices: Nullable(Type.Number()),
  estimated: Type.Boolean(),
  totalMg: Type.String(),
  countedBy: Type.String(),
  witness: Type.String(),
});
export const LotHistoryRowSchema = Type.Object({
  sequence: Type.Number(),
  entryId: Type.String(),
  time: Type.String(),
  kind: Type.String(),
  locationId: Type.String(),
  sessionId: Type.String(),
  safeChange: Type.Number(),
  safeBalance: Type.Number(),
  safeBalanceMg: Type.String(),
  by: Type.String(),
  witness: Type.String(),
  note: Type.String(),
});
export const DiscrepancyStatusSchema = literalUnion(['open', 'explained', 'loss-reported']);
export const DiscrepancyReportRowSchema = Type.Object({
  discrepancyId: Type.String(),
  countedAt: Type.String(),
  countKind: CountKindSchema,
  locationId: Type.String(),
  ndc: Type.String(),
  lot: Type.String(),
  expectedMg: Type.String(),
  countedMg: Type.String(),
  differenceMg: Type.String(),
  difference: Type.Number(),
  estimated: Type.Boolean(),
  status: DiscrepancyStatusSchema,
  countedBy: Type.String(),
  resolvedBy: Type.String(),
  resolvedAt: Type.String(),
  reason: Type.String(),
  lossEntryId: Type.String(),
});

export const Form41RecordSchema = Type.Object({
  citation: CitationSchema,
  registrant: ClinicRegistrantSchema,
  item: Type.Object({
    ndc: Type.String(),
    batch: Type.String(),
    substance: Type.String(),
    strength: Type.String(),
    form: Type.String(),
    packageQuantity: Type.String(),
    fullPackages: Type.Number(),
    partialPackageCount: Type.String(),
    totalDestroyed: Type.String(),
  }),
  dateOfDestruction: Type.String(),
  method: Type.String(),
  site: Type.Object({ name: Type.String(), address: Type.String() }),
  witnesses: Type.Array(Type.String()),
});

/** What every report's JSON form starts with (?format=json, the default). */
const ReportHeader = {
  title: Type.String(),
  clinic: Type.Object({ id: Type.String(), name: Type.String() }),
  scope: Type.String(),
  generatedAt: Type.String(),
  citation: Type.String(),
};

// --- responses ------------------------------------------------------------------------------------------------

export const EntrySchema = Type.Object({
  sequence: Type.Integer(),
  entryId: Type.String(),
  kind: Type.String(),
  occurredAt: Type.String(),
  recordedAt: Type.String(),
  recordedBy: Type.Union([Type.String(), Type.Null()]),
  summary: Type.String(),
  event: LedgerEventSchema,
  prevHash: Type.String(),
  hash: Type.String(),
  correctedBySequence: Type.Optional(Type.Array(Type.Integer())),
});

export const BalanceSchema = Type.Object({
  ndc: Type.String(),
  lot: Type.String(),
  locationId: Type.String(),
  locationName: Type.String(),
  productId: Type.String(),
  productName: Type.String(),
  unit: Type.String(),
  quantity: Type.Integer(),
  mg: Type.String(),
  containers: Type.Object({ full: Type.Integer(), partialQuantity: Type.Integer() }),
  description: Type.String(),
  expiry: Type.Union([Type.String(), Type.Null()]),
});

export const ReconciliationSchema = Type.Object({
  sessionId: Type.String(),
  patientId: Type.String(),
  unit: Type.String(),
  hasDraws: Type.Boolean(),
  firstDrawAt: Type.Union([Type.String(), Type.Null()]),
  drawn: Type.Integer(),
  administered: Type.Integer(),
  wasted: Type.Integer(),
  lost: Type.Integer(),
  difference: Type.Integer(),
  drawnMg: Type.String(),
  administeredMg: Type.String(),
  wastedMg: Type.String(),
  lostMg: Type.String(),
  differenceMg: Type.String(),
  reconciled: Type.Boolean(),
  lines: Type.Array(
    Type.Object({
      ndc: Type.String(),
      lot: Type.String(),
      drawn: Type.Integer(),
      administered: Type.Integer(),
      wasted: Type.Integer(),
      lost: Type.Integer(),
      difference: Type.Integer(),
    }),
  ),
  patient: Type.Optional(Type.Object({ id: Type.String(), name: Type.String(), mrn: Type.String() })),
  sessionStartsAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** The treatment-day record shows a dose given but the ledger has no draw for the session (never reconciled). */
  missingDraw: Type.Optional(Type.Boolean()),
  dosedAt: Type.Optional(Type.String()),
  /** GET .../reconciliation only: the administration offered from the session record (ledger-session-record.ts). */
  suggestedAdministration: Type.Optional(
    Type.Union([
      Type.Object({
        source: Type.Literal('session-record'),
        amount: Type.Union([Type.Object({ mg: Type.String() }), Type.Object({ devices: Type.Integer() })]),
        unit: Type.String(),
        mg: Type.String(),
        basis: Type.String(),
        ndc: Type.String(),
        lot: Type.String(),
        drawEntryId: Type.String(),
        sessionRecordId: Type.String(),
        completedAt: Type.String(),
        alreadyRecorded: Type.Boolean(),
      }),
      Type.Null(),
    ]),
  ),
});

export const DiscrepancySchema = Type.Object({
  discrepancyId: Type.String(),
  countEntryId: Type.String(),
  countSequence: Type.Integer(),
  countKind: Type.String(),
  countedAt: Type.String(),
  countedBy: Type.String(),
  ndc: Type.String(),
  lot: Type.String(),
  locationId: Type.String(),
  expected: Type.Integer(),
  counted: Type.Integer(),
  difference: Type.Integer(),
  expectedMg: Type.String(),
  countedMg: Type.String(),
  differenceMg: Type.String(),
  estimated: Type.Boolean(),
  status: Type.String(),
  resolution: Type.Union([
    Type.Object({
      entryId: Type.String(),
      reason: Type.String(),
      resolvedBy: Type.String(),
      resolvedAt: Type.String(),
      lossEntryId: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});

export const AppendResultSchema = Type.Object({
  entry: EntrySchema,
  balances: Type.Array(BalanceSchema, { description: 'the balances this entry touched, after it' }),
  reconciliation: Type.Optional(ReconciliationSchema),
  discrepancies: Type.Optional(Type.Array(DiscrepancySchema)),
  deadlines: Type.Optional(LossReportDeadlinesSchema),
  form41: Type.Optional(Form41RecordSchema),
  form106: Type.Optional(Form106RecordSchema),
});

/** GET /api/ledger/sessions: a session with its real treatment-day phase and its reconciliation. */
export const LedgerSessionSchema = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  patient: Type.Object({ givenName: Type.String(), familyName: Type.String(), mrn: Type.String() }),
  modality: Type.String(),
  sessionNumber: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  chair: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  doseMg: Type.Union([Type.Number(), Type.Null()]),
  phase: Type.Union([Type.String(), Type.Null()]),
  isDosed: Type.Boolean(),
  reconciliation: ReconciliationSchema,
});

// --- route responses ------------------------------------------------------------------------------------------

/** GET /api/ledger/products 200 */
export const ProductsResponse = Type.Object({ items: Type.Array(ProductSchema) });
/** POST /api/ledger/products 201 */
export const AddProductResponse = ProductSchema;
/** GET /api/ledger/locations 200 */
export const LocationsResponse = Type.Object({ items: Type.Array(StorageLocationSchema) });
/** POST /api/ledger/locations 201 */
export const AddLocationResponse = StorageLocationSchema;
/** PATCH /api/ledger/locations/:locationId 200 */
export const UpdateLocationResponse = AddLocationResponse;
/** GET /api/ledger/overview 200 */
export const OverviewResponse = Type.Object({
  asOfSequence: Type.Number(),
  balances: Type.Array(BalanceSchema),
  unreconciledSessions: Type.Number(),
  openDiscrepancies: Type.Number(),
  inventory: InventoryStatusSchema,
});
/** GET /api/ledger/loss-reports 200 */
export const LossReportsResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      deadlines: LossReportDeadlinesSchema,
      form106: Form106RecordSchema,
      sequence: Type.Number(),
      entryId: Type.String(),
      discoveredOn: Type.String(),
      resolvesDiscrepancy: Nullable(Type.String()),
    }),
  ),
});
/** GET /api/ledger/verify 200 */
export const VerifyResponse = LedgerVerificationSchema;
/** GET /api/ledger/reports/administration-log 200 */
export const AdministrationLogReportResponse = Type.Object({
  report: Type.Literal('administration-log'),
  ...ReportHeader,
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  rows: Type.Array(AdministrationLogRowSchema),
});
/** GET /api/ledger/reports/inventory 200 */
export const InventoryReportResponse = Type.Object({
  report: Type.Literal('inventory'),
  ...ReportHeader,
  on: Type.String(),
  countKind: literalUnion(['initial-inventory', 'biennial-inventory']),
  status: InventoryStatusSchema,
  rows: Type.Array(InventoryReportRowSchema),
});
/** GET /api/ledger/reports/lot-history 200 */
export const LotHistoryReportResponse = Type.Object({
  report: Type.Literal('lot-history'),
  ...ReportHeader,
  ndc: Type.String(),
  lot: Type.String(),
  unit: Type.String(),
  rows: Type.Array(LotHistoryRowSchema),
});
/** GET /api/ledger/reports/discrepancies 200 */
export const DiscrepancyReportResponse = Type.Object({
  report: Type.Literal('discrepancies'),
  ...ReportHeader,
  rows: Type.Array(DiscrepancyReportRowSchema),
});

/** GET /api/ledger/balances */
export const BalancesResponse = Type.Object({ asOfSequence: Type.Integer(), items: Type.Array(BalanceSchema) });
/** GET /api/ledger/entries: a page, newest first, and where the next one starts. */
export const EntriesResponse = Type.Object({
  items: Type.Array(EntrySchema),
  nextBeforeSequence: Type.Union([Type.Integer(), Type.Null()]),
});
/** GET /api/ledger/sessions */
export const LedgerSessionsResponse = Type.Object({
  from: Type.String(),
  to: Type.String(),
  timeZone: Type.Optional(Type.String()),
  items: Type.Array(LedgerSessionSchema),
});
/** GET /api/ledger/sessions/unreconciled */
export const UnreconciledResponse = Type.Object({ items: Type.Array(ReconciliationSchema) });
/** GET /api/ledger/discrepancies */
export const DiscrepanciesResponse = Type.Object({ items: Type.Array(DiscrepancySchema) });

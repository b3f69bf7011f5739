/**
 * The controlled-substance ledger: load -> domain -> save.
 *
 * Every write is one transaction: lock the clinic's ledger head (SELECT ... FOR UPDATE), load the clinic's
 * entries and fold them (`deriveLedger`), build the new entry, let the domain accept or refuse it (`applyEntry`:
 * negative balances, missing or unauthenticated witnesses, expired lots...), seal it on the hash chain
 * (`sealEntry`), insert it, move the head, and audit, all before commit. Concurrent writers to one clinic wait on
 * the head lock; the primary key (clinic_id, sequence) is the last line of defence.
 *
 * History is folded with the rules it was written under relaxed (no location-role checks, witnesses not
 * required by setting): every stored entry was checked when it was written and is sealed, and a later change of
 * a safe's roles or of a clinic setting must not make the past unreadable. The new entry meets today's rules.
 */
import { randomUUID } from 'node:crypto';
import {
  GENESIS_HASH, PRODUCTS, administrationLog, ADMINISTRATION_LOG_COLUMNS, ADMINISTRATION_LOG_CITATION, applyEntry, balancesOf,
  deriveLedger, discrepancyReport, DISCREPANCY_REPORT_COLUMNS, findProduct, form106Record, form41Record, inventoryReport,
  INVENTORY_REPORT_CITATION, INVENTORY_REPORT_COLUMNS, inventoryStatus, isNdcFormat, ledgerConfig, lossReportDeadlines, lotHistory,
  LOT_HISTORY_COLUMNS, openDiscrepanciesOf, reportCsv, sealEntry, sessionReconciliation, unreconciledSessionsOf, verifyLedger,
  type ClinicRegistrant, type CsvColumn, type CsvValue, type DestructionEvent, type LedgerConfig, type LedgerEntry, type LedgerEvent,
  type LedgerSettings, type LedgerState, type LossEvent, type Product, type StaffRef, type StockEvent, type StorageLocation,
  type WitnessSignature, CFR_1304_22_C, parseMl, doseLotsFor, lotKey, type DoseLot, type DrugName,
} from '../../../domain/inventory/index.js';
import type { Canonical } from '../../../domain/audit/hash-chain.js';
import { DomainValidationError, RuleViolationError } from '../../../domain/shared/validation.js';
import { CLOCK_DRIFT_TOLERANCE_MS } from '../../../domain/shared/plausible-dates.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError, ConflictError, NotFoundError, ProblemError, RuleRefusedError, type ProblemField } from '../../errors/http-errors.js';
import { sessionNotActive } from '../../../domain/session/state-machine.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import { exactAmount, withRequestFields } from './ledger-amounts.js';
import { suggestAdministration, type DosedSession, type SessionAdministrationReader, type SuggestedAdministration, type TreatmentDayReader } from './ledger-session-record.js';
import {
  actorOf, emptyReconciliation, toBalanceDto, toDiscrepancyDto, toEntryDto, toReconciliationDto,
  type BalanceDto, type DiscrepancyDto, type EntryDto, type ReconciliationDto,
} from './ledger-dto.js';
import { renderTablePdf, type PdfColumn } from './ledger-pdf.js';
import type { FoldedLedger, LedgerStateCache } from './ledger-state-cache.js';
import { clinicDate, clinicInstant, clinicTimestampText } from './ledger-time.js';
import { localToInstant } from '../scheduling/clinic-time.js';
import type { WitnessVerifier } from './ledger-witness.js';
import type { LedgerRepository, StoredEntry } from './ledger.repository.js';
import type {
  AdministrationBody, AnyCountBody, CorrectableKind, CorrectionBody, DestructionBody, DrawBody, LocationBody, LocationUpdate,
  LossBody, ProductBody, ReceiptBody, ReplacementBody, ReportFormat, ResolveBody, ReturnBody, TransferBody, WasteBody,
  WitnessCredentials,
} from '../../../contract/ledger.js';

/** The stored ledger does not fit its head or no longer folds: refuse to write on top of it. */
export class LedgerIntegrityError extends ConflictError {
  readonly code = 'ledger-integrity';
  constructor(message: string, fields: readonly ProblemField[] = []) {
    super(message, fields);
  }
}

/** Entries folded one by one onto the memo; more than this and the whole ledger is folded afresh. */
const INCREMENTAL_LIMIT = 200;
const VERIFY_PAGE = 5000;

interface ClinicLedger {
  readonly clinic: { id: string; name: string; slug: string; timeZone: string };
  readonly products: readonly Product[];
  readonly locations: readonly StorageLocation[];
  /** Today's rules, for a new entry. */
  readonly config: LedgerConfig;
  /** For folding history (see the top of this file). */
  readonly replay: LedgerConfig;
  readonly holidays: readonly string[];
  readonly registrant: ClinicRegistrant;
}

interface Prepared {
  readonly kind: StockEvent['kind'];
  /** From the request, in clinic time; undefined when the request left it out. */
  readonly occurredAt: string | undefined;
  readonly patientId: string | null;
  readonly sessionId: string | null;
  readonly lot: { readonly ndc: string; readonly lot: string };
  readonly detail: Record<string, Canonical>;
  build(base: { actor: StaffRef; occurredAt: string }): StockEvent;
}

interface Appended {
  readonly entry: LedgerEntry;
  readonly prevHash: string;
  readonly hash: string;
  readonly state: LedgerState;
}

export interface AppendResult {
  entry: EntryDto;
  balances: BalanceDto[];
  reconciliation?: ReconciliationDto;
  discrepancies?: DiscrepancyDto[];
  deadlines?: unknown;
  form41?: unknown;
  form106?: unknown;
}

export type LedgerVerification =
  | { intact: true; checked: number; lastSequence: number; lastHash: string }
  | { intact: false; checked: number; brokenAtSequence: number; reason: string };

export type ReportOutput =
  | { readonly format: 'json'; readonly body: Record<string, unknown> }
  | { readonly format: 'csv' | 'pdf'; readonly contentType: string; readonly filename: string; readonly body: string | Buffer };

export type ReportRequest =
  | { readonly report: 'administration-log'; readonly from: string; readonly to: string }
  | { readonly report: 'inventory'; readonly on: string; readonly countKind: 'initial-inventory' | 'biennial-inventory' }
  | { readonly report: 'lot-history'; readonly ndc: string; readonly lot: string }
  | { readonly report: 'discrepancies' };

function integrityErrorFrom(error: unknown): unknown {
  if (error instanceof RuleViolationError || error instanceof DomainValidationError) {
    return new LedgerIntegrityError(`The stored ledger no longer adds up (${error.message}). An admin should run the ledger verification.`);
  }
  return error;
}

function toEntry(row: StoredEntry): LedgerEntry {
  return { entryId: row.entryId, sequence: row.sequence, clinicId: row.clinicId, recordedAt: row.recordedAt.toISOString(), event: row.event as unknown as LedgerEvent };
}

function formatAddress(address: Record<string, unknown> | null): string {
  if (!address) return '';
  const text = (k: string) => (typeof address[k] === 'string' ? (address[k] as string).trim() : '');
  const cityLine = [text('city'), [text('region'), text('postalCode')].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [text('line'), cityLine, text('country')].filter(Boolean).join(', ');
}

function ledgerSettingsOf(settings: Record<string, unknown>): { ledger: Partial<LedgerSettings>; holidays: string[]; registrant: Partial<ClinicRegistrant> } {
  const raw = (settings.ledger ?? {}) as Record<string, unknown>;
  const ledger: Partial<LedgerSettings> = {
    ...(typeof raw.wasteWitnessRequired === 'boolean' ? { wasteWitnessRequired: raw.wasteWitnessRequired } : {}),
    ...(typeof raw.receiptWitnessRequired === 'boolean' ? { receiptWitnessRequired: raw.receiptWitnessRequired } : {}),
  };
  const holidays = Array.isArray(raw.holidays) ? raw.holidays.filter((h): h is string => typeof h === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(h)) : [];
  const registrant = (typeof raw.registrant === 'object' && raw.registrant !== null ? raw.registrant : {}) as Partial<ClinicRegistrant>;
  return { ledger, holidays, registrant };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

interface BuiltReport {
  readonly title: string;
  readonly scope: string;
  readonly filename: string;
  readonly citation: string;
  readonly rows: readonly unknown[];
  readonly extra: Record<string, unknown>;
  readonly pdfColumns: readonly PdfColumn[];
  csv(): string;
  pdfRows(): string[][];
}

/** A report's rows with its CSV columns (the domain's) and the columns printed in the PDF ([header, width, value?]). */
function tableReport<R>(spec: {
  title: string; scope: string; filename: string; citation: string; rows: readonly R[]; columns: readonly CsvColumn<R>[];
  pdf: ReadonlyArray<readonly [string, number, ((row: R) => CsvValue)?]>; extra: Record<string, unknown>;
}): BuiltReport {
  const cells = spec.pdf.map(([header, , value]) => value ?? spec.columns.find((c) => c.header === header)?.value ?? (() => ''));
  return {
    title: spec.title, scope: spec.scope, filename: spec.filename, citation: spec.citation, rows: spec.rows, extra: spec.extra,
    pdfColumns: spec.pdf.map(([header, weight]) => ({ header, weight })),
    csv: () => reportCsv(spec.rows, spec.columns),
    pdfRows: () => spec.rows.map((row) => cells.map((cell) => {
      const value = cell(row);
      return value === null || value === undefined ? '' : String(value);
    })),
  };
}

export class LedgerService {
  constructor(
    private readonly repo: LedgerRepository,
    private readonly witnesses: WitnessVerifier,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    private readonly cache: LedgerStateCache,
    /** The treatment-day record of a session (what was given), for the administration offered from it. */
    private readonly sessionRecords?: SessionAdministrationReader,
    /** Which sessions were dosed and what phase each is in (the treatment-day record), for reconciliation and the session list. */
    private readonly treatmentDay?: TreatmentDayReader,
  ) {}

  // --- loading --------------------------------------------------------------------------------------------------

  private async clinicLedger(clinicId: string): Promise<ClinicLedger> {
    const clinic = await this.repo.findClinic(clinicId);
    if (!clinic) throw new NotFoundError('No such clinic.');
    let productRows = await this.repo.listProducts(clinicId);
    if (productRows.length === 0) {
      // A clinic's catalogue starts as the domain's default products; the admin adds the supplier's own NDCs.
      await this.repo.insertProducts(PRODUCTS.map((p) => ({
        clinicId, productId: p.productId, ndc: p.ndc, product: p as unknown as Record<string, unknown>, createdAt: this.clock(), createdBy: null,
      })));
      productRows = await this.repo.listProducts(clinicId);
    }
    const products = productRows.map((r) => r.product as unknown as Product);
    const locations: StorageLocation[] = (await this.repo.listLocations(clinicId))
      .map((l) => ({ locationId: l.locationId, name: l.name, openableByRoles: l.openableByRoles }));
    const { ledger, holidays, registrant } = ledgerSettingsOf(clinic.settings ?? {});
    return {
      clinic: { id: clinic.id, name: clinic.name, slug: clinic.slug, timeZone: clinic.timeZone },
      products,
      locations,
      config: ledgerConfig({ products, locations, settings: ledger }),
      replay: ledgerConfig({ products, settings: { wasteWitnessRequired: false, receiptWitnessRequired: false } }),
      holidays,
      registrant: {
        registeredName: registrant.registeredName ?? clinic.name,
        deaNumber: registrant.deaNumber ?? '',
        address: registrant.address ?? '',
        phone: registrant.phone ?? '',
        principalBusiness: registrant.principalBusiness ?? 'practitioner',
        ...(registrant.contactName ? { contactName: registrant.contactName } : {}),
        ...(registrant.county ? { county: registrant.county } : {}),
      },
    };
  }

  /**
   * The clinic's ledger folded up to its newest stored entry: the memo (see ledger-state-cache.ts) plus the
   * entries stored after it, or every entry when the memo misses. Inside a write, `db` is its transaction.
   */
  private async folded(cl: ClinicLedger, db?: Transaction<Database>): Promise<FoldedLedger> {
    const clinicId = cl.clinic.id;
    const cached = this.cache.get(clinicId);
    if (cached) {
      const newer = await this.repo.entriesAfter(clinicId, cached.sequence, INCREMENTAL_LIMIT + 1, db);
      const continues = newer.every((row, i) => row.sequence === cached.sequence + i + 1 && row.prevHash === (i === 0 ? cached.hash : newer[i - 1]!.hash));
      // Nothing newer: the stored ledger must still end where the memo does (not shorter, as after a restore).
      const tail = newer.length === 0 ? await this.repo.lastEntry(clinicId, db) : undefined;
      const endsHere = newer.length > 0 || ((tail?.sequence ?? 0) === cached.sequence && (tail?.hash ?? GENESIS_HASH) === cached.hash);
      if (newer.length <= INCREMENTAL_LIMIT && continues && endsHere) {
        let state = cached.state;
        for (const row of newer) state = this.replayOne(state, toEntry(row));
        const last = newer[newer.length - 1];
        const folded = last ? { sequence: last.sequence, hash: last.hash, state } : cached;
        this.cache.set(clinicId, folded);
        return folded;
      }
    }
    const rows = await this.repo.loadEntries(clinicId, db);
    let state: LedgerState;
    try {
      state = deriveLedger(rows.map(toEntry), cl.replay);
    } catch (error) {
      throw integrityErrorFrom(error);
    }
    const last = rows[rows.length - 1];
    const folded = { sequence: last?.sequence ?? 0, hash: last?.hash ?? GENESIS_HASH, state };
    this.cache.set(clinicId, folded);
    return folded;
  }

  private replayOne(state: LedgerState, entry: LedgerEntry): LedgerState {
    try {
      return applyEntry(state, entry);
    } catch (error) {
      throw integrityErrorFrom(error);
    }
  }

  /** The folded ledger under today's rules (for reads and for checking a new entry). */
  private async stateOf(cl: ClinicLedger, db?: Transaction<Database>): Promise<{ folded: FoldedLedger; state: LedgerState }> {
    const folded = await this.folded(cl, db);
    return { folded, state: { ...folded.state, config: cl.config } };
  }

  private async view(clinicId: string): Promise<{ cl: ClinicLedger; state: LedgerState }> {
    const cl = await this.clinicLedger(clinicId);
    return { cl, state: (await this.stateOf(cl)).state };
  }

  /** Every entry, for reports (the domain's report functions take the entries themselves). */
  private async allEntries(clinicId: string): Promise<{ cl: ClinicLedger; entries: LedgerEntry[] }> {
    const cl = await this.clinicLedger(clinicId);
    return { cl, entries: (await this.repo.loadEntries(clinicId)).map(toEntry) };
  }

  // --- shared pieces of a write ------------------------------------------------------------------------------

  private actor(ctx: RequestContext): StaffRef {
    return { userId: ctx.principal.userId, name: ctx.principal.displayName, role: ctx.principal.role };
  }

  /** A request time (or now) as the clinic's local time with its offset; never in the future. */
  private occurredAt(cl: ClinicLedger, text: string | undefined, field = 'occurredAt'): string | undefined {
    if (text === undefined) return undefined;
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) throw new BadRequestError('Not a date-time.', [{ field, message: 'must be an ISO-8601 date-time' }]);
    if (at.getTime() > this.clock().getTime() + CLOCK_DRIFT_TOLERANCE_MS) throw new BadRequestError('A ledger entry cannot be in the future.', [{ field, message: 'is in the future' }]);
    return clinicInstant(at, cl.clinic.timeZone);
  }

  private now(cl: ClinicLedger): string {
    return clinicInstant(this.clock(), cl.clinic.timeZone);
  }

  private product(cl: ClinicLedger, ndc: string, field = 'ndc'): Product {
    const product = findProduct(cl.products, ndc);
    if (!product) throw new BadRequestError(`${ndc} is not in this clinic's catalogue.`, [{ field, message: `is not a product in this clinic's catalogue: ${ndc}` }]);
    return product;
  }

  private async witness(ctx: RequestContext, cl: ClinicLedger, credentials: WitnessCredentials | undefined, field: string, kind: string): Promise<WitnessSignature | undefined> {
    if (!credentials) return undefined;
    return (await this.witnesses.verify(ctx, credentials, field, this.now(cl), kind)).signature;
  }

  private async session(clinicId: string, sessionId: string, field = 'sessionId') {
    const session = await this.repo.findSession(clinicId, sessionId);
    if (!session) throw new BadRequestError('No such treatment session in this clinic.', [{ field, message: 'is not a treatment session of this clinic' }]);
    return session;
  }

  /** Appends one entry (see the top of this file). `build` runs under the head lock with the current state. */
  private async append(ctx: RequestContext, cl: ClinicLedger, write: {
    action: string;
    patientId?: string | null;
    detail?: Record<string, Canonical>;
    build(state: LedgerState): LedgerEvent;
  }): Promise<Appended> {
    const clinicId = cl.clinic.id;
    const now = this.clock();
    await this.repo.ensureHead(clinicId, GENESIS_HASH, now);
    try {
      const appended = await this.transact(async (trx): Promise<Appended> => {
        const head = await this.repo.lockHead(trx, clinicId);
        if (!head) throw new LedgerIntegrityError('The clinic has no ledger head.');
        const last = await this.repo.lastEntry(clinicId, trx);
        if ((last?.sequence ?? 0) !== head.lastSequence || (last?.hash ?? GENESIS_HASH) !== head.lastHash) {
          throw new LedgerIntegrityError(`The stored ledger ends at entry ${last?.sequence ?? 0} but its head says ${head.lastSequence}: entries are missing or were changed. An admin should run the ledger verification.`);
        }
        const { folded, state } = await this.stateOf(cl, trx);
        if (folded.sequence !== head.lastSequence || folded.hash !== head.lastHash) {
          this.cache.forget(clinicId);
          throw new LedgerIntegrityError('The stored ledger does not fit its head. An admin should run the ledger verification.');
        }
        const event = write.build(state);
        if (JSON.stringify(event).includes('\\u0000')) throw new BadRequestError('Text may not contain NUL characters.', [{ field: 'body', message: 'contains a NUL character' }]);
        const entry: LedgerEntry = { entryId: randomUUID(), sequence: head.lastSequence + 1, clinicId, recordedAt: now.toISOString(), event };
        let next: LedgerState;
        try {
          next = applyEntry(state, entry);
        } catch (error) {
          withRequestFields(error);
        }
        const hash = sealEntry(head.lastHash, entry);
        await this.repo.insertEntry(trx, {
          clinicId, sequence: entry.sequence, entryId: entry.entryId, kind: event.kind, event: event as unknown as Record<string, unknown>,
          recordedAt: now, recordedBy: ctx.principal.userId, prevHash: head.lastHash, hash,
        });
        await this.repo.advanceHead(trx, clinicId, entry.sequence, hash, now);
        await this.audit.record({
          actor: ctx.principal, action: write.action, resourceType: 'LedgerEntry', resourceId: entry.entryId, patientId: write.patientId ?? null,
          clientIp: ctx.clientIp, occurredAt: now, detail: { kind: event.kind, sequence: entry.sequence, ...write.detail },
        }, trx);
        return { entry, prevHash: head.lastHash, hash, state: next };
      });
      // Only once committed does the memo move on.
      this.cache.set(clinicId, { sequence: appended.entry.sequence, hash: appended.hash, state: { ...appended.state, config: cl.replay } });
      return appended;
    } catch (error) {
      if (error instanceof RuleViolationError || error instanceof RuleRefusedError) {
        // Refused stock movements matter for diversion review: keep a trace (no patient data, only the rule).
        await this.audit.record({
          actor: ctx.principal, action: write.action, resourceType: 'LedgerEntry', patientId: write.patientId ?? null,
          outcome: 'failure', clientIp: ctx.clientIp, occurredAt: now, detail: { code: error.code, ...write.detail },
        });
      }
      throw error;
    }
  }

  private result(cl: ClinicLedger, appended: Appended, touched: ReadonlyArray<{ ndc: string; lot: string }>): AppendResult {
    const { entry, state } = appended;
    const balances = balancesOf(state, { includeZero: true })
      .filter((b) => touched.some((t) => t.ndc === b.ndc && t.lot === b.lot))
      .map((b) => toBalanceDto(b, cl.products, cl.locations));
    return { entry: toEntryDto(entry, appended.prevHash, appended.hash, null, cl.products), balances };
  }

  private withReconciliation(result: AppendResult, state: LedgerState, sessionId: string | null): AppendResult {
    if (sessionId === null) return result;
    const r = sessionReconciliation(state, sessionId);
    return r ? { ...result, reconciliation: toReconciliationDto(r) } : result;
  }

  // --- preparing stock movements (also used for corrections) ------------------------------------------------

  private async prepare<K extends CorrectableKind>(ctx: RequestContext, cl: ClinicLedger, kind: K, body: ReplacementBody[K]): Promise<Prepared> {
    switch (kind) {
      case 'receipt': return this.prepareReceipt(ctx, cl, body as ReceiptBody);
      case 'draw': return this.prepareDraw(ctx, cl, body as DrawBody);
      case 'administration': return this.prepareAdministration(cl, body as AdministrationBody);
      case 'waste': return this.prepareWaste(ctx, cl, body as WasteBody);
      case 'transfer': return this.prepareTransfer(ctx, cl, body as TransferBody);
      case 'return-to-supplier': return this.prepareReturn(ctx, cl, body as ReturnBody);
      case 'destruction': return this.prepareDestruction(ctx, cl, body as DestructionBody);
      case 'loss': return this.prepareLoss(cl, body as LossBody);
      default: throw new BadRequestError(`Unknown entry kind ${String(kind)}.`);
    }
  }

  private async prepareReceipt(ctx: RequestContext, cl: ClinicLedger, body: ReceiptBody): Promise<Prepared> {
    const product = this.product(cl, body.ndc);
    const occurredAt = this.occurredAt(cl, body.occurredAt);
    const witness = await this.witness(ctx, cl, body.witness, 'witness', 'receipt');
    return {
      kind: 'receipt', occurredAt, patientId: null, sessionId: null, lot: { ndc: body.ndc, lot: body.lot },
      detail: { ndc: body.ndc, lot: body.lot, containers: body.containers, witnessed: witness !== undefined },
      build: (base) => stripUndefined({
        kind: 'receipt' as const, occurredAt: base.occurredAt, ndc: body.ndc, lot: body.lot, expiry: body.expiry, locationId: body.locationId,
        containers: body.containers, unitsPerContainer: product.unitsPerContainer,
        supplier: { name: body.supplier.name.trim(), address: body.supplier.address.trim(), deaNumber: body.supplier.deaNumber.trim().toUpperCase() },
        invoiceNumber: body.invoiceNumber, receivedBy: base.actor, witness,
      }),
    };
  }

  private async prepareDraw(ctx: RequestContext, cl: ClinicLedger, body: DrawBody): Promise<Prepared> {
    const product = this.product(cl, body.ndc);
    const amount = exactAmount(product, body.amount);
    const occurredAt = this.occurredAt(cl, body.occurredAt);
    const session = await this.session(cl.clinic.id, body.sessionId);
    if (session.patientId !== body.patientId) {
      throw new BadRequestError('That session is not one of this patient\'s.', [{ field: 'sessionId', message: 'is not a session of this patient' }]);
    }
    if (sessionNotActive(session.status)) {
      throw new ProblemError('session-not-active', `The session is ${session.status}: nothing may be drawn for it.`, [{ field: 'sessionId', message: `is ${session.status}` }]);
    }
    const witness = await this.witness(ctx, cl, body.witness, 'witness', 'draw');
    return {
      kind: 'draw', occurredAt, patientId: body.patientId, sessionId: body.sessionId, lot: { ndc: body.ndc, lot: body.lot },
      detail: { ndc: body.ndc, lot: body.lot, sessionId: body.sessionId, quantity: amount.quantity },
      build: (base) => stripUndefined({
        kind: 'draw' as const, occurredAt: base.occurredAt, ndc: body.ndc, lot: body.lot, locationId: body.locationId,
        quantity: amount.quantity, volumeUl: amount.volumeUl, patientId: body.patientId, sessionId: body.sessionId, by: base.actor, witness,
      }),
    };
  }

  private async prepareAdministration(cl: ClinicLedger, body: AdministrationBody): Promise<Prepared> {
    const product = this.product(cl, body.ndc);
    const amount = exactAmount(product, body.amount);
    const occurredAt = this.occurredAt(cl, body.occurredAt);
    const session = await this.session(cl.clinic.id, body.sessionId);
    const patient = await this.repo.findPatient(cl.clinic.id, session.patientId);
    if (!patient) throw new NotFoundError('The session\'s patient is not in this clinic.');
    const address = formatAddress(patient.address as Record<string, unknown> | null);
    if (address === '') {
      // 21 CFR 1304.22(c): the administration record holds the patient's name and address.
      throw new RuleRefusedError('The administration record needs the patient\'s address (21 CFR 1304.22(c)): add it to the patient record first.',
        'patient-address-missing', [{ field: 'sessionId', message: 'the patient has no address on record' }]);
    }
    return {
      kind: 'administration', occurredAt, patientId: session.patientId, sessionId: body.sessionId, lot: { ndc: body.ndc, lot: body.lot },
      detail: { ndc: body.ndc, lot: body.lot, sessionId: body.sessionId, quantity: amount.quantity },
      build: (base) => stripUndefined({
        kind: 'administration' as const, occurredAt: base.occurredAt, ndc: body.ndc, lot: body.lot, sessionId: body.sessionId,
        patientId: session.patientId, patientName: `${patient.givenName} ${patient.familyName}`, patientAddress: address,
        quantity: amount.quantity, volumeUl: amount.volumeUl, administeredBy: base.actor, sessionRecordId: body.sessionRecordId,
      }),
    };
  }

  private async prepareWaste(ctx: RequestContext, cl: ClinicLedger, body: WasteBody): Promise<Prepared> {
    const product = this.product(cl, body.ndc);
    const amount = exactAmount(product, body.amount);
    const occurredAt = this.occurredAt(cl, body.occurredAt);
    const session = await this.session(cl.clinic.id, body.sessionId);
    const witness = await this.witness(ctx, cl, body.witness, 'witness', 'waste');
    return {
      kind: 'waste', occurredAt, patientId: session.patientId, sessionId: body.sessionId, lot: { ndc: body.ndc, lot: body.lot },
      detail: { ndc: body.ndc, lot: body.lot, sessionId: body.sessionId, quantity: amount.quantity, witnessed: witness !== undefined },
      build: (base) => stripUndefined({
        kind: 'waste' as const, occurredAt: base.occurredAt, ndc: body.ndc, lot: body.lot, sessionId: body.sessionId,
        quantity: amount.quantity, volumeUl: amount.volumeUl, manner: body.manner.trim(), by: base.actor, witness,
      }),
    };
  }

  private async prepareTransfer(ctx: RequestContext, cl: ClinicLedger, body: TransferBody): Promise<Prepared> {
    const amount = exactAmount(this.product(cl, body.ndc), body.amount);
    const occurredAt = this.occurredAt(cl, body.occurredAt);
    const witness = await this.witness(ctx, cl, body.witness, 'witness', 'transfer');
    return {
      kind: 'transfer', occurredAt, patientId: null, sessionId: null, lot: { ndc: body.ndc, lot: body.lot },
      detail: { ndc: body.ndc, lot: body.lot, from: body.fromLocationId, to: body.toLocationId, quantity: amount.quantity },
      build: (base) => stripUndefined({
        kind: 'transfer' as const, occurredAt: base.occurredAt, ndc: body.ndc, lot: body.lot, fromLocationId: body.fromLocationId,
        toLocationId: body.toLocationId, quantity: amount.quantity, by: base.actor, witness,
      }),
    };
  }

  private async prepareReturn(ctx: RequestContext, cl: ClinicLedger, body: ReturnBody): Promise<Prepared> {
    const amount = exactAmount(this.product(cl, body.ndc), body.amount);
    const occurredAt = this.occurredAt(cl, body.occurredAt);
    const witness = await this.witness(ctx, cl, body.witness, 'witness', 'return-to-supplier');
    return {
      kind: 'return-to-supplier', occurredAt, patientId: null, sessionId: null, lot: { ndc: body.ndc, lot: body.lot },
      detail: { ndc: body.ndc, lot: body.lot, quantity: amount.quantity },
      build: (base) => stripUndefined({
        kind: 'return-to-supplier' as const, occurredAt: base.occurredAt, ndc: body.ndc, lot: body.lot, locationId: body.locationId,
        quantity: amount.quantity,
        supplier: { name: body.supplier.name.trim(), address: body.supplier.address.trim(), deaNumber: body.supplier.deaNumber.trim().toUpperCase() },
        reference: body.reference, by: base.actor, witness,
      }),
    };
  }

  private async prepareDestruction(ctx: RequestContext, cl: ClinicLedger, body: DestructionBody): Promise<Prepared> {
    const amount = exactAmount(this.product(cl, body.ndc), body.amount);
    const occurredAt = this.occurredAt(cl, body.occurredAt);
    const [first, second] = body.witnesses;
    if (first && second && first.email.trim().toLowerCase() === second.email.trim().toLowerCase()) {
      throw new RuleViolationError('witnesses-not-distinct', 'The two witnesses must be two different people.', 'witnesses.1');
    }
    const signatures: WitnessSignature[] = [];
    for (const [i, credentials] of body.witnesses.entries()) {
      const signature = await this.witness(ctx, cl, credentials, `witnesses.${i}`, 'destruction');
      if (signature) signatures.push(signature);
    }
    return {
      kind: 'destruction', occurredAt, patientId: null, sessionId: null, lot: { ndc: body.ndc, lot: body.lot },
      detail: { ndc: body.ndc, lot: body.lot, quantity: amount.quantity, reason: body.reason },
      build: (base) => ({
        kind: 'destruction' as const, occurredAt: base.occurredAt, ndc: body.ndc, lot: body.lot, locationId: body.locationId,
        quantity: amount.quantity, reason: body.reason, method: body.method.trim(),
        destructionSite: { name: body.destructionSite.name.trim(), address: body.destructionSite.address.trim() },
        by: base.actor, witnesses: signatures,
      }),
    };
  }

  private async prepareLoss(cl: ClinicLedger, body: LossBody): Promise<Prepared> {
    const amount = exactAmount(this.product(cl, body.ndc), body.amount);
    const occurredAt = this.occurredAt(cl, body.occurredAt);
    let source: LossEvent['source'];
    let patientId: string | null = null;
    if (body.source.from === 'location') {
      if (!body.source.locationId) throw new BadRequestError('Say which storage location the stock was lost from.', [{ field: 'source.locationId', message: 'is required' }]);
      source = { from: 'location', locationId: body.source.locationId };
    } else {
      if (!body.source.sessionId) throw new BadRequestError('Say which session the stock was lost from.', [{ field: 'source.sessionId', message: 'is required' }]);
      patientId = (await this.session(cl.clinic.id, body.source.sessionId, 'source.sessionId')).patientId;
      source = { from: 'session', sessionId: body.source.sessionId };
    }
    const discoveredOn = body.discoveredOn ?? clinicDate(this.clock(), cl.clinic.timeZone);
    if (discoveredOn > clinicDate(this.clock(), cl.clinic.timeZone)) throw new BadRequestError('Discovery cannot be in the future.', [{ field: 'discoveredOn', message: 'is in the future' }]);
    return {
      kind: 'loss', occurredAt, patientId, sessionId: source.from === 'session' ? source.sessionId : null, lot: { ndc: body.ndc, lot: body.lot },
      detail: { ndc: body.ndc, lot: body.lot, quantity: amount.quantity, lossType: body.lossType },
      build: (base) => ({
        kind: 'loss' as const, occurredAt: base.occurredAt, discoveredOn, ndc: body.ndc, lot: body.lot, source, quantity: amount.quantity,
        lossType: body.lossType, circumstances: body.circumstances.trim(), form106: stripUndefined({ ...body.form106 }), by: base.actor,
      }),
    };
  }

  /** Records a prepared stock movement and answers with what it changed. */
  private async record(ctx: RequestContext, cl: ClinicLedger, prepared: Prepared): Promise<AppendResult> {
    const appended = await this.append(ctx, cl, {
      action: `ledger-${prepared.kind}`, patientId: prepared.patientId, detail: prepared.detail,
      build: () => prepared.build({ actor: this.actor(ctx), occurredAt: prepared.occurredAt ?? this.now(cl) }),
    });
    const result = this.withReconciliation(this.result(cl, appended, [prepared.lot]), appended.state, prepared.sessionId);
    const event = appended.entry.event;
    if (event.kind === 'loss') return { ...result, ...this.lossDetails(cl, event) };
    if (event.kind === 'destruction') return { ...result, form41: form41Record(event as DestructionEvent, cl.registrant, cl.replay) };
    return result;
  }

  private lossDetails(cl: ClinicLedger, event: LossEvent) {
    return {
      deadlines: lossReportDeadlines(event.discoveredOn, cl.holidays),
      form106: form106Record(event, cl.registrant, cl.holidays, cl.replay),
    };
  }

  // --- writes ---------------------------------------------------------------------------------------------------

  async receive(ctx: RequestContext, body: ReceiptBody) {
    const cl = await this.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareReceipt(ctx, cl, body));
  }

  async draw(ctx: RequestContext, body: DrawBody) {
    const cl = await this.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareDraw(ctx, cl, body));
  }

  async administer(ctx: RequestContext, body: AdministrationBody) {
    const cl = await this.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareAdministration(cl, body));
  }

  async waste(ctx: RequestContext, body: WasteBody) {
    const cl = await this.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareWaste(ctx, cl, body));
  }

  async transfer(ctx: RequestContext, body: TransferBody) {
    const cl = await this.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareTransfer(ctx, cl, body));
  }

  async returnToSupplier(ctx: RequestContext, body: ReturnBody) {
    const cl = await this.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareReturn(ctx, cl, body));
  }

  async destroy(ctx: RequestContext, body: DestructionBody) {
    const cl = await this.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareDestruction(ctx, cl, body));
  }

  async reportLoss(ctx: RequestContext, body: LossBody) {
    const cl = await this.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareLoss(cl, body));
  }

  async count(ctx: RequestContext, body: AnyCountBody): Promise<AppendResult> {
    const cl = await this.clinicLedger(ctx.principal.clinicId);
    const occurredAt = this.occurredAt(cl, body.occurredAt);
    const lines = body.lines.map((line, i) => {
      const product = this.product(cl, line.ndc, `lines.${i}.ndc`);
      return {
        ndc: line.ndc, lot: line.lot, fullContainers: line.fullContainers,
        openedQuantity: line.opened ? exactAmount(product, line.opened, `lines.${i}.opened`).quantity : 0,
        estimated: line.estimated ?? false,
      };
    });
    const witness = await this.witness(ctx, cl, body.witness, 'witness', 'count');
    const appended = await this.append(ctx, cl, {
      action: 'ledger-count', detail: { countKind: body.countKind, locationId: body.locationId, lines: lines.length },
      build: () => stripUndefined({
        kind: 'count' as const, occurredAt: occurredAt ?? this.now(cl), countKind: body.countKind, timing: body.timing,
        locationId: body.locationId, lines, countedBy: this.actor(ctx), witness,
      }),
    });
    const touched = balancesOf(appended.state, { includeZero: true }).filter((b) => b.locationId === body.locationId);
    const result = this.result(cl, appended, touched);
    const opened = [...appended.state.discrepancies.values()].filter((d) => d.countEntryId === appended.entry.entryId);
    return { ...result, balances: result.balances.filter((b) => b.locationId === body.locationId), discrepancies: opened.map((d) => toDiscrepancyDto(d, cl.products)) };
  }

  async resolveDiscrepancy(ctx: RequestContext, body: ResolveBody): Promise<AppendResult> {
    const cl = await this.clinicLedger(ctx.principal.clinicId);
    const appended = await this.append(ctx, cl, {
      action: 'ledger-discrepancy-resolution', detail: { resolution: body.resolution },
      build: () => stripUndefined({
        kind: 'discrepancy-resolution' as const, occurredAt: this.now(cl), discrepancyId: body.discrepancyId, resolution: body.resolution,
        reason: body.reason.trim(), lossEntryId: body.lossEntryId, resolvedBy: this.actor(ctx),
      }),
    });
    const discrepancy = appended.state.discrepancies.get(body.discrepancyId);
    const touched = discrepancy ? [{ ndc: discrepancy.ndc, lot: discrepancy.lot }] : [];
    return { ...this.result(cl, appended, touched), discrepancies: discrepancy ? [toDiscrepancyDto(discrepancy, cl.products)] : [] };
  }

  /**
   * A correction: a new entry naming the entry it corrects and what it should have said (same kind; prepared
   * exactly like recording it, witnesses re-signing), or null to void it. The original stays in the ledger.
   */
  async correct<K extends CorrectableKind>(ctx: RequestContext, kind: K, body: CorrectionBody<K>): Promise<AppendResult> {
    const cl = await this.clinicLedger(ctx.principal.clinicId);
    const prepared = body.replacement === null ? undefined : await this.prepare(ctx, cl, kind, body.replacement);
    let touched: { ndc: string; lot: string }[] = [];
    let sessionId: string | null = null;
    let patientId: string | null = prepared?.patientId ?? null;
    const appended = await this.append(ctx, cl, {
      action: 'ledger-correction', patientId, detail: { correctedKind: kind, voids: prepared === undefined },
      build: (state) => {
        const original = state.effective.get(body.correctsEntryId);
        if (original && original.kind !== kind) {
          throw new BadRequestError(`That entry is a ${original.kind}, not a ${kind}.`, [{ field: 'correctsEntryId', message: `is a ${original.kind} entry: correct it through /api/ledger/corrections/${original.kind}` }]);
        }
        if (original) {
          touched = [{ ndc: original.ndc, lot: original.lot }];
          sessionId = 'sessionId' in original ? original.sessionId : null;
          patientId ??= 'patientId' in original ? original.patientId : null;
        }
        const replacement = prepared && original
          ? prepared.build({ actor: actorOf(original), occurredAt: prepared.occurredAt ?? original.occurredAt })
          : prepared ? prepared.build({ actor: this.actor(ctx), occurredAt: prepared.occurredAt ?? this.now(cl) }) : null;
        if (prepared) touched.push(prepared.lot);
        return { kind: 'correction', occurredAt: this.now(cl), correctsEntryId: body.correctsEntryId, reason: body.reason.trim(), replacement, by: this.actor(ctx) };
      },
    });
    return this.withReconciliation(this.result(cl, appended, touched), appended.state, prepared?.sessionId ?? sessionId);
  }

  // --- catalogue and safes ------------------------------------------------------------------------------------

  async products(ctx: RequestContext) {
    const cl = await this.clinicLedger(ctx.principal.clinicId);
    return [...cl.products];
  }

  async addProduct(ctx: RequestContext, body: ProductBody): Promise<Product> {
    const cl = await this.clinicLedger(ctx.principal.clinicId);
    if (!isNdcFormat(body.ndc)) throw new BadRequestError('Not an NDC.', [{ field: 'ndc', message: 'must be an NDC such as 50458-028-02' }]);
    if (cl.products.some((p) => p.ndc === body.ndc)) throw new ConflictError('That NDC is already in the catalogue.', [{ field: 'ndc', message: 'is already in the catalogue' }]);
    if (cl.products.some((p) => p.productId === body.productId)) throw new ConflictError('That product id is taken.', [{ field: 'productId', message: 'is already in the catalogue' }]);
    const citation = { source: body.ndcSource ?? `Entered by ${ctx.principal.displayName} from the supplier's label`, status: 'label' as const };
    let product: Product;
    if (body.drug === 'ketamine-hcl') {
      if (body.concentrationMgPerMl === undefined) throw new BadRequestError('A solution needs its concentration.', [{ field: 'concentrationMgPerMl', message: 'is required for ketamine solution' }]);
      if (body.containerVolumeMl === undefined) throw new BadRequestError('A vial needs its volume.', [{ field: 'containerVolumeMl', message: 'is required for ketamine solution' }]);
      const containerVolumeUl = typeof body.containerVolumeMl === 'string' ? parseMl(body.containerVolumeMl, 'containerVolumeMl') : Math.round(body.containerVolumeMl * 1000);
      if (containerVolumeUl <= 0) throw new BadRequestError('The vial volume must be positive.', [{ field: 'containerVolumeMl', message: 'must be positive' }]);
      product = {
        productId: body.productId, drug: 'ketamine-hcl', displayName: body.displayName.trim(), schedule: 'CIII', ndc: body.ndc, ndcStatus: 'verified',
        ndcCitation: citation, packageDescription: body.packageDescription.trim(), form: 'injection-solution', containerKind: 'vial', unit: 'ug',
        concentrationMgPerMl: body.concentrationMgPerMl, containerVolumeUl, unitsPerContainer: body.concentrationMgPerMl * containerVolumeUl,
      };
    } else {
      if (body.devicesPerKit === undefined) throw new BadRequestError('A kit needs its device count.', [{ field: 'devicesPerKit', message: 'is required for esketamine' }]);
      product = {
        productId: body.productId, drug: 'esketamine-hcl', displayName: body.displayName.trim(), schedule: 'CIII', ndc: body.ndc, ndcStatus: 'verified',
        ndcCitation: citation, packageDescription: body.packageDescription.trim(), form: 'nasal-spray', containerKind: 'kit', unit: 'device',
        unitsPerContainer: body.devicesPerKit, mgPerDevice: 28,
      };
    }
    const now = this.clock();
    const inserted = await this.repo.insertProducts([{ clinicId: cl.clinic.id, productId: product.productId, ndc: product.ndc, product: product as unknown as Record<string, unknown>, createdAt: now, createdBy: ctx.principal.userId }]);
    if (inserted !== 1) throw new ConflictError('That product is already in the catalogue.');
    await this.audit.record({ actor: ctx.principal, action: 'create', resourceType: 'LedgerProduct', resourceId: product.productId, clientIp: ctx.clientIp, occurredAt: now, detail: { ndc: product.ndc } });
    return product;
  }

  async locations(ctx: RequestContext): Promise<StorageLocation[]> {
    return (await this.clinicLedger(ctx.principal.clinicId)).locations.map((l) => ({ ...l }));
  }

  async addLocation(ctx: RequestContext, body: LocationBody): Promise<StorageLocation> {
    const clinicId = ctx.principal.clinicId;
    const locationId = body.locationId ?? body.name.trim().toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(locationId)) throw new BadRequestError('Give the location an id.', [{ field: 'locationId', message: 'is required when the name has no letters or digits' }]);
    if (await this.repo.findLocation(clinicId, locationId)) throw new ConflictError('That location id is taken.', [{ field: 'locationId', message: `${locationId} is already a location of this clinic` }]);
    const now = this.clock();
    const row = await this.transact(async (trx) => {
      const created = await this.repo.insertLocation(trx, { clinicId, locationId, name: body.name.trim(), openableByRoles: body.openableByRoles, at: now });
      await this.audit.record({ actor: ctx.principal, action: 'create', resourceType: 'LedgerLocation', resourceId: locationId, clientIp: ctx.clientIp, occurredAt: now, detail: { openableByRoles: body.openableByRoles } }, trx);
      return created;
    });
    return { locationId: row.locationId, name: row.name, openableByRoles: row.openableByRoles };
  }

  async updateLocation(ctx: RequestContext, locationId: string, body: LocationUpdate): Promise<StorageLocation> {
    const now = this.clock();
    const row = await this.transact(async (trx) => {
      const updated = await this.repo.updateLocation(trx, ctx.principal.clinicId, locationId, { ...stripUndefined(body), at: now });
      if (!updated) throw new NotFoundError('No such storage location in this clinic.');
      await this.audit.record({ actor: ctx.principal, action: 'update', resourceType: 'LedgerLocation', resourceId: locationId, clientIp: ctx.clientIp, occurredAt: now, detail: { changed: Object.keys(stripUndefined(body)) } }, trx);
      return updated;
    });
    return { locationId: row.locationId, name: row.name, openableByRoles: row.openableByRoles };
  }

  // --- reads ----------------------------------------------------------------------------------------------------

  async balances(ctx: RequestContext, includeZero: boolean) {
    const { cl, state } = await this.view(ctx.principal.clinicId);
    return { asOfSequence: state.lastSequence, items: balancesOf(state, { includeZero }).map((b) => toBalanceDto(b, cl.products, cl.locations)) };
  }

  async entries(ctx: RequestContext, query: { beforeSequence?: number | undefined; kind?: string | undefined; limit?: number | undefined }) {
    const clinicId = ctx.principal.clinicId;
    const cl = await this.clinicLedger(clinicId);
    const limit = query.limit ?? 50;
    const rows = await this.repo.entriesBefore(clinicId, { beforeSequence: query.beforeSequence, kind: query.kind, limit });
    const corrections = await this.repo.correctionsOf(clinicId, rows.map((r) => r.entryId));
    const names = new Map((await this.repo.userNames([...new Set(rows.map((r) => r.recordedBy).filter((id): id is string => id !== null))])).map((u) => [u.id, u.displayName]));
    await this.audit.record({ actor: ctx.principal, action: 'read', resourceType: 'LedgerEntry', clientIp: ctx.clientIp, occurredAt: this.clock(), detail: { results: rows.length, kind: query.kind ?? null } });
    const last = rows[rows.length - 1];
    return {
      items: rows.map((r) => toEntryDto(toEntry(r), r.prevHash, r.hash, r.recordedBy ? names.get(r.recordedBy) ?? null : null, cl.products, corrections.get(r.entryId))),
      nextBeforeSequence: rows.length === limit && last && last.sequence > 1 ? last.sequence : null,
    };
  }

  async entry(ctx: RequestContext, sequence: number): Promise<EntryDto> {
    const clinicId = ctx.principal.clinicId;
    const row = await this.repo.findEntry(clinicId, sequence);
    if (!row) throw new NotFoundError('No such ledger entry in this clinic.');
    const cl = await this.clinicLedger(clinicId);
    const corrections = await this.repo.correctionsOf(clinicId, [row.entryId]);
    const names = await this.repo.userNames(row.recordedBy ? [row.recordedBy] : []);
    const event = row.event as unknown as LedgerEvent;
    const patientId = 'patientId' in event && typeof event.patientId === 'string' ? event.patientId : null;
    await this.audit.record({ actor: ctx.principal, action: 'read', resourceType: 'LedgerEntry', resourceId: row.entryId, patientId, clientIp: ctx.clientIp, occurredAt: this.clock() });
    return toEntryDto(toEntry(row), row.prevHash, row.hash, names[0]?.displayName ?? null, cl.products, corrections.get(row.entryId));
  }

  async sessionReconciliation(ctx: RequestContext, sessionId: string): Promise<ReconciliationDto & { suggestedAdministration: SuggestedAdministration | null }> {
    const clinicId = ctx.principal.clinicId;
    const session = await this.repo.findSession(clinicId, sessionId);
    if (!session) throw new NotFoundError('No such treatment session in this clinic.');
    const { cl, state } = await this.view(clinicId);
    const r = sessionReconciliation(state, sessionId);
    const dosed = r ? undefined : (await this.dosedWithoutDraw(clinicId, state)).find((d) => d.sessionId === sessionId);
    const dto = r ? toReconciliationDto(r) : dosed ? missingDraw(dosed) : emptyReconciliation(sessionId, session.patientId);
    const suggested = await this.administrationFromRecord(cl, sessionId, dto.lines);
    await this.audit.record({
      actor: ctx.principal, action: 'read', resourceType: 'LedgerReconciliation', resourceId: sessionId, patientId: session.patientId, clientIp: ctx.clientIp, occurredAt: this.clock(),
      ...(suggested ? { detail: { sessionRecord: suggested.sessionRecordId } } : {}),
    });
    return { ...dto, sessionStartsAt: session.startsAt.toISOString(), suggestedAdministration: suggested };
  }

  /** The administration the session's treatment-day record offers, once it is complete and its dose names a draw. */
  private async administrationFromRecord(cl: ClinicLedger, sessionId: string, lines: ReconciliationDto['lines']): Promise<SuggestedAdministration | null> {
    if (!this.sessionRecords || lines.length === 0) return null;
    const record = await this.sessionRecords(cl.clinic.id, sessionId);
    if (!record?.complete || !record.ledgerDrawId) return null;
    const row = await this.repo.findEntryById(cl.clinic.id, record.ledgerDrawId);
    const draw = row ? { entryId: row.entryId, event: row.event as unknown as LedgerEvent } : undefined;
    return suggestAdministration({ record, sessionId, draw, products: cl.products, lines });
  }

  /**
   * Sessions whose treatment-day record shows a dose given but that have no draw in the ledger (issue 10 item 14):
   * a dose that did not come from the ledger cannot be accounted for (21 CFR 1304.22(c)), so such a session is
   * unreconciled until its draw, administration and any waste are recorded.
   */
  private async dosedWithoutDraw(clinicId: string, state: LedgerState): Promise<DosedSession[]> {
    if (!this.treatmentDay) return [];
    return (await this.treatmentDay.dosedSessions(clinicId)).filter((d) => !state.sessions.has(d.sessionId));
  }

  /** The lots a session's dose may be prepared from: held in a safe, or already drawn for this session. */
  async doseLots(clinicId: string, sessionId: string, drug: DrugName): Promise<DoseLot[]> {
    const { cl, state } = await this.view(clinicId);
    const drawn = (sessionReconciliation(state, sessionId)?.lines ?? []).filter((l) => l.drawn > 0);
    return doseLotsFor({
      drug, balances: balancesOf(state), products: cl.products,
      sessionLots: drawn.map((l) => ({ ndc: l.ndc, lot: l.lot, expiry: state.lots.get(lotKey(l.ndc, l.lot))?.expiry })),
    });
  }

  /**
   * The sessions of the clinic days `from` to `to` (inclusive) with their real treatment-day phase and their
   * reconciliation, for the ledger's session list (issue 10 item 14: the booking status stays "scheduled" all day).
   */
  async sessions(ctx: RequestContext, query: { from: string; to: string }) {
    const clinicId = ctx.principal.clinicId;
    if (query.to < query.from) throw new BadRequestError('to is before from.', [{ field: 'to', message: 'must not be before from' }]);
    const { cl, state } = await this.view(clinicId);
    if (!this.treatmentDay) return { from: query.from, to: query.to, timeZone: cl.clinic.timeZone, items: [] };
    const from = localMidnight(query.from, cl.clinic.timeZone, 'from');
    const to = localMidnight(addIsoDays(query.to, 1), cl.clinic.timeZone, 'to');
    if (to.getTime() - from.getTime() > 62 * 24 * 3_600_000) throw new BadRequestError('At most two months at a time.', [{ field: 'to', message: 'is more than 62 days after from' }]);
    const rows = await this.treatmentDay.sessionsWithPhase(clinicId, from, to);
    const items = rows.map((row) => {
      const r = sessionReconciliation(state, row.id);
      const reconciliation = r ? toReconciliationDto(r) : row.isDosed
        ? missingDraw({ sessionId: row.id, patientId: row.patientId, startsAt: new Date(row.startsAt), dosedAt: new Date(row.startsAt) })
        : emptyReconciliation(row.id, row.patientId);
      return { ...row, reconciliation };
    });
    await this.audit.record({ actor: ctx.principal, action: 'list', resourceType: 'LedgerReconciliation', clientIp: ctx.clientIp, occurredAt: this.clock(), detail: { view: 'sessions', results: items.length } });
    return { from: query.from, to: query.to, timeZone: cl.clinic.timeZone, items };
  }

  async unreconciled(ctx: RequestContext): Promise<{ items: ReconciliationDto[] }> {
    const clinicId = ctx.principal.clinicId;
    const { state } = await this.view(clinicId);
    const withDraws = unreconciledSessionsOf(state).map(toReconciliationDto);
    const open = [...withDraws, ...(await this.dosedWithoutDraw(clinicId, state)).map(missingDraw)];
    const patients = new Map((await this.repo.patientsByIds(clinicId, [...new Set(open.map((r) => r.patientId))])).map((p) => [p.id, p]));
    const sessions = new Map((await this.repo.sessionsByIds(clinicId, open.map((r) => r.sessionId))).map((s) => [s.id, s]));
    await this.audit.record({ actor: ctx.principal, action: 'list', resourceType: 'LedgerReconciliation', clientIp: ctx.clientIp, occurredAt: this.clock(), detail: { results: open.length } });
    return {
      items: open.map((r) => {
        const patient = patients.get(r.patientId);
        return {
          ...r,
          ...(patient ? { patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, mrn: patient.mrn } } : {}),
          sessionStartsAt: sessions.get(r.sessionId)?.startsAt.toISOString() ?? null,
        };
      }),
    };
  }

  async discrepancies(ctx: RequestContext, status: 'open' | 'all'): Promise<{ items: DiscrepancyDto[] }> {
    const { cl, state } = await this.view(ctx.principal.clinicId);
    const list = status === 'open' ? openDiscrepanciesOf(state) : [...state.discrepancies.values()].sort((a, b) => a.countSequence - b.countSequence);
    return { items: list.map((d) => toDiscrepancyDto(d, cl.products)) };
  }

  async lossReports(ctx: RequestContext) {
    const { cl, state } = await this.view(ctx.principal.clinicId);
    const rows = await this.repo.entriesOfKinds(cl.clinic.id, ['loss']);
    const items = rows.flatMap((row) => {
      const current = state.effective.get(row.entryId);
      if (!current || current.kind !== 'loss') return [];
      return [{ sequence: row.sequence, entryId: row.entryId, discoveredOn: current.discoveredOn, resolvesDiscrepancy: state.lossResolutions.get(row.entryId) ?? null, ...this.lossDetails(cl, current) }];
    });
    await this.audit.record({ actor: ctx.principal, action: 'list', resourceType: 'LedgerLossReport', clientIp: ctx.clientIp, occurredAt: this.clock(), detail: { results: items.length } });
    return { items };
  }

  /** Clinic page: balances, sessions still to reconcile, open discrepancies, the biennial inventory's status. */
  async overview(ctx: RequestContext) {
    const { cl, state } = await this.view(ctx.principal.clinicId);
    // Inventories are counts, and counts are never corrected: their entries alone date the last inventory.
    const counts = (await this.repo.entriesOfKinds(cl.clinic.id, ['count'])).map(toEntry);
    return {
      asOfSequence: state.lastSequence,
      balances: balancesOf(state).map((b) => toBalanceDto(b, cl.products, cl.locations)),
      unreconciledSessions: unreconciledSessionsOf(state).length + (await this.dosedWithoutDraw(cl.clinic.id, state)).length,
      openDiscrepancies: openDiscrepanciesOf(state).length,
      inventory: inventoryStatus(counts, clinicDate(this.clock(), cl.clinic.timeZone)),
    };
  }

  // --- verification ---------------------------------------------------------------------------------------------

  /** Walks a clinic's chain page by page from the genesis hash, then compares the end with the clinic's head. */
  /**
   * Walks the clinic's chain and checks its head. Given an anchor (a signed checkpoint of an earlier head, from
   * `ketaclinic ledger anchor`), also checks that the anchored entry is still there with the anchored hash, which
   * the head alone cannot show once the head itself has been moved back.
   */
  async verifyClinic(clinicId: string, anchor?: { sequence: number; hash: string }): Promise<LedgerVerification> {
    let previous = GENESIS_HASH;
    let lastSequence = 0;
    let checked = 0;
    for (;;) {
      const rows = await this.repo.entriesAfter(clinicId, lastSequence, VERIFY_PAGE);
      if (rows.length === 0) break;
      const anchored = anchor ? rows.find((r) => r.sequence === anchor.sequence) : undefined;
      if (anchor && anchored && anchored.hash !== anchor.hash) {
        return { intact: false, checked: Math.max(0, anchor.sequence - 1), brokenAtSequence: anchor.sequence, reason: 'anchor-hash-mismatch' };
      }
      const verdict = verifyLedger(rows.map((r) => ({ entry: toEntry(r), previousHash: r.prevHash, hash: r.hash })), previous, lastSequence);
      const kindMismatch = rows.findIndex((r) => r.kind !== (r.event as { kind?: unknown }).kind);
      if (!verdict.intact && (kindMismatch < 0 || verdict.count <= kindMismatch)) {
        return { intact: false, checked: checked + verdict.count, brokenAtSequence: verdict.brokenAtSequence, reason: verdict.reason };
      }
      if (kindMismatch >= 0) {
        return { intact: false, checked: checked + kindMismatch, brokenAtSequence: rows[kindMismatch]!.sequence, reason: 'kind-column-mismatch' };
      }
      if (verdict.intact) {
        checked += verdict.count;
        previous = verdict.lastHash;
        lastSequence = verdict.lastSequence;
      }
    }
    if (anchor && lastSequence < anchor.sequence) {
      return { intact: false, checked, brokenAtSequence: lastSequence + 1, reason: 'anchor-beyond-chain' };
    }
    const head = await this.repo.getHead(clinicId);
    const headSequence = head?.lastSequence ?? 0;
    if (headSequence > lastSequence) return { intact: false, checked, brokenAtSequence: lastSequence + 1, reason: 'entries-missing-after-last' };
    if (headSequence < lastSequence) return { intact: false, checked: headSequence, brokenAtSequence: headSequence + 1, reason: 'entries-beyond-head' };
    if ((head?.lastHash ?? GENESIS_HASH) !== previous) return { intact: false, checked: Math.max(0, checked - 1), brokenAtSequence: lastSequence, reason: 'head-hash-mismatch' };
    return { intact: true, checked, lastSequence, lastHash: previous };
  }

  async verify(ctx: RequestContext): Promise<LedgerVerification> {
    const verdict = await this.verifyClinic(ctx.principal.clinicId);
    await this.audit.record({
      actor: ctx.principal, action: 'verify', resourceType: 'LedgerEntry', clientIp: ctx.clientIp, occurredAt: this.clock(),
      outcome: verdict.intact ? 'success' : 'failure', detail: { intact: verdict.intact, checked: verdict.checked },
    });
    return verdict;
  }

  /** Every clinic's ledger, or the one clinic with this id or slug (the `ketaclinic ledger verify` command). */
  async verifyAll(clinicKey?: string, anchors?: ReadonlyMap<string, { sequence: number; hash: string }>): Promise<Array<{ clinic: { id: string; name: string; slug: string }; verdict: LedgerVerification }>> {
    const results = [];
    for (const clinic of await this.repo.listClinics()) {
      if (clinicKey !== undefined && clinic.id !== clinicKey && clinic.slug !== clinicKey) continue;
      results.push({ clinic, verdict: await this.verifyClinic(clinic.id, anchors?.get(clinic.id)) });
    }
    return results;
  }

  // --- reports --------------------------------------------------------------------------------------------------

  async report(ctx: RequestContext, request: ReportRequest, format: ReportFormat): Promise<ReportOutput> {
    const { cl, entries } = await this.allEntries(ctx.principal.clinicId);
    const now = this.clock();
    let built: BuiltReport;
    try {
      built = this.buildReport(cl, entries, request);
    } catch (error) {
      withRequestFields(error);
    }
    await this.audit.record({
      actor: ctx.principal, action: format === 'json' ? 'read' : 'export', resourceType: 'LedgerReport', resourceId: request.report,
      clientIp: ctx.clientIp, occurredAt: now, detail: { format, rows: built.rows.length },
    });
    if (format === 'json') {
      return {
        format,
        body: {
          report: request.report, title: built.title, clinic: { id: cl.clinic.id, name: cl.clinic.name }, scope: built.scope,
          generatedAt: now.toISOString(), citation: built.citation, ...built.extra, rows: built.rows,
        },
      };
    }
    if (format === 'csv') return { format, contentType: 'text/csv; charset=utf-8', filename: `${built.filename}.csv`, body: built.csv() };
    const pdf = await renderTablePdf({
      title: built.title, clinicName: cl.clinic.name, scope: built.scope, generatedAt: clinicTimestampText(now, cl.clinic.timeZone),
      citation: built.citation, columns: built.pdfColumns, rows: built.pdfRows(),
    });
    return { format, contentType: 'application/pdf', filename: `${built.filename}.pdf`, body: pdf };
  }

  private buildReport(cl: ClinicLedger, entries: readonly LedgerEntry[], request: ReportRequest): BuiltReport {
    switch (request.report) {
      case 'administration-log':
        return tableReport({
          title: 'Controlled-substance administration and disposal log', scope: `Period ${request.from} to ${request.to}`,
          filename: `administration-log-${request.from}-to-${request.to}`, citation: ADMINISTRATION_LOG_CITATION.source,
          rows: administrationLog(entries, { from: request.from, to: request.to }, cl.replay), columns: ADMINISTRATION_LOG_COLUMNS,
          pdf: [['Date', 1.1], ['Time', 0.6, (r) => r.time.slice(11, 16)], ['Entry', 0.6], ['Action', 1.3], ['Patient name', 1.4], ['Patient address', 2],
            ['Drug', 2.4], ['NDC', 1.4], ['Lot', 1.2], ['Amount (mg)', 0.9], ['Volume (mL)', 0.8], ['Devices', 0.8], ['By', 1.2], ['Witness', 1.2],
            ['Manner of disposal', 1.7], ['Corrected', 0.9]],
          extra: { period: { from: request.from, to: request.to } },
        });
      case 'inventory':
        return tableReport({
          title: request.countKind === 'initial-inventory' ? 'Initial inventory of controlled substances' : 'Biennial inventory of controlled substances',
          scope: `Inventory of ${request.on}`, filename: `${request.countKind}-${request.on}`, citation: INVENTORY_REPORT_CITATION.source,
          rows: inventoryReport(entries, { on: request.on, countKind: request.countKind }, cl.replay), columns: INVENTORY_REPORT_COLUMNS,
          pdf: [['Inventory date', 1], ['Opening/close of business', 1.2], ['Location', 1], ['Drug', 2.6], ['Strength', 0.9], ['Form', 1.1], ['Schedule', 0.7],
            ['NDC', 1.1], ['Lot', 1], ['Container', 1.6], ['Full containers', 0.8], ['Opened containers (mg)', 1], ['Opened containers (devices)', 1],
            ['Estimated', 0.8], ['Total (mg)', 0.9], ['Counted by', 1.2], ['Witness', 1.2]],
          extra: { on: request.on, countKind: request.countKind, status: inventoryStatus(entries, clinicDate(this.clock(), cl.clinic.timeZone)) },
        });
      case 'lot-history': {
        const product = this.product(cl, request.ndc);
        return tableReport({
          title: `Lot history: ${product.displayName}, lot ${request.lot}`, scope: `NDC ${request.ndc}, lot ${request.lot}`,
          filename: `lot-history-${request.ndc}-${request.lot.replace(/[^A-Za-z0-9-]+/g, '_')}`, citation: CFR_1304_22_C.source,
          rows: lotHistory(entries, request.ndc, request.lot, cl.replay), columns: LOT_HISTORY_COLUMNS,
          pdf: [['Entry', 0.5], ['Time', 1.5], ['Kind', 1.2], ['Location', 1.2], ['Session', 2], ['Change (units)', 0.9], ['Safe balance (units)', 0.9],
            ['Safe balance (mg)', 0.9], ['By', 1.2], ['Witness', 1.2], ['Note', 2.5]],
          extra: { ndc: request.ndc, lot: request.lot, unit: product.unit },
        });
      }
      case 'discrepancies':
        return tableReport({
          title: 'Count discrepancies', scope: 'All counts', filename: 'discrepancies', citation: INVENTORY_REPORT_CITATION.source,
          rows: discrepancyReport(entries, cl.replay), columns: DISCREPANCY_REPORT_COLUMNS,
          pdf: [['Counted at', 1.5], ['Count', 0.9], ['Location', 1], ['NDC', 1.1], ['Lot', 1], ['Expected (mg)', 0.9], ['Counted (mg)', 0.9],
            ['Difference (mg)', 0.9], ['Estimated', 0.6], ['Status', 0.9], ['Counted by', 1.1], ['Resolved by', 1.1], ['Resolved at', 1.5], ['Reason', 2.4]],
          extra: {},
        });
    }
  }

  // --- demo data ------------------------------------------------------------------------------------------------

  /** Adds the clinic's default catalogue now (it is otherwise added on first use). */
  async ensureCatalogue(clinicId: string): Promise<void> {
    await this.clinicLedger(clinicId);
  }
}

/** A dosed session with no draw: nothing drawn, so nothing can be reconciled (issue 10 item 14). */
function missingDraw(d: DosedSession): ReconciliationDto {
  return { ...emptyReconciliation(d.sessionId, d.patientId), reconciled: false, missingDraw: true, dosedAt: d.dosedAt.toISOString() };
}

function addIsoDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function localMidnight(date: string, timeZone: string, field: string): Date {
  return localToInstant(`${date}T00:00`, timeZone, field);
}

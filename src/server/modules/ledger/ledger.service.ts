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
import type { Transact } from '../../db/transaction.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { DoseLot, DrugName, Product, StorageLocation } from '../../../domain/inventory/index.js';
import type {
  AdministrationBody,
  CorrectableKind,
  CorrectionBody,
  DestructionBody,
  DrawBody,
  LocationBody,
  LocationUpdate,
  LossBody,
  ProductBody,
  ReceiptBody,
  ReportFormat,
  ReturnBody,
  TransferBody,
  WasteBody,
} from '../../../contract/ledger.js';
import type { DiscrepancyDto, EntryDto, ReconciliationDto } from './ledger-dto.js';
import type {
  SessionAdministrationReader,
  SuggestedAdministration,
  TreatmentDayReader,
} from './ledger-session-record.js';
import type { LedgerStateCache } from './ledger-state-cache.js';
import type { WitnessVerifier } from './ledger-witness.js';
import type { LedgerPorts } from './ledger-ports.js';
import type { LedgerRepository } from './ledger.repository.js';
import type { AppendResult, LedgerVerification, ReportOutput, ReportRequest } from './ledger.types.js';
import { LedgerCatalogueService } from './ledger-catalogue.service.js';
import { LedgerCore } from './ledger-core.js';
import { LedgerReconciliationService } from './ledger-reconciliation.service.js';
import { LedgerReportsService } from './ledger-reports.service.js';
import { LedgerStockService } from './ledger-stock.service.js';

export {
  LedgerIntegrityError,
  type AppendResult,
  type LedgerVerification,
  type ReportOutput,
  type ReportRequest,
} from './ledger.types.js';

/**
 * The ledger module's main entry point (routes, app.ts, the CLI and the treatment day's dose lots use it). The work is
 * done by its parts: ledger-core.ts (loading, folding, the append path), ledger-stock.service.ts (receipts and
 * dispensing), ledger-catalogue.service.ts (products and safes), ledger-reconciliation.service.ts (reads and
 * reconciliation) and ledger-reports.service.ts (verification and reports). Inventories and their discrepancies are
 * ledger-counts.service.ts, which app.ts builds on this service's core and the routes call directly.
 */
export class LedgerService {
  /** Loading, folding and the append path; shared with ledger-counts.service.ts, which app.ts builds beside this. */
  readonly core: LedgerCore;
  private readonly stock: LedgerStockService;
  private readonly catalogue: LedgerCatalogueService;
  private readonly reconciliation: LedgerReconciliationService;
  private readonly reports: LedgerReportsService;

  constructor(
    repo: LedgerRepository,
    ports: LedgerPorts,
    witnesses: WitnessVerifier,
    audit: AuditService,
    transact: Transact,
    clock: () => Date,
    cache: LedgerStateCache,
    /** The treatment-day record of a session (what was given), for the administration offered from it. */
    sessionRecords?: SessionAdministrationReader,
    /** Which sessions were dosed and what phase each is in (the treatment-day record), for reconciliation and the session list. */
    treatmentDay?: TreatmentDayReader,
  ) {
    this.core = new LedgerCore(repo, ports, witnesses, audit, transact, clock, cache, sessionRecords, treatmentDay);
    this.stock = new LedgerStockService(this.core);
    this.catalogue = new LedgerCatalogueService(this.core);
    this.reconciliation = new LedgerReconciliationService(this.core);
    this.reports = new LedgerReportsService(this.core);
  }

  receive(ctx: RequestContext, body: ReceiptBody) {
    return this.stock.receive(ctx, body);
  }
  draw(ctx: RequestContext, body: DrawBody) {
    return this.stock.draw(ctx, body);
  }
  administer(ctx: RequestContext, body: AdministrationBody) {
    return this.stock.administer(ctx, body);
  }
  waste(ctx: RequestContext, body: WasteBody) {
    return this.stock.waste(ctx, body);
  }
  transfer(ctx: RequestContext, body: TransferBody) {
    return this.stock.transfer(ctx, body);
  }
  returnToSupplier(ctx: RequestContext, body: ReturnBody) {
    return this.stock.returnToSupplier(ctx, body);
  }
  destroy(ctx: RequestContext, body: DestructionBody) {
    return this.stock.destroy(ctx, body);
  }
  reportLoss(ctx: RequestContext, body: LossBody) {
    return this.stock.reportLoss(ctx, body);
  }
  correct<K extends CorrectableKind>(ctx: RequestContext, kind: K, body: CorrectionBody<K>): Promise<AppendResult> {
    return this.stock.correct(ctx, kind, body);
  }
  products(ctx: RequestContext) {
    return this.catalogue.products(ctx);
  }
  addProduct(ctx: RequestContext, body: ProductBody): Promise<Product> {
    return this.catalogue.addProduct(ctx, body);
  }
  locations(ctx: RequestContext): Promise<StorageLocation[]> {
    return this.catalogue.locations(ctx);
  }
  addLocation(ctx: RequestContext, body: LocationBody): Promise<StorageLocation> {
    return this.catalogue.addLocation(ctx, body);
  }
  updateLocation(ctx: RequestContext, locationId: string, body: LocationUpdate): Promise<StorageLocation> {
    return this.catalogue.updateLocation(ctx, locationId, body);
  }
  balances(ctx: RequestContext, includeZero: boolean) {
    return this.reconciliation.balances(ctx, includeZero);
  }
  entries(
    ctx: RequestContext,
    query: { beforeSequence?: number | undefined; kind?: string | undefined; limit?: number | undefined },
  ) {
    return this.reconciliation.entries(ctx, query);
  }
  entry(ctx: RequestContext, sequence: number): Promise<EntryDto> {
    return this.reconciliation.entry(ctx, sequence);
  }
  sessionReconciliation(
    ctx: RequestContext,
    sessionId: string,
  ): Promise<ReconciliationDto & { suggestedAdministration: SuggestedAdministration | null }> {
    return this.reconciliation.sessionReconciliation(ctx, sessionId);
  }
  doseLots(clinicId: string, sessionId: string, drug: DrugName): Promise<DoseLot[]> {
    return this.reconciliation.doseLots(clinicId, sessionId, drug);
  }
  sessions(ctx: RequestContext, query: { from: string; to: string }) {
    return this.reconciliation.sessions(ctx, query);
  }
  unreconciled(ctx: RequestContext): Promise<{ items: ReconciliationDto[] }> {
    return this.reconciliation.unreconciled(ctx);
  }
  discrepancies(ctx: RequestContext, status: 'open' | 'all'): Promise<{ items: DiscrepancyDto[] }> {
    return this.reconciliation.discrepancies(ctx, status);
  }
  lossReports(ctx: RequestContext) {
    return this.reconciliation.lossReports(ctx);
  }
  overview(ctx: RequestContext) {
    return this.reconciliation.overview(ctx);
  }
  verifyClinic(clinicId: string, anchor?: { sequence: number; hash: string }): Promise<LedgerVerification> {
    return this.reports.verifyClinic(clinicId, anchor);
  }
  verify(ctx: RequestContext): Promise<LedgerVerification> {
    return this.reports.verify(ctx);
  }
  verifyAll(
    clinicKey?: string,
    anchors?: ReadonlyMap<string, { sequence: number; hash: string }>,
    onProgress?: (clinicsDone: number, of: number) => void,
  ): Promise<Array<{ clinic: { id: string; name: string; slug: string }; verdict: LedgerVerification }>> {
    return this.reports.verifyAll(clinicKey, anchors, onProgress);
  }
  /** The folded ledger and the clinic's registrant, for the DEA Form 41 / 106 records (dea-forms.service.ts). */
  deaFormSource(clinicId: string) {
    return this.core.view(clinicId);
  }
  report(ctx: RequestContext, request: ReportRequest, format: ReportFormat): Promise<ReportOutput> {
    return this.reports.report(ctx, request, format);
  }
  ensureCatalogue(clinicId: string): Promise<void> {
    return this.core.ensureCatalogue(clinicId);
  }
}

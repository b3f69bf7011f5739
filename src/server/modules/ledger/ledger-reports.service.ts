/** Hash-chain verification and the regulatory reports (administration log, inventory, lot history, discrepancies) as JSON, CSV or PDF. */
import {
  GENESIS_HASH,
  administrationLog,
  ADMINISTRATION_LOG_COLUMNS,
  ADMINISTRATION_LOG_CITATION,
  discrepancyReport,
  DISCREPANCY_REPORT_COLUMNS,
  inventoryReport,
  INVENTORY_REPORT_CITATION,
  INVENTORY_REPORT_COLUMNS,
  inventoryStatus,
  lotHistory,
  LOT_HISTORY_COLUMNS,
  verifyLedger,
  type LedgerEntry,
  CFR_1304_22_C,
} from '../../../domain/inventory/index.js';
import type { RequestContext } from '../../http.js';
import { withRequestFields } from './ledger-amounts.js';
import { renderTablePdf } from './ledger-pdf.js';
import { clinicTimestampText } from './ledger-time.js';
import { localDateOf } from '../clinics/clinic-time.js';
import type { ReportFormat } from '../../../contract/ledger.js';

import {
  VERIFY_PAGE,
  type ClinicLedger,
  type LedgerVerification,
  type ReportOutput,
  type ReportRequest,
  type BuiltReport,
  toEntry,
  tableReport,
} from './ledger.types.js';
import type { LedgerCore } from './ledger-core.js';

export class LedgerReportsService {
  constructor(private readonly core: LedgerCore) {}

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
      const rows = await this.core.repo.entriesAfter(clinicId, lastSequence, VERIFY_PAGE);
      if (rows.length === 0) break;
      const anchored = anchor ? rows.find((r) => r.sequence === anchor.sequence) : undefined;
      if (anchor && anchored && anchored.hash !== anchor.hash) {
        return {
          intact: false,
          checked: Math.max(0, anchor.sequence - 1),
          brokenAtSequence: anchor.sequence,
          reason: 'anchor-hash-mismatch',
        };
      }
      const verdict = verifyLedger(
        rows.map((r) => ({ entry: toEntry(r), previousHash: r.prevHash, hash: r.hash })),
        previous,
        lastSequence,
      );
      const kindMismatch = rows.findIndex((r) => r.kind !== (r.event as { kind?: unknown }).kind);
      if (!verdict.intact && (kindMismatch < 0 || verdict.count <= kindMismatch)) {
        return {
          intact: false,
          checked: checked + verdict.count,
          brokenAtSequence: verdict.brokenAtSequence,
          reason: verdict.reason,
        };
      }
      if (kindMismatch >= 0) {
        return {
          intact: false,
          checked: checked + kindMismatch,
          brokenAtSequence: rows[kindMismatch]!.sequence,
          reason: 'kind-column-mismatch',
        };
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
    const head = await this.core.repo.getHead(clinicId);
    const headSequence = head?.lastSequence ?? 0;
    if (headSequence > lastSequence)
      return { intact: false, checked, brokenAtSequence: lastSequence + 1, reason: 'entries-missing-after-last' };
    if (headSequence < lastSequence)
      return {
        intact: false,
        checked: headSequence,
        brokenAtSequence: headSequence + 1,
        reason: 'entries-beyond-head',
      };
    if ((head?.lastHash ?? GENESIS_HASH) !== previous)
      return {
        intact: false,
        checked: Math.max(0, checked - 1),
        brokenAtSequence: lastSequence,
        reason: 'head-hash-mismatch',
      };
    return { intact: true, checked, lastSequence, lastHash: previous };
  }

  async verify(ctx: RequestContext): Promise<LedgerVerification> {
    const verdict = await this.verifyClinic(ctx.principal.clinicId);
    await this.core.audit.record(ctx, {
      action: 'verify',
      resourceType: 'LedgerEntry',
      outcome: verdict.intact ? 'success' : 'failure',
      detail: { intact: verdict.intact, checked: verdict.checked },
    });
    return verdict;
  }

  /** Every clinic's ledger, or the one clinic with this id or slug (the `ketaclinic ledger verify` command). */
  async verifyAll(
    clinicKey?: string,
    anchors?: ReadonlyMap<string, { sequence: number; hash: string }>,
    onProgress?: (clinicsDone: number, of: number) => void,
  ): Promise<Array<{ clinic: { id: string; name: string; slug: string }; verdict: LedgerVerification }>> {
    const results = [];
    const clinics = await this.core.ports.clinics.listAll();
    for (const [i, clinic] of clinics.entries()) {
      if (clinicKey !== undefined && clinic.id !== clinicKey && clinic.slug !== clinicKey) continue;
      results.push({ clinic, verdict: await this.verifyClinic(clinic.id, anchors?.get(clinic.id)) });
      onProgress?.(i + 1, clinics.length);
    }
    return results;
  }

  async report(ctx: RequestContext, request: ReportRequest, format: ReportFormat): Promise<ReportOutput> {
    const { cl, entries } = await this.core.allEntries(ctx.principal.clinicId);
    const now = this.core.clock();
    let built: BuiltReport;
    try {
      built = this.buildReport(cl, entries, request);
    } catch (error) {
      withRequestFields(error);
    }
    await this.core.audit.record(ctx, {
      action: format === 'json' ? 'read' : 'export',
      resourceType: 'LedgerReport',
      resourceId: request.report,
      occurredAt: now,
      detail: { format, rows: built.rows.length },
    });
    if (format === 'json') {
      return {
        format,
        body: {
          report: request.report,
          title: built.title,
          clinic: { id: cl.clinic.id, name: cl.clinic.name },
          scope: built.scope,
          generatedAt: now.toISOString(),
          citation: built.citation,
          ...built.extra,
          rows: built.rows,
        },
      };
    }
    if (format === 'csv')
      return { format, contentType: 'text/csv; charset=utf-8', filename: `${built.filename}.csv`, body: built.csv() };
    const pdf = await renderTablePdf({
      title: built.title,
      clinicName: cl.clinic.name,
      scope: built.scope,
      generatedAt: clinicTimestampText(now, cl.clinic.timeZone),
      timeZone: cl.clinic.timeZone,
      ...(cl.clinic.locale ? { lang: cl.clinic.locale } : {}),
      citation: built.citation,
      columns: built.pdfColumns,
      rows: built.pdfRows(),
    });
    return { format, contentType: 'application/pdf', filename: `${built.filename}.pdf`, body: pdf };
  }

  private buildReport(cl: ClinicLedger, entries: readonly LedgerEntry[], request: ReportRequest): BuiltReport {
    switch (request.report) {
      case 'administration-log':
        return tableReport({
          title: 'Controlled-substance administration and disposal log',
          scope: `Period ${request.from} to ${request.to}`,
          filename: `administration-log-${request.from}-to-${request.to}`,
          citation: ADMINISTRATION_LOG_CITATION.source,
          rows: administrationLog(entries, { from: request.from, to: request.to }, cl.replay),
          columns: ADMINISTRATION_LOG_COLUMNS,
          pdf: [
            ['Date', 1.1],
            ['Time', 0.6, (r) => r.time.slice(11, 16)],
            ['Entry', 0.6],
            ['Action', 1.3],
            ['Patient name', 1.4],
            ['Patient address', 2],
            ['Drug', 2.4],
            ['NDC', 1.4],
            ['Lot', 1.2],
            ['Amount (mg)', 0.9],
            ['Volume (mL)', 0.8],
            ['Devices', 0.8],
            ['By', 1.2],
            ['Witness', 1.2],
            ['Manner of disposal', 1.7],
            ['Corrected', 0.9],
          ],
          extra: { period: { from: request.from, to: request.to } },
        });
      case 'inventory':
        return tableReport({
          title:
            request.countKind === 'initial-inventory'
              ? 'Initial inventory of controlled substances'
              : 'Biennial inventory of controlled substances',
          scope: `Inventory of ${request.on}`,
          filename: `${request.countKind}-${request.on}`,
          citation: INVENTORY_REPORT_CITATION.source,
          rows: inventoryReport(entries, { on: request.on, countKind: request.countKind }, cl.replay),
          columns: INVENTORY_REPORT_COLUMNS,
          pdf: [
            ['Inventory date', 1],
            ['Opening/close of business', 1.2],
            ['Location', 1],
            ['Drug', 2.6],
            ['Strength', 0.9],
            ['Form', 1.1],
            ['Schedule', 0.7],
            ['NDC', 1.1],
            ['Lot', 1],
            ['Container', 1.6],
            ['Full containers', 0.8],
            ['Opened containers (mg)', 1],
            ['Opened containers (devices)', 1],
            ['Estimated', 0.8],
            ['Total (mg)', 0.9],
            ['Counted by', 1.2],
            ['Witness', 1.2],
          ],
          extra: {
            on: request.on,
            countKind: request.countKind,
            status: inventoryStatus(entries, localDateOf(this.core.clock(), cl.clinic.timeZone)),
          },
        });
      case 'lot-history': {
        const product = this.core.product(cl, request.ndc);
        return tableReport({
          title: `Lot history: ${product.displayName}, lot ${request.lot}`,
          scope: `NDC ${request.ndc}, lot ${request.lot}`,
          filename: `lot-history-${request.ndc}-${request.lot.replace(/[^A-Za-z0-9-]+/g, '_')}`,
          citation: CFR_1304_22_C.source,
          rows: lotHistory(entries, request.ndc, request.lot, cl.replay),
          columns: LOT_HISTORY_COLUMNS,
          pdf: [
            ['Entry', 0.5],
            ['Time', 1.5],
            ['Kind', 1.2],
            ['Location', 1.2],
            ['Session', 2],
            ['Change (units)', 0.9],
            ['Safe balance (units)', 0.9],
            ['Safe balance (mg)', 0.9],
            ['By', 1.2],
            ['Witness', 1.2],
            ['Note', 2.5],
          ],
          extra: { ndc: request.ndc, lot: request.lot, unit: product.unit },
        });
      }
      case 'discrepancies':
        return tableReport({
          title: 'Count discrepancies',
          scope: 'All counts',
          filename: 'discrepancies',
          citation: INVENTORY_REPORT_CITATION.source,
          rows: discrepancyReport(entries, cl.replay),
          columns: DISCREPANCY_REPORT_COLUMNS,
          pdf: [
            ['Counted at', 1.5],
            ['Count', 0.9],
            ['Location', 1],
            ['NDC', 1.1],
            ['Lot', 1],
            ['Expected (mg)', 0.9],
            ['Counted (mg)', 0.9],
            ['Difference (mg)', 0.9],
            ['Estimated', 0.6],
            ['Status', 0.9],
            ['Counted by', 1.1],
            ['Resolved by', 1.1],
            ['Resolved at', 1.5],
            ['Reason', 2.4],
          ],
          extra: {},
        });
    }
  }
}

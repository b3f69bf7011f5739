/**
 * Inventories and their discrepancies: a count of a storage location (daily, initial or biennial; opened containers
 * may be estimated, 21 CFR 1304.11) opens a discrepancy for each line that differs from the books, and a resolution
 * closes one (explained, or linked to a loss report). The domain's `applyEntry` judges both.
 */
import { balancesOf } from '../../../domain/inventory/index.js';
import type { RequestContext } from '../../http.js';
import type { AnyCountBody, ResolveBody } from '../../../contract/ledger.js';
import { exactAmount } from './ledger-amounts.js';
import { toDiscrepancyDto } from './ledger-dto.js';
import { type AppendResult, stripUndefined } from './ledger.types.js';
import type { LedgerCore } from './ledger-core.js';

export class LedgerCountsService {
  constructor(private readonly core: LedgerCore) {}

  async count(ctx: RequestContext, body: AnyCountBody): Promise<AppendResult> {
    const cl = await this.core.clinicLedger(ctx.principal.clinicId);
    const occurredAt = this.core.occurredAt(cl, body.occurredAt);
    const lines = body.lines.map((line, i) => {
      const product = this.core.product(cl, line.ndc, `lines.${i}.ndc`);
      return {
        ndc: line.ndc,
        lot: line.lot,
        fullContainers: line.fullContainers,
        openedQuantity: line.opened ? exactAmount(product, line.opened, `lines.${i}.opened`).quantity : 0,
        estimated: line.estimated ?? false,
      };
    });
    const witness = await this.core.witness(ctx, cl, body.witness, 'witness', 'count');
    const appended = await this.core.append(ctx, cl, {
      action: 'ledger-count',
      detail: { countKind: body.countKind, locationId: body.locationId, lines: lines.length },
      build: () =>
        stripUndefined({
          kind: 'count' as const,
          occurredAt: occurredAt ?? this.core.now(cl),
          countKind: body.countKind,
          timing: body.timing,
          locationId: body.locationId,
          lines,
          countedBy: this.core.actor(ctx),
          witness,
        }),
    });
    const touched = balancesOf(appended.state, { includeZero: true }).filter((b) => b.locationId === body.locationId);
    const result = this.core.result(cl, appended, touched);
    const opened = [...appended.state.discrepancies.values()].filter((d) => d.countEntryId === appended.entry.entryId);
    return {
      ...result,
      balances: result.balances.filter((b) => b.locationId === body.locationId),
      discrepancies: opened.map((d) => toDiscrepancyDto(d, cl.products)),
    };
  }

  async resolveDiscrepancy(ctx: RequestContext, body: ResolveBody): Promise<AppendResult> {
    const cl = await this.core.clinicLedger(ctx.principal.clinicId);
    const appended = await this.core.append(ctx, cl, {
      action: 'ledger-discrepancy-resolution',
      detail: { resolution: body.resolution },
      build: () =>
        stripUndefined({
          kind: 'discrepancy-resolution' as const,
          occurredAt: this.core.now(cl),
          discrepancyId: body.discrepancyId,
          resolution: body.resolution,
          reason: body.reason.trim(),
          lossEntryId: body.lossEntryId,
          resolvedBy: this.core.actor(ctx),
        }),
    });
    const discrepancy = appended.state.discrepancies.get(body.discrepancyId);
    const touched = discrepancy ? [{ ndc: discrepancy.ndc, lot: discrepancy.lot }] : [];
    return {
      ...this.core.result(cl, appended, touched),
      discrepancies: discrepancy ? [toDiscrepancyDto(discrepancy, cl.products)] : [],
    };
  }
}

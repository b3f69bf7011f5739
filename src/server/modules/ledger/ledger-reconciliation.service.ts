/** Reads of the ledger: balances, entries, per-session reconciliation, the session list, discrepancies, losses, the overview. */
import {
  balancesOf,
  inventoryStatus,
  openDiscrepanciesOf,
  sessionReconciliation,
  unreconciledSessionsOf,
  type LedgerEvent,
  type LedgerState,
  doseLotsFor,
  lotKey,
  type DoseLot,
  type DrugName,
} from '../../../domain/inventory/index.js';
import { BadRequestError, NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { suggestAdministration, type DosedSession, type SuggestedAdministration } from './ledger-session-record.js';
import {
  emptyReconciliation,
  toBalanceDto,
  toDiscrepancyDto,
  toEntryDto,
  toReconciliationDto,
  type DiscrepancyDto,
  type EntryDto,
  type ReconciliationDto,
} from './ledger-dto.js';
import { localDateOf } from '../clinics/clinic-time.js';

import { type ClinicLedger, toEntry, missingDraw, addIsoDays, localMidnight } from './ledger.types.js';
import type { LedgerCore } from './ledger-core.js';

export class LedgerReconciliationService {
  constructor(private readonly core: LedgerCore) {}

  async balances(ctx: RequestContext, includeZero: boolean) {
    const { cl, state } = await this.core.view(ctx.principal.clinicId);
    return {
      asOfSequence: state.lastSequence,
      items: balancesOf(state, { includeZero }).map((b) => toBalanceDto(b, cl.products, cl.locations)),
    };
  }

  async entries(
    ctx: RequestContext,
    query: { beforeSequence?: number | undefined; kind?: string | undefined; limit?: number | undefined },
  ) {
    const clinicId = ctx.principal.clinicId;
    const cl = await this.core.clinicLedger(clinicId);
    const limit = query.limit ?? 50;
    const rows = await this.core.repo.entriesBefore(clinicId, {
      beforeSequence: query.beforeSequence,
      kind: query.kind,
      limit,
    });
    const corrections = await this.core.repo.correctionsOf(
      clinicId,
      rows.map((r) => r.entryId),
    );
    const names = new Map(
      (
        await this.core.ports.users.namesInAnyClinic([
          ...new Set(rows.map((r) => r.recordedBy).filter((id): id is string => id !== null)),
        ])
      ).map((u) => [u.id, u.displayName]),
    );
    await this.core.audit.record(ctx, {
      action: 'read',
      resourceType: 'LedgerEntry',
      detail: { results: rows.length, kind: query.kind ?? null },
    });
    const last = rows[rows.length - 1];
    return {
      items: rows.map((r) =>
        toEntryDto(
          toEntry(r),
          r.prevHash,
          r.hash,
          r.recordedBy ? (names.get(r.recordedBy) ?? null) : null,
          cl.products,
          corrections.get(r.entryId),
        ),
      ),
      nextBeforeSequence: rows.length === limit && last && last.sequence > 1 ? last.sequence : null,
    };
  }

  async entry(ctx: RequestContext, sequence: number): Promise<EntryDto> {
    const clinicId = ctx.principal.clinicId;
    const row = await this.core.repo.findEntry(clinicId, sequence);
    if (!row) throw new NotFoundError('No such ledger entry in this clinic.');
    const cl = await this.core.clinicLedger(clinicId);
    const corrections = await this.core.repo.correctionsOf(clinicId, [row.entryId]);
    const names = await this.core.ports.users.namesInAnyClinic(row.recordedBy ? [row.recordedBy] : []);
    const event = row.event as unknown as LedgerEvent;
    const patientId = 'patientId' in event && typeof event.patientId === 'string' ? event.patientId : null;
    await this.core.audit.record(ctx, {
      action: 'read',
      resourceType: 'LedgerEntry',
      resourceId: row.entryId,
      patientId,
    });
    return toEntryDto(
      toEntry(row),
      row.prevHash,
      row.hash,
      names[0]?.displayName ?? null,
      cl.products,
      corrections.get(row.entryId),
    );
  }

  async sessionReconciliation(
    ctx: RequestContext,
    sessionId: string,
  ): Promise<ReconciliationDto & { suggestedAdministration: SuggestedAdministration | null }> {
    const clinicId = ctx.principal.clinicId;
    const session = await this.core.ports.scheduling.sessionBrief(clinicId, sessionId);
    if (!session) throw new NotFoundError('No such treatment session in this clinic.');
    const { cl, state } = await this.core.view(clinicId);
    const r = sessionReconciliation(state, sessionId);
    const dosed = r ? undefined : (await this.dosedWithoutDraw(clinicId, state)).find((d) => d.sessionId === sessionId);
    const dto = r
      ? toReconciliationDto(r)
      : dosed
        ? missingDraw(dosed)
        : emptyReconciliation(sessionId, session.patientId);
    const suggested = await this.administrationFromRecord(cl, sessionId, dto.lines);
    await this.core.audit.record(ctx, {
      action: 'read',
      resourceType: 'LedgerReconciliation',
      resourceId: sessionId,
      patientId: session.patientId,
      ...(suggested ? { detail: { sessionRecord: suggested.sessionRecordId } } : {}),
    });
    return { ...dto, sessionStartsAt: session.startsAt.toISOString(), suggestedAdministration: suggested };
  }

  /** The administration the session's treatment-day record offers, once it is complete and its dose names a draw. */
  private async administrationFromRecord(
    cl: ClinicLedger,
    sessionId: string,
    lines: ReconciliationDto['lines'],
  ): Promise<SuggestedAdministration | null> {
    if (!this.core.sessionRecords || lines.length === 0) return null;
    const record = await this.core.sessionRecords.administration(cl.clinic.id, sessionId);
    if (!record?.complete || !record.ledgerDrawId) return null;
    const row = await this.core.repo.findEntryById(cl.clinic.id, record.ledgerDrawId);
    const draw = row ? { entryId: row.entryId, event: row.event as unknown as LedgerEvent } : undefined;
    return suggestAdministration({ record, sessionId, draw, products: cl.products, lines });
  }

  /**
   * Sessions whose treatment-day record shows a dose given but that have no draw in the ledger (issue 10 item 14):
   * a dose that did not come from the ledger cannot be accounted for (21 CFR 1304.22(c)), so such a session is
   * unreconciled until its draw, administration and any waste are recorded.
   */
  private async dosedWithoutDraw(clinicId: string, state: LedgerState): Promise<DosedSession[]> {
    if (!this.core.treatmentDay) return [];
    return (await this.core.treatmentDay.dosedSessions(clinicId)).filter((d) => !state.sessions.has(d.sessionId));
  }

  /** The lots a session's dose may be prepared from: held in a safe, or already drawn for this session. */
  async doseLots(clinicId: string, sessionId: string, drug: DrugName): Promise<DoseLot[]> {
    const { cl, state } = await this.core.view(clinicId);
    const drawn = (sessionReconciliation(state, sessionId)?.lines ?? []).filter((l) => l.drawn > 0);
    return doseLotsFor({
      drug,
      balances: balancesOf(state),
      products: cl.products,
      sessionLots: drawn.map((l) => ({ ndc: l.ndc, lot: l.lot, expiry: state.lots.get(lotKey(l.ndc, l.lot))?.expiry })),
    });
  }

  /**
   * The sessions of the clinic days `from` to `to` (inclusive) with their real treatment-day phase and their
   * reconciliation, for the ledger's session list (issue 10 item 14: the booking status stays "scheduled" all day).
   */
  async sessions(ctx: RequestContext, query: { from: string; to: string }) {
    const clinicId = ctx.principal.clinicId;
    if (query.to < query.from)
      throw new BadRequestError('to is before from.', [{ field: 'to', message: 'must not be before from' }]);
    const { cl, state } = await this.core.view(clinicId);
    if (!this.core.treatmentDay) return { from: query.from, to: query.to, timeZone: cl.clinic.timeZone, items: [] };
    const from = localMidnight(query.from, cl.clinic.timeZone, 'from');
    const to = localMidnight(addIsoDays(query.to, 1), cl.clinic.timeZone, 'to');
    if (to.getTime() - from.getTime() > 62 * 24 * 3_600_000)
      throw new BadRequestError('At most two months at a time.', [
        { field: 'to', message: 'is more than 62 days after from' },
      ]);
    const rows = await this.core.treatmentDay.sessionsWithPhase(clinicId, from, to);
    const items = rows.map((row) => {
      const r = sessionReconciliation(state, row.id);
      const reconciliation = r
        ? toReconciliationDto(r)
        : row.isDosed
          ? missingDraw({
              sessionId: row.id,
              patientId: row.patientId,
              startsAt: new Date(row.startsAt),
              dosedAt: new Date(row.startsAt),
            })
          : emptyReconciliation(row.id, row.patientId);
      return { ...row, reconciliation };
    });
    await this.core.audit.record(ctx, {
      action: 'list',
      resourceType: 'LedgerReconciliation',
      detail: { view: 'sessions', results: items.length },
    });
    return { from: query.from, to: query.to, timeZone: cl.clinic.timeZone, items };
  }

  async unreconciled(ctx: RequestContext): Promise<{ items: ReconciliationDto[] }> {
    const clinicId = ctx.principal.clinicId;
    const { state } = await this.core.view(clinicId);
    const withDraws = unreconciledSessionsOf(state).map(toReconciliationDto);
    const open = [...withDraws, ...(await this.dosedWithoutDraw(clinicId, state)).map(missingDraw)];
    const patients = new Map(
      (await this.core.ports.patients.namesByIds(clinicId, [...new Set(open.map((r) => r.patientId))])).map((p) => [
        p.id,
        p,
      ]),
    );
    const sessions = new Map(
      (
        await this.core.ports.scheduling.sessionBriefs(
          clinicId,
          open.map((r) => r.sessionId),
        )
      ).map((s) => [s.id, s]),
    );
    await this.core.audit.record(ctx, {
      action: 'list',
      resourceType: 'LedgerReconciliation',
      detail: { results: open.length },
    });
    return {
      items: open.map((r) => {
        const patient = patients.get(r.patientId);
        return {
          ...r,
          ...(patient
            ? { patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, mrn: patient.mrn } }
            : {}),
          sessionStartsAt: sessions.get(r.sessionId)?.startsAt.toISOString() ?? null,
        };
      }),
    };
  }

  async discrepancies(ctx: RequestContext, status: 'open' | 'all'): Promise<{ items: DiscrepancyDto[] }> {
    const { cl, state } = await this.core.view(ctx.principal.clinicId);
    const list =
      status === 'open'
        ? openDiscrepanciesOf(state)
        : [...state.discrepancies.values()].sort((a, b) => a.countSequence - b.countSequence);
    return { items: list.map((d) => toDiscrepancyDto(d, cl.products)) };
  }

  async lossReports(ctx: RequestContext) {
    const { cl, state } = await this.core.view(ctx.principal.clinicId);
    const rows = await this.core.repo.entriesOfKinds(cl.clinic.id, ['loss']);
    const items = rows.flatMap((row) => {
      const current = state.effective.get(row.entryId);
      if (!current || current.kind !== 'loss') return [];
      return [
        {
          sequence: row.sequence,
          entryId: row.entryId,
          discoveredOn: current.discoveredOn,
          resolvesDiscrepancy: state.lossResolutions.get(row.entryId) ?? null,
          ...this.core.lossDetails(cl, current),
        },
      ];
    });
    await this.core.audit.record(ctx, {
      action: 'list',
      resourceType: 'LedgerLossReport',
      detail: { results: items.length },
    });
    return { items };
  }

  /** Clinic page: balances, sessions still to reconcile, open discrepancies, the biennial inventory's status. */
  async overview(ctx: RequestContext) {
    const { cl, state } = await this.core.view(ctx.principal.clinicId);
    // Inventories are counts, and counts are never corrected: their entries alone date the last inventory.
    const counts = (await this.core.repo.entriesOfKinds(cl.clinic.id, ['count'])).map(toEntry);
    return {
      asOfSequence: state.lastSequence,
      balances: balancesOf(state).map((b) => toBalanceDto(b, cl.products, cl.locations)),
      unreconciledSessions:
        unreconciledSessionsOf(state).length + (await this.dosedWithoutDraw(cl.clinic.id, state)).length,
      openDiscrepancies: openDiscrepanciesOf(state).length,
      inventory: inventoryStatus(counts, localDateOf(this.core.clock(), cl.clinic.timeZone)),
    };
  }
}

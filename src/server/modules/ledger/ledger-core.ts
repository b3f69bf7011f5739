/**
 * The controlled-substance ledger's core: loading and folding a clinic's ledger, and the one write path (append).
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
  GENESIS_HASH,
  PRODUCTS,
  applyEntry,
  balancesOf,
  deriveLedger,
  findProduct,
  form106Record,
  ledgerConfig,
  lossReportDeadlines,
  sealEntry,
  sessionReconciliation,
  type LedgerEntry,
  type LedgerEvent,
  type LedgerState,
  type LossEvent,
  type Product,
  type StaffRef,
  type StorageLocation,
  type WitnessSignature,
} from '../../../domain/inventory/index.js';
import type { Canonical } from '../../../domain/audit/hash-chain.js';
import { RuleViolationError } from '../../../domain/shared/validation.js';
import { CLOCK_DRIFT_TOLERANCE_MS } from '../../../domain/shared/plausible-dates.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError, NotFoundError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import { resolveClinicSettings } from '../clinics/clinic-settings.js';
import { withRequestFields } from './ledger-amounts.js';
import { type SessionAdministrationReader, type TreatmentDayReader } from './ledger-session-record.js';
import { toBalanceDto, toEntryDto, toReconciliationDto } from './ledger-dto.js';
import type { FoldedLedger, LedgerStateCache } from './ledger-state-cache.js';
import { clinicInstant } from './ledger-time.js';
import type { WitnessVerifier } from './ledger-witness.js';
import type { LedgerPorts } from './ledger-ports.js';
import type { LedgerRepository } from './ledger.repository.js';
import type { WitnessCredentials } from '../../../contract/ledger.js';

import {
  LedgerIntegrityError,
  INCREMENTAL_LIMIT,
  type ClinicLedger,
  type Appended,
  type AppendResult,
  integrityErrorFrom,
  toEntry,
  ledgerSettingsOf,
} from './ledger.types.js';

export class LedgerCore {
  constructor(
    readonly repo: LedgerRepository,
    /** Clinics, patients, sessions and staff names, from the modules that own them. */
    readonly ports: LedgerPorts,
    readonly witnesses: WitnessVerifier,
    readonly audit: AuditService,
    readonly transact: Transact,
    readonly clock: () => Date,
    readonly cache: LedgerStateCache,
    /** The treatment-day record of a session (what was given), for the administration offered from it. */
    readonly sessionRecords?: SessionAdministrationReader,
    /** Which sessions were dosed and what phase each is in (the treatment-day record), for reconciliation and the session list. */
    readonly treatmentDay?: TreatmentDayReader,
  ) {}

  async clinicLedger(clinicId: string): Promise<ClinicLedger> {
    const clinic = await this.ports.clinics.findById(clinicId);
    if (!clinic) throw new NotFoundError('No such clinic.');
    let productRows = await this.repo.listProducts(clinicId);
    if (productRows.length === 0) {
      // A clinic's catalogue starts as the domain's default products; the admin adds the supplier's own NDCs.
      await this.repo.insertProducts(
        PRODUCTS.map((p) => ({
          clinicId,
          productId: p.productId,
          ndc: p.ndc,
          product: p as unknown as Record<string, unknown>,
          createdAt: this.clock(),
          createdBy: null,
        })),
      );
      productRows = await this.repo.listProducts(clinicId);
    }
    const products = productRows.map((r) => r.product as unknown as Product);
    const locations: StorageLocation[] = (await this.repo.listLocations(clinicId)).map((l) => ({
      locationId: l.locationId,
      name: l.name,
      openableByRoles: l.openableByRoles,
    }));
    const { ledger, holidays, registrant } = ledgerSettingsOf(clinic.settings ?? {});
    return {
      clinic: {
        id: clinic.id,
        name: clinic.name,
        slug: clinic.slug,
        timeZone: clinic.timeZone,
        locale: resolveClinicSettings(clinic.settings).locale,
      },
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
  async folded(cl: ClinicLedger, db?: Transaction<Database>): Promise<FoldedLedger> {
    const clinicId = cl.clinic.id;
    const cached = this.cache.get(clinicId);
    if (cached) {
      const newer = await this.repo.entriesAfter(clinicId, cached.sequence, INCREMENTAL_LIMIT + 1, db);
      const continues = newer.every(
        (row, i) =>
          row.sequence === cached.sequence + i + 1 && row.prevHash === (i === 0 ? cached.hash : newer[i - 1]!.hash),
      );
      // Nothing newer: the stored ledger must still end where the memo does (not shorter, as after a restore).
      const tail = newer.length === 0 ? await this.repo.lastEntry(clinicId, db) : undefined;
      const endsHere =
        newer.length > 0 || ((tail?.sequence ?? 0) === cached.sequence && (tail?.hash ?? GENESIS_HASH) === cached.hash);
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

  replayOne(state: LedgerState, entry: LedgerEntry): LedgerState {
    try {
      return applyEntry(state, entry);
    } catch (error) {
      throw integrityErrorFrom(error);
    }
  }

  /** The folded ledger under today's rules (for reads and for checking a new entry). */
  async stateOf(cl: ClinicLedger, db?: Transaction<Database>): Promise<{ folded: FoldedLedger; state: LedgerState }> {
    const folded = await this.folded(cl, db);
    return { folded, state: { ...folded.state, config: cl.config } };
  }

  async view(clinicId: string): Promise<{ cl: ClinicLedger; state: LedgerState }> {
    const cl = await this.clinicLedger(clinicId);
    return { cl, state: (await this.stateOf(cl)).state };
  }

  /** Every entry, for reports (the domain's report functions take the entries themselves). */
  async allEntries(clinicId: string): Promise<{ cl: ClinicLedger; entries: LedgerEntry[] }> {
    const cl = await this.clinicLedger(clinicId);
    return { cl, entries: (await this.repo.loadEntries(clinicId)).map(toEntry) };
  }

  actor(ctx: RequestContext): StaffRef {
    return { userId: ctx.principal.userId, name: ctx.principal.displayName, role: ctx.principal.role };
  }

  /** A request time (or now) as the clinic's local time with its offset; never in the future. */
  occurredAt(cl: ClinicLedger, text: string | undefined, field = 'occurredAt'): string | undefined {
    if (text === undefined) return undefined;
    const at = new Date(text);
    if (Number.isNaN(at.getTime()))
      throw new BadRequestError('Not a date-time.', [{ field, message: 'must be an ISO-8601 date-time' }]);
    if (at.getTime() > this.clock().getTime() + CLOCK_DRIFT_TOLERANCE_MS)
      throw new BadRequestError('A ledger entry cannot be in the future.', [{ field, message: 'is in the future' }]);
    return clinicInstant(at, cl.clinic.timeZone);
  }

  now(cl: ClinicLedger): string {
    return clinicInstant(this.clock(), cl.clinic.timeZone);
  }

  product(cl: ClinicLedger, ndc: string, field = 'ndc'): Product {
    const product = findProduct(cl.products, ndc);
    if (!product)
      throw new BadRequestError(`${ndc} is not in this clinic's catalogue.`, [
        { field, message: `is not a product in this clinic's catalogue: ${ndc}` },
      ]);
    return product;
  }

  async witness(
    ctx: RequestContext,
    cl: ClinicLedger,
    credentials: WitnessCredentials | undefined,
    field: string,
    kind: string,
  ): Promise<WitnessSignature | undefined> {
    if (!credentials) return undefined;
    return (await this.witnesses.verify(ctx, credentials, field, this.now(cl), kind)).signature;
  }

  async session(clinicId: string, sessionId: string, field = 'sessionId') {
    const session = await this.ports.scheduling.sessionBrief(clinicId, sessionId);
    if (!session)
      throw new BadRequestError('No such treatment session in this clinic.', [
        { field, message: 'is not a treatment session of this clinic' },
      ]);
    return session;
  }

  /** Appends one entry (see the top of this file). `build` runs under the head lock with the current state. */
  async append(
    ctx: RequestContext,
    cl: ClinicLedger,
    write: {
      action: string;
      patientId?: string | null;
      detail?: Record<string, Canonical>;
      build(state: LedgerState): LedgerEvent;
    },
  ): Promise<Appended> {
    const clinicId = cl.clinic.id;
    const now = this.clock();
    await this.repo.ensureHead(clinicId, GENESIS_HASH, now);
    try {
      const appended = await this.transact(async (trx): Promise<Appended> => {
        const head = await this.repo.lockHead(trx, clinicId);
        if (!head) throw new LedgerIntegrityError('The clinic has no ledger head.');
        const last = await this.repo.lastEntry(clinicId, trx);
        if ((last?.sequence ?? 0) !== head.lastSequence || (last?.hash ?? GENESIS_HASH) !== head.lastHash) {
          throw new LedgerIntegrityError(
            `The stored ledger ends at entry ${last?.sequence ?? 0} but its head says ${head.lastSequence}: entries are missing or were changed. An admin should run the ledger verification.`,
          );
        }
        const { folded, state } = await this.stateOf(cl, trx);
        if (folded.sequence !== head.lastSequence || folded.hash !== head.lastHash) {
          this.cache.forget(clinicId);
          throw new LedgerIntegrityError(
            'The stored ledger does not fit its head. An admin should run the ledger verification.',
          );
        }
        const event = write.build(state);
        if (JSON.stringify(event).includes('\\u0000'))
          throw new BadRequestError('Text may not contain NUL characters.', [
            { field: 'body', message: 'contains a NUL character' },
          ]);
        const entry: LedgerEntry = {
          entryId: randomUUID(),
          sequence: head.lastSequence + 1,
          clinicId,
          recordedAt: now.toISOString(),
          event,
        };
        let next: LedgerState;
        try {
          next = applyEntry(state, entry);
        } catch (error) {
          withRequestFields(error);
        }
        const hash = sealEntry(head.lastHash, entry);
        await this.repo.insertEntry(trx, {
          clinicId,
          sequence: entry.sequence,
          entryId: entry.entryId,
          kind: event.kind,
          event: event as unknown as Record<string, unknown>,
          recordedAt: now,
          recordedBy: ctx.principal.userId,
          prevHash: head.lastHash,
          hash,
        });
        await this.repo.advanceHead(trx, clinicId, entry.sequence, hash, now);
        await this.audit.record(
          ctx,
          {
            action: write.action,
            resourceType: 'LedgerEntry',
            resourceId: entry.entryId,
            patientId: write.patientId ?? null,
            occurredAt: now,
            detail: { kind: event.kind, sequence: entry.sequence, ...write.detail },
          },
          trx,
        );
        return { entry, prevHash: head.lastHash, hash, state: next };
      });
      // Only once committed does the memo move on.
      this.cache.set(clinicId, {
        sequence: appended.entry.sequence,
        hash: appended.hash,
        state: { ...appended.state, config: cl.replay },
      });
      return appended;
    } catch (error) {
      if (error instanceof RuleViolationError || error instanceof RuleRefusedError) {
        // Refused stock movements matter for diversion review: keep a trace (no patient data, only the rule).
        await this.audit.record(ctx, {
          action: write.action,
          resourceType: 'LedgerEntry',
          patientId: write.patientId ?? null,
          outcome: 'failure',
          occurredAt: now,
          detail: { code: error.code, ...write.detail },
        });
      }
      throw error;
    }
  }

  result(cl: ClinicLedger, appended: Appended, touched: ReadonlyArray<{ ndc: string; lot: string }>): AppendResult {
    const { entry, state } = appended;
    const balances = balancesOf(state, { includeZero: true })
      .filter((b) => touched.some((t) => t.ndc === b.ndc && t.lot === b.lot))
      .map((b) => toBalanceDto(b, cl.products, cl.locations));
    return { entry: toEntryDto(entry, appended.prevHash, appended.hash, null, cl.products), balances };
  }

  withReconciliation(result: AppendResult, state: LedgerState, sessionId: string | null): AppendResult {
    if (sessionId === null) return result;
    const r = sessionReconciliation(state, sessionId);
    return r ? { ...result, reconciliation: toReconciliationDto(r) } : result;
  }

  lossDetails(cl: ClinicLedger, event: LossEvent) {
    return {
      deadlines: lossReportDeadlines(event.discoveredOn, cl.holidays),
      form106: form106Record(event, cl.registrant, cl.holidays, cl.replay),
    };
  }

  /** Adds the clinic's default catalogue now (it is otherwise added on first use). */
  async ensureCatalogue(clinicId: string): Promise<void> {
    await this.clinicLedger(clinicId);
  }
}

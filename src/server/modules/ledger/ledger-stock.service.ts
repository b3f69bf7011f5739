/** Stock movements: receipts, draws, administration, waste, transfers, returns, destruction, losses, corrections. */
import {
  assertDistinctDestructionWitnesses,
  form41Record,
  hasAdministrationAddress,
  lossDiscoveryDateProblem,
  type DestructionEvent,
  type LossEvent,
  type WitnessSignature,
} from '../../../domain/inventory/index.js';
import { BadRequestError, NotFoundError, ProblemError, RuleRefusedError } from '../../errors/http-errors.js';
import { sessionNotActive } from '../../../domain/session/state-machine.js';
import type { RequestContext } from '../../http.js';
import { exactAmount } from './ledger-amounts.js';
import { actorOf } from './ledger-dto.js';
import { localDateOf } from '../clinics/clinic-time.js';
import type {
  AdministrationBody,
  CorrectableKind,
  CorrectionBody,
  DestructionBody,
  DrawBody,
  LossBody,
  ReceiptBody,
  ReplacementBody,
  ReturnBody,
  TransferBody,
  WasteBody,
} from '../../../contract/ledger.js';

import { type ClinicLedger, type Prepared, type AppendResult, formatAddress, stripUndefined } from './ledger.types.js';
import type { LedgerCore } from './ledger-core.js';

export class LedgerStockService {
  constructor(private readonly core: LedgerCore) {}

  private async prepare<K extends CorrectableKind>(
    ctx: RequestContext,
    cl: ClinicLedger,
    kind: K,
    body: ReplacementBody[K],
  ): Promise<Prepared> {
    switch (kind) {
      case 'receipt':
        return this.prepareReceipt(ctx, cl, body as ReceiptBody);
      case 'draw':
        return this.prepareDraw(ctx, cl, body as DrawBody);
      case 'administration':
        return this.prepareAdministration(cl, body as AdministrationBody);
      case 'waste':
        return this.prepareWaste(ctx, cl, body as WasteBody);
      case 'transfer':
        return this.prepareTransfer(ctx, cl, body as TransferBody);
      case 'return-to-supplier':
        return this.prepareReturn(ctx, cl, body as ReturnBody);
      case 'destruction':
        return this.prepareDestruction(ctx, cl, body as DestructionBody);
      case 'loss':
        return this.prepareLoss(cl, body as LossBody);
      default:
        throw new BadRequestError(`Unknown entry kind ${String(kind)}.`);
    }
  }

  private async prepareReceipt(ctx: RequestContext, cl: ClinicLedger, body: ReceiptBody): Promise<Prepared> {
    const product = this.core.product(cl, body.ndc);
    const occurredAt = this.core.occurredAt(cl, body.occurredAt);
    const witness = await this.core.witness(ctx, cl, body.witness, 'witness', 'receipt');
    return {
      kind: 'receipt',
      occurredAt,
      patientId: null,
      sessionId: null,
      lot: { ndc: body.ndc, lot: body.lot },
      detail: { ndc: body.ndc, lot: body.lot, containers: body.containers, witnessed: witness !== undefined },
      build: (base) =>
        stripUndefined({
          kind: 'receipt' as const,
          occurredAt: base.occurredAt,
          ndc: body.ndc,
          lot: body.lot,
          expiry: body.expiry,
          locationId: body.locationId,
          containers: body.containers,
          unitsPerContainer: product.unitsPerContainer,
          supplier: {
            name: body.supplier.name.trim(),
            address: body.supplier.address.trim(),
            deaNumber: body.supplier.deaNumber.trim().toUpperCase(),
          },
          invoiceNumber: body.invoiceNumber,
          receivedBy: base.actor,
          witness,
        }),
    };
  }

  private async prepareDraw(ctx: RequestContext, cl: ClinicLedger, body: DrawBody): Promise<Prepared> {
    const product = this.core.product(cl, body.ndc);
    const amount = exactAmount(product, body.amount);
    const occurredAt = this.core.occurredAt(cl, body.occurredAt);
    const session = await this.core.session(cl.clinic.id, body.sessionId);
    if (session.patientId !== body.patientId) {
      throw new BadRequestError("That session is not one of this patient's.", [
        { field: 'sessionId', message: 'is not a session of this patient' },
      ]);
    }
    if (sessionNotActive(session.status)) {
      throw new ProblemError('session-not-active', `The session is ${session.status}: nothing may be drawn for it.`, [
        { field: 'sessionId', message: `is ${session.status}` },
      ]);
    }
    const witness = await this.core.witness(ctx, cl, body.witness, 'witness', 'draw');
    return {
      kind: 'draw',
      occurredAt,
      patientId: body.patientId,
      sessionId: body.sessionId,
      lot: { ndc: body.ndc, lot: body.lot },
      detail: { ndc: body.ndc, lot: body.lot, sessionId: body.sessionId, quantity: amount.quantity },
      build: (base) =>
        stripUndefined({
          kind: 'draw' as const,
          occurredAt: base.occurredAt,
          ndc: body.ndc,
          lot: body.lot,
          locationId: body.locationId,
          quantity: amount.quantity,
          volumeUl: amount.volumeUl,
          patientId: body.patientId,
          sessionId: body.sessionId,
          by: base.actor,
          witness,
        }),
    };
  }

  private async prepareAdministration(cl: ClinicLedger, body: AdministrationBody): Promise<Prepared> {
    const product = this.core.product(cl, body.ndc);
    const amount = exactAmount(product, body.amount);
    const occurredAt = this.core.occurredAt(cl, body.occurredAt);
    const session = await this.core.session(cl.clinic.id, body.sessionId);
    const patient = await this.core.ports.patients.findById(cl.clinic.id, session.patientId);
    if (!patient) throw new NotFoundError("The session's patient is not in this clinic.");
    const address = formatAddress(patient.address as Record<string, unknown> | null);
    if (!hasAdministrationAddress(address)) {
      throw new RuleRefusedError(
        "The administration record needs the patient's address (21 CFR 1304.22(c)): add it to the patient record first.",
        'patient-address-missing',
        [{ field: 'sessionId', message: 'the patient has no address on record' }],
      );
    }
    return {
      kind: 'administration',
      occurredAt,
      patientId: session.patientId,
      sessionId: body.sessionId,
      lot: { ndc: body.ndc, lot: body.lot },
      detail: { ndc: body.ndc, lot: body.lot, sessionId: body.sessionId, quantity: amount.quantity },
      build: (base) =>
        stripUndefined({
          kind: 'administration' as const,
          occurredAt: base.occurredAt,
          ndc: body.ndc,
          lot: body.lot,
          sessionId: body.sessionId,
          patientId: session.patientId,
          patientName: `${patient.givenName} ${patient.familyName}`,
          patientAddress: address,
          quantity: amount.quantity,
          volumeUl: amount.volumeUl,
          administeredBy: base.actor,
          sessionRecordId: body.sessionRecordId,
        }),
    };
  }

  private async prepareWaste(ctx: RequestContext, cl: ClinicLedger, body: WasteBody): Promise<Prepared> {
    const product = this.core.product(cl, body.ndc);
    const amount = exactAmount(product, body.amount);
    const occurredAt = this.core.occurredAt(cl, body.occurredAt);
    const session = await this.core.session(cl.clinic.id, body.sessionId);
    const witness = await this.core.witness(ctx, cl, body.witness, 'witness', 'waste');
    return {
      kind: 'waste',
      occurredAt,
      patientId: session.patientId,
      sessionId: body.sessionId,
      lot: { ndc: body.ndc, lot: body.lot },
      detail: {
        ndc: body.ndc,
        lot: body.lot,
        sessionId: body.sessionId,
        quantity: amount.quantity,
        witnessed: witness !== undefined,
      },
      build: (base) =>
        stripUndefined({
          kind: 'waste' as const,
          occurredAt: base.occurredAt,
          ndc: body.ndc,
          lot: body.lot,
          sessionId: body.sessionId,
          quantity: amount.quantity,
          volumeUl: amount.volumeUl,
          manner: body.manner.trim(),
          by: base.actor,
          witness,
        }),
    };
  }

  private async prepareTransfer(ctx: RequestContext, cl: ClinicLedger, body: TransferBody): Promise<Prepared> {
    const amount = exactAmount(this.core.product(cl, body.ndc), body.amount);
    const occurredAt = this.core.occurredAt(cl, body.occurredAt);
    const witness = await this.core.witness(ctx, cl, body.witness, 'witness', 'transfer');
    return {
      kind: 'transfer',
      occurredAt,
      patientId: null,
      sessionId: null,
      lot: { ndc: body.ndc, lot: body.lot },
      detail: {
        ndc: body.ndc,
        lot: body.lot,
        from: body.fromLocationId,
        to: body.toLocationId,
        quantity: amount.quantity,
      },
      build: (base) =>
        stripUndefined({
          kind: 'transfer' as const,
          occurredAt: base.occurredAt,
          ndc: body.ndc,
          lot: body.lot,
          fromLocationId: body.fromLocationId,
          toLocationId: body.toLocationId,
          quantity: amount.quantity,
          by: base.actor,
          witness,
        }),
    };
  }

  private async prepareReturn(ctx: RequestContext, cl: ClinicLedger, body: ReturnBody): Promise<Prepared> {
    const amount = exactAmount(this.core.product(cl, body.ndc), body.amount);
    const occurredAt = this.core.occurredAt(cl, body.occurredAt);
    const witness = await this.core.witness(ctx, cl, body.witness, 'witness', 'return-to-supplier');
    return {
      kind: 'return-to-supplier',
      occurredAt,
      patientId: null,
      sessionId: null,
      lot: { ndc: body.ndc, lot: body.lot },
      detail: { ndc: body.ndc, lot: body.lot, quantity: amount.quantity },
      build: (base) =>
        stripUndefined({
          kind: 'return-to-supplier' as const,
          occurredAt: base.occurredAt,
          ndc: body.ndc,
          lot: body.lot,
          locationId: body.locationId,
          quantity: amount.quantity,
          supplier: {
            name: body.supplier.name.trim(),
            address: body.supplier.address.trim(),
            deaNumber: body.supplier.deaNumber.trim().toUpperCase(),
          },
          reference: body.reference,
          by: base.actor,
          witness,
        }),
    };
  }

  private async prepareDestruction(ctx: RequestContext, cl: ClinicLedger, body: DestructionBody): Promise<Prepared> {
    const amount = exactAmount(this.core.product(cl, body.ndc), body.amount);
    const occurredAt = this.core.occurredAt(cl, body.occurredAt);
    assertDistinctDestructionWitnesses(body.witnesses);
    const signatures: WitnessSignature[] = [];
    for (const [i, credentials] of body.witnesses.entries()) {
      const signature = await this.core.witness(ctx, cl, credentials, `witnesses.${i}`, 'destruction');
      if (signature) signatures.push(signature);
    }
    return {
      kind: 'destruction',
      occurredAt,
      patientId: null,
      sessionId: null,
      lot: { ndc: body.ndc, lot: body.lot },
      detail: { ndc: body.ndc, lot: body.lot, quantity: amount.quantity, reason: body.reason },
      build: (base) => ({
        kind: 'destruction' as const,
        occurredAt: base.occurredAt,
        ndc: body.ndc,
        lot: body.lot,
        locationId: body.locationId,
        quantity: amount.quantity,
        reason: body.reason,
        method: body.method.trim(),
        destructionSite: { name: body.destructionSite.name.trim(), address: body.destructionSite.address.trim() },
        by: base.actor,
        witnesses: signatures,
      }),
    };
  }

  private async prepareLoss(cl: ClinicLedger, body: LossBody): Promise<Prepared> {
    const amount = exactAmount(this.core.product(cl, body.ndc), body.amount);
    const occurredAt = this.core.occurredAt(cl, body.occurredAt);
    let source: LossEvent['source'];
    let patientId: string | null = null;
    if (body.source.from === 'location') {
      if (!body.source.locationId)
        throw new BadRequestError('Say which storage location the stock was lost from.', [
          { field: 'source.locationId', message: 'is required' },
        ]);
      source = { from: 'location', locationId: body.source.locationId };
    } else {
      if (!body.source.sessionId)
        throw new BadRequestError('Say which session the stock was lost from.', [
          { field: 'source.sessionId', message: 'is required' },
        ]);
      patientId = (await this.core.session(cl.clinic.id, body.source.sessionId, 'source.sessionId')).patientId;
      source = { from: 'session', sessionId: body.source.sessionId };
    }
    const discoveredOn = body.discoveredOn ?? localDateOf(this.core.clock(), cl.clinic.timeZone);
    const discoveryProblem = lossDiscoveryDateProblem(discoveredOn, localDateOf(this.core.clock(), cl.clinic.timeZone));
    if (discoveryProblem)
      throw new BadRequestError('Discovery cannot be in the future.', [
        { field: 'discoveredOn', message: discoveryProblem },
      ]);
    return {
      kind: 'loss',
      occurredAt,
      patientId,
      sessionId: source.from === 'session' ? source.sessionId : null,
      lot: { ndc: body.ndc, lot: body.lot },
      detail: { ndc: body.ndc, lot: body.lot, quantity: amount.quantity, lossType: body.lossType },
      build: (base) => ({
        kind: 'loss' as const,
        occurredAt: base.occurredAt,
        discoveredOn,
        ndc: body.ndc,
        lot: body.lot,
        source,
        quantity: amount.quantity,
        lossType: body.lossType,
        circumstances: body.circumstances.trim(),
        form106: stripUndefined({ ...body.form106 }),
        by: base.actor,
      }),
    };
  }

  /** Records a prepared stock movement and answers with what it changed. */
  private async record(ctx: RequestContext, cl: ClinicLedger, prepared: Prepared): Promise<AppendResult> {
    const appended = await this.core.append(ctx, cl, {
      action: `ledger-${prepared.kind}`,
      patientId: prepared.patientId,
      detail: prepared.detail,
      build: () =>
        prepared.build({ actor: this.core.actor(ctx), occurredAt: prepared.occurredAt ?? this.core.now(cl) }),
    });
    const result = this.core.withReconciliation(
      this.core.result(cl, appended, [prepared.lot]),
      appended.state,
      prepared.sessionId,
    );
    const event = appended.entry.event;
    if (event.kind === 'loss') return { ...result, ...this.core.lossDetails(cl, event) };
    if (event.kind === 'destruction')
      return { ...result, form41: form41Record(event as DestructionEvent, cl.registrant, cl.replay) };
    return result;
  }

  async receive(ctx: RequestContext, body: ReceiptBody) {
    const cl = await this.core.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareReceipt(ctx, cl, body));
  }

  async draw(ctx: RequestContext, body: DrawBody) {
    const cl = await this.core.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareDraw(ctx, cl, body));
  }

  async administer(ctx: RequestContext, body: AdministrationBody) {
    const cl = await this.core.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareAdministration(cl, body));
  }

  async waste(ctx: RequestContext, body: WasteBody) {
    const cl = await this.core.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareWaste(ctx, cl, body));
  }

  async transfer(ctx: RequestContext, body: TransferBody) {
    const cl = await this.core.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareTransfer(ctx, cl, body));
  }

  async returnToSupplier(ctx: RequestContext, body: ReturnBody) {
    const cl = await this.core.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareReturn(ctx, cl, body));
  }

  async destroy(ctx: RequestContext, body: DestructionBody) {
    const cl = await this.core.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareDestruction(ctx, cl, body));
  }

  async reportLoss(ctx: RequestContext, body: LossBody) {
    const cl = await this.core.clinicLedger(ctx.principal.clinicId);
    return this.record(ctx, cl, await this.prepareLoss(cl, body));
  }

  /**
   * A correction: a new entry naming the entry it corrects and what it should have said (same kind; prepared
   * exactly like recording it, witnesses re-signing), or null to void it. The original stays in the ledger.
   */
  async correct<K extends CorrectableKind>(
    ctx: RequestContext,
    kind: K,
    body: CorrectionBody<K>,
  ): Promise<AppendResult> {
    const cl = await this.core.clinicLedger(ctx.principal.clinicId);
    const prepared = body.replacement === null ? undefined : await this.prepare(ctx, cl, kind, body.replacement);
    let touched: { ndc: string; lot: string }[] = [];
    let sessionId: string | null = null;
    let patientId: string | null = prepared?.patientId ?? null;
    const appended = await this.core.append(ctx, cl, {
      action: 'ledger-correction',
      patientId,
      detail: { correctedKind: kind, voids: prepared === undefined },
      build: (state) => {
        const original = state.effective.get(body.correctsEntryId);
        if (original && original.kind !== kind) {
          throw new BadRequestError(`That entry is a ${original.kind}, not a ${kind}.`, [
            {
              field: 'correctsEntryId',
              message: `is a ${original.kind} entry: correct it through /api/ledger/corrections/${original.kind}`,
            },
          ]);
        }
        if (original) {
          touched = [{ ndc: original.ndc, lot: original.lot }];
          sessionId = 'sessionId' in original ? original.sessionId : null;
          patientId ??= 'patientId' in original ? original.patientId : null;
        }
        const replacement =
          prepared && original
            ? prepared.build({ actor: actorOf(original), occurredAt: prepared.occurredAt ?? original.occurredAt })
            : prepared
              ? prepared.build({ actor: this.core.actor(ctx), occurredAt: prepared.occurredAt ?? this.core.now(cl) })
              : null;
        if (prepared) touched.push(prepared.lot);
        return {
          kind: 'correction',
          occurredAt: this.core.now(cl),
          correctsEntryId: body.correctsEntryId,
          reason: body.reason.trim(),
          replacement,
          by: this.core.actor(ctx),
        };
      },
    });
    return this.core.withReconciliation(
      this.core.result(cl, appended, touched),
      appended.state,
      prepared?.sessionId ?? sessionId,
    );
  }
}

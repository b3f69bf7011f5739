import {
  assertPreparedDoseAllowed,
  checkDeliveredTotal,
  checkInfusionRate,
  checkPreparedIvDose,
  esketamineDose,
  ivDose,
} from '../../../domain/dosing/index.js';
import { chooseDoseLot, DOSE_LOT_CITATION, isLotExpired, type DoseLot } from '../../../domain/inventory/index.js';
import { infusionRunningMinutes } from '../../../domain/pk/index.js';
import {
  applyProtocolSettings,
  getProtocol,
  IV_ANTIDEPRESSANT_MIN_INFUSION_MIN,
  isProtocolId,
  type Protocol,
} from '../../../domain/protocols/index.js';
import {
  administrationPrecondition,
  applySessionEvent,
  startsDosing,
  isIvInfusion,
  isTreatmentModality,
  readTimeline,
  type SessionCommand,
  type SessionEvent,
  type SessionState,
} from '../../../domain/session/index.js';
import { RuleViolationError } from '../../../domain/shared/validation.js';
import { roleHas } from '../../auth/permissions.js';
import { BadRequestError, ForbiddenError, NotFoundError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { localDateOf } from '../clinics/clinic-time.js';

import {
  clinicalTime,
  deliveredMg,
  drugOf,
  ivCapMgPerKg,
  TreatmentConflictError,
  type AdministrationInput,
  type DemoHistoryOptions,
  type DoseInput,
  type DoseStock,
  type Loaded,
} from './treatment-day.types.js';
import type { TreatmentSessionCore } from './treatment-session-core.js';

/**
 * The dose: its lot from the ledger, its preparation against the protocol and the plan, the second person's
 * verification, and its administration through the domain's session state machine (`applySessionEvent`).
 */
export class TreatmentDosingService {
  constructor(
    private readonly core: TreatmentSessionCore,
    /** The ledger's lots: a prepared dose names one the clinic holds (issue 10 item 14). */
    private readonly stock?: DoseStock,
  ) {}

  /** The protocol of the session's plan with the clinic's settings as the plan recorded them (undefined without a plan). */
  private protocolOf(s: Loaded): Protocol | undefined {
    const id = s.session.protocolId;
    if (!id || !isProtocolId(id)) return undefined;
    const settings = s.session.protocolSettings ?? {};
    return Object.keys(settings).length > 0 ? applyProtocolSettings(getProtocol(id), settings) : getProtocol(id);
  }

  /**
   * The ledger's lots for a session's dose (held in a safe, or drawn for it). Read before the write's transaction:
   * the ledger reads outside it, and PGlite's one connection would wait on the open transaction.
   */
  private async lotsFor(clinicId: string, sessionId: string): Promise<DoseLot[]> {
    if (!this.stock) throw new Error('TreatmentDayService needs the ledger (DoseStock) to prepare a dose');
    const session = await this.core.repo.findSession(clinicId, sessionId);
    if (!session) throw new NotFoundError('No such session in this clinic.');
    if (!isTreatmentModality(session.modality)) return [];
    return this.stock.doseLots(clinicId, sessionId, drugOf(session.modality));
  }

  /** The lots a session's dose may be prepared from (the dose panel's list): held in the ledger, or drawn for the session. */
  async doseLots(ctx: RequestContext, sessionId: string) {
    const s = await this.core.load(ctx.principal.clinicId, sessionId);
    const lots = await this.lotsFor(s.session.clinicId, s.session.id);
    const today = localDateOf(this.core.clock(), s.timeZone);
    await this.core.auditRead(ctx, s, 'dose-lots');
    return {
      drug: drugOf(s.modality),
      citation: DOSE_LOT_CITATION,
      items: lots.map((l) => ({ ...l, isExpired: isLotExpired(l, today) })),
    };
  }

  /** Prepares the plan's dose (IV: mg, mL, pump rate; esketamine: devices) with its lot; the checklist must allow it. */
  async prepareDose(ctx: RequestContext, sessionId: string, input: DoseInput, options: DemoHistoryOptions = {}) {
    if (input.override) {
      // A dose above the protocol cap or the plan is the prescriber's decision; a nurse cannot override it.
      if (!roleHas(ctx.principal.role, 'session:override'))
        throw new ForbiddenError('Only a prescriber may override the dose checks.');
      if (!input.override.reason.trim())
        throw new BadRequestError('An override needs a reason.', [
          { field: 'override.reason', message: 'is required' },
        ]);
    }
    const lots = await this.lotsFor(ctx.principal.clinicId, sessionId);
    await this.core.write(ctx, sessionId, 'prepare-dose', async (trx, s, now) => {
      if (s.record.discharge)
        throw new TreatmentConflictError('The patient has been discharged.', 'session-discharged');
      if (readTimeline(s.modality, s.record.events as SessionEvent[]).dosingStartedAt)
        throw new TreatmentConflictError(
          'Dosing has started: the prepared dose can no longer change.',
          'dosing-started',
        );
      const at = clinicalTime(input.preparedAt, now, 'preparedAt');
      if (!options.skipChecklistGate) this.core.assertCanStart(await this.core.checklist(s, at, trx));
      const doseMg = s.session.doseMg === null ? undefined : Number(s.session.doseMg);
      if (doseMg === undefined || !(doseMg > 0))
        throw new RuleRefusedError('This session has no planned dose: book it from a signed plan.', 'no-planned-dose');
      if (!input.lotNumber.trim())
        throw new BadRequestError('A lot number is required.', [{ field: 'lotNumber', message: 'is required' }]);
      // The lot comes from the ledger: held in a safe, or drawn for this session; never an expired one (21 CFR 1304.22(c)).
      // The ledger's expiry is the one recorded (a typed `lotExpiry` is not trusted over the receipt).
      const lot = chooseDoseLot({ lots, lotNumber: input.lotNumber, ndc: input.ndc, on: localDateOf(at, s.timeZone) });
      const lotExpiry = lot.usableUntil ?? input.lotExpiry ?? '';
      const data: Record<string, unknown> = {
        doseMg,
        lotNumber: lot.lot,
        lotExpiry,
        ndc: lot.ndc,
        ...(lot.expiry ? { lotExpiryAsReceived: lot.expiry } : {}),
        lotSource: 'ledger',
      };
      if (input.ledgerDrawId) {
        // The drug drawn from the controlled-substance ledger for this session (ledger module: POST /api/ledger/draws).
        const draw = await this.core.ports.ledger.drawEntry(s.session.clinicId, input.ledgerDrawId, trx);
        if (!draw || draw.kind !== 'draw')
          throw new BadRequestError('No such ledger draw in this clinic.', [
            { field: 'ledgerDrawId', message: 'is not a ledger draw of this clinic' },
          ]);
        if (draw.sessionId !== s.session.id)
          throw new BadRequestError('That ledger draw is for another session.', [
            { field: 'ledgerDrawId', message: 'was drawn for another session' },
          ]);
        if (draw.lot !== null && (draw.lot !== lot.lot || (draw.ndc !== null && draw.ndc !== lot.ndc))) {
          throw new BadRequestError('That ledger draw is of another lot.', [
            { field: 'ledgerDrawId', message: `was drawn from lot ${draw.lot}, not ${lot.lot}` },
          ]);
        }
        data.ledgerDrawId = input.ledgerDrawId;
      }
      let override: ReturnType<typeof assertPreparedDoseAllowed>;
      if (isIvInfusion(s.modality)) {
        if (input.concentrationMgPerMl === undefined)
          throw new BadRequestError('The concentration is required for an IV dose.', [
            { field: 'concentrationMgPerMl', message: 'is required for IV' },
          ]);
        const durationMin = input.durationMin ?? s.session.durationMin ?? undefined;
        if (durationMin === undefined)
          throw new BadRequestError('The infusion time is required.', [
            { field: 'durationMin', message: 'is required (the plan names none)' },
          ]);
        const plannedWeightKg = s.session.planWeightKg === null ? undefined : Number(s.session.planWeightKg);
        const weightKg = s.record.checkIn?.data.weightKg ?? plannedWeightKg;
        if (weightKg === undefined)
          throw new BadRequestError('A weight is needed to prepare an IV dose.', [
            { field: 'weightKg', message: 'record the weight at check-in' },
          ]);
        // Checked against the protocol cap and the plan's mg/kg at today's weight (issue 10 item 3): above either, a
        // prescriber overrides with a reason.
        const protocol = this.protocolOf(s);
        const check = checkPreparedIvDose({
          doseMg,
          weightKg,
          ...(plannedWeightKg !== undefined ? { plannedWeightKg } : {}),
          capMgPerKg: ivCapMgPerKg(protocol, durationMin),
          capLabel: protocol ? `${protocol.id} ${protocol.version}` : undefined,
          // The infusion time may be chosen at the chair: not shorter than the protocol's without a prescriber.
          durationMin,
          minDurationMin:
            protocol?.settings.infusionMin?.value ??
            (protocol?.settings.infusionHours
              ? protocol.settings.infusionHours.value * 60
              : IV_ANTIDEPRESSANT_MIN_INFUSION_MIN),
        });
        try {
          override = assertPreparedDoseAllowed(
            check,
            input.override ? { by: ctx.principal.displayName, reason: input.override.reason, at: now } : undefined,
          );
        } catch (error) {
          if (error instanceof RuleViolationError) {
            throw new RuleViolationError(error.code, error.message, undefined, [
              {
                field: 'override',
                message: `${check.reasons.map((r) => r.message).join('; ')}: a prescriber's override with a reason is needed`,
              },
              ...(check.doseAtPlannedMgPerKg !== undefined
                ? [
                    {
                      field: 'doseMg',
                      message: `the planned ${check.plannedMgPerKg} mg/kg at ${weightKg} kg is ${check.doseAtPlannedMgPerKg} mg`,
                    },
                  ]
                : []),
            ]);
          }
          throw error;
        }
        // The plan fixed the dose in mg; the domain turns it into volume and pump rate.
        const prepared = ivDose({
          weightKg,
          mgPerKg: doseMg / weightKg,
          durationMin,
          concentrationMgPerMl: input.concentrationMgPerMl,
        });
        Object.assign(data, {
          plannedDurationMin: durationMin,
          concentrationMgPerMl: input.concentrationMgPerMl,
          volumeMl: prepared.volumeMl,
          rateMlPerHour: prepared.rateMlPerHour,
          rateMgPerMin: Math.round((doseMg / durationMin) * 1000) / 1000,
          weightKg,
          mgPerKg: check.mgPerKg,
          capMgPerKg: check.capMgPerKg,
          ...(check.plannedMgPerKg !== undefined ? { plannedMgPerKg: check.plannedMgPerKg } : {}),
        });
        if (override) {
          data.override = {
            byUserId: ctx.principal.userId,
            by: override.by,
            at: override.at.toISOString(),
            reason: override.reason,
            reasons: override.reasons,
            messages: check.reasons.map((r) => r.message),
          };
        }
      } else {
        const prepared = esketamineDose({ doseMg });
        Object.assign(data, { devices: prepared.devices, minutesBetweenDevices: prepared.minutesBetweenDevices });
      }
      const entry = await this.core.append(trx, ctx, s, 'dose-prepared', data, at, now);
      return {
        result: entry.id,
        detail: {
          doseMg,
          lot: lot.lot,
          ndc: lot.ndc,
          ...(data.override
            ? { override: true, overrideReasons: (data.override as { reasons: string[] }).reasons }
            : {}),
        },
      };
    });
    return this.core.current(ctx, sessionId);
  }

  /** Second-person verification of the prepared dose: by another staff member than the one who prepared it. */
  async verifyDose(ctx: RequestContext, sessionId: string, input: { at?: string | undefined } = {}) {
    await this.core.write(ctx, sessionId, 'verify-dose', async (trx, s, now) => {
      const dose = s.record.dose;
      if (!dose) throw new TreatmentConflictError('No dose has been prepared.', 'no-dose');
      if (dose.verifiedBy)
        throw new TreatmentConflictError('The prepared dose is already verified.', 'already-verified');
      if (dose.entry.recordedBy === ctx.principal.userId) {
        throw new TreatmentConflictError(
          'The person who prepared the dose cannot verify it: a second staff member must.',
          'verifier-is-preparer',
        );
      }
      const at = clinicalTime(input.at, now);
      if (at.getTime() < dose.entry.occurredAt.getTime())
        throw new BadRequestError('The verification is earlier than the preparation.', [
          { field: 'at', message: 'is before the dose was prepared' },
        ]);
      await this.core.append(trx, ctx, s, 'dose-verified', { doseEntryId: dose.entry.id }, at, now);
      return { result: undefined };
    });
    return this.core.current(ctx, sessionId);
  }

  async administer(
    ctx: RequestContext,
    sessionId: string,
    input: AdministrationInput,
    options: DemoHistoryOptions = {},
  ) {
    await this.core.write(ctx, sessionId, `administration:${input.event}`, async (trx, s, now) => {
      const at = clinicalTime(input.at, now);
      const events = s.record.events as SessionEvent[];
      const dose = s.record.dose;
      const state: SessionState = {
        modality: s.modality,
        bookingStatus: s.session.status,
        isDischarged: s.record.discharge !== undefined,
        dose: dose
          ? { devices: dose.data.devices, isVerified: dose.verifiedBy !== undefined && dose.verifiedBy !== null }
          : undefined,
        verificationRequired: this.core.verificationRequired(s),
        events,
        monitoring: s.settings.monitoring,
      };
      const command = this.command(input, at, dose?.data.rateMgPerMin);
      // The checklist is judged again when dosing starts: a check-in changed since the dose was prepared (a new blood
      // pressure, vital signs grown stale) must not slip through. Read only when it can matter (it queries).
      const gate =
        !administrationPrecondition(state, command) && startsDosing(state, command) && !options.skipChecklistGate
          ? await this.core.checklist(s, at, trx)
          : undefined;
      const next = applySessionEvent(state, command, now, { checklist: gate });
      if (next instanceof RuleViolationError) throw next;
      // What the domain's transition leaves to the chair: the rate check against the prepared dose, the delivered total.
      const data: Record<string, unknown> = {};
      const applied = next.applied;
      switch (applied.type) {
        case 'infusion-started':
          data.rateMgPerMin = applied.rateMgPerMin;
          if (dose?.data.rateMlPerHour !== undefined && input.rateMgPerMin === undefined)
            data.rateMlPerHour = dose.data.rateMlPerHour;
          if (input.rateMgPerMin !== undefined) Object.assign(data, this.checkedRate(ctx, s, events, at, input));
          break;
        case 'infusion-rate-changed':
          data.rateMgPerMin = applied.rateMgPerMin;
          // Checked against what is left of the prepared dose and of the planned time (issue 10 item 3).
          Object.assign(data, this.checkedRate(ctx, s, events, at, input));
          break;
        case 'infusion-paused':
          data.reason = applied.reason;
          break;
        case 'infusion-resumed':
          break;
        case 'infusion-stopped':
          if (applied.reason) data.reason = applied.reason;
          Object.assign(data, this.deliveredTotal(ctx, events, at, input, dose!.data.doseMg));
          break;
        case 'device-administered':
          if (next.deviceOverrideReason) data.overrideReason = next.deviceOverrideReason;
          data.deviceNumber = next.deviceNumber;
          data.lotNumber = dose!.data.lotNumber;
          break;
        default:
          break;
      }
      await this.core.append(trx, ctx, s, input.event, data, at, now);
      return {
        result: undefined,
        detail: {
          event: input.event,
          ...(data.overrideReason ? { override: true } : {}),
          ...(data.totalConfirmation ? { totalConfirmed: true } : {}),
          ...(data.rateOverride ? { rateOverride: true } : {}),
        },
      };
    });
    return this.core.current(ctx, sessionId);
  }

  /** The request as the domain's administration event. */
  private command(input: AdministrationInput, at: Date, preparedRateMgPerMin: number | undefined): SessionCommand {
    switch (input.event) {
      case 'infusion-started':
        return { type: input.event, at, rateMgPerMin: input.rateMgPerMin ?? preparedRateMgPerMin ?? 0 };
      case 'infusion-rate-changed':
        return { type: input.event, at, rateMgPerMin: input.rateMgPerMin };
      case 'infusion-paused':
        return { type: input.event, at, reason: input.reason };
      case 'infusion-resumed':
        return { type: input.event, at };
      case 'infusion-stopped':
        return { type: input.event, at, reason: input.reason };
      case 'device-administered':
        return { type: input.event, at, overrideReason: input.overrideReason };
    }
  }

  /**
   * At stop: the estimate from the recorded rates, and the typed total against it and the prepared dose (issue 10
   * item 3; domain `checkDeliveredTotal`). A total that differs needs a confirmation with a reason.
   */
  private deliveredTotal(
    ctx: RequestContext,
    events: readonly SessionEvent[],
    at: Date,
    input: AdministrationInput,
    preparedDoseMg: number,
  ): Record<string, unknown> {
    const data: Record<string, unknown> = { estimatedDeliveredMg: Math.round(deliveredMg(events, at) * 10) / 10 };
    if (input.totalDeliveredMg === undefined) return data;
    const check = checkDeliveredTotal({
      totalDeliveredMg: input.totalDeliveredMg,
      estimatedDeliveredMg: deliveredMg(events, at),
      preparedDoseMg,
    });
    const field = [{ field: 'totalDeliveredMg', message: check.message }];
    if (check.isAbovePrepared)
      throw new RuleRefusedError(
        `The total delivered is refused: ${check.message}.`,
        'delivered-above-prepared-dose',
        field,
      );
    if (check.needsConfirmation) {
      if (input.confirmTotalDelivered !== true) {
        throw new TreatmentConflictError(
          `Confirm the total delivered: ${check.message}.`,
          'delivered-differs-from-estimate',
          [
            ...field,
            { field: 'confirmTotalDelivered', message: 'send true, with confirmationReason, to record this total' },
          ],
        );
      }
      const reason = input.confirmationReason?.trim();
      if (!reason)
        throw new BadRequestError('A confirmed total needs a reason.', [
          {
            field: 'confirmationReason',
            message: `is required: the total differs from the estimate of ${check.estimatedDeliveredMg} mg`,
          },
        ]);
      data.totalConfirmation = {
        estimatedDeliveredMg: check.estimatedDeliveredMg,
        reason,
        byUserId: ctx.principal.userId,
        by: ctx.principal.displayName,
      };
    }
    data.totalDeliveredMg = input.totalDeliveredMg;
    return data;
  }

  /**
   * A new infusion rate against the prepared dose and the remaining planned time (domain `checkInfusionRate`). Above
   * it the change needs a prescriber's `overrideReason`; returns what the entry records about the check.
   */
  private checkedRate(
    ctx: RequestContext,
    s: Loaded,
    events: readonly SessionEvent[],
    at: Date,
    input: AdministrationInput,
  ): Record<string, unknown> {
    const dose = s.record.dose?.data;
    const rate = input.rateMgPerMin;
    if (!dose || rate === undefined || dose.plannedDurationMin === undefined) return {};
    const running = readTimeline(s.modality, events, at).infusionStartedAt ? infusionRunningMinutes(events, at) : 0;
    const check = checkInfusionRate({
      rateMgPerMin: rate,
      preparedDoseMg: dose.doseMg,
      plannedDurationMin: dose.plannedDurationMin,
      deliveredMg: deliveredMg(events, at),
      runningMin: running,
    });
    if (!check.isAboveMax) return {};
    const reason = input.overrideReason?.trim();
    if (!reason) {
      throw new RuleRefusedError(`The rate is refused: ${check.message}.`, 'rate-above-remaining-dose', [
        { field: 'rateMgPerMin', message: `${check.message}; at most ${check.maxRateMgPerMin} mg/min` },
        { field: 'overrideReason', message: 'a prescriber may give a faster rate with a reason' },
      ]);
    }
    if (!roleHas(ctx.principal.role, 'session:override'))
      throw new ForbiddenError('Only a prescriber may run the infusion faster than the prepared dose allows.');
    return {
      rateOverride: {
        reason,
        byUserId: ctx.principal.userId,
        by: ctx.principal.displayName,
        maxRateMgPerMin: check.maxRateMgPerMin,
      },
    };
  }
}

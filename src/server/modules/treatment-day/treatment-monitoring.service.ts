import type { Transaction } from 'kysely';
import { scoreInstrument } from '../../../domain/instruments/index.js';
import {
  actualInfusions,
  DEFAULT_PK_MODEL,
  pkModelById,
  PK_MODELS,
  plannedInfusion,
  simulate,
} from '../../../domain/pk/index.js';
import {
  evaluateDischarge,
  evaluateVitals,
  validateMoaas,
  validateVitalSigns,
  type DischargeDecision,
  type VitalAlert,
} from '../../../domain/monitoring/index.js';
import {
  NAUSEA_LEVELS,
  isIvInfusion,
  readTimeline,
  validateAdverseEvent,
  type AdverseEvent,
  type SessionEvent,
} from '../../../domain/session/index.js';
import { roleHas } from '../../auth/permissions.js';
import type { Database } from '../../db/schema.js';
import { BadRequestError, ForbiddenError, NotFoundError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { CORRECTABLE_ENTRY_KINDS } from '../../../contract/treatment-day.js';
import { preDoseReading } from './treatment-day-record.js';
import { afterEntryAdded } from './treatment-day-records.js';

import {
  clinicalTime,
  definedVitals,
  iso,
  MINUTE,
  TreatmentConflictError,
  type AdverseEventInput,
  type CorrectionInput,
  type DischargeInput,
  type Loaded,
  type ObservationInput,
  type ObservationKind,
  type TreatmentDayNotices,
} from './treatment-day.types.js';
import { dischargeDto } from './treatment-day.dto.js';
import type { TreatmentSessionCore } from './treatment-session-core.js';

/** Monitoring: observations and their alerts, corrections, acknowledgements, adverse events, discharge and the PK curve. */
export class TreatmentMonitoringService {
  constructor(
    private readonly core: TreatmentSessionCore,
    private readonly notices?: Pick<TreatmentDayNotices, 'sessionDischarged'>,
  ) {}

  /** Validates an observation and returns what is stored, plus the alerts it raises. */
  private observation(
    s: Loaded,
    kind: ObservationKind,
    input: Omit<ObservationInput, 'kind'>,
  ): { data: Record<string, unknown>; alerts: VitalAlert[] } {
    const baseline = preDoseReading(s.record.checkIn?.data);
    switch (kind) {
      case 'vitals': {
        const vitals = definedVitals(input.vitals ?? {});
        if (Object.keys(vitals).length === 0)
          throw new BadRequestError('Record at least one vital sign.', [
            { field: 'vitals', message: 'needs at least one of systolic/diastolic, heartRate, spo2, respiratoryRate' },
          ]);
        validateVitalSigns(vitals, 'vitals');
        return { data: { ...vitals }, alerts: evaluateVitals(vitals, baseline, s.settings.thresholds) };
      }
      case 'moaas': {
        const score = validateMoaas(input.score, 'score');
        return { data: { score }, alerts: evaluateVitals({ moaas: score }, undefined, s.settings.thresholds) };
      }
      case 'cadss': {
        const form = input.form ?? 'cadss-6';
        if (!input.answers)
          throw new BadRequestError('CADSS answers are required.', [{ field: 'answers', message: 'is required' }]);
        const scored = scoreInstrument(form, input.answers);
        return { data: { form, answers: input.answers, total: scored.total }, alerts: [] };
      }
      case 'nausea':
        if (!input.level)
          throw new BadRequestError('A nausea level is required.', [
            { field: 'level', message: `must be one of ${NAUSEA_LEVELS.join(', ')}` },
          ]);
        return { data: { level: input.level }, alerts: [] };
      case 'note':
        if (!input.text?.trim())
          throw new BadRequestError('A note needs text.', [{ field: 'text', message: 'is required' }]);
        return { data: { text: input.text.trim() }, alerts: [] };
    }
  }

  private async raiseAlerts(
    trx: Transaction<Database>,
    s: Loaded,
    entryId: string,
    alerts: readonly VitalAlert[],
    at: Date,
  ): Promise<void> {
    await this.core.repo.insertAlerts(
      trx,
      alerts.map((a) => ({
        clinicId: s.session.clinicId,
        sessionId: s.session.id,
        patientId: s.session.patientId,
        entryId,
        code: a.code,
        severity: a.severity,
        message: a.message,
        value: a.value,
        limitValue: a.limit,
        thresholdsVersion: a.thresholdsVersion,
        raisedAt: at,
      })),
    );
  }

  /** Vital signs, MOAA/S, CADSS, nausea or a free note, with who and when; readings outside the limits raise alerts. */
  async observe(
    ctx: RequestContext,
    sessionId: string,
    input: ObservationInput,
    options: { minimal?: boolean | undefined } = {},
  ) {
    const { raised, after } = await this.core.write(ctx, sessionId, `record-${input.kind}`, async (trx, s, now) => {
      if (!s.record.checkIn) throw new TreatmentConflictError('Check the patient in first.', 'not-checked-in');
      if (s.record.discharge && input.kind !== 'note')
        throw new TreatmentConflictError('The patient has been discharged.', 'session-discharged');
      const at = clinicalTime(input.at, now);
      const { data, alerts } = this.observation(s, input.kind, input);
      const entry = await this.core.append(trx, ctx, s, input.kind, data, at, now);
      await this.raiseAlerts(trx, s, entry.id, alerts, at);
      // The alerts are read again only when this reading raised some (their order is the database's).
      const alertRows =
        alerts.length > 0 ? await this.core.repo.alerts(s.session.clinicId, s.session.id, trx) : s.alerts;
      return {
        result: {
          raised: { entryId: entry.id, alerts: alerts.map((a) => a.code) },
          after: afterEntryAdded(s, entry, alertRows),
        },
        detail: { kind: input.kind, alerts: alerts.length },
      };
    });
    // The answer's session view is the session as this write committed it (no second read of the session).
    return { ...raised, ...(options.minimal ? {} : { session: await this.core.view(after, this.core.clock()) }) };
  }

  /** A correction: a new entry pointing at the original, with a reason; the original stays on record. */
  async correct(ctx: RequestContext, sessionId: string, entryId: string, input: CorrectionInput) {
    await this.core.write(ctx, sessionId, 'correct-entry', async (trx, s, now) => {
      const reason = input.reason.trim();
      if (!reason)
        throw new BadRequestError('A correction needs a reason.', [{ field: 'reason', message: 'is required' }]);
      const original = s.record.entries.find((e) => e.id === entryId && !e.correctsId);
      if (!original)
        throw new NotFoundError('No such entry in this session (corrections point at the original entry).');
      if (!(CORRECTABLE_ENTRY_KINDS as readonly string[]).includes(original.kind)) {
        throw new RuleRefusedError(`A ${original.kind} entry cannot be corrected here.`, 'not-correctable');
      }
      if (input.voided) {
        await this.core.append(trx, ctx, s, original.kind, { voided: true }, original.occurredAt, now, {
          id: original.id,
          reason,
        });
        return { result: undefined, detail: { kind: original.kind, voided: true } };
      }
      if (original.kind === 'adverse-event') {
        if (!input.adverseEvent)
          throw new BadRequestError('The corrected adverse event is required.', [
            { field: 'adverseEvent', message: 'is required (or voided: true)' },
          ]);
        const event = this.adverseEvent(input.adverseEvent, now);
        await this.core.append(trx, ctx, s, 'adverse-event', event, new Date(String(event.startedAt)), now, {
          id: original.id,
          reason,
        });
        return { result: undefined, detail: { kind: original.kind } };
      }
      if (!input.observation)
        throw new BadRequestError('The corrected values are required.', [
          { field: 'observation', message: 'is required (or voided: true)' },
        ]);
      const at = input.observation.at === undefined ? original.occurredAt : clinicalTime(input.observation.at, now);
      const { data, alerts } = this.observation(s, original.kind as ObservationKind, input.observation);
      const entry = await this.core.append(trx, ctx, s, original.kind, data, at, now, { id: original.id, reason });
      await this.raiseAlerts(trx, s, entry.id, alerts, at);
      return { result: undefined, detail: { kind: original.kind, alerts: alerts.length } };
    });
    return this.core.current(ctx, sessionId);
  }

  /** Acknowledges a monitoring alert with the action taken (prescriber or nurse). */
  async acknowledgeAlert(ctx: RequestContext, sessionId: string, alertId: string, input: { action: string }) {
    await this.core.write(ctx, sessionId, 'acknowledge-monitoring-alert', async (trx, s, now) => {
      const action = input.action.trim();
      if (!action) throw new BadRequestError('Say what was done.', [{ field: 'action', message: 'is required' }]);
      const alert = await this.core.repo.findAlert(s.session.clinicId, s.session.id, alertId, trx);
      if (!alert) throw new NotFoundError('No such alert in this session.');
      // One reading, one alert: acknowledging it (by any of its thresholds' ids) acknowledges every threshold the
      // reading crossed, each keeping its own row (issue 10 item 7).
      const open = s.alerts.filter((a) => a.entryId === alert.entryId && !a.ackAt);
      if (open.length === 0)
        throw new TreatmentConflictError('This alert is already acknowledged.', 'already-acknowledged');
      await this.core.repo.insertAcks(
        trx,
        open.map((a) => ({
          clinicId: s.session.clinicId,
          alertId: a.id,
          action,
          acknowledgedAt: now,
          acknowledgedBy: ctx.principal.userId,
        })),
      );
      return { result: undefined, detail: { code: alert.code, codes: open.map((a) => a.code) } };
    });
    return this.core.current(ctx, sessionId);
  }

  private adverseEvent(input: AdverseEventInput, now: Date): Record<string, unknown> {
    const startedAt = clinicalTime(input.startedAt, now, 'startedAt');
    const endedAt = input.endedAt === undefined ? undefined : clinicalTime(input.endedAt, now, 'endedAt');
    const event = {
      type: input.type,
      ...(input.description?.trim() ? { description: input.description.trim() } : {}),
      severity: input.severity,
      serious: input.serious,
      startedAt,
      ...(endedAt ? { endedAt } : {}),
      outcome: input.outcome,
      interventions: input.interventions.map((i, n) => ({
        code: i.code,
        ...(i.name ? { name: i.name } : {}),
        ...(i.dose ? { dose: i.dose } : {}),
        ...(i.route ? { route: i.route } : {}),
        at: clinicalTime(i.at, now, `interventions.${n}.at`),
        ...(i.givenBy ? { givenBy: i.givenBy } : {}),
      })),
    } as unknown as AdverseEvent;
    validateAdverseEvent(event, 'adverseEvent');
    return JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
  }

  async recordAdverseEvent(ctx: RequestContext, sessionId: string, input: AdverseEventInput) {
    const id = await this.core.write(ctx, sessionId, 'record-adverse-event', async (trx, s, now) => {
      if (!s.record.checkIn) throw new TreatmentConflictError('Check the patient in first.', 'not-checked-in');
      const data = this.adverseEvent(input, now);
      const entry = await this.core.append(trx, ctx, s, 'adverse-event', data, new Date(String(data.startedAt)), now);
      return { result: entry.id, detail: { type: input.type, serious: input.serious } };
    });
    return { id, session: await this.core.current(ctx, sessionId) };
  }

  private evaluateDischarge(s: Loaded, now: Date, input: DischargeInput, overrideBy?: string): DischargeDecision {
    const t = readTimeline(s.modality, s.record.events as SessionEvent[], now);
    const readings = [...s.record.readings]
      .filter((r) => r.takenAt.getTime() <= now.getTime())
      .sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
    const withBp = readings.filter((r) => r.systolic !== undefined);
    const latestVitals = withBp.at(-1) ?? readings.at(-1);
    const moaas = [...s.record.moaas]
      .filter((m) => m.at.getTime() <= now.getTime())
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .at(-1);
    const baseline = preDoseReading(s.record.checkIn?.data);
    return evaluateDischarge({
      modality: s.modality,
      ...(s.modality === 'esketamine-nasal' && t.isDosingComplete && t.lastDeviceAt
        ? { lastDeviceAt: t.lastDeviceAt }
        : {}),
      ...(t.infusionEndedAt ? { infusionEndedAt: t.infusionEndedAt } : {}),
      ...(latestVitals ? { latestVitals } : {}),
      ...(baseline ? { baselineVitals: baseline } : {}),
      ...(moaas ? { latestMoaas: moaas } : {}),
      clinicallyStable: input.clinicallyStable,
      ridePresent: input.ridePresent,
      openAlerts: s.alerts.filter((a) => !a.ackAt).map((a) => ({ code: a.code, message: a.message })),
      now,
      settings: s.settings.monitoring,
      thresholds: s.settings.thresholds,
      ...(input.override && overrideBy ? { override: { by: overrideBy, at: now, reason: input.override.reason } } : {}),
      timeZone: s.timeZone,
    });
  }

  /** Whether the patient may go home now, with every reason why not (the domain's words). */
  async dischargeEvaluation(ctx: RequestContext, sessionId: string, input: Omit<DischargeInput, 'override'>) {
    const s = await this.core.load(ctx.principal.clinicId, sessionId);
    const now = this.core.clock();
    const decision = this.evaluateDischarge(s, now, input);
    await this.core.auditRead(ctx, s, 'discharge');
    return { ...dischargeDto(decision), dischargedAt: iso(s.record.discharge?.occurredAt) };
  }

  /** Discharges the patient; 409 listing every reason unless the criteria are met or a prescriber overrides. */
  async discharge(ctx: RequestContext, sessionId: string, input: DischargeInput) {
    if (input.override) {
      if (!roleHas(ctx.principal.role, 'session:override'))
        throw new ForbiddenError('Only a prescriber may override the discharge criteria.');
      if (!input.override.reason.trim())
        throw new BadRequestError('An override needs a reason.', [
          { field: 'override.reason', message: 'is required' },
        ]);
    }
    const decision = await this.core.write(
      ctx,
      sessionId,
      input.override ? 'discharge-override' : 'discharge',
      async (trx, s, now) => {
        if (s.record.discharge)
          throw new TreatmentConflictError('The patient has already been discharged.', 'already-discharged');
        const result = this.evaluateDischarge(s, now, input, input.override ? ctx.principal.displayName : undefined);
        if (!result.allowed) {
          throw new TreatmentConflictError(
            `Discharge is blocked: ${result.reasons.map((r) => r.message).join(' ')}`,
            'discharge-blocked',
            result.reasons.map((r) => ({ field: r.code, message: r.message })),
          );
        }
        await this.core.append(
          trx,
          ctx,
          s,
          'discharged',
          {
            clinicallyStable: input.clinicallyStable,
            ridePresent: input.ridePresent,
            overridden: result.overridden,
            ...(result.override
              ? { override: { byUserId: ctx.principal.userId, by: result.override.by, reason: result.override.reason } }
              : {}),
            reasonsOverridden: result.reasons.map((r) => ({ code: r.code, message: r.message })),
          },
          now,
          now,
        );
        await this.notices?.sessionDischarged(trx, {
          clinicId: ctx.principal.clinicId,
          sessionId,
          patientId: s.session.patientId,
          at: now,
        });
        return { result, detail: { overridden: result.overridden, reasons: result.reasons.map((r) => r.code) } };
      },
    );
    return dischargeDto(decision);
  }

  /**
   * Predicted ketamine plasma concentration for the planned and the actual infusion (domain PK model, Domino 1982 by
   * default, named with its citation). It informs; it never sets a dose. Minutes count from the infusion start (or
   * from now, before it starts).
   */
  async pk(ctx: RequestContext, sessionId: string, modelId?: string) {
    const s = await this.core.load(ctx.principal.clinicId, sessionId);
    if (!isIvInfusion(s.modality))
      throw new RuleRefusedError('The PK curve is drawn for IV ketamine infusions.', 'pk-iv-only');
    const model = modelId ? pkModelById(modelId) : DEFAULT_PK_MODEL;
    if (!model)
      throw new BadRequestError('Unknown PK model.', [
        { field: 'model', message: `must be one of ${PK_MODELS.map((m) => m.id).join(', ')}` },
      ]);
    const now = this.core.clock();
    const dose = s.record.dose?.data;
    const doseMg = dose?.doseMg ?? (s.session.doseMg === null ? undefined : Number(s.session.doseMg));
    const durationMin = dose?.plannedDurationMin ?? s.session.durationMin ?? undefined;
    const weightKg =
      dose?.weightKg ??
      s.record.checkIn?.data.weightKg ??
      (s.session.planWeightKg === null ? undefined : Number(s.session.planWeightKg));
    if (!doseMg || !durationMin || !weightKg)
      throw new RuleRefusedError(
        'The planned dose, infusion time and weight are needed for a PK curve.',
        'pk-inputs-missing',
      );
    const t = readTimeline(s.modality, s.record.events as SessionEvent[], now);
    const zero = t.infusionStartedAt ?? now;
    const actual = t.infusionStartedAt ? actualInfusions(s.record.events as SessionEvent[], now, zero) : [];
    const elapsed = Math.max(0, (now.getTime() - zero.getTime()) / MINUTE);
    const untilMin = Math.ceil(Math.max(durationMin + 120, elapsed + 30));
    const options = { stepMin: 1, untilMin };
    const planned = simulate(model, weightKg, plannedInfusion(doseMg, durationMin), options);
    const given =
      actual.length > 0
        ? simulate(model, weightKg, actual, { stepMin: 1, untilMin: Math.max(1, Math.ceil(elapsed)) })
        : null;
    await this.core.auditRead(ctx, s, 'pk');
    return {
      model: planned.model,
      disclaimer: planned.disclaimer,
      weightKg,
      timeZero: zero.toISOString(),
      nowMin: elapsed,
      planned: {
        infusions: plannedInfusion(doseMg, durationMin),
        points: planned.points,
        peak: planned.peak,
        totalDoseMg: planned.totalDoseMg,
      },
      actual: given
        ? { infusions: actual, points: given.points, peak: given.peak, totalDoseMg: given.totalDoseMg }
        : null,
    };
  }
}

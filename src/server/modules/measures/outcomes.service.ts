/**
 * What is due and how patients are doing: the per-patient measurement schedule (versioned; the clinic default until
 * one is set), each patient's outcome trajectories, and the clinic page (response and remission shares, recent
 * scores, due and overdue measures). Reads and computes in src/domain; writes only new schedule versions.
 */
import { getInstrument, isInstrumentId } from '../../../domain/instruments/index.js';
import { activePatientWindow, CLINIC_DUE_LIST, orderDueList } from '../../../domain/measurement/clinic-due-list.js';
import { measuredSessionStarts, patientScheduleRules } from '../../../domain/measurement/patient-schedule.js';
import {
  dueInputHorizon,
  dueMeasures,
  trimDueInput,
  type MeasureTiming,
  type ScheduleRule,
} from '../../../domain/measurement/schedule.js';
import {
  clinicOutcomeShares,
  firstTreatmentAt as firstTreatment,
  summarizeOutcomes,
} from '../../../domain/outcomes/index.js';
import { BadRequestError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { requirePatient } from '../patients/patient-lookup.js';
import { clinicSettingsOf } from './measure-recorder.js';
import type { MeasuresDeps } from './measures-deps.js';
import type { MeasuresPorts } from './measures-ports.js';

/** Clinic default when a patient has no schedule of their own: see clinical reference, outcome rules. */
export class OutcomesService {
  constructor(
    private readonly deps: MeasuresDeps,
    /** Scheduling's sessions (measures-ports.ts). */
    private readonly ports: MeasuresPorts,
  ) {}

  async schedule(ctx: RequestContext, patientId: string) {
    const { clinicId } = ctx.principal;
    await requirePatient(this.deps.patients, clinicId, patientId);
    const [stored, sessions, measures] = await Promise.all([
      this.deps.measures.latestSchedule(clinicId, patientId),
      this.ports.scheduling.sessionsForPatient(clinicId, patientId),
      this.deps.measures.listForPatient(clinicId, patientId),
    ]);
    const rules = [...patientScheduleRules(stored?.rules as ScheduleRule[] | undefined)];
    const items = dueMeasures({
      schedule: { rules },
      sessions: measuredSessionStarts(sessions),
      completed: measures.map((m) => ({ instrument: m.instrumentId, completedAt: m.observedAt })),
      now: this.deps.clock(),
    });
    return {
      rules,
      version: stored?.version ?? 0,
      isClinicDefault: !stored,
      items: items.map((i) => ({
        instrument: i.instrument,
        timing: i.timing,
        dueAt: i.dueAt.toISOString(),
        windowStart: i.windowStart.toISOString(),
        windowEnd: i.windowEnd.toISOString(),
        status: i.status,
      })),
    };
  }

  async setSchedule(
    ctx: RequestContext,
    patientId: string,
    rules: Array<{ instrument: string; timing: MeasureTiming }>,
  ) {
    const { clinicId } = ctx.principal;
    await requirePatient(this.deps.patients, clinicId, patientId);
    rules.forEach((r, i) => {
      if (!isInstrumentId(r.instrument))
        throw new BadRequestError(`Unknown instrument "${r.instrument}".`, [
          { field: `rules.${i}.instrument`, message: 'is not a known instrument id' },
        ]);
    });
    const now = this.deps.clock();
    await this.deps.transact(async (trx) => {
      const version = await this.deps.measures.insertSchedule(trx, {
        clinicId,
        patientId,
        rules,
        createdAt: now,
        createdBy: ctx.principal.userId,
      });
      await this.deps.audit.record(
        ctx,
        { action: 'update', resourceType: 'MeasurementSchedule', patientId, occurredAt: now, detail: { version } },
        trx,
      );
    });
    return this.schedule(ctx, patientId);
  }

  /** Each instrument's scores over time with bands, sessions on the same axis, and the outcome summary. */
  async outcomes(ctx: RequestContext, patientId: string) {
    const { clinicId } = ctx.principal;
    await requirePatient(this.deps.patients, clinicId, patientId);
    const [settings, sessions, measures] = await Promise.all([
      clinicSettingsOf(this.deps.clinics, clinicId),
      this.ports.scheduling.sessionsForPatient(clinicId, patientId),
      this.deps.measures.listForPatient(clinicId, patientId),
    ]);
    const firstTreatmentAt = firstTreatment(sessions);
    const byInstrument = new Map<string, typeof measures>();
    for (const m of measures)
      if (m.total !== null) byInstrument.set(m.instrumentId, [...(byInstrument.get(m.instrumentId) ?? []), m]);
    const instruments = [...byInstrument.entries()].map(([instrumentId, rows]) => {
      const def = getInstrument(instrumentId);
      const summary = summarizeOutcomes(
        {
          instrument: instrumentId,
          scores: rows.map((r) => ({ at: r.observedAt, total: r.total! })),
          firstTreatmentAt,
        },
        settings.outcomes,
      );
      return {
        instrument: instrumentId,
        title: def.title,
        shortName: def.shortName,
        range: def.scoring.totalRange,
        bands: def.bands.map((b) => ({ code: b.code, min: b.min, max: b.max, label: b.label })),
        remissionMaxTotal: settings.outcomes.remission[instrumentId]?.maxTotal ?? null,
        points: rows.map((r) => ({
          measureId: r.id,
          at: r.observedAt.toISOString(),
          total: r.total!,
          band: r.band,
          context: r.context,
        })),
        summary: {
          baseline: summary.baseline ? { at: summary.baseline.at.toISOString(), total: summary.baseline.total } : null,
          latest: summary.latest ? { at: summary.latest.at.toISOString(), total: summary.latest.total } : null,
          change: summary.change,
          percentChange: summary.percentChange,
          responseAt: summary.responseAt?.toISOString() ?? null,
          rapidResponse: summary.rapidResponse,
          remissionAt: summary.remissionAt?.toISOString() ?? null,
          relapseAt: summary.relapseAt?.toISOString() ?? null,
          isRespondingNow: summary.isRespondingNow,
          isRemittedNow: summary.isRemittedNow,
          notes: summary.notes,
        },
      };
    });
    await this.deps.audit.record(ctx, { action: 'read', resourceType: 'Outcomes', patientId });
    return {
      firstTreatmentAt: firstTreatmentAt?.toISOString() ?? null,
      sessions: sessions.map((s) => ({
        id: s.id,
        number: s.sessionNumber,
        modality: s.modality,
        startsAt: s.startsAt.toISOString(),
        status: s.status,
      })),
      instruments,
    };
  }

  /** The clinic page: share in response and remission per instrument, recent scores, and due/overdue measures. */
  async overview(ctx: RequestContext) {
    const { clinicId } = ctx.principal;
    const now = this.deps.clock();
    const settings = await clinicSettingsOf(this.deps.clinics, clinicId);
    const horizon = dueInputHorizon(now);
    const [pairs, recent, active] = await Promise.all([
      this.deps.measures.outcomeDistribution(clinicId),
      this.deps.measures.recentScores(clinicId, 25),
      this.activePatients(clinicId, {
        ...activePatientWindow(now),
        ...horizon,
      }),
    ]);
    const due = [];
    const sessionsBy = groupBy(active.sessions, (s) => s.patientId);
    const measuresBy = groupBy(active.measures, (m) => m.patientId);
    const scheduleBy = new Map<string, ScheduleRule[]>();
    for (const s of active.schedules)
      if (!scheduleBy.has(s.patientId)) scheduleBy.set(s.patientId, s.rules as ScheduleRule[]);
    for (const patient of active.patients) {
      // Only the history within the horizon was read; trimDueInput is what makes that the same answer.
      const items = dueMeasures(
        trimDueInput({
          schedule: { rules: patientScheduleRules(scheduleBy.get(patient.id)) },
          sessions: (sessionsBy.get(patient.id) ?? []).map((s) => s.startsAt),
          completed: (measuresBy.get(patient.id) ?? []).map((m) => ({
            instrument: m.instrumentId,
            completedAt: m.observedAt,
          })),
          now,
        }),
      );
      for (const item of items) {
        if (item.status === 'due' || item.status === 'overdue') {
          due.push({
            patient: { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, mrn: patient.mrn },
            instrument: item.instrument,
            timing: item.timing,
            dueAt: item.dueAt,
            status: item.status,
          });
        }
      }
    }
    const ordered = orderDueList(due).map((d) => ({ ...d, dueAt: d.dueAt.toISOString() }));
    await this.deps.audit.record(ctx, {
      action: 'read',
      resourceType: 'OutcomesOverview',
      occurredAt: now,
      detail: { patients: pairs.reduce((n, r) => n + r.patients, 0) },
    });
    return {
      // Response and remission shares per instrument: the domain's rule (src/domain/outcomes/clinic-shares.ts).
      instruments: clinicOutcomeShares(pairs, settings.outcomes),
      recent: recent.map((r) => ({
        measureId: r.id,
        patient: { id: r.patientId, name: `${r.givenName} ${r.familyName}`, mrn: r.mrn },
        instrument: r.instrumentId,
        total: r.total,
        band: r.band,
        at: r.observedAt.toISOString(),
      })),
      due: ordered.slice(0, CLINIC_DUE_LIST.maxItems),
      dueCount: ordered.length,
    };
  }

  /**
   * Patients with a session from `from` to `to`, and what of their history can still make a measure due
   * (domain `dueInputHorizon`): each one's first session, the last before `sessionsFrom` and every one after it,
   * and the measures completed from `completedFrom` on.
   */
  private async activePatients(
    clinicId: string,
    window: { from: Date; to: Date; sessionsFrom: Date; completedFrom: Date },
  ) {
    const patients = await this.ports.scheduling.patientsWithSessionsBetween(clinicId, window.from, window.to);
    if (patients.length === 0) return { patients, sessions: [], measures: [], schedules: [] };
    const ids = patients.map((p) => p.id);
    const [sessions, { measures, schedules }] = await Promise.all([
      this.ports.scheduling.dueHistorySessions(clinicId, ids, window.sessionsFrom),
      this.deps.measures.dueHistory(clinicId, ids, window.completedFrom),
    ]);
    return { patients, sessions, measures, schedules };
  }
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

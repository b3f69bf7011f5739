/**
 * Measurement-based care: recording scored instruments (by staff, or by the patient through a single-use link),
 * the per-patient schedule of what is due, outcome trajectories, and the clinic overview.
 * Every stored measure keeps its FHIR QuestionnaireResponse and Observations; a suicide-risk answer raises its
 * alert in the same transaction.
 */
import { CLOCK_DRIFT_TOLERANCE_MS, observationTimeProblem } from '../../../domain/shared/plausible-dates.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { sha256 } from '../../auth/sha256.js';
import {
  getInstrument,
  isInstrumentId,
  listInstruments,
  scoreInstrument,
  UnknownInstrumentError,
  type ScoreResult,
} from '../../../domain/instruments/index.js';
import { toQuestionnaireResponse, toScoreObservations } from '../../../domain/fhir/questionnaire.js';
import {
  dueInputHorizon,
  dueMeasures,
  trimDueInput,
  type MeasureTiming,
  type ScheduleRule,
} from '../../../domain/measurement/schedule.js';
import { clinicOutcomeShares, summarizeOutcomes } from '../../../domain/outcomes/index.js';
import { DomainValidationError } from '../../../domain/shared/validation.js';
import type { Database, MeasureContext } from '../../db/schema.js';
import type { Transaction } from 'kysely';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError, GoneError, NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AlertsService } from '../alerts/alerts.service.js';
import { clinicContext, type AuditService } from '../audit/audit.service.js';
import { resolveClinicSettings, type ClinicSettings } from '../clinics/clinic-settings.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { PatientsRepository } from '../patients/patients.repository.js';
import type { MeasuresRepository, NewObservation } from './measures.repository.js';
import { noSuchPatient, requirePatient } from '../patients/patient-lookup.js';

/** Clinic default when a patient has no schedule of their own: see clinical reference, outcome rules. */
export const DEFAULT_MEASUREMENT_RULES: ReadonlyArray<{ instrument: string; timing: MeasureTiming }> = [
  { instrument: 'phq-9', timing: 'baseline' },
  { instrument: 'phq-9', timing: 'pre-session' },
  { instrument: 'c-ssrs-screener', timing: 'pre-session' },
  { instrument: 'phq-9', timing: 'post-session-24h' },
  { instrument: 'phq-9', timing: 'monthly' },
];

export interface RecordInput {
  readonly instrument: string;
  readonly answers: Record<string, unknown>;
  readonly context: MeasureContext;
  readonly sessionId?: string | undefined;
  readonly observedAt?: string | undefined;
}

export interface RecordedMeasure {
  id: string;
  instrument: string;
  total: number | null;
  band: string | null;
  flags: ScoreResult['flags'];
  observedAt: string;
  alert: { id: string; severity: string } | null;
}

function prefixIssues(error: unknown, prefix: string): never {
  if (error instanceof DomainValidationError) {
    throw new DomainValidationError(error.issues.map((i) => ({ field: `${prefix}${i.field}`, message: i.message })));
  }
  throw error;
}

/** What `onStored` is told of a stored measure: ids and the time only. */
export interface StoredMeasure {
  readonly id: string;
  readonly clinicId: string;
  readonly patientId: string;
  readonly recordedAt: Date;
}

export class MeasuresService {
  constructor(
    private readonly measures: MeasuresRepository,
    private readonly patients: PatientsRepository,
    private readonly clinics: ClinicsRepository,
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    /** Called inside the transaction that stored a measure (webhooks: measure.stored). */
    private readonly onStored?: (trx: Parameters<Parameters<Transact>[0]>[0], measure: StoredMeasure) => Promise<void>,
  ) {}

  private async settings(clinicId: string): Promise<ClinicSettings> {
    return resolveClinicSettings((await this.clinics.findById(clinicId))?.settings);
  }

  /** Scores without storing anything. */
  score(instrumentId: string, answers: Record<string, unknown>): ScoreResult {
    if (!isInstrumentId(instrumentId)) throw new NotFoundError(new UnknownInstrumentError(instrumentId).message);
    return scoreInstrument(instrumentId, answers);
  }

  /** Scores, stores (measure + FHIR resources) and raises any alert, inside the caller's transaction. */
  private async store(
    trx: Parameters<Parameters<Transact>[0]>[0],
    input: RecordInput & {
      clinicId: string;
      patientId: string;
      recordedBy: string | null;
      source: 'staff' | 'patient-link';
      linkId: string | null;
      settings: ClinicSettings;
      now: Date;
    },
  ): Promise<RecordedMeasure> {
    if (!isInstrumentId(input.instrument))
      throw new BadRequestError(`Unknown instrument "${input.instrument}".`, [
        { field: 'instrument', message: 'is not a known instrument id' },
      ]);
    const definition = getInstrument(input.instrument);
    const result = scoreInstrument(input.instrument, input.answers);
    const observedAt = input.observedAt ? new Date(input.observedAt) : input.now;
    const observedAtProblem = observationTimeProblem(observedAt, input.now, CLOCK_DRIFT_TOLERANCE_MS);
    if (observedAtProblem === 'is in the future')
      throw new BadRequestError('A measure cannot be observed in the future.', [
        { field: 'observedAt', message: 'is in the future' },
      ]);
    if (observedAtProblem)
      throw new BadRequestError(`The observation time ${observedAtProblem}.`, [
        { field: 'observedAt', message: observedAtProblem },
      ]);
    const id = randomUUID();
    const subject = { reference: `Patient/${input.patientId}` };
    const questionnaireResponse = toQuestionnaireResponse({
      instrumentId: input.instrument,
      answers: input.answers,
      subject,
      authored: observedAt,
      id,
    });
    const observations: NewObservation[] = toScoreObservations({
      result,
      subject,
      effective: observedAt,
      derivedFrom: { reference: `QuestionnaireResponse/${id}` },
    }).map((resource) => {
      const coding = resource.code.coding?.[0];
      return {
        codeSystem: coding?.system ?? 'urn:ketaclinic',
        code: coding?.code ?? 'unknown',
        valueNumber: resource.valueInteger ?? resource.valueQuantity?.value ?? null,
        valueCode: resource.valueCodeableConcept?.coding?.[0]?.code ?? null,
        effectiveAt: observedAt,
        resource: resource as unknown as Record<string, unknown>,
      };
    });
    await this.measures.insert(
      trx,
      {
        id,
        clinicId: input.clinicId,
        patientId: input.patientId,
        instrumentId: input.instrument,
        instrumentVersion: definition.version,
        context: input.context,
        sessionId: input.sessionId ?? null,
        answers: result.itemScores,
        total: result.total,
        band: result.band,
        flags: result.flags,
        subscales: result.subscales ?? null,
        questionnaireResponse: questionnaireResponse as unknown as Record<string, unknown>,
        observedAt,
        recordedAt: input.now,
        recordedBy: input.recordedBy,
        source: input.source,
        linkId: input.linkId,
      },
      observations,
    );
    if (this.onStored)
      await this.onStored(trx, { id, clinicId: input.clinicId, patientId: input.patientId, recordedAt: input.now });
    const alert = await this.alerts.raiseForScore(trx, {
      clinicId: input.clinicId,
      patientId: input.patientId,
      measureId: id,
      result,
      source: input.source,
      settings: input.settings,
      now: input.now,
    });
    return {
      id,
      instrument: input.instrument,
      total: result.total,
      band: result.band,
      flags: result.flags,
      observedAt: observedAt.toISOString(),
      alert: alert ? { id: alert.id, severity: alert.severity } : null,
    };
  }

  async record(ctx: RequestContext, patientId: string, input: RecordInput): Promise<RecordedMeasure> {
    const { clinicId } = ctx.principal;
    await requirePatient(this.patients, clinicId, patientId);
    if (input.sessionId && !(await this.measures.sessionBelongsToPatient(clinicId, patientId, input.sessionId))) {
      throw new BadRequestError("That session is not one of this patient's.", [
        { field: 'sessionId', message: 'is not a session of this patient' },
      ]);
    }
    const settings = await this.settings(clinicId);
    const now = this.clock();
    return this.transact((trx) => this.storeByStaff(trx, ctx, patientId, input, settings, now));
  }

  /** A staff member's measure: scored, stored (alerts raised) and audited, in the caller's transaction. */
  private async storeByStaff(
    trx: Transaction<Database>,
    ctx: RequestContext,
    patientId: string,
    input: RecordInput,
    settings: ClinicSettings,
    now: Date,
  ): Promise<RecordedMeasure> {
    const recorded = await this.store(trx, {
      ...input,
      clinicId: ctx.principal.clinicId,
      patientId,
      recordedBy: ctx.principal.userId,
      source: 'staff',
      linkId: null,
      settings,
      now,
    });
    await this.audit.record(
      ctx,
      {
        action: 'create',
        resourceType: 'QuestionnaireResponse',
        resourceId: recorded.id,
        patientId,
        occurredAt: now,
        detail: { instrument: input.instrument, context: input.context },
      },
      trx,
    );
    return recorded;
  }

  /**
   * For a larger write (a FHIR transaction Bundle): reads the clinic's settings now and returns a recorder that does
   * everything else in the caller's transaction, exactly as `record` does (scored, stored, alert raised, audited).
   */
  async prepareRecord(
    ctx: RequestContext,
  ): Promise<(trx: Transaction<Database>, patientId: string, input: RecordInput) => Promise<RecordedMeasure>> {
    const { clinicId } = ctx.principal;
    const settings = await this.settings(clinicId);
    return async (trx, patientId, input) => {
      if (!(await this.patients.findById(clinicId, patientId, trx))) throw noSuchPatient();
      if (
        input.sessionId &&
        !(await this.measures.sessionBelongsToPatient(clinicId, patientId, input.sessionId, trx))
      ) {
        throw new BadRequestError("That session is not one of this patient's.", [
          { field: 'sessionId', message: 'is not a session of this patient' },
        ]);
      }
      return this.storeByStaff(trx, ctx, patientId, input, settings, this.clock());
    };
  }

  async list(ctx: RequestContext, patientId: string, instrumentId?: string) {
    await requirePatient(this.patients, ctx.principal.clinicId, patientId);
    const rows = await this.measures.listForPatient(ctx.principal.clinicId, patientId, instrumentId);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'QuestionnaireResponse',
      patientId,
      detail: { results: rows.length },
    });
    return rows.map((r) => ({
      id: r.id,
      instrument: r.instrumentId,
      instrumentVersion: r.instrumentVersion,
      context: r.context,
      sessionId: r.sessionId,
      answers: r.answers,
      total: r.total,
      band: r.band,
      flags: r.flags,
      subscales: r.subscales,
      observedAt: r.observedAt.toISOString(),
      recordedAt: r.recordedAt.toISOString(),
      source: r.source,
      recordedBy: r.recordedByName,
    }));
  }

  async questionnaireResponse(ctx: RequestContext, measureId: string) {
    const row = await this.measures.findMeasure(ctx.principal.clinicId, measureId);
    if (!row) throw new NotFoundError('No such measure in this clinic.');
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'QuestionnaireResponse',
      resourceId: measureId,
      patientId: row.patientId,
    });
    return row.questionnaireResponse;
  }

  // Single-use home links ------------------------------------------------------------------------------------

  async createLink(
    ctx: RequestContext,
    patientId: string,
    input: {
      instruments: string[];
      context: MeasureContext;
      sessionId?: string | undefined;
      expiresInHours?: number | undefined;
    },
  ) {
    const { clinicId } = ctx.principal;
    await requirePatient(this.patients, clinicId, patientId);
    input.instruments.forEach((id, i) => {
      if (!isInstrumentId(id))
        throw new BadRequestError(`Unknown instrument "${id}".`, [
          { field: `instruments.${i}`, message: 'is not a known instrument id' },
        ]);
      if (getInstrument(id).respondent !== 'patient')
        throw new BadRequestError(`${id} is rated by a clinician, not answered by the patient.`, [
          { field: `instruments.${i}`, message: 'is not a patient-reported instrument' },
        ]);
    });
    const settings = await this.settings(clinicId);
    const now = this.clock();
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + (input.expiresInHours ?? settings.measureLinkHours) * 3_600_000);
    const link = await this.measures.insertLink({
      clinicId,
      patientId,
      tokenHash: sha256(token),
      instruments: input.instruments,
      context: input.context,
      sessionId: input.sessionId ?? null,
      createdBy: ctx.principal.userId,
      createdAt: now,
      expiresAt,
    });
    await this.audit.record(ctx, {
      action: 'create',
      resourceType: 'MeasureLink',
      resourceId: link.id,
      patientId,
      occurredAt: now,
      detail: { instruments: input.instruments },
    });
    return {
      id: link.id,
      token,
      path: `/q/${token}`,
      expiresAt: expiresAt.toISOString(),
      instruments: input.instruments,
    };
  }

  async linksForPatient(ctx: RequestContext, patientId: string) {
    await requirePatient(this.patients, ctx.principal.clinicId, patientId);
    const now = this.clock();
    const rows = await this.measures.linksForPatient(ctx.principal.clinicId, patientId);
    return rows.map((l) => ({
      id: l.id,
      instruments: l.instruments,
      context: l.context,
      createdAt: l.createdAt.toISOString(),
      expiresAt: l.expiresAt.toISOString(),
      usedAt: l.usedAt ? l.usedAt.toISOString() : null,
      status: l.usedAt ? 'used' : l.expiresAt <= now ? 'expired' : 'open',
    }));
  }

  /** What the patient's page shows: the instruments, with nothing that identifies the patient. */
  async openLink(token: string, clientIp: string | null) {
    const link = await this.measures.findLinkByTokenHash(sha256(token));
    const now = this.clock();
    if (!link)
      throw new NotFoundError('This questionnaire link is not valid. Please check the link or contact your clinic.');
    const status = link.usedAt ? 'used' : link.expiresAt <= now ? 'expired' : 'open';
    await this.audit.record(clinicContext(link.clinicId, clientIp), {
      action: 'open-link',
      resourceType: 'MeasureLink',
      resourceId: link.id,
      patientId: link.patientId,
      occurredAt: now,
      detail: { status },
    });
    return {
      status,
      clinicName: link.clinicName,
      expiresAt: link.expiresAt.toISOString(),
      message:
        status === 'used'
          ? 'These questionnaires have already been completed. Thank you.'
          : status === 'expired'
            ? 'This link has expired. Please ask your clinic for a new one.'
            : null,
      instruments: status === 'open' ? link.instruments.map((id) => publicInstrument(id)) : [],
      crisisResources: resolveClinicSettings(link.clinicSettings).crisisResources.resources,
    };
  }

  /** Stores every questionnaire of a link at once; the link is used only when all of them are valid. */
  async submitLink(
    token: string,
    responses: Array<{ instrument: string; answers: Record<string, unknown> }>,
    clientIp: string | null,
  ) {
    const now = this.clock();
    const result = await this.transact(async (trx) => {
      const link = await this.measures.findLinkByTokenHash(sha256(token), trx);
      if (!link) throw new NotFoundError('This questionnaire link is not valid.');
      if (link.usedAt) throw new GoneError('These questionnaires have already been completed.');
      if (link.expiresAt <= now) throw new GoneError('This link has expired. Please ask your clinic for a new one.');
      const expected = [...link.instruments].sort().join(',');
      const given = responses
        .map((r) => r.instrument)
        .sort()
        .join(',');
      if (expected !== given)
        throw new BadRequestError(`Answer each questionnaire of this link once: ${link.instruments.join(', ')}.`, [
          { field: 'responses', message: `must hold exactly ${link.instruments.join(', ')}` },
        ]);
      if (!(await this.measures.useLink(trx, link.id, now)))
        throw new GoneError('These questionnaires have already been completed.');
      const settings = resolveClinicSettings(link.clinicSettings);
      const stored: RecordedMeasure[] = [];
      for (const [i, response] of responses.entries()) {
        try {
          stored.push(
            await this.store(trx, {
              instrument: response.instrument,
              answers: response.answers,
              context: link.context,
              sessionId: link.sessionId ?? undefined,
              clinicId: link.clinicId,
              patientId: link.patientId,
              recordedBy: null,
              source: 'patient-link',
              linkId: link.id,
              settings,
              now,
            }),
          );
        } catch (error) {
          prefixIssues(error, `responses.${i}.`);
        }
      }
      await this.audit.record(
        clinicContext(link.clinicId, clientIp),
        {
          action: 'submit-link',
          resourceType: 'MeasureLink',
          resourceId: link.id,
          patientId: link.patientId,
          occurredAt: now,
          detail: { measures: stored.length },
        },
        trx,
      );
      return { stored, settings };
    });
    const raised = result.stored.some((m) => m.alert !== null);
    return {
      completed: true,
      // Crisis resources come first in the answer, and the page shows them before anything else.
      crisis: raised
        ? {
            resources: result.settings.crisisResources.resources,
            message:
              'You told us you have had thoughts of death or of hurting yourself. Your care team has been alerted. If you are in danger now, use one of these at once.',
          }
        : null,
    };
  }

  // Schedule, outcomes, overview -------------------------------------------------------------------------------

  async schedule(ctx: RequestContext, patientId: string) {
    const { clinicId } = ctx.principal;
    await requirePatient(this.patients, clinicId, patientId);
    const [stored, sessions, measures] = await Promise.all([
      this.measures.latestSchedule(clinicId, patientId),
      this.measures.sessionsForPatient(clinicId, patientId),
      this.measures.listForPatient(clinicId, patientId),
    ]);
    const rules = (stored?.rules ?? DEFAULT_MEASUREMENT_RULES) as ScheduleRule[];
    const items = dueMeasures({
      schedule: { rules },
      sessions: sessions.filter((s) => s.status !== 'cancelled' && s.status !== 'no-show').map((s) => s.startsAt),
      completed: measures.map((m) => ({ instrument: m.instrumentId, completedAt: m.observedAt })),
      now: this.clock(),
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
    await requirePatient(this.patients, clinicId, patientId);
    rules.forEach((r, i) => {
      if (!isInstrumentId(r.instrument))
        throw new BadRequestError(`Unknown instrument "${r.instrument}".`, [
          { field: `rules.${i}.instrument`, message: 'is not a known instrument id' },
        ]);
    });
    const now = this.clock();
    await this.transact(async (trx) => {
      const version = await this.measures.insertSchedule(trx, {
        clinicId,
        patientId,
        rules,
        createdAt: now,
        createdBy: ctx.principal.userId,
      });
      await this.audit.record(
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
    await requirePatient(this.patients, clinicId, patientId);
    const [settings, sessions, measures] = await Promise.all([
      this.settings(clinicId),
      this.measures.sessionsForPatient(clinicId, patientId),
      this.measures.listForPatient(clinicId, patientId),
    ]);
    const started = sessions.filter((s) => s.status === 'completed' || s.status === 'in-progress');
    const firstTreatmentAt = started[0]?.startsAt ?? null;
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
    await this.audit.record(ctx, { action: 'read', resourceType: 'Outcomes', patientId });
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
    const now = this.clock();
    const settings = await this.settings(clinicId);
    const horizon = dueInputHorizon(now);
    const [pairs, recent, active] = await Promise.all([
      this.measures.outcomeDistribution(clinicId),
      this.measures.recentScores(clinicId, 25),
      this.measures.activePatients(clinicId, {
        from: new Date(now.getTime() - 30 * 86_400_000),
        to: new Date(now.getTime() + 7 * 86_400_000),
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
          schedule: { rules: scheduleBy.get(patient.id) ?? (DEFAULT_MEASUREMENT_RULES as ScheduleRule[]) },
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
            dueAt: item.dueAt.toISOString(),
            status: item.status,
          });
        }
      }
    }
    due.sort((a, b) => (a.status === b.status ? a.dueAt.localeCompare(b.dueAt) : a.status === 'overdue' ? -1 : 1));
    await this.audit.record(ctx, {
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
      due: due.slice(0, 200),
      dueCount: due.length,
    };
  }

  /** Demo data and imports: a completed session in the past, for the time axis of trajectories. */
  recordPastSession(
    clinicId: string,
    patientId: string,
    session: { modality: string; number: number; startsAt: Date; minutes: number },
  ) {
    return this.measures.insertPastSession({
      clinicId,
      patientId,
      modality: session.modality,
      sessionNumber: session.number,
      startsAt: session.startsAt,
      endsAt: new Date(session.startsAt.getTime() + session.minutes * 60_000),
      createdAt: this.clock(),
    });
  }

  listInstruments() {
    return listInstruments().map((d) => ({
      id: d.id,
      title: d.title,
      shortName: d.shortName,
      respondent: d.respondent,
      version: d.version,
      copyright: d.copyright,
    }));
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

/** An instrument as the patient's page renders it. */
export function publicInstrument(id: string) {
  const def = getInstrument(id);
  return {
    id: def.id,
    title: def.title,
    shortName: def.shortName,
    preamble: def.preamble,
    recallPeriod: def.recallPeriod,
    copyright: def.copyright,
    items: def.items.map((item) => ({
      linkId: item.linkId,
      text: item.text,
      answerType: item.answerType,
      required: item.required,
      enableWhen: item.enableWhen ?? null,
      options: item.options.map((o) => ({ score: o.score, label: o.label })),
    })),
  };
}

/**
 * Measurement-based care, recording by staff: scoring an instrument, recording a scored measure (in the app or from a
 * FHIR QuestionnaireResponse or transaction), and reading a patient's measures back. Every stored measure keeps its
 * FHIR QuestionnaireResponse and Observations; a suicide-risk answer raises its alert in the same transaction
 * (MeasureRecorder). Home links are MeasureLinksService's; schedules and outcomes OutcomesService's.
 */
import {
  isInstrumentId,
  listInstruments,
  scoreInstrument,
  UnknownInstrumentError,
  type ScoreResult,
} from '../../../domain/instruments/index.js';
import type { Database } from '../../db/schema.js';
import type { Transaction } from 'kysely';
import { BadRequestError, NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { ClinicSettings } from '../clinics/clinic-settings.js';
import type { MeasuresDeps } from './measures-deps.js';
import type { MeasuresPorts } from './measures-ports.js';
import { noSuchPatient, requirePatient } from '../patients/patient-lookup.js';
import { clinicSettingsOf, type MeasureRecorder, type RecordedMeasure, type RecordInput } from './measure-recorder.js';

export class MeasuresService {
  constructor(
    private readonly deps: MeasuresDeps,
    private readonly recorder: MeasureRecorder,
    /** Scheduling's sessions (measures-ports.ts). */
    private readonly ports: MeasuresPorts,
  ) {}

  /** Scores without storing anything. */
  score(instrumentId: string, answers: Record<string, unknown>): ScoreResult {
    if (!isInstrumentId(instrumentId)) throw new NotFoundError(new UnknownInstrumentError(instrumentId).message);
    return scoreInstrument(instrumentId, answers);
  }

  async record(ctx: RequestContext, patientId: string, input: RecordInput): Promise<RecordedMeasure> {
    const { clinicId } = ctx.principal;
    await requirePatient(this.deps.patients, clinicId, patientId);
    if (
      input.sessionId &&
      !(await this.ports.scheduling.sessionBelongsToPatient(clinicId, patientId, input.sessionId))
    ) {
      throw new BadRequestError("That session is not one of this patient's.", [
        { field: 'sessionId', message: 'is not a session of this patient' },
      ]);
    }
    const settings = await clinicSettingsOf(this.deps.clinics, clinicId);
    const now = this.deps.clock();
    return this.deps.transact((trx) => this.storeByStaff(trx, ctx, patientId, input, settings, now));
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
    const recorded = await this.recorder.store(trx, {
      ...input,
      clinicId: ctx.principal.clinicId,
      patientId,
      recordedBy: ctx.principal.userId,
      source: 'staff',
      linkId: null,
      settings,
      now,
    });
    await this.deps.audit.record(
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
    const settings = await clinicSettingsOf(this.deps.clinics, clinicId);
    return async (trx, patientId, input) => {
      if (!(await this.deps.patients.findById(clinicId, patientId, trx))) throw noSuchPatient();
      if (
        input.sessionId &&
        !(await this.ports.scheduling.sessionBelongsToPatient(clinicId, patientId, input.sessionId, trx))
      ) {
        throw new BadRequestError("That session is not one of this patient's.", [
          { field: 'sessionId', message: 'is not a session of this patient' },
        ]);
      }
      return this.storeByStaff(trx, ctx, patientId, input, settings, this.deps.clock());
    };
  }

  async list(ctx: RequestContext, patientId: string, instrumentId?: string) {
    await requirePatient(this.deps.patients, ctx.principal.clinicId, patientId);
    const rows = await this.deps.measures.listForPatient(ctx.principal.clinicId, patientId, instrumentId);
    await this.deps.audit.record(ctx, {
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
    const row = await this.deps.measures.findMeasure(ctx.principal.clinicId, measureId);
    if (!row) throw new NotFoundError('No such measure in this clinic.');
    await this.deps.audit.record(ctx, {
      action: 'read',
      resourceType: 'QuestionnaireResponse',
      resourceId: measureId,
      patientId: row.patientId,
    });
    return row.questionnaireResponse;
  }

  /** Demo data and imports: a completed session in the past, for the time axis of trajectories. */
  recordPastSession(
    clinicId: string,
    patientId: string,
    session: { modality: string; number: number; startsAt: Date; minutes: number },
  ) {
    return this.ports.scheduling.insertPastSession({
      clinicId,
      patientId,
      modality: session.modality,
      sessionNumber: session.number,
      startsAt: session.startsAt,
      endsAt: new Date(session.startsAt.getTime() + session.minutes * 60_000),
      createdAt: this.deps.clock(),
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

/**
 * Storing one scored instrument, the step every way of recording a measure shares (staff in the app, a FHIR
 * QuestionnaireResponse, the patient through a link): scored, stored with its FHIR QuestionnaireResponse and
 * Observations, announced (webhooks) and any suicide-risk alert raised, all in the caller's transaction.
 */
import { CLOCK_DRIFT_TOLERANCE_MS, observationTimeProblem } from '../../../domain/shared/plausible-dates.js';
import { randomUUID } from 'node:crypto';
import { getInstrument, isInstrumentId, scoreInstrument, type ScoreResult } from '../../../domain/instruments/index.js';
import { toQuestionnaireResponse, toScoreObservations } from '../../../domain/fhir/questionnaire.js';
import type { MeasureContext } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError } from '../../errors/http-errors.js';
import type { AlertsService } from '../alerts/alerts.service.js';
import { resolveClinicSettings, type ClinicSettings } from '../clinics/clinic-settings.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { MeasuresRepository, NewObservation } from './measures.repository.js';

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

/** What `MeasureNotices.measureStored` is told of a stored measure: ids and the time only. */
export interface StoredMeasure {
  readonly id: string;
  readonly clinicId: string;
  readonly patientId: string;
  readonly recordedAt: Date;
}

type Trx = Parameters<Parameters<Transact>[0]>[0];

/** What the measures module tells the clinic, inside the transaction that stored a measure (clinic-notices.ts). */
export interface MeasureNotices {
  /** Webhooks: measure.stored. */
  measureStored(trx: Trx, measure: StoredMeasure): Promise<void>;
}

/** The clinic's settings as the measures module reads them (alert rules, outcome rules, link lifetime). */
export async function clinicSettingsOf(
  clinics: Pick<ClinicsRepository, 'findById'>,
  clinicId: string,
): Promise<ClinicSettings> {
  return resolveClinicSettings((await clinics.findById(clinicId))?.settings);
}

export class MeasureRecorder {
  constructor(
    private readonly measures: MeasuresRepository,
    private readonly alerts: AlertsService,
    private readonly notices?: MeasureNotices,
  ) {}

  /** Scores, stores (measure + FHIR resources) and raises any alert, inside the caller's transaction. */
  async store(
    trx: Trx,
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
    await this.notices?.measureStored(trx, {
      id,
      clinicId: input.clinicId,
      patientId: input.patientId,
      recordedAt: input.now,
    });
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
}

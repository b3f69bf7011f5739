import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, MeasureContext, MeasureTable } from '../../db/schema.js';
import { nextPatientVersion } from '../../db/patient-versions.js';
import { isAnyUuid } from '../../db/uuids.js';

/** A measure as it is stored, without the id the database gives it. */
export type NewMeasure = Omit<Selectable<MeasureTable>, 'id'>;

export interface NewObservation {
  codeSystem: string;
  code: string;
  valueNumber: number | null;
  valueCode: string | null;
  effectiveAt: Date;
  resource: Record<string, unknown>;
}

export class MeasuresRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(
    trx: Transaction<Database>,
    measure: NewMeasure & { id: string },
    observations: NewObservation[],
  ): Promise<void> {
    await trx
      .insertInto('measure')
      .values({
        ...measure,
        answers: JSON.stringify(measure.answers),
        flags: JSON.stringify(measure.flags),
        subscales: measure.subscales ? JSON.stringify(measure.subscales) : null,
        questionnaireResponse: JSON.stringify(measure.questionnaireResponse),
      })
      .execute();
    if (observations.length > 0) {
      await trx
        .insertInto('observation')
        .values(
          observations.map((o) => ({
            ...o,
            clinicId: measure.clinicId,
            patientId: measure.patientId,
            measureId: measure.id,
            resource: JSON.stringify(o.resource),
          })),
        )
        .execute();
    }
  }

  listForPatient(clinicId: string, patientId: string, instrumentId?: string) {
    let query = this.db
      .selectFrom('measure as m')
      .leftJoin('appUser as u', 'u.id', 'm.recordedBy')
      .select([
        'm.id',
        'm.instrumentId',
        'm.instrumentVersion',
        'm.context',
        'm.sessionId',
        'm.answers',
        'm.total',
        'm.band',
        'm.flags',
        'm.subscales',
        'm.observedAt',
        'm.recordedAt',
        'm.source',
        'u.displayName as recordedByName',
      ])
      .where('m.clinicId', '=', clinicId)
      .where('m.patientId', '=', patientId);
    if (instrumentId) query = query.where('m.instrumentId', '=', instrumentId);
    return query.orderBy('m.observedAt', 'asc').execute();
  }

  findMeasure(clinicId: string, id: string) {
    return this.db
      .selectFrom('measure')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  // Links -----------------------------------------------------------------------------------------------------

  async insertLink(link: {
    clinicId: string;
    patientId: string;
    tokenHash: string;
    instruments: string[];
    context: MeasureContext;
    sessionId: string | null;
    createdBy: string;
    createdAt: Date;
    expiresAt: Date;
  }) {
    return this.db
      .insertInto('measureLink')
      .values({ ...link, instruments: JSON.stringify(link.instruments) })
      .returning(['id'])
      .executeTakeFirstOrThrow();
  }

  findLinkByTokenHash(tokenHash: string, trx?: Transaction<Database>) {
    return (trx ?? this.db)
      .selectFrom('measureLink as l')
      .innerJoin('clinic as c', 'c.id', 'l.clinicId')
      .selectAll('l')
      .select(['c.name as clinicName', 'c.settings as clinicSettings'])
      .where('l.tokenHash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Marks a link used; false when it was already used (a link works once, even under a double submit). */
  async useLink(trx: Transaction<Database>, id: string, at: Date): Promise<boolean> {
    const result = await trx
      .updateTable('measureLink')
      .set({ usedAt: at })
      .where('id', '=', id)
      .where('usedAt', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  linksForPatient(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('measureLink')
      .select(['id', 'instruments', 'context', 'createdAt', 'expiresAt', 'usedAt'])
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .orderBy('createdAt', 'desc')
      .limit(50)
      .execute();
  }

  // Schedules -------------------------------------------------------------------------------------------------

  latestSchedule(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('measurementSchedule')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async insertSchedule(
    trx: Transaction<Database>,
    row: {
      clinicId: string;
      patientId: string;
      rules: Array<{ instrument: string; timing: string }>;
      createdAt: Date;
      createdBy: string;
    },
  ) {
    const version = await nextPatientVersion(trx, 'measurementSchedule', row.patientId);
    await trx
      .insertInto('measurementSchedule')
      .values({ ...row, version, rules: JSON.stringify(row.rules) })
      .execute();
    return version;
  }

  // Clinic overview -------------------------------------------------------------------------------------------

  /**
   * Per patient and instrument: the baseline (last total at or before the first treatment) and the latest total
   * after it, as the database keeps them in patient_outcome_summary on every measure and session write (migration
   * 20261206007100): one row per patient and instrument, whatever the length of each history.
   */
  async baselineAndLatest(clinicId: string) {
    const rows = await this.db
      .selectFrom('patientOutcomeSummary')
      .select(['patientId', 'instrumentId', 'baseline', 'latest', 'latestAt'])
      .where('clinicId', '=', clinicId)
      .execute();
    return rows;
  }

  recentScores(clinicId: string, limit: number) {
    return this.db
      .selectFrom('measure as m')
      .innerJoin('patient as p', (j) => j.onRef('p.id', '=', 'm.patientId').onRef('p.clinicId', '=', 'm.clinicId'))
      .select([
        'm.id',
        'm.patientId',
        'm.instrumentId',
        'm.total',
        'm.band',
        'm.observedAt',
        'p.givenName',
        'p.familyName',
        'p.mrn',
      ])
      .where('m.clinicId', '=', clinicId)
      .orderBy('m.observedAt', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * The clinic page's counts: how many patients per instrument share each (baseline, latest) pair. Totals are small
   * integers, so this is a few hundred rows however many patients the clinic has; the response and remission rules
   * stay in the domain and are applied once per pair.
   */
  outcomeDistribution(clinicId: string) {
    return this.db
      .selectFrom('patientOutcomeSummary')
      .select(['instrumentId', 'baseline', 'latest', (eb) => eb.fn.countAll<number>().as('patients')])
      .where('clinicId', '=', clinicId)
      .groupBy(['instrumentId', 'baseline', 'latest'])
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, patients: Number(r.patients) })));
  }

  /**
   * What of these patients' history can still make a measure due (domain `dueInputHorizon`), beside their sessions
   * (scheduling's `dueHistorySessions`): the measures completed from `completedFrom` on, and their schedules, latest
   * version first.
   */
  async dueHistory(clinicId: string, patientIds: readonly string[], completedFrom: Date) {
    const [measures, schedules] = await Promise.all([
      this.db
        .selectFrom('measure')
        .select(['patientId', 'instrumentId', 'observedAt'])
        .where('clinicId', '=', clinicId)
        .where(isAnyUuid('patientId', patientIds))
        .where('observedAt', '>=', completedFrom)
        .execute(),
      this.db
        .selectFrom('measurementSchedule as ms')
        .select(['ms.patientId', 'ms.rules', 'ms.version'])
        .where('ms.clinicId', '=', clinicId)
        .where(isAnyUuid('ms.patientId', patientIds))
        .orderBy('ms.version', 'desc')
        .execute(),
    ]);
    return { measures, schedules };
  }

  /** Answers to these instruments of these patients observed from `from` (the treatment day's same-day suicide-risk reading). */
  riskAnswersSince(
    clinicId: string,
    patientIds: readonly string[],
    from: Date,
    instrumentIds: readonly string[],
    trx?: Transaction<Database>,
  ): Promise<
    Array<{
      id: string;
      patientId: string;
      instrumentId: string;
      observedAt: Date;
      band: string | null;
      answers: Record<string, number | boolean>;
    }>
  > {
    if (patientIds.length === 0 || instrumentIds.length === 0) return Promise.resolve([]);
    return (trx ?? this.db)
      .selectFrom('measure')
      .select(['id', 'patientId', 'instrumentId', 'observedAt', 'band', 'answers'])
      .where('clinicId', '=', clinicId)
      .where('patientId', 'in', [...patientIds])
      .where('instrumentId', 'in', [...instrumentIds])
      .where('observedAt', '>=', from)
      .orderBy('observedAt')
      .execute();
  }

  /** Questionnaires completed for this session or since `since` (pre-session measures). */
  questionnaires(clinicId: string, patientId: string, sessionId: string, since: Date, trx?: Transaction<Database>) {
    return (trx ?? this.db)
      .selectFrom('measure')
      .select(['id', 'instrumentId', 'observedAt', 'flags', 'sessionId'])
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .where((eb) => eb.or([eb('sessionId', '=', sessionId), eb('observedAt', '>=', since)]))
      .orderBy('observedAt')
      .execute();
  }
}

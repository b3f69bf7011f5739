/**
 * Bench-only bulk generator for the clinic outcome page: synthetic patients, their treatment sessions and their
 * scored measures, written straight into a migrated Ketaclinic database with multi-row INSERTs (the API would
 * take hours at 300,000 scores). The server must not be running on a PGlite folder while this writes to it.
 *
 * Every measure has the shape real recording gives it (MeasureRecorder.store): the answers go through the
 * instrument's own `scoreInstrument`, the row keeps the item scores, total, band, flags and subscales, the FHIR
 * QuestionnaireResponse from `toQuestionnaireResponse`, and its Observations from `toScoreObservations`. Patients
 * get an MRN from the clinic's counter (advanced once for the whole range) and their first history version.
 * What it does not write: audit events (a bulk load is not a user's action, and the hash chain is not what the
 * outcome page reads), and alerts, because the generated answers never raise one (see lib/synthetic-answers.ts).
 *
 * Trajectories: intake scores, an induction of six sessions over about two weeks (PHQ-9 and C-SSRS before each,
 * MOAA/S and CADSS-6 during, PHQ-9 24 h after), weekly then monthly follow-ups, and maintenance sessions every four
 * to six weeks. About 55 % of patients respond, 20 % partly, 25 % not; a sixth of responders relapse after two
 * months. Deterministic for a seed, except the uuids; times are relative to `now`.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely, type Transaction } from 'kysely';
import { toQuestionnaireResponse, toScoreObservations } from '../src/domain/fhir/questionnaire.js';
import { getInstrument, scoreInstrument } from '../src/domain/instruments/index.js';
import type { Database, MeasureContext } from '../src/server/db/schema.js';
import { resolveClinicSettings } from '../src/server/modules/clinics/clinic-settings.js';
import { formatMrn } from '../src/server/modules/patients/patients.service.js';
import { mulberry32, syntheticPatient } from './generate-patients.js';
import { isAlertFree, syntheticAnswers } from './lib/synthetic-answers.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface OutcomeDataOptions {
  readonly clinicId: string;
  /** The staff member the measures are recorded by (a nurse of the clinic), or null. */
  readonly recordedBy: string | null;
  readonly patients: number;
  /** Scored measures in all, spread over the patients (about scores / patients each). */
  readonly scores: number;
  readonly seed: number;
  readonly now: Date;
  /** Patients written per transaction (default 200). */
  readonly patientsPerBatch?: number;
  readonly onProgress?: (done: { patients: number; measures: number }) => void;
}

export interface OutcomeDataReport {
  patients: number;
  sessions: number;
  measures: number;
  observations: number;
  /** Patients with a session in the last 30 days or the next 7 (what the due list looks at). */
  activePatients: number;
  /** Building the rows in JavaScript (scoring, FHIR resources, JSON). */
  buildMs: number;
  /** Sending them to the database. */
  insertMs: number;
  totalMs: number;
}

interface PlannedSession {
  number: number;
  at: number;
  status: 'completed' | 'scheduled';
}
interface PlannedMeasure {
  instrument: string;
  context: MeasureContext;
  session: number | null;
  at: number;
  severity: number;
}

/** How many measures patient i gets: 60-140 % of the mean, summing exactly to `total`. */
export function measuresPerPatient(patients: number, total: number, rng: () => number): number[] {
  const mean = total / patients;
  const counts = Array.from({ length: patients }, () => Math.max(1, Math.round(mean * (0.6 + 0.8 * rng()))));
  let diff = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % patients) {
    const step = diff > 0 ? 1 : -1;
    if (step < 0 && (counts[i] ?? 0) <= 1) continue;
    counts[i] = (counts[i] ?? 0) + step;
    diff -= step;
  }
  return counts;
}

/**
 * One patient's course, as offsets in ms from intake: the first `count` measures in time order and the sessions
 * they belong to. Severity (0..1) follows the patient's response type.
 */
export function planCourse(
  count: number,
  rng: () => number,
): { sessions: PlannedSession[]; measures: PlannedMeasure[] } {
  const baseline = 0.5 + 0.4 * rng();
  const kind = rng();
  const floor = kind < 0.55 ? 0.15 + 0.3 * rng() : kind < 0.75 ? 0.55 + 0.2 * rng() : 0.85 + 0.2 * rng();
  const relapses = kind < 0.55 && rng() < 1 / 6;
  const firstSession = (3 + Math.floor(rng() * 8)) * DAY + 9 * HOUR;
  const severityAt = (t: number) => {
    const days = Math.max(0, (t - firstSession) / DAY);
    let s = baseline * (floor + (1 - floor) * Math.exp(-days / 6));
    if (relapses && days > 60) s += (baseline - s) * Math.min(1, (days - 60) / 30);
    return s;
  };
  const events: PlannedMeasure[] = [];
  const sessions: PlannedSession[] = [];
  const add = (
    instrument: string,
    context: MeasureContext,
    session: number | null,
    at: number,
    severity = severityAt(at),
  ) => {
    events.push({ instrument, context, session, at, severity });
  };
  add('phq-9', 'intake', null, 10 * HOUR);
  add('gad-7', 'intake', null, 10 * HOUR + 5 * 60_000);
  add('c-ssrs-screener', 'intake', null, 10 * HOUR + 10 * 60_000);
  if (rng() < 0.25) add('pcl-5', 'intake', null, 10 * HOUR + 15 * 60_000);
  if (rng() < 0.15) add('qids-sr16', 'intake', null, 10 * HOUR + 20 * 60_000);
  const session = (n: number, at: number) => {
    sessions.push({ number: n, at, status: 'completed' });
    add('phq-9', 'pre-session', n, at - 30 * 60_000);
    add('c-ssrs-screener', 'pre-session', n, at - 25 * 60_000);
    add('moaa-s', 'in-session', n, at + 40 * 60_000, 0.75 + 0.25 * rng());
    if (rng() < 0.6) add('cadss-6', 'in-session', n, at + 60 * 60_000, 0.1 + 0.25 * rng());
    add('phq-9', 'post-session-24h', n, at + 24 * HOUR);
  };
  // Induction: six sessions, two to three a week.
  const induction = [0, 2, 4, 7, 9, 11];
  induction.forEach((d, i) => session(i + 1, firstSession + d * DAY));
  // Then weekly follow-ups for four weeks, and maintenance every four to six weeks with monthly follow-ups.
  let t = firstSession + 11 * DAY;
  for (let w = 1; w <= 4 && events.length < count; w += 1) {
    add('phq-9', 'weekly', null, t + w * 7 * DAY);
    add('gad-7', 'weekly', null, t + w * 7 * DAY + 5 * 60_000);
  }
  t += 28 * DAY;
  let n = induction.length;
  while (events.length < count) {
    t += (28 + Math.floor(rng() * 15)) * DAY;
    n += 1;
    session(n, t);
    add('phq-9', 'monthly', null, t + 14 * DAY);
    add('gad-7', 'monthly', null, t + 14 * DAY + 5 * 60_000);
  }
  events.sort((a, b) => a.at - b.at);
  const measures = events.slice(0, count);
  const lastAt = measures[measures.length - 1]?.at ?? 0;
  const used = new Set(measures.map((m) => m.session).filter((s): s is number => s !== null));
  // A session belongs to the course if one of its measures was taken, or it came before the last measure.
  return { sessions: sessions.filter((s) => used.has(s.number) || s.at <= lastAt), measures };
}

async function insertChunked(
  trx: Transaction<Database>,
  table: 'patient' | 'patientVersion' | 'treatmentSession' | 'measure' | 'observation',
  rows: readonly object[],
  columns: number,
): Promise<void> {
  // PostgreSQL allows 65,535 bind parameters per statement.
  const size = Math.max(1, Math.floor(60_000 / columns));
  for (let i = 0; i < rows.length; i += size) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

export async function generateOutcomeData(
  db: Kysely<Database>,
  options: OutcomeDataOptions,
): Promise<OutcomeDataReport> {
  const started = performance.now();
  const rng = mulberry32(options.seed * 7919 + 17);
  const now = options.now.getTime();
  const clinic = await db
    .selectFrom('clinic')
    .select(['settings'])
    .where('id', '=', options.clinicId)
    .executeTakeFirstOrThrow();
  const prefix = resolveClinicSettings(clinic.settings).mrnPrefix;
  // Take the whole MRN range at once under the counter's row lock, as N registrations would one by one.
  const counter = await db
    .insertInto('mrnSequence')
    .values({ clinicId: options.clinicId, lastValue: options.patients })
    .onConflict((oc) =>
      oc.column('clinicId').doUpdateSet({ lastValue: sql`mrn_sequence.last_value + ${options.patients}` }),
    )
    .returning('lastValue')
    .executeTakeFirstOrThrow();
  const firstMrn = counter.lastValue - options.patients + 1;
  const counts = measuresPerPatient(options.patients, options.scores, rng);
  const perBatch = options.patientsPerBatch ?? 200;
  const report: OutcomeDataReport = {
    patients: 0,
    sessions: 0,
    measures: 0,
    observations: 0,
    activePatients: 0,
    buildMs: 0,
    insertMs: 0,
    totalMs: 0,
  };

  for (let from = 0; from < options.patients; from += perBatch) {
    const buildStarted = performance.now();
    const patients: object[] = [];
    const versions: object[] = [];
    const sessions: object[] = [];
    const measures: object[] = [];
    const observations: object[] = [];
    for (let i = from; i < Math.min(options.patients, from + perBatch); i += 1) {
      const patientRng = mulberry32(Math.imul(options.seed + 1, 0x2545f491) ^ Math.imul(i + 1, 0x9e3779b1));
      const course = planCourse(counts[i] ?? 1, patientRng);
      const lastAt = course.measures[course.measures.length - 1]?.at ?? 0;
      // One patient in twelve is in treatment now (last measure within 25 days); the others finished up to two years ago.
      const isActive = patientRng() < 1 / 12;
      const ageOfLast = isActive ? patientRng() * 25 * DAY : (25 + patientRng() * 700) * DAY;
      const intakeAt = now - ageOfLast - lastAt;
      const patientId = randomUUID();
      const input = syntheticPatient(options.seed, 1_000_000 + i);
      const fields = {
        givenName: input.givenName,
        familyName: input.familyName,
        dateOfBirth: input.dateOfBirth,
        sex: input.sex,
        phone: input.phone ?? null,
        email: input.email?.toLowerCase() ?? null,
        address: input.address ?? null,
      };
      const createdAt = new Date(intakeAt - DAY);
      const mrn = formatMrn(prefix, firstMrn + i);
      patients.push({
        id: patientId,
        clinicId: options.clinicId,
        mrn,
        ...fields,
        address: fields.address ? JSON.stringify(fields.address) : null,
        version: 1,
        createdAt,
        createdBy: options.recordedBy,
        updatedAt: createdAt,
        updatedBy: options.recordedBy,
      });
      versions.push({
        clinicId: options.clinicId,
        patientId,
        version: 1,
        data: JSON.stringify({ mrn, ...fields }),
        changedFields: JSON.stringify(Object.keys(fields)),
        changedBy: options.recordedBy,
        changedAt: createdAt,
      });
      const sessionIds = new Map<number, string>();
      const planned = [...course.sessions];
      // A patient in treatment has the next session booked within the week.
      const lastSession = planned[planned.length - 1];
      if (isActive && lastSession)
        planned.push({ number: lastSession.number + 1, at: now + (1 + patientRng() * 6) * DAY, status: 'scheduled' });
      let isActiveWindow = false;
      for (const s of planned) {
        const startsAt = s.status === 'scheduled' ? s.at : intakeAt + s.at;
        const id = randomUUID();
        sessionIds.set(s.number, id);
        if (startsAt >= now - 30 * DAY && startsAt <= now + 7 * DAY) isActiveWindow = true;
        sessions.push({
          id,
          clinicId: options.clinicId,
          patientId,
          modality: 'iv-ketamine',
          sessionNumber: s.number,
          startsAt: new Date(startsAt),
          endsAt: new Date(startsAt + 40 * 60_000),
          status: s.status,
          createdAt: new Date(Math.min(now, startsAt) - 3 * DAY),
          createdBy: null,
        });
      }
      if (isActiveWindow) report.activePatients += 1;
      const subject = { reference: `Patient/${patientId}` };
      for (const m of course.measures) {
        const observedAt = new Date(intakeAt + m.at);
        const answers = syntheticAnswers(m.instrument, m.severity, patientRng);
        const result = scoreInstrument(m.instrument, answers);
        if (!isAlertFree(result))
          throw new Error(`generated ${m.instrument} answers would raise an alert: ${JSON.stringify(answers)}`);
        const id = randomUUID();
        const questionnaireResponse = toQuestionnaireResponse({
          instrumentId: m.instrument,
          answers,
          subject,
          authored: observedAt,
          id,
        });
        measures.push({
          id,
          clinicId: options.clinicId,
          patientId,
          instrumentId: m.instrument,
          instrumentVersion: getInstrument(m.instrument).version,
          context: m.context,
          sessionId: m.session === null ? null : (sessionIds.get(m.session) ?? null),
          answers: JSON.stringify(result.itemScores),
          total: result.total,
          band: result.band,
          flags: JSON.stringify(result.flags),
          subscales: result.subscales ? JSON.stringify(result.subscales) : null,
          questionnaireResponse: JSON.stringify(questionnaireResponse),
          observedAt,
          recordedAt: new Date(observedAt.getTime() + 2 * 60_000),
          recordedBy: options.recordedBy,
          source: 'staff',
          linkId: null,
        });
        // The same mapping as MeasureRecorder.store.
        for (const resource of toScoreObservations({
          result,
          subject,
          effective: observedAt,
          derivedFrom: { reference: `QuestionnaireResponse/${id}` },
        })) {
          const coding = resource.code.coding?.[0];
          observations.push({
            clinicId: options.clinicId,
            patientId,
            measureId: id,
            codeSystem: coding?.system ?? 'urn:ketaclinic',
            code: coding?.code ?? 'unknown',
            valueNumber: resource.valueInteger ?? resource.valueQuantity?.value ?? null,
            valueCode: resource.valueCodeableConcept?.coding?.[0]?.code ?? null,
            effectiveAt: observedAt,
            resource: JSON.stringify(resource),
          });
        }
      }
    }
    const insertStarted = performance.now();
    report.buildMs += insertStarted - buildStarted;
    await db.transaction().execute(async (trx) => {
      await insertChunked(trx, 'patient', patients, 14);
      await insertChunked(trx, 'patientVersion', versions, 7);
      await insertChunked(trx, 'treatmentSession', sessions, 10);
      await insertChunked(trx, 'measure', measures, 19);
      await insertChunked(trx, 'observation', observations, 10);
    });
    report.insertMs += performance.now() - insertStarted;
    report.patients += patients.length;
    report.sessions += sessions.length;
    report.measures += measures.length;
    report.observations += observations.length;
    options.onProgress?.({ patients: report.patients, measures: report.measures });
  }
  report.totalMs = performance.now() - started;
  return report;
}

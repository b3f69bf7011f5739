import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { MeasuresRepository } from './measures.repository.js';

/**
 * The clinic outcome page's per-patient baseline and latest score (MeasuresRepository.baselineAndLatest).
 * Baseline = the last score at or before the first treatment; latest = the last score after it (clinical
 * reference, outcome rules; the response/remission arithmetic itself is tested in src/domain/outcomes).
 */
describeEachDatabase('measures repository: baseline and latest per patient and instrument', (ctx) => {
  let clinicId: string;
  let otherClinicId: string;
  const patients: Record<string, string> = {};

  const addPatient = async (clinic: string, key: string) => {
    const row = await sql<{
      id: string;
    }>`insert into patient (clinic_id, mrn, given_name, family_name, date_of_birth, sex, created_at, updated_at)
      values (${clinic}, ${`T-${key}`}, 'Test', ${key}, '1980-01-01', 'unknown', now(), now()) returning id`.execute(
      ctx.database.db,
    );
    patients[key] = row.rows[0]!.id;
    return row.rows[0]!.id;
  };
  const addSession = (clinic: string, patientId: string, startsAt: string, status = 'completed') =>
    sql`insert into treatment_session (clinic_id, patient_id, modality, session_number, starts_at, ends_at, status, created_at)
      values (${clinic}, ${patientId}, 'iv-ketamine', 1, ${startsAt}, ${new Date(new Date(startsAt).getTime() + 3_600_000).toISOString()}, ${status}, now())`.execute(
      ctx.database.db,
    );
  const addScore = (clinic: string, patientId: string, instrument: string, observedAt: string, total: number | null) =>
    sql`insert into measure (clinic_id, patient_id, instrument_id, instrument_version, context, answers, total, band, flags, questionnaire_response, observed_at, recorded_at, source)
      values (${clinic}, ${patientId}, ${instrument}, '1', 'follow-up', '{}'::jsonb, ${total}, null, '[]'::jsonb, '{}'::jsonb, ${observedAt}, ${observedAt}, 'staff')`.execute(
      ctx.database.db,
    );

  beforeAll(async () => {
    const { db } = ctx.database;
    clinicId = (
      await sql<{
        id: string;
      }>`insert into clinic (name, slug) values ('Outcome test clinic', 'outcome-test') returning id`.execute(db)
    ).rows[0]!.id;
    otherClinicId = (
      await sql<{
        id: string;
      }>`insert into clinic (name, slug) values ('Other clinic', 'outcome-other') returning id`.execute(db)
    ).rows[0]!.id;

    // Given a patient with two PHQ-9 scores before the first infusion (the second one counts) and three after it
    // (the last one counts), and a GAD-7 score only before treatment.
    const a = await addPatient(clinicId, 'a');
    await addSession(clinicId, a, '2026-10-10T15:00:00Z', 'cancelled');
    await addSession(clinicId, a, '2026-10-20T15:00:00Z');
    await addSession(clinicId, a, '2026-10-22T15:00:00Z');
    await addScore(clinicId, a, 'phq-9', '2026-10-01T10:00:00Z', 21);
    await addScore(clinicId, a, 'phq-9', '2026-10-19T10:00:00Z', 17);
    await addScore(clinicId, a, 'phq-9', '2026-10-21T10:00:00Z', 9);
    await addScore(clinicId, a, 'phq-9', '2026-11-20T10:00:00Z', 4);
    await addScore(clinicId, a, 'phq-9', '2026-10-28T10:00:00Z', 6);
    await addScore(clinicId, a, 'gad-7', '2026-10-19T10:05:00Z', 12);
    // An unscored C-SSRS screener is no series at all.
    await addScore(clinicId, a, 'c-ssrs-screener', '2026-10-19T10:10:00Z', null);

    // A score taken exactly when the first treatment starts is still the baseline.
    const b = await addPatient(clinicId, 'b');
    await addSession(clinicId, b, '2026-10-20T15:00:00Z');
    await addScore(clinicId, b, 'phq-9', '2026-10-20T15:00:00Z', 14);
    await addScore(clinicId, b, 'phq-9', '2026-10-27T15:00:00Z', 7);

    // Scores only after the first treatment: no baseline.
    const c = await addPatient(clinicId, 'c');
    await addSession(clinicId, c, '2026-10-20T15:00:00Z');
    await addScore(clinicId, c, 'phq-9', '2026-10-25T15:00:00Z', 11);

    // No treatment started (only a booked session): not counted.
    const d = await addPatient(clinicId, 'd');
    await addSession(clinicId, d, '2026-12-20T15:00:00Z', 'scheduled');
    await addScore(clinicId, d, 'phq-9', '2026-11-25T15:00:00Z', 19);

    // Another clinic's patient never appears.
    const e = await addPatient(otherClinicId, 'e');
    await addSession(otherClinicId, e, '2026-10-20T15:00:00Z');
    await addScore(otherClinicId, e, 'phq-9', '2026-10-19T15:00:00Z', 20);
    await addScore(otherClinicId, e, 'phq-9', '2026-10-29T15:00:00Z', 2);
  });

  it('takes the last score at or before the first treatment as baseline and the last score after it as latest', async () => {
    const rows = await new MeasuresRepository(ctx.database.db).baselineAndLatest(clinicId);
    const byKey = new Map(rows.map((r) => [`${r.patientId}:${r.instrumentId}`, r]));
    expect(byKey.get(`${patients.a}:phq-9`)).toMatchObject({ baseline: 17, latest: 4 });
    expect(byKey.get(`${patients.a}:phq-9`)?.latestAt?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(byKey.get(`${patients.a}:gad-7`)).toMatchObject({ baseline: 12, latest: null, latestAt: null });
    expect(byKey.get(`${patients.b}:phq-9`)).toMatchObject({ baseline: 14, latest: 7 });
    expect(byKey.get(`${patients.c}:phq-9`)).toMatchObject({ baseline: null, latest: 11 });
  });

  it('leaves out unscored instruments, patients whose treatment has not started, and other clinics', async () => {
    const rows = await new MeasuresRepository(ctx.database.db).baselineAndLatest(clinicId);
    expect(rows.map((r) => `${r.patientId}:${r.instrumentId}`).sort()).toEqual(
      [`${patients.a}:phq-9`, `${patients.a}:gad-7`, `${patients.b}:phq-9`, `${patients.c}:phq-9`].sort(),
    );
  });

  describe('most recent scores', () => {
    it("lists the clinic's scores newest first, up to the limit", async () => {
      const rows = await new MeasuresRepository(ctx.database.db).recentScores(clinicId, 3);
      expect(rows.map((r) => r.observedAt.toISOString())).toEqual([
        '2026-11-25T15:00:00.000Z',
        '2026-11-20T10:00:00.000Z',
        '2026-10-28T10:00:00.000Z',
      ]);
    });
  });

  describe('kept on write by the database (patient_outcome_summary), so the page never re-reads histories', () => {
    it('counts a patient once their booked session starts, and moves the baseline when an earlier session is completed', async () => {
      const repo = new MeasuresRepository(ctx.database.db);
      // Patient d had only a booked session: when it is started, the score before it becomes the baseline.
      await sql`update treatment_session set status = 'in-progress' where patient_id = ${patients.d!}`.execute(
        ctx.database.db,
      );
      let rows = await repo.baselineAndLatest(clinicId);
      expect(rows.find((r) => r.patientId === patients.d)).toMatchObject({
        instrumentId: 'phq-9',
        baseline: 19,
        latest: null,
      });
      // A later score after it is the latest.
      await addScore(clinicId, patients.d!, 'phq-9', '2026-12-21T15:00:00Z', 8);
      rows = await repo.baselineAndLatest(clinicId);
      expect(rows.find((r) => r.patientId === patients.d)).toMatchObject({ baseline: 19, latest: 8 });
    });

    it('rebuilds every patient a bulk insert touches, once per statement', async () => {
      const f = await addPatient(clinicId, 'f');
      const g = await addPatient(clinicId, 'g');
      await addSession(clinicId, f, '2026-10-20T15:00:00Z');
      await addSession(clinicId, g, '2026-10-20T15:00:00Z');
      await sql`insert into measure (clinic_id, patient_id, instrument_id, instrument_version, context, answers, total, band, flags, questionnaire_response, observed_at, recorded_at, source)
        select ${clinicId}, p.id, 'phq-9', '1', 'follow-up', '{}'::jsonb, t.total, null, '[]'::jsonb, '{}'::jsonb, t.at::timestamptz, t.at::timestamptz, 'staff'
        from (values (${f}::uuid), (${g}::uuid)) as p(id),
             (values (20, '2026-10-19T10:00:00Z'), (10, '2026-10-30T10:00:00Z')) as t(total, at)`.execute(
        ctx.database.db,
      );
      const rows = await new MeasuresRepository(ctx.database.db).baselineAndLatest(clinicId);
      expect(rows.filter((r) => r.patientId === f || r.patientId === g).map((r) => [r.baseline, r.latest])).toEqual([
        [20, 10],
        [20, 10],
      ]);
    });
  });
});

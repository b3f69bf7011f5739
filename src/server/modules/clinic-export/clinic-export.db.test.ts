/**
 * The whole-clinic export (issue 15): a zip with one CSV per table of the clinic's records, documented columns and the
 * FHIR NDJSON. Read back with fflate, every CSV holds exactly the clinic's rows of its table, secrets stay out, and
 * the export is audited.
 */
import { sql } from 'kysely';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeAll, expect, it } from 'vitest';
import { parseCsv } from '../../../domain/interop/csv.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, expectStatus, signIn, type Session, type TestApp } from '../../testing/test-app.js';
import { ClinicExportRepository } from './clinic-export.repository.js';

describeEachDatabase('Whole-clinic export', (ctx) => {
  let t: TestApp;
  let admin: Session;
  let files: Record<string, Uint8Array>;

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    admin = await signIn(t.app, 'admin');
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/admin/clinic-export',
      headers: { cookie: admin.cookie },
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="ketaclinic-[a-z0-9-]+-2026-11-02\.zip"$/,
    );
    files = unzipSync(new Uint8Array(response.rawPayload));
  });

  it('is for admins only', async () => {
    await expectStatus(api(t.app, await signIn(t.app, 'prescriber'), 'GET', '/api/admin/clinic-export'), 403);
  });

  it("holds one CSV per table of clinic records, each with exactly the clinic's rows", async () => {
    const repo = new ClinicExportRepository(ctx.database.db);
    const csvNames = Object.keys(files).filter((n) => n.startsWith('csv/'));
    for (const expected of [
      'patient',
      'patient_intake',
      'treatment_plan',
      'treatment_session',
      'treatment_day_entry',
      'measure',
      'observation',
      'consent_signature',
      'safety_alert',
      'ledger_entry',
      'appointment',
      'audit_event',
      'app_user',
      'clinic',
      'patient_identifier',
      'rems_patient_enrolment',
    ]) {
      expect(csvNames).toContain(`csv/${expected}.csv`);
    }
    expect(csvNames).not.toContain('csv/user_session.csv');
    let nonEmpty = 0;
    for (const name of csvNames) {
      const { records, errors } = parseCsv(strFromU8(files[name]!));
      expect(errors).toEqual([]);
      const table = name.slice(4, -4);
      const rows = records.length - 1;
      // Audit events keep arriving (the export itself is audited after it read the table), so the log may have grown.
      if (table === 'audit_event') expect(rows).toBeLessThanOrEqual(await repo.count(table, admin.clinicId));
      else expect(rows, name).toBe(await repo.count(table, admin.clinicId));
      if (rows > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(15);
  });

  it('writes values so they read back: JSON columns as JSON, names as stored', async () => {
    const { records } = parseCsv(strFromU8(files['csv/patient.csv']!));
    const header = records[0]!;
    const first = records[1]!;
    const id = first[header.indexOf('id')]!;
    const stored = await sql<{
      mrn: string;
      family_name: string;
    }>`select mrn, family_name from patient where id = ${id}`.execute(ctx.database.db);
    expect(first[header.indexOf('mrn')]).toBe(stored.rows[0]!.mrn);
    const { records: intakes } = parseCsv(strFromU8(files['csv/patient_intake.csv']!));
    expect(() => JSON.parse(intakes[1]![intakes[0]!.indexOf('data')]!)).not.toThrow();
  });

  it('leaves secrets out', () => {
    const users = strFromU8(files['csv/app_user.csv']!);
    expect(users.split('\r\n')[0]).not.toMatch(/password_hash|mfa_secret|recovery_codes/);
    expect(users).not.toMatch(/\$argon2|\$scrypt|\$2[aby]\$/);
  });

  it('documents every file and column, and holds the FHIR NDJSON of each served type', async () => {
    const columns = strFromU8(files['columns.md']!);
    expect(columns).toContain('## csv/patient.csv');
    expect(columns).toContain('| date_of_birth | date |');
    expect(strFromU8(files['README.md']!)).toMatch(/\| csv\/patient\.csv \| \d+ \|/);
    const patients = strFromU8(files['fhir/Patient.ndjson']!)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { resourceType: string });
    expect(patients.every((p) => p.resourceType === 'Patient')).toBe(true);
    const count = await sql<{
      n: number;
    }>`select count(*)::int as n from patient where clinic_id = ${admin.clinicId}`.execute(ctx.database.db);
    expect(patients.length).toBe(count.rows[0]!.n);
    expect(Object.keys(files)).toContain('fhir/QuestionnaireResponse.ndjson');
  });

  it('is audited when it starts and when it completes', async () => {
    const events = await sql<{
      action: string;
    }>`select action from audit_event where resource_type = 'Clinic' and action like 'export%' and clinic_id = ${admin.clinicId} order by seq`.execute(
      ctx.database.db,
    );
    expect(events.rows.map((e) => e.action)).toEqual(['export', 'export-completed']);
  });
});

/**
 * Patients from CSV (issue 15, "Import"): a dry run reports each row without writing; a real run creates the valid
 * rows with an MRN and their external identifier, reports each bad row by column and loses none of the good ones;
 * importing the same file again matches the patients by identifier instead of creating them twice.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, expectStatus, signIn, type Session, type TestApp } from '../../testing/test-app.js';

const CSV = [
  '\uFEFFLast,First,Born,Sex,Chart no,E-mail',
  'Quist,Ada,1971-03-05,F,OLD-1,ada@example.org',
  '"O\'Neil, Jr",Bram,1968-12-24,M,OLD-2,',
  'Vance,,1990-13-01,Q,OLD-3,nope',
  'Lund,Cy,1985-07-07,U,OLD-4,',
].join('\r\n');
const MAPPING = {
  Last: 'familyName',
  First: 'givenName',
  Born: 'dateOfBirth',
  Sex: 'sex',
  'Chart no': 'identifier',
  'E-mail': 'email',
};
const SYSTEM = 'https://old-ehr.example.org/chart';

describeEachDatabase('Patient import from CSV', (ctx) => {
  let t: TestApp;
  let admin: Session;
  const body = (dryRun: boolean, csv: string | string[] = CSV) => ({
    csv,
    mapping: MAPPING,
    identifierSystem: SYSTEM,
    dryRun,
  });
  const patientCount = async () =>
    Number((await sql<{ n: number }>`select count(*)::int as n from patient`.execute(ctx.database.db)).rows[0]!.n);

  const auditCounts = async () =>
    Object.fromEntries(
      (
        await sql<{ action: string; n: number }>`select action, count(*)::int as n from audit_event
    where resource_type = 'Patient' and action in ('create', 'import') group by action`.execute(ctx.database.db)
      ).rows.map((r) => [r.action, r.n]),
    );

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    admin = await signIn(t.app, 'admin');
  });

  it('is for admins only', async () => {
    await expectStatus(
      api(t.app, await signIn(t.app, 'nurse'), 'POST', '/api/admin/imports/patients', body(true)),
      403,
    );
  });

  it('dry run: reports every row (the bad one by column) and writes no patient', async () => {
    const before = await patientCount();
    const report = await expectStatus(api(t.app, admin, 'POST', '/api/admin/imports/patients', body(true)), 200);
    expect(report.summary).toEqual({ rows: 4, create: 3, created: 0, exists: 0, errors: 1 });
    expect(report.rows[1]).toMatchObject({
      row: 3,
      status: 'create',
      patient: { familyName: "O'Neil, Jr", givenName: 'Bram' },
      identifier: { system: SYSTEM, value: 'OLD-2' },
    });
    expect(report.rows[2]).toEqual({
      row: 4,
      status: 'error',
      errors: [
        { column: 'First', message: 'is empty' },
        { column: 'Born', message: 'is not a date written YYYY-MM-DD' },
        { column: 'Sex', message: 'is not one of female, male, other, unknown (or F, M, O, U)' },
        { column: 'E-mail', message: 'is not an email address' },
      ],
    });
    expect(await patientCount()).toBe(before);
  });

  it('real run: creates the good rows with an MRN and their identifier, and reports the bad one', async () => {
    const before = await patientCount();
    const auditedBefore = await auditCounts();
    const report = await expectStatus(api(t.app, admin, 'POST', '/api/admin/imports/patients', body(false)), 200);
    expect(report.summary).toEqual({ rows: 4, create: 0, created: 3, exists: 0, errors: 1 });
    expect(report.rows.map((r: { status: string }) => r.status)).toEqual(['created', 'created', 'error', 'created']);
    expect(await patientCount()).toBe(before + 3);
    const ada = report.rows[0].patient;
    expect(ada.mrn).toMatch(/-\d{6}$/);
    const stored = await expectStatus(api(t.app, admin, 'GET', `/api/patients/${ada.id}`), 200);
    expect(stored).toMatchObject({
      familyName: 'Quist',
      givenName: 'Ada',
      dateOfBirth: '1971-03-05',
      sex: 'female',
      email: 'ada@example.org',
    });
    const identifiers = await sql<{
      value: string;
    }>`select value from patient_identifier where system = ${SYSTEM} order by value`.execute(ctx.database.db);
    expect(identifiers.rows.map((r) => r.value)).toEqual(['OLD-1', 'OLD-2', 'OLD-4']);
    const audited = await auditCounts();
    expect({
      create: audited.create! - (auditedBefore.create ?? 0),
      import: audited.import! - (auditedBefore.import ?? 0),
    }).toEqual({ create: 3, import: 1 });
  });

  it('re-import matches by external identifier and creates nobody twice; a fixed row is then created', async () => {
    const before = await patientCount();
    const fixed = CSV.replace('Vance,,1990-13-01,Q,OLD-3,nope', 'Vance,Dee,1990-01-13,F,OLD-3,');
    // Sent in pieces cut mid-line, as the web page sends a large file.
    const report = await expectStatus(
      api(t.app, admin, 'POST', '/api/admin/imports/patients', body(false, [fixed.slice(0, 50), fixed.slice(50)])),
      200,
    );
    expect(report.summary).toEqual({ rows: 4, create: 0, created: 1, exists: 3, errors: 0 });
    expect(report.rows[0]).toMatchObject({ status: 'exists', patient: { familyName: 'Quist' } });
    expect(report.rows[2]).toMatchObject({ status: 'created', patient: { familyName: 'Vance' } });
    expect(await patientCount()).toBe(before + 1);
  });

  it('answers 400 naming the mapping when a column is not in the header', async () => {
    const problem = await expectStatus(
      api(t.app, admin, 'POST', '/api/admin/imports/patients', {
        ...body(true),
        mapping: { ...MAPPING, Missing: 'phone' },
      }),
      400,
    );
    expect(problem.errors).toContainEqual({ field: 'mapping.Missing', message: 'is not a column of the CSV header' });
  });
});

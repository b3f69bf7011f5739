/**
 * `POST /fhir/R4` with a transaction Bundle (issue 15, "Import"): Patients, Conditions, MedicationStatements and
 * QuestionnaireResponses linked by urn:uuid fullUrls are stored all or nothing; a LOINC-form PHQ-9 in the Bundle is
 * scored and raises the same suicide-risk alert as one answered in the app; a bad entry rolls everything back and
 * is named in the OperationOutcome.
 */
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Bundle, OperationOutcome } from '@medplum/fhirtypes';
import { describeEachDatabase } from '../testing/test-database.js';
import { api, createTestApp, expectStatus, signIn, type Session, type TestApp } from '../testing/test-app.js';
import { createApiToken } from '../modules/api-tokens/api-tokens.testing.js';

const PATIENT_URL = 'urn:uuid:7d1c1f5e-0b7a-4d0e-9b1a-1c2d3e4f5a6b';
const SYSTEM = 'https://previous-clinic.example.org/patients';

/** A LOINC-form PHQ-9 (panel 44249-1), linkIds the item LOINC codes and answers LA codes, as LHC-Forms sends it. */
function loincPhq9(subject: string, scores: readonly number[]) {
  const items = ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8'];
  const answers = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'];
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: 'http://loinc.org/q/44249-1',
    status: 'completed',
    subject: { reference: subject },
    authored: '2026-11-02T14:00:00Z',
    item: items.map((code, i) => ({
      linkId: `/${code}`,
      answer: [{ valueCoding: { system: 'http://loinc.org', code: answers[scores[i]!] } }],
    })),
  };
}

function bundle(options: { identifier?: string; conditionCode?: string; phq9?: ReturnType<typeof loincPhq9> } = {}) {
  const post = (url: string) => ({ method: 'POST', url });
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: PATIENT_URL,
        request: post('Patient'),
        resource: {
          resourceType: 'Patient',
          identifier: [{ system: SYSTEM, value: options.identifier ?? 'P-100' }],
          name: [{ family: 'Oyelaran', given: ['Tunde'] }],
          birthDate: '1979-06-30',
          gender: 'male',
          telecom: [{ system: 'email', value: 'tunde@example.org' }],
          address: [{ line: ['4 Elm St'], city: 'Dayton', state: 'OH', postalCode: '45402' }],
        },
      },
      {
        fullUrl: 'urn:uuid:c0000000-0000-4000-8000-000000000001',
        request: post('Condition'),
        resource: {
          resourceType: 'Condition',
          subject: { reference: PATIENT_URL },
          code: {
            coding: [
              {
                system: 'http://hl7.org/fhir/sid/icd-10-cm',
                code: options.conditionCode ?? 'F33.2',
                display: 'Major depressive disorder, recurrent severe without psychotic features',
              },
            ],
          },
        },
      },
      {
        fullUrl: 'urn:uuid:c0000000-0000-4000-8000-000000000002',
        request: post('MedicationStatement'),
        resource: {
          resourceType: 'MedicationStatement',
          status: 'active',
          subject: { reference: PATIENT_URL },
          medicationCodeableConcept: { text: 'sertraline' },
          dosage: [{ text: '100 mg daily' }],
        },
      },
      {
        fullUrl: 'urn:uuid:c0000000-0000-4000-8000-000000000003',
        request: post('QuestionnaireResponse'),
        resource: options.phq9 ?? loincPhq9(PATIENT_URL, [2, 2, 1, 1, 1, 1, 1, 0, 1]),
      },
    ],
  };
}

describeEachDatabase('FHIR transaction Bundle import', (ctx) => {
  let t: TestApp;
  let admin: Session;
  const post = (session: Session, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/fhir/R4',
      payload: JSON.stringify(body),
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/fhir+json' },
    });
  const counts = async () =>
    (
      await sql<{ patients: number; measures: number; intakes: number }>`select
    (select count(*)::int from patient) as patients, (select count(*)::int from measure) as measures, (select count(*)::int from patient_intake) as intakes`.execute(
        ctx.database.db,
      )
    ).rows[0]!;

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    admin = await signIn(t.app, 'admin');
  });

  it('creates the patient, its diagnosis and medicine, and a scored PHQ-9 that raises the suicide-risk alert (item 9 > 0)', async () => {
    const response = await post(admin, bundle());
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const result = response.json<Bundle>();
    expect(result.type).toBe('transaction-response');
    expect(result.entry!.map((e) => e.response!.status)).toEqual([
      '201 Created',
      '201 Created',
      '201 Created',
      '201 Created',
    ]);
    const patientId = /\/fhir\/R4\/Patient\/([0-9a-f-]{36})\/_history\/1$/.exec(
      result.entry![0]!.response!.location!,
    )![1]!;
    expect(result.entry![1]!.response!.location).toMatch(new RegExp(`/fhir/R4/Condition/${patientId}-F33.2$`));
    const measureId = /QuestionnaireResponse\/([0-9a-f-]{36})\/_history\/1$/.exec(
      result.entry![3]!.response!.location!,
    )![1]!;

    const patient = await expectStatus(api(t.app, admin, 'GET', `/api/patients/${patientId}`), 200);
    expect(patient).toMatchObject({
      familyName: 'Oyelaran',
      givenName: 'Tunde',
      dateOfBirth: '1979-06-30',
      sex: 'male',
      email: 'tunde@example.org',
      address: { line: '4 Elm St', city: 'Dayton', region: 'OH', postalCode: '45402' },
    });
    expect(patient.mrn).toMatch(/-\d{6}$/);
    const intake = await expectStatus(api(t.app, admin, 'GET', `/api/patients/${patientId}/intake`), 200);
    expect(intake.intake.diagnoses).toEqual([
      { code: 'F33.2', name: 'Major depressive disorder, recurrent severe without psychotic features' },
    ]);
    expect(intake.intake.medications).toEqual([{ name: 'sertraline', dose: '100 mg daily' }]);
    // The medicine's location reads back as a MedicationStatement of the latest intake.
    const location = /\/fhir\/R4\/(MedicationStatement\/[\w-]+)$/.exec(result.entry![2]!.response!.location!)![1]!;
    const read = await t.app.inject({
      method: 'GET',
      url: `/fhir/R4/${location}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({
      resourceType: 'MedicationStatement',
      status: 'active',
      medicationCodeableConcept: { text: 'sertraline' },
      dosage: [{ text: '100 mg daily' }],
      subject: { reference: `Patient/${patientId}` },
    });
    // PHQ-9 item 9 above 0 must reach a clinician (Kroenke et al. 2001; clinical reference section 2): the same alert as in the app.
    const alerts = await expectStatus(api(t.app, admin, 'GET', `/api/alerts?patientId=${patientId}`), 200);
    expect(alerts.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ measureId, kind: 'suicide-risk' })]),
    );
    const total = await sql<{ total: number }>`select total from measure where id = ${measureId}`.execute(
      ctx.database.db,
    );
    expect(total.rows[0]!.total).toBe(10);
  });

  it('sending the same Bundle again finds the patient by its identifier instead of creating a second one', async () => {
    const before = await counts();
    const response = await post(admin, bundle({ phq9: loincPhq9(PATIENT_URL, [0, 0, 0, 0, 0, 0, 0, 0, 0]) }));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<Bundle>().entry![0]!.response!.status).toBe('200 OK');
    const after = await counts();
    expect(after.patients).toBe(before.patients);
    expect(after.measures).toBe(before.measures + 1);
  });

  it('a bad entry found before writing: 400 OperationOutcome naming the entry and field, nothing stored', async () => {
    const before = await counts();
    const response = await post(admin, bundle({ identifier: 'P-200', conditionCode: 'depression' }));
    expect(response.statusCode).toBe(400);
    const outcome = response.json<OperationOutcome>();
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue.map((i) => i.expression?.[0])).toEqual(['Bundle.entry[1].resource.code']);
    expect(await counts()).toEqual(before);
  });

  it('a bad entry found while writing (a PHQ-9 answer that is not an option) rolls back the patient and everything else', async () => {
    const before = await counts();
    const bad = loincPhq9(PATIENT_URL, [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    bad.item[8]!.answer = [{ valueCoding: { system: 'http://loinc.org', code: 'LA9999-9' } }];
    const response = await post(admin, bundle({ identifier: 'P-300', phq9: bad }));
    expect(response.statusCode, response.body).toBe(400);
    const outcome = response.json<OperationOutcome>();
    expect(outcome.issue.every((i) => i.expression?.[0]?.startsWith('Bundle.entry[3].resource.'))).toBe(true);
    expect(await counts()).toEqual(before);
    const identifiers = await sql<{
      n: number;
    }>`select count(*)::int as n from patient_identifier where value = 'P-300'`.execute(ctx.database.db);
    expect(identifiers.rows[0]!.n).toBe(0);
  });

  it('needs an admin, and for an API token a scope granting create on every type in the Bundle', async () => {
    expect((await post(await signIn(t.app, 'nurse'), bundle({ identifier: 'P-400' }))).statusCode).toBe(403);
    const token = async (scopes: string[]) =>
      (await createApiToken(t.app, admin, { name: 'Migration', role: 'admin', scopes })).bearer;
    const bearer = (secret: string) =>
      t.app.inject({
        method: 'POST',
        url: '/fhir/R4',
        payload: JSON.stringify(bundle({ identifier: 'P-500' })),
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/fhir+json' },
      });
    const readOnly = await bearer(await token(['system/*.rs']));
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json<OperationOutcome>().issue[0]!.code).toBe('forbidden');
    const writer = await bearer(await token(['system/*.cud']));
    expect(writer.statusCode, writer.body).toBe(200);
  });
});

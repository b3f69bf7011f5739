/**
 * The FHIR R4 server at /fhir/R4 (issue 15), through the real app on PGlite (and PostgreSQL with TEST_DATABASE_URL):
 * CapabilityStatement, OperationOutcome errors, read and search with paging for each served type, the audit of
 * reads, and a LOINC-form PHQ-9 posted by another system raising the same suicide-risk alert as the app.
 * Every resource the server answers with in these tests is validated against R4 at the end (fhir-validation.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { describeEachDatabase } from '../testing/test-database.js';
import { createTestApp, signIn, testConfig, type Session, type TestApp } from '../testing/test-app.js';
import { buildApp } from '../app.js';
import { validateR4 } from './fhir-validation.testing.js';

const FHIR_JSON = /^application\/fhir\+json/;

/** A LOINC-form PHQ-9 (panel 44249-1) as LHC-Forms publishes it: linkIds are item LOINC codes, answers LA codes. */
function loincPhq9(patientId: string, scores: readonly number[], authored = '2026-11-02T14:00:00Z') {
  const items = ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8'];
  const answers = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'];
  const labels = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'];
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: 'http://loinc.org/q/44249-1',
    status: 'completed',
    subject: { reference: `Patient/${patientId}` },
    authored,
    item: [
      ...items.map((code, i) => ({
        linkId: `/${code}`,
        answer: [
          { valueCoding: { system: 'http://loinc.org', code: answers[scores[i]!], display: labels[scores[i]!] } },
        ],
      })),
      // LHC-Forms also sends its computed total; the server computes its own.
      { linkId: '/44261-6', answer: [{ valueInteger: 99 }] },
    ],
  };
}

describeEachDatabase('FHIR R4 server', (ctx) => {
  let t: TestApp;
  let nurse: Session;
  let desk: Session;
  let feldmanId: string;
  let feldmanMrn: string;
  /** A demo patient with seeded PHQ-9 measures and past sessions (seed/demo-measures.ts). */
  let measuredId: string;
  const served: Resource[] = [];

  const call = async (
    session: Session | undefined,
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: unknown,
    contentType = 'application/fhir+json',
  ): Promise<LightMyRequestResponse> => {
    const headers: Record<string, string> = {};
    if (session) {
      headers.cookie = session.cookie;
      headers['x-csrf-token'] = session.csrfToken;
    }
    if (payload !== undefined) headers['content-type'] = contentType;
    return t.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });
  };
  /** GETs as `session`, expects 200 and FHIR JSON, and keeps what was served for the validation test. */
  const get = async <T extends Resource = Bundle>(url: string, session: Session = nurse): Promise<T> => {
    const r = await call(session, 'GET', url);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(FHIR_JSON);
    const body = r.json<T>();
    served.push(body);
    return body;
  };
  const entries = (bundle: Bundle) => (bundle.entry ?? []).map((e) => e.resource!);
  const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    nurse = await signIn(t.app, 'nurse');
    desk = await signIn(t.app, 'front_desk');
    const patients = await get('/fhir/R4/Patient?name=feldman');
    feldmanId = patients.entry![0]!.resource!.id!;
    feldmanMrn = (patients.entry![0]!.resource as { identifier: Array<{ value: string }> }).identifier[0]!.value;
    measuredId = (await get('/fhir/R4/Patient?name=Lindqvist')).entry![0]!.resource!.id!;
  });

  describe('metadata and errors', () => {
    it('publishes a CapabilityStatement without sign-in that lists exactly the served types and search parameters', async () => {
      const cs = await get<
        Resource & {
          rest: Array<{
            resource: Array<{
              type: string;
              interaction: Array<{ code: string }>;
              searchParam: Array<{ name: string }>;
            }>;
          }>;
        }
      >('/fhir/R4/metadata', undefined as unknown as Session);
      expect(cs).toMatchObject({
        resourceType: 'CapabilityStatement',
        fhirVersion: '4.0.1',
        status: 'active',
        kind: 'instance',
      });
      const types = cs.rest[0]!.resource.map((r) => r.type);
      expect(types.sort()).toEqual([
        'AdverseEvent',
        'AllergyIntolerance',
        'CarePlan',
        'Condition',
        'Consent',
        'Encounter',
        'Group',
        'Location',
        'MedicationAdministration',
        'MedicationRequest',
        'MedicationStatement',
        'Observation',
        'Organization',
        'Patient',
        'Practitioner',
        'Questionnaire',
        'QuestionnaireResponse',
      ]);
      const patient = cs.rest[0]!.resource.find((r) => r.type === 'Patient')!;
      expect(patient.searchParam.map((p) => p.name)).toEqual(
        expect.arrayContaining(['_id', 'identifier', 'name', 'birthdate']),
      );
      const qr = cs.rest[0]!.resource.find((r) => r.type === 'QuestionnaireResponse')!;
      expect(qr.interaction.map((i) => i.code)).toEqual(['read', 'search-type', 'create']);
      // Each declared type really answers a search.
      for (const type of types)
        expect((await call(nurse, 'GET', `/fhir/R4/${type}?_count=1`)).statusCode, type).toBe(200);
    });

    it('answers an unknown path under /fhir/R4 with a FHIR 404 OperationOutcome, not the web app', async () => {
      for (const url of ['/fhir/R4/Widget', '/fhir/R4/Patient/x/_history', '/fhir/R4']) {
        const r = await call(nurse, 'GET', url);
        expect(r.statusCode, url).toBe(404);
        expect(r.headers['content-type']).toMatch(FHIR_JSON);
        expect(r.json()).toMatchObject({
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'not-found' }],
        });
        served.push(r.json());
      }
      // With the web app built (its catch-all GET /* answers index.html), FHIR paths still get FHIR answers.
      const webDir = mkdtempSync(path.join(tmpdir(), 'kc-fhir-web-'));
      writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>app</title>');
      const withWeb = await buildApp(testConfig({ webDir }), {
        database: ctx.database,
        clock: t.clock.now,
        runBackgroundJobs: false,
      });
      try {
        const page = await withWeb.inject({ method: 'GET', url: '/fhir/R4/Nope' });
        expect(page.statusCode).toBe(404);
        expect(page.headers['content-type']).toMatch(FHIR_JSON);
        expect((await withWeb.inject({ method: 'GET', url: '/fhir/R4/metadata' })).json().resourceType).toBe(
          'CapabilityStatement',
        );
        expect((await withWeb.inject({ method: 'GET', url: '/some/app/page' })).headers['content-type']).toMatch(
          /text\/html/,
        );
      } finally {
        await withWeb.close();
        rmSync(webDir, { recursive: true, force: true });
      }
      const missing = await call(nurse, 'GET', '/fhir/R4/Patient/00000000-0000-4000-8000-000000000000');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().issue[0].code).toBe('not-found');
    });

    it('refuses without sign-in (401) and refuses the front desk anything but Patient (403), as OperationOutcomes', async () => {
      const anonymous = await call(undefined, 'GET', '/fhir/R4/Patient');
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['content-type']).toMatch(FHIR_JSON);
      expect(anonymous.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login' }] });
      const deskObservation = await call(desk, 'GET', `/fhir/R4/Observation?patient=${feldmanId}`);
      expect(deskObservation.statusCode).toBe(403);
      expect(deskObservation.json()).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'forbidden' }],
      });
      const deskPatient = await get(`/fhir/R4/Patient?_id=${feldmanId}`, desk);
      expect(deskPatient.total).toBe(1);
    });

    it('answers a bad search parameter with 400 naming it', async () => {
      for (const [query, param] of [
        ['birthdate=last-week', 'birthdate'],
        ['_count=0', '_count'],
        ['colour=blue', 'colour'],
        ['patient=Practitioner/1', 'patient'],
      ] as const) {
        const r = await call(nurse, 'GET', `/fhir/R4/${param === 'patient' ? 'Observation' : 'Patient'}?${query}`);
        expect(r.statusCode, query).toBe(400);
        expect(r.headers['content-type']).toMatch(FHIR_JSON);
        expect(r.json().issue[0]).toMatchObject({ severity: 'error', code: 'invalid', expression: [param] });
        served.push(r.json());
      }
    });
  });

  describe('Patient', () => {
    it('reads a patient with MRN, name, birth date and meta, and audits the read', async () => {
      const p = await get<
        Resource & { identifier: Array<{ value: string }>; name: Array<{ family: string }>; birthDate: string }
      >(`/fhir/R4/Patient/${feldmanId}`);
      expect(p).toMatchObject({
        resourceType: 'Patient',
        id: feldmanId,
        birthDate: '1968-12-21',
        name: [{ family: 'Feldman', given: ['Noah'] }],
      });
      expect(p.meta).toMatchObject({ versionId: '1' });
      expect(p.meta?.lastUpdated).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      const audited = await sql<{ n: number | string }>`select count(*) as n from audit_event
        where action = 'read' and resource_type = 'Patient' and resource_id = ${feldmanId} and patient_id = ${feldmanId} and user_id = ${nurse.userId}`.execute(
        ctx.database.db,
      );
      expect(Number(audited.rows[0]!.n)).toBe(1);
    });

    it("never serves another clinic's patient, by read or by search", async () => {
      const { db } = ctx.database;
      const other = await sql<{
        id: string;
      }>`insert into clinic (name, slug, settings) values ('Other clinic', 'other-fhir', '{}') returning id`.execute(
        db,
      );
      const stranger = await sql<{
        id: string;
      }>`insert into patient (clinic_id, mrn, given_name, family_name, date_of_birth, sex, version, created_at, updated_at)
        values (${other.rows[0]!.id}, 'MRN-OTHER-1', 'Noah', 'Feldman', '1968-12-21', 'male', 1, now(), now()) returning id`.execute(
        db,
      );
      expect((await call(nurse, 'GET', `/fhir/R4/Patient/${stranger.rows[0]!.id}`)).statusCode).toBe(404);
      expect(entries(await get('/fhir/R4/Patient?name=Feldman')).map((p) => p.id)).toEqual([feldmanId]);
      expect((await get(`/fhir/R4/Organization/${nurse.clinicId}`)).id).toBe(nurse.clinicId);
      expect((await call(nurse, 'GET', `/fhir/R4/Organization/${other.rows[0]!.id}`)).statusCode).toBe(404);
    });

    it('searches by identifier (MRN, with or without system), name, birthdate and _id', async () => {
      expect(entries(await get(`/fhir/R4/Patient?identifier=${feldmanMrn}`)).map((p) => p.id)).toEqual([feldmanId]);
      expect(
        entries(
          await get(
            `/fhir/R4/Patient?identifier=${encodeURIComponent(`https://ketaclinic.org/fhir/sid/mrn|${feldmanMrn}`)}`,
          ),
        ).map((p) => p.id),
      ).toEqual([feldmanId]);
      expect((await get('/fhir/R4/Patient?identifier=other-system|x')).total).toBe(0);
      expect(entries(await get('/fhir/R4/Patient?name=Noa')).map((p) => p.id)).toContain(feldmanId);
      expect(entries(await get('/fhir/R4/Patient?birthdate=1968-12-21')).map((p) => p.id)).toEqual([feldmanId]);
      const sixties = entries(await get('/fhir/R4/Patient?birthdate=ge1960&birthdate=lt1970'));
      // Demo patients born in the 1960s: Feldman (1968) and Ashworth (1965).
      expect(sixties).toHaveLength(2);
      expect(entries(await get(`/fhir/R4/Patient?_id=${feldmanId}`)).map((p) => p.id)).toEqual([feldmanId]);
      const lastUpdated = (await get(`/fhir/R4/Patient/${feldmanId}`)).meta!.lastUpdated!;
      expect(
        entries(await get(`/fhir/R4/Patient?_id=${feldmanId}&_lastUpdated=ge${lastUpdated}`)).map((p) => p.id),
      ).toEqual([feldmanId]);
      expect((await get(`/fhir/R4/Patient?_id=${feldmanId}&_lastUpdated=lt${lastUpdated}`)).total).toBe(0);
    });

    it('pages a searchset with _count and next links, stable by id, with total and self', async () => {
      const firstPage = await get('/fhir/R4/Patient?_count=7');
      expect(firstPage).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
      const total = firstPage.total!;
      expect(total).toBeGreaterThanOrEqual(20);
      expect(firstPage.link?.find((l) => l.relation === 'self')?.url).toMatch(/\/fhir\/R4\/Patient\?_count=7$/);
      const ids: string[] = [];
      let page: Bundle | undefined = firstPage;
      let pages = 0;
      while (page) {
        ids.push(...entries(page).map((p) => p.id!));
        for (const e of page.entry ?? []) expect(e.fullUrl).toMatch(new RegExp(`/fhir/R4/Patient/${e.resource!.id}$`));
        const next: string | undefined = page.link?.find((l) => l.relation === 'next')?.url;
        page = next ? await get<Bundle>(pathOf(next)) : undefined;
        pages += 1;
      }
      expect(pages).toBe(Math.ceil(total / 7));
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      expect([...ids].sort()).toEqual(ids);
    });
  });

  describe('Observation, QuestionnaireResponse and Questionnaire', () => {
    it('finds PHQ-9 totals (LOINC 44261-6) and item 9 (44260-8) by patient, code and date', async () => {
      const totals = await get(`/fhir/R4/Observation?patient=Patient/${measuredId}&code=http://loinc.org|44261-6`);
      expect(totals.total).toBeGreaterThan(0);
      for (const o of entries(totals)) {
        expect(o).toMatchObject({
          resourceType: 'Observation',
          status: 'final',
          subject: { reference: `Patient/${measuredId}` },
          category: [{ coding: [{ code: 'survey' }] }],
        });
        expect(o.meta).toMatchObject({ versionId: '1' });
      }
      const withPatient = await get(
        `/fhir/R4/Observation?patient=${measuredId}&code=44261-6&_include=Observation:patient`,
      );
      expect(withPatient.entry!.filter((e) => e.search?.mode === 'include').map((e) => e.resource!.id)).toEqual([
        measuredId,
      ]);
      expect(withPatient.entry!.filter((e) => e.search?.mode === 'match')).toHaveLength(totals.total!);
      expect(
        (await call(nurse, 'GET', '/fhir/R4/Observation?_include=Observation:performer')).json().issue[0].expression,
      ).toEqual(['_include']);
      const item9 = entries(await get(`/fhir/R4/Observation?subject=${measuredId}&code=44260-8`));
      expect(item9.length).toBe(totals.total);
      const read = await get(`/fhir/R4/Observation/${item9[0]!.id}`);
      expect(read).toMatchObject({
        id: item9[0]!.id,
        code: { coding: [{ system: 'http://loinc.org', code: '44260-8' }] },
      });
      expect((await get(`/fhir/R4/Observation?patient=${measuredId}&code=44261-6&date=lt1990`)).total).toBe(0);
    });

    it('serves vital signs with the R4 vital-signs profiles, searchable by category and code', async () => {
      const vitals = await get('/fhir/R4/Observation?category=vital-signs&_count=100');
      expect(vitals.total).toBeGreaterThan(0);
      const bp = entries(vitals).find(
        (o) => (o as { code: { coding: Array<{ code: string }> } }).code.coding[0]!.code === '85354-9',
      )!;
      expect(bp.meta?.profile).toEqual(['http://hl7.org/fhir/StructureDefinition/bp']);
      expect(bp).toMatchObject({
        component: [{ code: { coding: [{ code: '8480-6' }] } }, { code: { coding: [{ code: '8462-4' }] } }],
      });
      const read = await get(`/fhir/R4/Observation/${bp.id}`);
      expect(read).toMatchObject({ id: bp.id, meta: { versionId: '1' } });
      // The pre-dose vitals of a check-in are served too (seed/demo-treatment-day.ts checks in Nowicki with them).
      const nowicki = entries(await get('/fhir/R4/Patient?name=Nowicki'))[0]!.id!;
      expect(
        (await get(`/fhir/R4/Observation?patient=${nowicki}&category=vital-signs&code=85354-9`)).total,
      ).toBeGreaterThan(0);
      const heartRates = entries(await get('/fhir/R4/Observation?code=http://loinc.org|8867-4'));
      expect(heartRates.length).toBeGreaterThan(0);
      expect(
        heartRates.every((o) => o.meta?.profile?.[0] === 'http://hl7.org/fhir/StructureDefinition/heartrate'),
      ).toBe(true);
    });

    it('searches QuestionnaireResponses by patient, questionnaire (canonical or LOINC) and authored date', async () => {
      const all = await get(`/fhir/R4/QuestionnaireResponse?patient=${measuredId}`);
      expect(all.total).toBeGreaterThan(0);
      const byCanonical = await get(
        `/fhir/R4/QuestionnaireResponse?patient=${measuredId}&questionnaire=${encodeURIComponent('https://ketaclinic.org/fhir/Questionnaire/phq-9')}`,
      );
      const byLoinc = await get(
        `/fhir/R4/QuestionnaireResponse?patient=${measuredId}&questionnaire=${encodeURIComponent('http://loinc.org/q/44249-1')}`,
      );
      expect(byLoinc.total).toBe(byCanonical.total);
      const qr = entries(byCanonical)[0] as Resource & {
        questionnaire: string;
        item: Array<{ answer: Array<{ valueCoding: { system: string } }> }>;
      };
      expect(qr.questionnaire).toBe('https://ketaclinic.org/fhir/Questionnaire/phq-9|1.0.0');
      expect(qr.item[0]!.answer[0]!.valueCoding.system).toBe('http://loinc.org');
      expect((await get(`/fhir/R4/QuestionnaireResponse?patient=${measuredId}&authored=gt2100`)).total).toBe(0);
      await get(`/fhir/R4/QuestionnaireResponse/${qr.id}`);
    });

    it('serves the instruments as Questionnaires with canonical URLs and LOINC answer codes', async () => {
      const q = await get<
        Resource & { url: string; item: Array<{ answerOption: Array<{ valueCoding: { code: string } }> }> }
      >('/fhir/R4/Questionnaire/phq-9');
      expect(q.url).toBe('https://ketaclinic.org/fhir/Questionnaire/phq-9');
      expect(q.item[8]!.answerOption.map((o) => o.valueCoding.code)).toEqual([
        'LA6568-5',
        'LA6569-3',
        'LA6570-1',
        'LA6571-9',
      ]);
      expect(q.meta?.versionId).toBe('1.0.0');
      expect(entries(await get('/fhir/R4/Questionnaire?code=44249-1')).map((r) => r.id)).toEqual(['phq-9']);
      expect((await get('/fhir/R4/Questionnaire?_count=100')).total).toBe(10);
    });
  });

  describe('Encounter, Condition, CarePlan, Practitioner, Organization', () => {
    it('serves each treatment session as an Encounter, searchable by patient, date and status', async () => {
      const sessions = await get(`/fhir/R4/Encounter?patient=${measuredId}`);
      expect(sessions.total).toBeGreaterThan(0);
      const e = entries(sessions)[0] as Resource & { status: string; period: { start: string } };
      expect(e).toMatchObject({
        resourceType: 'Encounter',
        subject: { reference: `Patient/${measuredId}` },
        class: { code: 'AMB' },
      });
      expect((await get(`/fhir/R4/Encounter?patient=${measuredId}&status=${e.status}`)).total).toBeGreaterThan(0);
      expect(
        (await get(`/fhir/R4/Encounter?patient=${measuredId}&date=${e.period.start.slice(0, 10)}`)).total,
      ).toBeGreaterThan(0);
      await get(`/fhir/R4/Encounter/${e.id}`);
    });

    it('serves intake diagnoses as Conditions and signed plans as CarePlans', async () => {
      const conditions = await get('/fhir/R4/Condition?_count=100');
      expect(conditions.total).toBeGreaterThan(0);
      const c = entries(conditions)[0] as Resource & {
        code: { coding: Array<{ system: string; code: string }> };
        subject: { reference: string };
      };
      expect(c.code.coding[0]!.system).toBe('http://hl7.org/fhir/sid/icd-10-cm');
      const patient = c.subject.reference.split('/')[1]!;
      expect(
        entries(await get(`/fhir/R4/Condition?patient=${patient}&code=${c.code.coding[0]!.code}`)).map((r) => r.id),
      ).toContain(c.id);
      await get(`/fhir/R4/Condition/${c.id}`);
      const plans = await get('/fhir/R4/CarePlan?status=active');
      expect(plans.total).toBeGreaterThan(0);
      const plan = entries(plans)[0]!;
      expect(plan).toMatchObject({ resourceType: 'CarePlan', status: 'active', intent: 'plan' });
      await get(`/fhir/R4/CarePlan/${plan.id}`);
    });

    it('serves staff as Practitioners and the clinic as the only Organization', async () => {
      const me = await get(`/fhir/R4/Practitioner/${nurse.userId}`);
      expect(me).toMatchObject({ resourceType: 'Practitioner', id: nurse.userId });
      expect((await get('/fhir/R4/Practitioner')).total).toBeGreaterThanOrEqual(5);
      const orgs = await get('/fhir/R4/Organization');
      expect(entries(orgs).map((o) => o.id)).toEqual([nurse.clinicId]);
      await get(`/fhir/R4/Organization/${nurse.clinicId}`);
    });
  });

  describe('creating a QuestionnaireResponse', () => {
    it('scores and stores a LOINC-form PHQ-9 posted as application/fhir+json, raising the suicide-risk alert for item 9 > 0', async () => {
      // PHQ-9 item 9 above 0 is a suicide-risk flag that must reach a clinician (Kroenke 2001; clinical reference section 2).
      const patient = entries(await get('/fhir/R4/Patient?name=Whitfield'))[0]!.id!;
      const posted = await call(
        nurse,
        'POST',
        '/fhir/R4/QuestionnaireResponse',
        loincPhq9(patient, [2, 2, 1, 1, 1, 1, 1, 0, 1]),
      );
      expect(posted.statusCode, posted.body).toBe(201);
      expect(posted.headers['content-type']).toMatch(FHIR_JSON);
      const created = posted.json();
      served.push(created);
      expect(posted.headers.location).toMatch(new RegExp(`/fhir/R4/QuestionnaireResponse/${created.id}/_history/1$`));
      expect(created).toMatchObject({
        resourceType: 'QuestionnaireResponse',
        status: 'completed',
        subject: { reference: `Patient/${patient}` },
        authored: '2026-11-02T14:00:00.000Z',
      });

      const alerts = await t.app.inject({
        method: 'GET',
        url: `/api/alerts?patientId=${patient}`,
        headers: { cookie: nurse.cookie },
      });
      expect(alerts.json().items).toEqual(
        expect.arrayContaining([expect.objectContaining({ measureId: created.id, kind: 'suicide-risk' })]),
      );
      // Scored as in the app: 2+2+1+1+1+1+1+0+1 = 10, moderate (Kroenke 2001), not the 99 the sender computed.
      const totals = entries(await get(`/fhir/R4/Observation?patient=${patient}&code=44261-6&date=2026-11-02`));
      expect(totals.map((o) => (o as { valueInteger: number }).valueInteger)).toEqual([10]);
    });

    it("links the response to the treatment session named as its encounter, and refuses another patient's session", async () => {
      const session = entries(await get(`/fhir/R4/Encounter?patient=${measuredId}&_count=1`))[0]!.id!;
      const body = {
        ...loincPhq9(measuredId, [1, 1, 1, 1, 0, 0, 0, 0, 0], '2026-11-01T10:00:00Z'),
        encounter: { reference: `Encounter/${session}` },
      };
      const posted = await call(nurse, 'POST', '/fhir/R4/QuestionnaireResponse', body);
      expect(posted.statusCode, posted.body).toBe(201);
      served.push(posted.json());
      expect(posted.json().encounter).toEqual({ reference: `Encounter/${session}` });
      const otherPatient = await call(nurse, 'POST', '/fhir/R4/QuestionnaireResponse', {
        ...body,
        subject: { reference: `Patient/${feldmanId}` },
      });
      expect(otherPatient.statusCode).toBe(400);
      expect(otherPatient.json().issue[0].expression).toEqual(['encounter']);
    });

    it('refuses an unknown answer code or a missing item with 400 naming the item, and a non-JSON body with 415', async () => {
      const patient = entries(await get('/fhir/R4/Patient?name=Whitfield'))[0]!.id!;
      const body = loincPhq9(patient, [0, 0, 0, 0, 0, 0, 0, 0, 0]);
      body.item[8]!.answer = [{ valueCoding: { system: 'http://loinc.org', code: 'LA0000-0', display: 'x' } }];
      const badCode = await call(
        nurse,
        'POST',
        '/fhir/R4/QuestionnaireResponse',
        body,
        'application/fhir+json; fhirVersion=4.0',
      );
      expect(badCode.statusCode).toBe(400);
      expect(badCode.json()).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'invalid', expression: ['item[8].answer[0].valueCoding'] }],
      });
      const missing = loincPhq9(patient, [0, 0, 0, 0, 0, 0, 0, 0, 0]);
      missing.item.splice(8, 1);
      const missingItem = await call(nurse, 'POST', '/fhir/R4/QuestionnaireResponse', missing, 'application/json');
      expect(missingItem.statusCode).toBe(400);
      expect(missingItem.json().issue.map((i: { expression: string[] }) => i.expression[0])).toContain(
        'item (instrument item 9)',
      );
      const text = await call(
        nurse,
        'POST',
        '/fhir/R4/QuestionnaireResponse',
        '<QuestionnaireResponse/>',
        'application/fhir+xml',
      );
      expect(text.statusCode).toBe(415);
      expect(text.json().resourceType).toBe('OperationOutcome');
      const desk403 = await call(
        desk,
        'POST',
        '/fhir/R4/QuestionnaireResponse',
        loincPhq9(patient, [0, 0, 0, 0, 0, 0, 0, 0, 0]),
      );
      expect(desk403.statusCode).toBe(403);
    });
  });

  describe('validation', () => {
    it('every resource served above, errors included, validates against R4 and its declared profile with no errors', async () => {
      const resources = served.flatMap((r) => (r.resourceType === 'Bundle' ? [r, ...entries(r as Bundle)] : [r]));
      const types = new Set(resources.map((r) => r.resourceType));
      expect([...types].sort()).toEqual([
        'Bundle',
        'CapabilityStatement',
        'CarePlan',
        'Condition',
        'Encounter',
        'Observation',
        'OperationOutcome',
        'Organization',
        'Patient',
        'Practitioner',
        'Questionnaire',
        'QuestionnaireResponse',
      ]);
      const failures = resources.flatMap((r) =>
        validateR4(r).map((issue) => `${r.resourceType}/${r.id ?? '-'}: ${issue}`),
      );
      expect(failures).toEqual([]);
    });
  });
});

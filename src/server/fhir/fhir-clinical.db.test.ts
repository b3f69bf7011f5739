/**
 * The FHIR R4 server's clinic records (issue 15): MedicationAdministration (each dose given), MedicationRequest (the
 * plan's orders), Consent, AllergyIntolerance, AdverseEvent, Location and Group (one per treatment protocol), read
 * and searched through the real app on PGlite (and PostgreSQL with TEST_DATABASE_URL), refused to a token without
 * the type's scope, and exported in bulk at system and Group level. Every resource served is validated against R4
 * at the end (fhir-validation.testing.ts, @medplum/core).
 */
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { describeEachDatabase } from '../testing/test-database.js';
import { api, createTestApp, expectStatus, signIn, type Session, type TestApp } from '../testing/test-app.js';
import { createApiToken, type Bearer } from '../modules/api-tokens/api-tokens.testing.js';
import {
  exportThroughHttp,
  idsInFiles,
  nurseContext,
  PATIENT_CLINIC_RECORD_TYPES,
  smallWindowExportService,
  systemExport,
} from './bulk-export.testing.js';
import { validateR4 } from './fhir-validation.testing.js';
import { DEMO_LEDGER } from '../seed/demo-ledger.js';

const FHIR_JSON = /^application\/fhir\+json/;
const NEW_TYPES = [...PATIENT_CLINIC_RECORD_TYPES, 'Location', 'Group'] as const;
type Auth = Session | Bearer;
type Coded = { coding?: Array<{ system?: string; code?: string }> };

describeEachDatabase('FHIR R4 clinic records', (ctx) => {
  let t: TestApp;
  let nurse: Session;
  let admin: Session;
  const served: Resource[] = [];

  const call = (
    auth: Auth | undefined,
    url: string,
    method: 'GET' | 'DELETE' = 'GET',
  ): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method,
      url,
      headers: {
        prefer: 'respond-async',
        ...(auth === undefined
          ? {}
          : 'bearer' in auth
            ? { authorization: `Bearer ${auth.bearer}` }
            : { cookie: auth.cookie, 'x-csrf-token': auth.csrfToken }),
      },
    });
  const get = async <T extends Resource = Bundle>(url: string, auth: Auth = nurse): Promise<T> => {
    const r = await call(auth, url);
    expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
    expect(r.headers['content-type']).toMatch(FHIR_JSON);
    const body = r.json<T>();
    served.push(body);
    return body;
  };
  const entries = (bundle: Bundle) =>
    (bundle.entry ?? []).filter((e) => e.search?.mode !== 'include').map((e) => e.resource!);
  const codes = (c: Coded | undefined) => (c?.coding ?? []).map((x) => x.code);
  const exportAll = (auth: Auth, kickOffUrl: string) => exportThroughHttp((url) => call(auth, url), kickOffUrl);

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    nurse = await signIn(t.app, 'nurse');
    admin = await signIn(t.app, 'admin');
  });

  describe('MedicationAdministration and AdverseEvent', () => {
    it('serves each dose given as a MedicationAdministration: RxNorm drug, lot, route, amount in mg, the session and the nurse', async () => {
      const all = await get('/fhir/R4/MedicationAdministration?_count=100');
      const given = entries(all) as Array<
        Resource & {
          status: string;
          contained: Array<{ code: Coded; batch?: { lotNumber?: string } }>;
          context: { reference: string };
          subject: { reference: string };
          dosage: { route: Coded; dose?: { value: number; code: string; system: string } };
          performer?: Array<{ actor: { reference: string } }>;
        }
      >;
      // The demo clinic's day: an infusion running, esketamine devices given, an infusion stopped (demo-treatment-day.ts).
      expect(given.length).toBeGreaterThanOrEqual(3);
      expect(given.map((g) => g.status)).toEqual(expect.arrayContaining(['in-progress', 'completed']));
      for (const g of given) {
        expect(g.context.reference).toMatch(/^Encounter\//);
        // The demo doses are prepared from the demo ledger's lots (demo-treatment-day.ts): esketamine from its kit lot,
        // IV ketamine from its vial lot.
        const isEsketamine = codes(g.contained[0]!.code).includes('2201623');
        expect(g.contained[0]!.batch?.lotNumber).toBe(
          isEsketamine ? DEMO_LEDGER.esketamine.lot : DEMO_LEDGER.ketamine.lot,
        );
        expect(g.performer?.[0]?.actor.reference).toMatch(/^Practitioner\//);
      }
      // Esketamine: RxNorm 2201623 by the nasal route (SNOMED 46713006), 28 mg a device (Spravato label).
      const esketamine = given.find((g) => codes(g.contained[0]!.code).includes('2201623'))!;
      expect(codes(esketamine.dosage.route)).toEqual(['46713006']);
      expect(esketamine.dosage.dose).toMatchObject({ system: 'http://unitsofmeasure.org', code: 'mg' });
      expect(esketamine.dosage.dose!.value % 28).toBe(0);
      const completedIv = given.find((g) => g.status === 'completed' && codes(g.contained[0]!.code).includes('6130'))!;
      expect(codes(completedIv.dosage.route)).toEqual(['47625008']);
      expect(completedIv.dosage.dose!.value).toBeGreaterThan(0);

      const patient = esketamine.subject.reference.split('/')[1]!;
      const mine = await get(
        `/fhir/R4/MedicationAdministration?patient=${patient}&code=http://www.nlm.nih.gov/research/umls/rxnorm|2201623&_include=MedicationAdministration:patient`,
      );
      expect(entries(mine).map((r) => r.id)).toEqual([esketamine.id]);
      expect((mine.entry ?? []).filter((e) => e.search?.mode === 'include').map((e) => e.resource!.id)).toEqual([
        patient,
      ]);
      expect((await get(`/fhir/R4/MedicationAdministration?status=completed&_count=100`)).total).toBe(
        given.filter((g) => g.status === 'completed').length,
      );
      const day = t.clock.now().toISOString().slice(0, 10);
      expect((await get(`/fhir/R4/MedicationAdministration?effective-time=ge${day}&_count=100`)).total).toBe(
        given.length,
      );
      expect((await get(`/fhir/R4/MedicationAdministration?date=lt2000-01-01`)).total).toBe(0);
      expect(await get(`/fhir/R4/MedicationAdministration/${completedIv.id}`)).toMatchObject({
        id: completedIv.id,
        status: 'completed',
      });
    });

    it('serves an adverse event recorded in a session with seriousness, severity, outcome, encounter and the dose as suspect', async () => {
      const running = entries(await get('/fhir/R4/MedicationAdministration?status=in-progress'))[0] as Resource & {
        context: { reference: string };
        subject: { reference: string };
      };
      const sessionId = running.context.reference.split('/')[1]!;
      const at = new Date(t.clock.now().getTime() - 2 * 60_000).toISOString();
      await expectStatus(
        api(t.app, nurse, 'POST', `/api/sessions/${sessionId}/adverse-events`, {
          type: 'hypertension',
          severity: 'moderate',
          serious: false,
          startedAt: at,
          outcome: 'resolving',
          interventions: [{ code: 'infusion-paused', at }],
        }),
        201,
      );
      const found = await get(`/fhir/R4/AdverseEvent?patient=${running.subject.reference}`);
      expect(found.total).toBe(1);
      const event = entries(found)[0]!;
      expect(event).toMatchObject({
        resourceType: 'AdverseEvent',
        actuality: 'actual',
        subject: running.subject,
        encounter: { reference: `Encounter/${sessionId}` },
        seriousness: { coding: [{ code: 'non-serious' }] },
        severity: { coding: [{ code: 'moderate' }] },
        outcome: { coding: [{ code: 'recovering' }] },
        suspectEntity: [{ instance: { reference: `MedicationAdministration/${running.id}` } }],
        date: at.replace(/\.\d{3}Z$/, '.000Z'),
      });
      expect((await get('/fhir/R4/AdverseEvent?event=hypertension&seriousness=non-serious')).total).toBe(1);
      expect((await get('/fhir/R4/AdverseEvent?seriousness=serious')).total).toBe(0);
      expect(await get(`/fhir/R4/AdverseEvent/${event.id}`)).toMatchObject({ id: event.id });
    });
  });

  describe('MedicationRequest, Consent, AllergyIntolerance', () => {
    it('serves each planned dosing session of a plan as an order signed by its prescriber, based on the CarePlan', async () => {
      const plan = entries(await get('/fhir/R4/CarePlan?status=active'))[0]!;
      const orders = await get(
        `/fhir/R4/MedicationRequest?patient=${(plan as { subject: { reference: string } }).subject.reference}&status=active&_count=200`,
      );
      const mine = entries(orders).filter(
        (o) => (o as { basedOn: Array<{ reference: string }> }).basedOn[0]!.reference === `CarePlan/${plan.id}`,
      ) as Array<
        Resource & {
          intent: string;
          requester?: { reference: string };
          authoredOn: string;
          dosageInstruction: Array<{
            sequence: number;
            timing: { event: string[] };
            doseAndRate: Array<{ doseQuantity: { value: number; code: string } }>;
          }>;
        }
      >;
      expect(mine.length).toBe(
        (plan as { activity: Array<{ detail: { kind: string; productCodeableConcept?: unknown } }> }).activity.filter(
          (a) => a.detail.productCodeableConcept,
        ).length,
      );
      const firstOrder = mine.find((o) => o.dosageInstruction[0]!.sequence === 1)!;
      expect(firstOrder).toMatchObject({ intent: 'order', status: 'active', id: `${plan.id}-1` });
      expect(firstOrder.requester?.reference).toMatch(/^Practitioner\//);
      expect(firstOrder.dosageInstruction[0]!.doseAndRate[0]!.doseQuantity.code).toBe('mg');
      const date = firstOrder.dosageInstruction[0]!.timing.event[0]!;
      expect(entries(await get(`/fhir/R4/MedicationRequest?date=${date}&_count=500`)).map((r) => r.id)).toContain(
        firstOrder.id,
      );
      expect((await get('/fhir/R4/MedicationRequest?code=6130,2201623&intent=order&_count=1')).total).toBeGreaterThan(
        0,
      );
      expect(await get(`/fhir/R4/MedicationRequest/${firstOrder.id}`)).toMatchObject({ id: firstOrder.id });
    });

    it('serves signed consents and the allergies of the latest intake', async () => {
      const consents = await get('/fhir/R4/Consent?status=active&_count=100');
      expect(consents.total).toBeGreaterThan(0);
      const consent = entries(consents)[0] as Resource & {
        patient: { reference: string };
        scope: Coded;
        dateTime: string;
      };
      expect(codes(consent.scope)).toEqual(['treatment']);
      expect(
        entries(
          await get(`/fhir/R4/Consent?patient=${consent.patient.reference}&date=${consent.dateTime.slice(0, 10)}`),
        ).map((c) => c.id),
      ).toContain(consent.id);
      await get(`/fhir/R4/Consent/${consent.id}`);

      const allergies = await get('/fhir/R4/AllergyIntolerance?_count=100');
      const penicillin = entries(allergies).find(
        (a) => (a as { code: { text: string } }).code.text === 'penicillin',
      ) as Resource & { patient: { reference: string }; reaction: Array<{ manifestation: Array<{ text: string }> }> };
      expect(penicillin.reaction[0]!.manifestation[0]!.text).toBe('rash');
      expect(
        entries(
          await get(`/fhir/R4/AllergyIntolerance?patient=${penicillin.patient.reference}&clinical-status=active`),
        ).map((a) => a.id),
      ).toContain(penicillin.id);
      expect(await get(`/fhir/R4/AllergyIntolerance/${penicillin.id}`)).toMatchObject({ id: penicillin.id });

      // The medicines the latest intake lists as taken now, with their dose as recorded.
      const medicines = await get(`/fhir/R4/MedicationStatement?patient=${penicillin.patient.reference}`);
      expect(medicines.total).toBeGreaterThan(0);
      const medicine = entries(medicines)[0] as Resource & { status: string; subject: { reference: string } };
      expect(medicine.status).toBe('active');
      expect(medicine.subject.reference).toBe(penicillin.patient.reference);
      expect((await get(`/fhir/R4/MedicationStatement?status=active&_count=100`)).total).toBeGreaterThanOrEqual(
        medicines.total!,
      );
      expect((await get(`/fhir/R4/MedicationStatement?status=stopped`)).total).toBe(0);
      expect(await get(`/fhir/R4/MedicationStatement/${medicine.id}`)).toMatchObject({ id: medicine.id });
    });
  });

  describe('Location and Group', () => {
    it('serves chairs as Locations and one Group per treatment protocol listing the patients with a plan on it', async () => {
      const places = await get('/fhir/R4/Location?status=active');
      expect(places.total).toBeGreaterThanOrEqual(3);
      const chair = entries(places)[0] as Resource & { name: string };
      expect(
        (await get(`/fhir/R4/Location?name=${encodeURIComponent(chair.name.split(' ')[0]!)}`)).total,
      ).toBeGreaterThan(0);
      await get(`/fhir/R4/Location/${chair.id}`);

      const groups = await get('/fhir/R4/Group');
      const esketamine = entries(groups).find((g) => g.id === 'esketamine-trd') as Resource & {
        quantity: number;
        member: Array<{ entity: { reference: string }; inactive: boolean }>;
      };
      expect(esketamine.quantity).toBe(esketamine.member.length);
      const member = esketamine.member[0]!.entity.reference;
      expect(entries(await get(`/fhir/R4/Group?member=${member}`)).map((g) => g.id)).toContain('esketamine-trd');
      expect(await get('/fhir/R4/Group/esketamine-trd')).toMatchObject({
        resourceType: 'Group',
        type: 'person',
        actual: true,
      });
      const cs = await get<
        Resource & {
          rest: Array<{
            resource: Array<{ type: string; operation?: Array<{ name: string }>; searchInclude?: string[] }>;
          }>;
        }
      >('/fhir/R4/metadata');
      expect(cs.rest[0]!.resource.find((r) => r.type === 'Group')!.operation).toEqual([
        { name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export' },
      ]);
      expect(cs.rest[0]!.resource.find((r) => r.type === 'MedicationAdministration')!.searchInclude).toEqual([
        'MedicationAdministration:patient',
        'MedicationAdministration:subject',
      ]);
    });
  });

  describe('errors and access', () => {
    it('answers an unknown search parameter with 400 naming it, for every new type', async () => {
      for (const type of NEW_TYPES) {
        const r = await call(nurse, `/fhir/R4/${type}?colour=blue`);
        expect(r.statusCode, type).toBe(400);
        expect(r.json().issue[0]).toMatchObject({ code: 'invalid', expression: ['colour'] });
        served.push(r.json());
      }
    });

    it("refuses an API token without the type's scope (403) and serves one with it; a patient token never sees a Group", async () => {
      const other = await createApiToken(t.app, admin, {
        name: 'Patients only',
        role: 'nurse',
        scopes: ['system/Patient.rs'],
      });
      for (const type of NEW_TYPES) {
        const r = await call(other, `/fhir/R4/${type}`);
        expect(r.statusCode, type).toBe(403);
        expect(r.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
      }
      const scoped = await createApiToken(t.app, admin, {
        name: 'Pharmacy',
        role: 'nurse',
        scopes: NEW_TYPES.map((type) => `system/${type}.rs`),
      });
      for (const type of NEW_TYPES) await get(`/fhir/R4/${type}?_count=1`, scoped);
      const patient = (
        await get<Resource & { member: Array<{ entity: { reference: string } }> }>('/fhir/R4/Group/esketamine-trd')
      ).member[0]!.entity.reference.split('/')[1]!;
      const patientToken = await createApiToken(t.app, admin, {
        name: 'App',
        role: 'nurse',
        scopes: ['patient/*.rs'],
        patientId: patient,
      });
      expect((await call(patientToken, '/fhir/R4/Group/esketamine-trd')).statusCode).toBe(404);
      expect((await get('/fhir/R4/Group', patientToken)).total).toBe(0);
    });
  });

  describe('bulk export', () => {
    it('exports the new types at system level, counts matching the searches', async () => {
      const { byType } = await exportAll(nurse, `/fhir/R4/$export?_type=${NEW_TYPES.join(',')}`);
      for (const type of NEW_TYPES) {
        const total = (await get(`/fhir/R4/${type}?_count=1`)).total!;
        expect(byType.get(type)?.length ?? 0, type).toBe(total);
      }
    });

    it('reads the new types in keyset windows of one row, losing and repeating nothing', async () => {
      const service = smallWindowExportService(t, ctx.database, { batch: 1, partSize: 1000 });
      const id = await systemExport(service, nurse, NEW_TYPES.join(','));
      const answer = await service.status(nurseContext(nurse), id, 'http://localhost/fhir/R4');
      if (answer.state !== 'completed') throw new Error(`export ${answer.state}`);
      for (const type of NEW_TYPES) {
        const ids = await idsInFiles(
          service,
          nurse,
          id,
          answer.manifest.output.filter((o) => o.type === type),
        );
        const searched = entries(await get(`/fhir/R4/${type}?_count=500`)).map((r) => r.id!);
        expect(ids.sort(), type).toEqual(searched.sort());
      }
    });

    it("exports a Group (a protocol's patients): only its members' records, read back and counted", async () => {
      const group = await get<Resource & { member: Array<{ entity: { reference: string } }> }>(
        '/fhir/R4/Group/esketamine-trd',
      );
      const members = group.member.map((m) => m.entity.reference.split('/')[1]!).sort();
      const { manifest, byType } = await exportAll(nurse, '/fhir/R4/Group/esketamine-trd/$export');
      expect(manifest.request).toMatch(/\/fhir\/R4\/Group\/esketamine-trd\/\$export$/);
      expect(
        byType
          .get('Patient')!
          .map((p) => p.id)
          .sort(),
      ).toEqual(members);
      for (const [type, resources] of byType) {
        if (type === 'Patient') continue;
        const inGroup = members.join(',');
        expect(resources.length, type).toBe((await get(`/fhir/R4/${type}?patient=${inGroup}&_count=1`)).total);
        for (const r of resources) {
          const ref = JSON.stringify(r).match(/"Patient\/([0-9a-f-]{36})"/)?.[1];
          expect(members, `${type}/${r.id}`).toContain(ref);
        }
      }
      expect(byType.get('MedicationRequest')!.length).toBeGreaterThan(0);
      expect(byType.get('MedicationAdministration')!.length).toBeGreaterThan(0);
      expect((await call(nurse, '/fhir/R4/Group/no-such-protocol/$export')).statusCode).toBe(404);
    });
  });

  describe('validation', () => {
    it('every resource served above validates against R4 with no errors', () => {
      const resources = served.flatMap((r) =>
        r.resourceType === 'Bundle' ? [r, ...((r as Bundle).entry ?? []).map((e) => e.resource!)] : [r],
      );
      const types = new Set(resources.map((r) => r.resourceType));
      for (const type of NEW_TYPES) expect(types.has(type), type).toBe(true);
      const failures = resources.flatMap((r) =>
        validateR4(r).map((issue) => `${r.resourceType}/${r.id ?? '-'}: ${issue}`),
      );
      expect(failures).toEqual([]);
    });
  });
});

/**
 * FHIR Bulk Data export (Bulk Data Access IG 2.0, "Export"): kick-off with Prefer: respond-async, polling the status
 * URL (202 + X-Progress, then 200 with the manifest), NDJSON files read back and counted per type against what the
 * FHIR server's searches find, `_type` and `_since`, keyset windows and file parts, and who may poll and download.
 */
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import type { Bundle } from '@medplum/fhirtypes';
import { describeEachDatabase } from '../testing/test-database.js';
import { api, createTestApp, expectStatus, signIn, type Session, type TestApp } from '../testing/test-app.js';
import { createApiToken, type Bearer } from '../modules/api-tokens/api-tokens.testing.js';
import {
  exportThroughHttp,
  idsInFiles,
  nurseContext,
  pathOf,
  PATIENT_CLINIC_RECORD_TYPES,
  smallWindowExportService,
  systemExport,
} from './bulk-export.testing.js';

type Auth = Session | Bearer;
/** The types of a patient's own record that both the system export and the patient compartment hold. */
const PATIENT_RECORD_TYPES = ['Patient', 'Observation', 'QuestionnaireResponse', 'Encounter', 'Condition', 'CarePlan'];

describeEachDatabase('FHIR bulk export', (ctx) => {
  let t: TestApp;
  let nurse: Session;
  let prescriber: Session;
  let admin: Session;

  const call = (auth: Auth, method: 'GET' | 'DELETE', url: string): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method,
      url,
      headers: {
        prefer: 'respond-async',
        accept: 'application/fhir+json',
        ...('bearer' in auth
          ? { authorization: `Bearer ${auth.bearer}` }
          : { cookie: auth.cookie, 'x-csrf-token': auth.csrfToken }),
      },
    });
  /** Kicks off, polls until the manifest, and reads every file back: resources per type. */
  const exportAll = (auth: Auth, kickOffUrl: string) => exportThroughHttp((url) => call(auth, 'GET', url), kickOffUrl);
  /** What the FHIR server's search finds for a type (its Bundle total). */
  const searchTotal = async (type: string): Promise<number> =>
    ((await expectStatus(api(t.app, nurse, 'GET', `/fhir/R4/${type}?_count=1`), 200)) as Bundle).total!;

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    nurse = await signIn(t.app, 'nurse');
    prescriber = await signIn(t.app, 'prescriber');
    admin = await signIn(t.app, 'admin');
  });

  it('exports every served type as NDJSON whose counts per type match the FHIR searches, with a manifest as the IG says', async () => {
    const { manifest, byType } = await exportAll(nurse, '/fhir/R4/$export');
    expect(manifest).toMatchObject({
      transactionTime: t.clock.now().toISOString(),
      requiresAccessToken: true,
      error: [],
    });
    expect(manifest.request).toMatch(/\/fhir\/R4\/\$export$/);
    for (const type of [...PATIENT_RECORD_TYPES, 'Practitioner', 'Organization', 'Questionnaire']) {
      const resources = byType.get(type) ?? [];
      expect(resources.length, type).toBe(await searchTotal(type));
      expect(
        resources.every((r) => r.resourceType === type),
        type,
      ).toBe(true);
      expect(new Set(resources.map((r) => r.id)).size, `${type} ids are unique`).toBe(resources.length);
    }
    expect(byType.get('Observation')!.length).toBeGreaterThan(0);
    expect(byType.get('Patient')!.length).toBeGreaterThan(2);
  });

  it('exports only the types asked with _type, and only what changed after _since', async () => {
    const { byType } = await exportAll(nurse, '/fhir/R4/$export?_type=Patient,Encounter');
    expect([...byType.keys()].sort()).toEqual(['Encounter', 'Patient']);
    const future = await exportAll(
      nurse,
      `/fhir/R4/$export?_type=Patient&_since=${encodeURIComponent(new Date(t.clock.now().getTime() + 86_400_000).toISOString())}`,
    );
    expect(future.manifest.output).toEqual([]);
    const past = await exportAll(nurse, '/fhir/R4/$export?_type=Patient&_since=2000-01-01T00:00:00Z');
    expect(past.byType.get('Patient')!.length).toBe(await searchTotal('Patient'));
  });

  it('exports the patient compartment at Patient/$export', async () => {
    const { byType } = await exportAll(prescriber, '/fhir/R4/Patient/$export');
    const compartment = [...PATIENT_RECORD_TYPES, ...PATIENT_CLINIC_RECORD_TYPES];
    expect([...byType.keys()].every((type) => compartment.includes(type))).toBe(true);
    expect(byType.has('Location') || byType.has('Group') || byType.has('Practitioner')).toBe(false);
    expect(byType.get('Patient')!.length).toBe(await searchTotal('Patient'));
  });

  it('answers a bad kick-off with 400 naming the parameter, as an OperationOutcome', async () => {
    for (const [query, field] of [
      ['_type=Medication', '_type'],
      ['_since=yesterday', '_since'],
      ['_outputFormat=text/csv', '_outputFormat'],
      ['_typeFilter=x', '_typeFilter'],
    ] as const) {
      const r = await call(nurse, 'GET', `/fhir/R4/$export?${query}`);
      expect(r.statusCode, query).toBe(400);
      expect(r.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ expression: [field] }] });
    }
  });

  it('lets only the requester poll and download, and the front desk not export at all', async () => {
    const kickOff = await call(nurse, 'GET', '/fhir/R4/$export?_type=Patient');
    const status = pathOf(String(kickOff.headers['content-location']));
    expect((await call(prescriber, 'GET', status)).statusCode).toBe(404);
    const desk = await signIn(t.app, 'front_desk');
    expect((await call(desk, 'GET', '/fhir/R4/$export')).statusCode).toBe(403);
    const { manifest } = await exportAll(nurse, '/fhir/R4/$export?_type=Patient');
    expect((await call(admin, 'GET', pathOf(manifest.output[0]!.url))).statusCode).toBe(404);
  });

  it('limits an API token to its scopes: without _type it gets only the types it may read; asking for another is 403', async () => {
    const token = await createApiToken(t.app, admin, {
      name: 'Warehouse',
      role: 'nurse',
      scopes: ['system/Patient.rs', 'system/Encounter.rs'],
    });
    const { byType } = await exportAll(token, '/fhir/R4/$export');
    expect([...byType.keys()].sort()).toEqual(['Encounter', 'Patient']);
    const refused = await call(token, 'GET', '/fhir/R4/$export?_type=Observation');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
  });

  it('reads in keyset windows and splits large types into parts, losing and repeating nothing', async () => {
    const service = smallWindowExportService(t, ctx.database, { batch: 3, partSize: 7 });
    const id = await systemExport(service, nurse, 'Patient,Observation');
    const answer = await service.status(nurseContext(nurse), id, 'http://localhost/fhir/R4');
    expect(answer.state).toBe('completed');
    if (answer.state !== 'completed') return;
    const whole = await exportAll(nurse, '/fhir/R4/$export?_type=Patient,Observation');
    for (const type of ['Patient', 'Observation']) {
      const files = answer.manifest.output.filter((o) => o.type === type);
      expect(files.length, `${type} parts`).toBeGreaterThan(1);
      const ids = await idsInFiles(service, nurse, id, files);
      expect(ids.sort(), type).toEqual(
        whole.byType
          .get(type)!
          .map((r) => r.id!)
          .sort(),
      );
    }
  });
});

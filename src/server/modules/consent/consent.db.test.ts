import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { consentDocumentSha256, currentConsentFor } from '../../../domain/consent/index.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, signIn, type Session, type TestApp } from '../../testing/test-app.js';
import { newPatient } from '../plans/plan-scenarios.testing.js';
import { ConsentRepository } from './consent.repository.js';

describeEachDatabase('consent', (ctx) => {
  let t: TestApp;
  let desk: Session;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    desk = await signIn(t.app, 'front_desk');
  });
  const document = currentConsentFor('esketamine-nasal');
  const signature = {
    modality: 'esketamine-nasal',
    documentId: document.id,
    version: document.version,
    sha256: consentDocumentSha256(document),
    typedName: 'Pat Scenario',
    agreed: true,
  };

  it('lists the documents with their hashes and shows one with its text', async () => {
    const list = (await api(t.app, desk, 'GET', '/api/consent-documents')).json();
    expect(list.items).toContainEqual(
      expect.objectContaining({
        id: document.id,
        version: document.version,
        sha256: signature.sha256,
        isCurrent: true,
      }),
    );
    const one = (await api(t.app, desk, 'GET', `/api/consent-documents/${document.id}`)).json();
    expect(one.body).toContain('no driving');
    expect((await api(t.app, desk, 'GET', '/api/consent-documents/consent-nothing')).statusCode).toBe(404);
  });

  it('records the signature with document version and SHA-256, making consent current for that modality only', async () => {
    const patientId = await newPatient(t.app, desk, 'Signing');
    const before = (await api(t.app, desk, 'GET', `/api/patients/${patientId}/consents`)).json();
    expect(before.status.find((s: { modality: string }) => s.modality === 'esketamine-nasal')).toMatchObject({
      current: false,
      reason: 'no-consent',
    });
    const signed = await api(t.app, desk, 'POST', `/api/patients/${patientId}/consents`, signature);
    expect(signed.statusCode).toBe(201);
    expect(signed.json()).toMatchObject({
      signature: {
        documentId: document.id,
        version: document.version,
        sha256: signature.sha256,
        typedName: 'Pat Scenario',
        via: 'desk',
        recordedBy: { displayName: 'Fran Frontdesk' },
      },
      status: { modality: 'esketamine-nasal', current: true },
      typedNameMatchesPatient: true,
    });
    const after = (await api(t.app, desk, 'GET', `/api/patients/${patientId}/consents`)).json();
    expect(
      after.status.filter((s: { current: boolean }) => s.current).map((s: { modality: string }) => s.modality),
    ).toEqual(['esketamine-nasal']);
    await expect(
      sql`update consent_signature set typed_name = 'Someone else' where patient_id = ${patientId}`.execute(
        ctx.database.db,
      ),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses a signature on text that is not the current document', async () => {
    const patientId = await newPatient(t.app, desk, 'Outdated');
    const wrongHash = await api(t.app, desk, 'POST', `/api/patients/${patientId}/consents`, {
      ...signature,
      sha256: 'a'.repeat(64),
    });
    expect(wrongHash.json()).toMatchObject({
      status: 422,
      code: 'consent-text-mismatch',
      errors: [{ field: 'sha256' }],
    });
    const oldVersion = await api(t.app, desk, 'POST', `/api/patients/${patientId}/consents`, {
      ...signature,
      version: '0.9.0',
    });
    expect(oldVersion.json()).toMatchObject({ status: 422, code: 'consent-document-outdated' });
    const otherDocument = await api(t.app, desk, 'POST', `/api/patients/${patientId}/consents`, {
      ...signature,
      documentId: 'consent-iv-ketamine',
    });
    expect(otherDocument.json().code).toBe('consent-document-wrong');
  });

  it('needs the checkbox and a typed name', async () => {
    const patientId = await newPatient(t.app, desk, 'Unticked');
    const unticked = await api(t.app, desk, 'POST', `/api/patients/${patientId}/consents`, {
      ...signature,
      agreed: false,
    });
    expect(unticked.statusCode).toBe(400);
    expect(unticked.json().errors[0].field).toBe('agreed');
    expect(
      (await api(t.app, desk, 'POST', `/api/patients/${patientId}/consents`, { ...signature, typedName: ' ' })).json()
        .errors[0].field,
    ).toBe('typedName');
    const therapist = await signIn(t.app, 'therapist');
    expect((await api(t.app, therapist, 'POST', `/api/patients/${patientId}/consents`, signature)).statusCode).toBe(
      403,
    );
  });

  it("gives each patient's latest signature per modality, for several patients at once (scheduling's reminders)", async () => {
    const consents = new ConsentRepository(ctx.database.db);
    const [first, second] = [await newPatient(t.app, desk, 'Twice'), await newPatient(t.app, desk, 'Once')];
    const signed = (patientId: string, documentVersion: string, signedAt: string) =>
      ctx.database.db.transaction().execute((trx) =>
        consents.insert(trx, {
          clinicId: desk.clinicId,
          patientId,
          modality: 'esketamine-nasal',
          documentId: document.id,
          documentVersion,
          documentSha256: signature.sha256,
          typedName: 'Pat Scenario',
          agreed: true,
          signedAt: new Date(signedAt),
          via: 'desk',
          recordedBy: desk.userId,
          linkId: null,
        }),
      );
    await signed(first, '1.0.0-later', '2026-11-20T10:00:00Z');
    await signed(first, '0.9.0-earlier', '2026-11-02T10:00:00Z');
    await signed(second, '0.9.0-only', '2026-11-03T10:00:00Z');
    const latest = await consents.latestSignatures(desk.clinicId, [first, second, 'not-a-uuid']);
    expect(latest.map((r) => [r.patientId, r.modality, r.documentVersion]).sort()).toEqual(
      [
        [first, 'esketamine-nasal', '1.0.0-later'],
        [second, 'esketamine-nasal', '0.9.0-only'],
      ].sort(),
    );
    expect(await consents.latestSignatures(desk.clinicId, [])).toEqual([]);
  });
});

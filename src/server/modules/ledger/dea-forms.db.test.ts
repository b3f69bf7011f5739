/**
 * DEA Form 41 and Form 106 records as PDFs, and marking them as sent (issue 14), on PGlite and PostgreSQL.
 * Sources: DEA Form 41 sections A-D and 21 CFR 1317.95(d) (registrant; items destroyed; date, method, place;
 * two witnesses); DEA Form 106 (registrant, date, type, substance and quantity lost) and 21 CFR 1301.76(b).
 */
import { pdfTagging, pdfText, structElements } from '../../testing/pdf-text.js';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { demoEmail } from '../../seed/demo-data.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import {
  api,
  createTestApp,
  expectStatus,
  signIn,
  TEST_PASSWORD,
  type Session,
  type TestApp,
} from '../../testing/test-app.js';
import { KETAMINE_50, lossReportBody, receiptBody } from './ledger.testing.js';

const REGISTRANT = {
  registeredName: 'Lakeside Ketamine Clinic LLC',
  deaNumber: 'FL1234563',
  address: '12 Lake Rd, Springfield, IL',
  phone: '555-0100',
  // Names clinics see, beyond Windows-1252: the PDF embeds Unicode fonts, so they print as written.
  contactName: 'Łucja Øyelaran (陈静)',
  principalBusiness: 'practitioner',
};

describeEachDatabase('DEA Form 41 and Form 106 records', (ctx) => {
  let t: TestApp;
  let admin: Session;
  let nurse: Session;
  let prescriber: Session;
  let therapist: Session;
  let desk: Session;
  let destructionId: string;
  let lossId: string;

  /** Records that the Form 106 of the loss report was sent to DEA. */
  const submitForm106 = (by: Session, body: { method: string; sentOn: string; reference?: string; note?: string }) =>
    api(t.app, by, 'POST', `/api/ledger/dea-forms/${lossId}/submissions`, body);

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    admin = await signIn(t.app, 'admin');
    nurse = await signIn(t.app, 'nurse');
    prescriber = await signIn(t.app, 'prescriber');
    therapist = await signIn(t.app, 'therapist');
    desk = await signIn(t.app, 'front_desk');
    await sql`update clinic set settings = coalesce(settings, '{}'::jsonb) || ${JSON.stringify({ ledger: { registrant: REGISTRANT }, locale: 'en-GB' })}::jsonb where id = ${admin.clinicId}`.execute(
      ctx.database.db,
    );
    await expectStatus(
      api(t.app, admin, 'POST', '/api/ledger/locations', {
        locationId: 'dea-safe',
        name: 'DEA test safe',
        openableByRoles: ['admin', 'prescriber', 'nurse'],
      }),
      201,
    );
    await expectStatus(
      api(
        t.app,
        nurse,
        'POST',
        '/api/ledger/receipts',
        receiptBody({
          ndc: KETAMINE_50,
          lot: 'K-DEA-1',
          locationId: 'dea-safe',
          containers: 3,
          invoiceNumber: 'INV-DEA',
        }),
      ),
      201,
    );
    const destroyed = await expectStatus(
      api(t.app, admin, 'POST', '/api/ledger/destructions', {
        ndc: KETAMINE_50,
        lot: 'K-DEA-1',
        locationId: 'dea-safe',
        amount: { containers: 1 },
        reason: 'damaged',
        method: 'Chemical digestion container',
        destructionSite: { name: 'Lakeside clinic', address: '12 Lake Rd' },
        witnesses: [
          { email: demoEmail('nurse'), password: TEST_PASSWORD },
          { email: demoEmail('prescriber'), password: TEST_PASSWORD },
        ],
      }),
      201,
    );
    destructionId = destroyed.entry.entryId;
    const lost = await expectStatus(
      api(
        t.app,
        admin,
        'POST',
        '/api/ledger/loss-reports',
        lossReportBody('K-DEA-1', 'dea-safe', {
          lossType: 'night-break-in',
          circumstances: 'Safe forced open overnight.',
          form106: {
            reportedToPolice: true,
            policeDepartment: { name: 'Springfield PD', phone: '555-0199' },
            policeReportNumber: 'SPD-42',
          },
        }),
      ),
      201,
    );
    lossId = lost.entry.entryId;
  });

  const pdfOf = (session: Session, entryId: string) =>
    api(t.app, session, 'GET', `/api/ledger/dea-forms/${entryId}/pdf`);

  it('lists both records with their form, unsent at first', async () => {
    const list = await expectStatus(api(t.app, nurse, 'GET', '/api/ledger/dea-forms'), 200);
    const ours = list.items.filter((i: { entryId: string }) => [destructionId, lossId].includes(i.entryId));
    expect(ours.map((i: { form: string; isSent: boolean }) => `${i.form}:${i.isSent}`)).toEqual([
      '41:false',
      '106:false',
    ]);
    expect(ours[0].form41).toMatchObject({
      registrant: { deaNumber: 'FL1234563' },
      item: { batch: 'K-DEA-1', totalDestroyed: '500 mg' },
      witnesses: ['Nora Nurse', 'Dr Priya Prescriber'],
    });
  });

  it('prints the Form 41 record: registrant, drug, quantities and both witnesses', async () => {
    const response = await pdfOf(nurse, destructionId);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="dea-form-41-entry-\d+\.pdf"/);
    const text = await pdfText(response.rawPayload);
    expect(text).toContain('DEA Form 41 record');
    expect(text).toContain('Łucja Øyelaran');
    expect(text).toContain('陈静');
    for (const expected of [
      'Lakeside Ketamine Clinic LLC',
      'FL1234563',
      'Ketamine hydrochloride',
      KETAMINE_50,
      'K-DEA-1',
      '500 mg',
      'Chemical digestion container',
      'Nora Nurse',
      'Dr Priya Prescriber',
      'Not marked as sent',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("is a tagged PDF (ISO 32000-1 section 14.8): the clinic's language (its locale, en-GB here), a Document of H1, H2 per section and P per line, page numbers as artifacts", async () => {
    const tagging = await pdfTagging((await pdfOf(nurse, destructionId)).rawPayload);
    expect(tagging).toMatchObject({
      lang: 'en-GB',
      displayDocTitle: true,
      marked: true,
      title: expect.stringContaining('DEA Form 41 record'),
    });
    const elements = tagging.pages.flatMap((page) => structElements(page));
    expect(elements[0]!.role).toBe('Document');
    expect(elements.find((e) => e.role === 'H1')?.text).toBe('DEA Form 41 record: controlled substances destroyed');
    expect([...new Set(elements.filter((e) => e.role === 'H2').map((e) => e.text))]).toEqual([
      'A. Registrant',
      'B. Controlled substances destroyed',
      'C. Destruction',
      'D. Witnesses (authorised employees)',
      'Sent to the DEA',
    ]);
    expect(elements.filter((e) => e.role === 'P').map((e) => e.text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DEA registration number\s*FL1234563$/),
        expect.stringMatching(/^First witness\s*Nora Nurse$/),
      ]),
    );
    expect(tagging.artifacts.join(' ')).toContain('Page 1 of');
    expect(tagging.untagged.every((text) => text.trim() === '')).toBe(true);
  });

  it('prints the Form 106 record: registrant, drug, quantity, type and police report', async () => {
    const text = await pdfText((await pdfOf(prescriber, lossId)).rawPayload);
    for (const expected of [
      'DEA Form 106 record',
      'Lakeside Ketamine Clinic LLC',
      'FL1234563',
      'K-DEA-1',
      '500 mg',
      'Night break-in',
      'Springfield PD, 555-0199',
      'SPD-42',
      'by 2026-12-17',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('lets only the roles that see the ledger fetch a record, and only the admin mark it sent', async () => {
    for (const session of [therapist, desk]) {
      await expectStatus(pdfOf(session, destructionId), 403);
      await expectStatus(api(t.app, session, 'GET', '/api/ledger/dea-forms'), 403);
    }
    await expectStatus(submitForm106(nurse, { method: 'mail', sentOn: '2026-11-02' }), 403);
    await expectStatus(pdfOf(admin, '00000000-0000-4000-8000-000000000000'), 404);
  });

  it('records "sent" as a new event (who, when, how), keeps earlier ones, shows it on the record and the PDF, and audits it', async () => {
    const bad = await expectStatus(submitForm106(admin, { method: 'carrier-pigeon', sentOn: '2026-11-02' }), 400);
    expect(JSON.stringify(bad)).toContain('method');
    const future = await expectStatus(submitForm106(admin, { method: 'mail', sentOn: '2026-11-03' }), 400);
    expect(future.errors[0].field).toBe('sentOn');
    const impossible = await expectStatus(submitForm106(admin, { method: 'mail', sentOn: '2026-02-30' }), 400);
    expect(impossible.errors[0].field).toBe('sentOn');

    const first = await expectStatus(
      submitForm106(admin, { method: 'dea-diversion-online', sentOn: '2026-11-02', reference: 'DEA-106-0001' }),
      201,
    );
    expect(first).toMatchObject({
      isSent: true,
      submissions: [
        {
          method: 'dea-diversion-online',
          methodLabel: 'DEA Diversion Control online',
          sentOn: '2026-11-02',
          reference: 'DEA-106-0001',
          recordedBy: { displayName: expect.any(String) },
          recordedAt: t.clock.now().toISOString(),
        },
      ],
    });
    t.clock.advanceMinutes(2);
    const second = await expectStatus(
      submitForm106(admin, { method: 'mail', sentOn: '2026-11-02', note: 'Paper copy to the field office' }),
      201,
    );
    expect(second.submissions.map((s: { method: string }) => s.method)).toEqual(['dea-diversion-online', 'mail']);

    const text = await pdfText((await pdfOf(nurse, lossId)).rawPayload);
    expect(text).toContain('DEA Diversion Control online, reference DEA-106-0001');

    const audit = await sql<{
      action: string;
      userId: string;
    }>`select action, user_id from audit_event where resource_type = 'DeaFormRecord' and resource_id = ${lossId} order by seq`.execute(
      ctx.database.db,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['export', 'mark-sent', 'mark-sent', 'export']);
    expect(audit.rows[1]!.userId).toBe(t.seed.users!.admin);
    await expect(
      sql`update dea_form_submission set method = 'fax' where entry_id = ${lossId}`.execute(ctx.database.db),
    ).rejects.toThrow();
  });
});

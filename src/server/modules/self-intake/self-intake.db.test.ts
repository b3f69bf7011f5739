import { beforeAll, expect, it } from 'vitest';
import type { SelfIntakeLinkList, SelfIntakePage } from '../../../contract/self-intake.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, expectStatus, signIn, type Session, type TestApp } from '../../testing/test-app.js';
import { newPatient, saveIntake, signInStaff, type Staff } from '../plans/plan-scenarios.testing.js';
import { FAILED_SERTRALINE_TRIAL } from '../../../domain/eligibility/trials.testing.js';

describeEachDatabase('patient self-intake through a single-use link', (ctx) => {
  let t: TestApp;
  let staff: Staff;
  let nurse: Session;
  let therapist: Session;

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    ({ staff, nurse } = await signInStaff(t.app));
    therapist = await signIn(t.app, 'therapist');
  });

  /** A registered patient with a staff intake (version 1), and a link the front desk made with the IV ketamine consent. */
  async function patientWithLink(name: string) {
    const patientId = await newPatient(t.app, staff.desk, name);
    await saveIntake(t.app, staff.prescriber, patientId);
    const link = await expectStatus(
      api(t.app, staff.desk, 'POST', `/api/patients/${patientId}/self-intake-links`, {
        consentModality: 'iv-ketamine',
      }),
      201,
    );
    return { patientId, linkId: link.id as string, token: link.token as string, path: link.path as string };
  }

  async function sendAnswers(token: string) {
    const page: SelfIntakePage = await expectStatus(api(t.app, undefined, 'GET', `/api/self-intake/${token}`), 200);
    return api(t.app, undefined, 'POST', `/api/self-intake/${token}`, {
      contact: { phone: '555-0177', email: 'pat@example.test' },
      registration: {
        emergencyContact: { name: 'Sam Scenario', relationship: 'sibling', phone: '555-0178' },
        ride: { name: 'Sam Scenario', phone: '555-0178' },
      },
      health: {
        heightCm: 168,
        weightKg: 61,
        medications: [{ name: 'bupropion', dose: '300 mg daily' }],
        allergies: [{ substance: 'latex', reaction: 'itching' }],
        trials: [FAILED_SERTRALINE_TRIAL],
        history: { psychosis: 'never', priorKetamine: false },
      },
      consent: {
        documentId: page.consent!.documentId,
        version: page.consent!.version,
        sha256: page.consent!.sha256,
        typedName: 'Pat Scenario',
        agreed: true,
      },
    });
  }

  it('shows the patient the consent to read, and nothing that identifies them', async () => {
    const { token, path } = await patientWithLink('Reader');
    expect(path).toBe(`/i/${token}`);
    const page: SelfIntakePage = await expectStatus(api(t.app, undefined, 'GET', `/api/self-intake/${token}`), 200);
    expect(page).toMatchObject({ status: 'open', clinicName: expect.any(String), message: null });
    expect(page.consent).toMatchObject({ modality: 'iv-ketamine', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(page)).not.toContain('Reader');
  });

  it('stores the answers and the consent signature once; the link cannot be used again', async () => {
    const { patientId, token } = await patientWithLink('Once');
    expect((await sendAnswers(token)).json()).toEqual({ submitted: true, consentSigned: true });
    expect(
      (await api(t.app, undefined, 'POST', `/api/self-intake/${token}`, { contact: { phone: '555-0100' } })).statusCode,
    ).toBe(410);
    const consents = await expectStatus(api(t.app, staff.desk, 'GET', `/api/patients/${patientId}/consents`), 200);
    expect(consents.signatures).toEqual([
      expect.objectContaining({ modality: 'iv-ketamine', via: 'link', typedName: 'Pat Scenario' }),
    ]);
    expect(consents.status.find((s: { modality: string }) => s.modality === 'iv-ketamine').current).toBe(true);
  });

  it('refuses answers without the consent the link asks for, naming the field, and keeps the link open', async () => {
    const { token } = await patientWithLink('Unsigned');
    const response = await api(t.app, undefined, 'POST', `/api/self-intake/${token}`, {
      contact: { phone: '555-0100' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('consent');
    expect((await expectStatus(api(t.app, undefined, 'GET', `/api/self-intake/${token}`), 200)).status).toBe('open');
  });

  it("refuses the answers from a browser signed in as staff: they must be the patient's own", async () => {
    const { token } = await patientWithLink('Staffed');
    expect((await api(t.app, staff.desk, 'POST', `/api/self-intake/${token}`, {})).statusCode).toBe(403);
  });

  it('lets the front desk accept the registration, a clinician the health history, each as a new version', async () => {
    const { patientId, linkId, token } = await patientWithLink('Accepted');
    await sendAnswers(token);

    // The front desk sees the contacts and the registration, not the health history
    const forDesk: SelfIntakeLinkList = await expectStatus(
      api(t.app, staff.desk, 'GET', `/api/patients/${patientId}/self-intake-links`),
      200,
    );
    expect(forDesk.items[0]).toMatchObject({
      status: 'submitted',
      consentSigned: true,
      registrationAccepted: null,
      clinicalAccepted: null,
    });
    expect(forDesk.items[0]!.submission).toMatchObject({
      contact: { phone: '555-0177' },
      health: null,
      hasHealth: true,
    });

    // The front desk accepts the registration: the patient record and the intake get new versions
    expect(
      await expectStatus(
        api(t.app, staff.desk, 'POST', `/api/self-intake-links/${linkId}/registration-acceptance`),
        200,
      ),
    ).toEqual({ part: 'registration', intakeVersion: 2 });
    expect(await expectStatus(api(t.app, staff.desk, 'GET', `/api/patients/${patientId}`), 200)).toMatchObject({
      phone: '555-0177',
      email: 'pat@example.test',
      version: 2,
    });
    // but may not accept the clinical part
    expect(
      (await api(t.app, staff.desk, 'POST', `/api/self-intake-links/${linkId}/clinical-acceptance`)).statusCode,
    ).toBe(403);
    expect(
      (await api(t.app, therapist, 'POST', `/api/self-intake-links/${linkId}/clinical-acceptance`)).statusCode,
    ).toBe(403);

    // A nurse reads the health history and accepts it
    const forNurse: SelfIntakeLinkList = await expectStatus(
      api(t.app, nurse, 'GET', `/api/patients/${patientId}/self-intake-links`),
      200,
    );
    expect(forNurse.items[0]!.submission!.health!.allergies).toEqual([{ substance: 'latex', reaction: 'itching' }]);
    expect(
      await expectStatus(api(t.app, nurse, 'POST', `/api/self-intake-links/${linkId}/clinical-acceptance`), 200),
    ).toEqual({ part: 'clinical', intakeVersion: 3 });
    expect((await api(t.app, nurse, 'POST', `/api/self-intake-links/${linkId}/clinical-acceptance`)).statusCode).toBe(
      409,
    );

    // The intake now holds the patient's medicines and allergies, the clinician's diagnoses are kept, and every
    // earlier version is still there
    const intake = await expectStatus(api(t.app, nurse, 'GET', `/api/patients/${patientId}/intake`), 200);
    expect(intake).toMatchObject({ version: 3, source: 'patient-link' });
    expect(intake.intake).toMatchObject({
      medications: [{ name: 'bupropion', dose: '300 mg daily' }],
      allergies: [{ substance: 'latex', reaction: 'itching' }],
      heightCm: 168,
      emergencyContact: { name: 'Sam Scenario', relationship: 'sibling', phone: '555-0178' },
      diagnoses: [expect.objectContaining({ code: 'F33.2' })],
    });
    expect(intake.intake.psychiatricHistory).toMatchObject({
      psychosis: 'never',
      acuteSuicidalIdeation: false,
      priorKetamine: { received: false },
    });
    const history = await expectStatus(api(t.app, nurse, 'GET', `/api/patients/${patientId}/intake/history`), 200);
    expect(history.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(history[2].intake.medications).toEqual([{ name: 'sertraline', dose: '150 mg daily' }]);

    const after: SelfIntakeLinkList = await expectStatus(
      api(t.app, nurse, 'GET', `/api/patients/${patientId}/self-intake-links`),
      200,
    );
    expect(after.items[0]!.registrationAccepted).toMatchObject({ by: 'Fran Frontdesk', intakeVersion: 2 });
    expect(after.items[0]!.clinicalAccepted).toMatchObject({ intakeVersion: 3 });
  });

  it('will not accept what the patient has not sent yet', async () => {
    const { linkId } = await patientWithLink('Waiting');
    const response = await api(t.app, staff.desk, 'POST', `/api/self-intake-links/${linkId}/registration-acceptance`);
    expect(response.statusCode).toBe(409);
  });

  it('refuses an expired link with 410', async () => {
    const patientId = await newPatient(t.app, staff.desk, 'Late');
    const link = await expectStatus(
      api(t.app, staff.desk, 'POST', `/api/patients/${patientId}/self-intake-links`, { expiresInHours: 1 }),
      201,
    );
    t.clock.advanceMinutes(61);
    try {
      expect((await expectStatus(api(t.app, undefined, 'GET', `/api/self-intake/${link.token}`), 200)).status).toBe(
        'expired',
      );
      expect(
        (await api(t.app, undefined, 'POST', `/api/self-intake/${link.token}`, { contact: { phone: '555-0100' } }))
          .statusCode,
      ).toBe(410);
    } finally {
      t.clock.advanceMinutes(-61);
    }
  });

  it('answers 404 for an unknown token', async () => {
    expect((await api(t.app, undefined, 'GET', `/api/self-intake/${'x'.repeat(32)}`)).statusCode).toBe(404);
  });
});

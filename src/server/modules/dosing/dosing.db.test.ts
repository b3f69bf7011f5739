import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, signIn, type Session, type TestApp } from '../../testing/test-app.js';

describeEachDatabase('dosing calculators', (ctx) => {
  let t: TestApp;
  let nurse: Session;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    nurse = await signIn(t.app, 'nurse');
  });

  /** 70 kg at 0.5 mg/kg over 40 minutes, from 10 mg/mL: the order each test starts from. */
  const ORDER = { weightKg: 70, mgPerKg: 0.5, durationMin: 40, concentrationMgPerMl: 10 };
  const ivDosing = (body: Record<string, unknown>) => api(t.app, nurse, 'POST', '/api/dosing/iv', body);

  describe('POST /api/dosing/iv', () => {
    it('gives dose, volume to 0.1 mL and rate to 0.1 mL/h', async () => {
      // Sanacora 2017 (APA consensus): 0.5 mg/kg over 40 minutes. 70 kg -> 35 mg; 3.5 mL of 10 mg/mL; 5.25 -> 5.3 mL/h.
      const response = await ivDosing(ORDER);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        doseMg: 35,
        volumeMl: 3.5,
        rateMlPerHour: 5.3,
        dosingWeight: { weightKg: 70, basis: 'actual' },
        protocol: { id: 'iv-ketamine-induction', capMgPerKg: 1 },
      });
    });

    it("refuses a dose above the protocol's cap with the reason (422)", async () => {
      const response = await ivDosing({ ...ORDER, mgPerKg: 1.5 });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({
        code: 'dose-above-cap-per-kg',
        detail: '1.5 mg/kg is above the protocol cap of 1 mg/kg',
        errors: [{ field: 'mgPerKg' }],
      });
      // Cohen 2018 (ASRA/AAPM/ASA): pain infusions capped at 1 mg/kg/h; 6 mg/kg over 4 h is 1.5 mg/kg/h.
      const pain = await ivDosing({ ...ORDER, mgPerKg: 6, durationMin: 240, protocol: 'iv-ketamine-pain' });
      expect(pain.json()).toMatchObject({ status: 422, code: 'dose-above-cap-per-kg-per-hour' });
    });

    it('answers 400 naming the field for missing or impossible values', async () => {
      const missing = await ivDosing({ weightKg: 70, mgPerKg: 0.5, durationMin: 40 });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors[0].field).toBe('concentrationMgPerMl');
      const negative = await ivDosing({ ...ORDER, weightKg: -3 });
      expect(negative.statusCode).toBe(400);
      expect(negative.json().errors[0].field).toBe('weightKg');
    });

    it("doses by the clinic's weight basis: adjusted weight needs height and sex", async () => {
      const admin = await signIn(t.app, 'admin');
      expect(
        (await api(t.app, admin, 'PUT', '/api/clinic/care-settings', { dosingWeightBasis: 'adjusted' })).statusCode,
      ).toBe(200);
      try {
        const incomplete = await ivDosing({ ...ORDER, weightKg: 120 });
        expect(incomplete.statusCode).toBe(400);
        expect(incomplete.json().errors.map((e: { field: string }) => e.field)).toEqual(['heightCm', 'sex']);
        // Devine IBW, 180 cm man: 50 + 2.3 x (180/2.54 - 60) = 74.99 -> 75.0 kg; adjusted = 75 + 0.4 x (120 - 75) = 93 kg.
        const adjusted = (await ivDosing({ ...ORDER, weightKg: 120, heightCm: 180, sex: 'male' })).json();
        expect(adjusted).toMatchObject({ dosingWeight: { basis: 'adjusted', weightKg: 93 }, doseMg: 46.5 });
      } finally {
        await api(t.app, admin, 'PUT', '/api/clinic/care-settings', { dosingWeightBasis: 'actual' });
      }
    });
  });

  describe('POST /api/dosing/esketamine', () => {
    it('gives devices 5 minutes apart and 2 hours of monitoring', async () => {
      // Spravato label, section 2: 28 mg per device, 5 minutes between devices, at least 2 hours of monitoring.
      expect((await api(t.app, nurse, 'POST', '/api/dosing/esketamine', { doseMg: 84 })).json()).toMatchObject({
        doseMg: 84,
        devices: 3,
        minutesBetweenDevices: 5,
        minimumMonitoringMin: 120,
        administrationMin: 10,
      });
    });

    it('answers 400 for a dose that is not whole devices and 422 above the label maximum', async () => {
      const uneven = await api(t.app, nurse, 'POST', '/api/dosing/esketamine', { doseMg: 70 });
      expect(uneven.statusCode).toBe(400);
      expect(uneven.json().errors[0]).toEqual({
        field: 'doseMg',
        message: 'must be 28, 56 or 84 mg (whole 28 mg devices)',
      });
      const above = await api(t.app, nurse, 'POST', '/api/dosing/esketamine', { doseMg: 112 });
      expect(above.json()).toMatchObject({ status: 422, code: 'dose-above-cap' });
      expect(above.json().detail).toContain('84 mg');
    });

    it('is for prescribers and nurses', async () => {
      const desk = await signIn(t.app, 'front_desk');
      expect((await api(t.app, desk, 'POST', '/api/dosing/esketamine', { doseMg: 56 })).statusCode).toBe(403);
      expect(ctx.target).toBeDefined();
    });
  });
});

/**
 * The demo clinic's treatment day, so the clinic board is alive on first start. It runs today's sessions booked by
 * demo-schedule.ts through the same services as the API, with every time relative to `now` (the server's start):
 *
 *   Tomasz Nowicki   IV ketamine     pre-dose: checked in 5 min ago, vital signs taken, ride home not yet confirmed
 *   Diego Salazar    IV ketamine     infusing: started 15 min ago after a verified dose
 *   Hannah Oyelaran  esketamine      monitoring: two devices 60 and 55 min ago; the 40-minute blood pressure is in
 *   Sofia Marquez    IV maintenance  ready for discharge: infusion stopped 45 min ago, vital signs and MOAA/S 5 10 min ago
 *
 * The pre-session questionnaires are not recorded here (a PHQ-9 would change the outcome figures the measures tests
 * count): the prescriber acknowledges that checklist warning, as a clinic would for questionnaires done on paper.
 * Patients other tests rely on are left alone.
 */
import type { Services } from '../app.js';
import type { StaffRole } from '../db/schema.js';
import type { RequestContext } from '../http.js';
import { localDateOf } from '../modules/clinics/clinic-time.js';
import { demoSeedContext } from './demo-data.js';
import { DEMO_LEDGER } from './demo-ledger.js';

export interface DemoTreatmentDayInput {
  readonly clinicId: string;
  readonly users: Record<StaffRole, string>;
  readonly patientIds: readonly string[];
  readonly now: Date;
}

const PRE_DOSE = { systolic: 124, diastolic: 78, heartRate: 74, spo2: 98, respiratoryRate: 14 };
const RIDE = { name: 'Demo Driver', phone: '555-0150', confirmed: true };
/** The demo's consents are signed at start-up, after these back-dated doses (see DemoHistoryOptions). */
const HISTORY = { skipChecklistGate: true } as const;

export async function seedDemoTreatmentDay(services: Services, input: DemoTreatmentDayInput): Promise<void> {
  const as = (role: StaffRole): RequestContext => demoSeedContext(input.clinicId, input.users, role);
  const nurse = as('nurse');
  const prescriber = as('prescriber');
  const ago = (minutes: number): string => new Date(input.now.getTime() - minutes * 60_000).toISOString();
  const settings = await services.careSettings.get(as('admin'));
  // The REMS Patient Monitoring Form's healthcare-setting block, entered once by the clinic.
  await services.treatmentDay.updateSettings(as('admin'), {
    rems: {
      setting: 'outpatient',
      healthcareSetting: { address1: '100 Example Street', city: 'Springfield', state: 'IL', zip: '62701' },
      monitoringContact: { phone: '555-0100', email: 'nurse@demo.ketaclinic.test' },
    },
  });
  const today = localDateOf(input.now, settings.timeZone);
  const calendar = await services.scheduleCalendar.calendar(as('front_desk'), { from: today, to: today });
  const sessionOf = (patientIndex: number): string | undefined => {
    const patientId = input.patientIds[patientIndex];
    return (
      calendar.sessions.find((s) => s.patientId === patientId && s.sessionNumber === 1)?.id ??
      calendar.sessions.find((s) => s.patientId === patientId)?.id
    );
  };

  const questionnaires = (sessionId: string, minutesAgo: number) =>
    services.treatmentDay.acknowledgeWarning(prescriber, sessionId, {
      item: 'questionnaires',
      at: ago(minutesAgo),
      reason: 'PHQ-9 and C-SSRS screener completed on paper at arrival; reviewed, nothing flagged.',
    });

  // Tomasz Nowicki: pre-dose check, the ride home still to be confirmed.
  const nowicki = sessionOf(8);
  if (nowicki) {
    await services.treatmentDay.checkIn(nurse, nowicki, {
      arrivedAt: ago(5),
      identityChecked: true,
      preDoseVitals: { ...PRE_DOSE, takenAt: ago(3) },
      weightKg: 74,
    });
  }

  // Diego Salazar: infusing for 15 minutes.
  const salazar = sessionOf(12);
  if (salazar) {
    await services.treatmentDay.checkIn(nurse, salazar, {
      arrivedAt: ago(30),
      identityChecked: true,
      preDoseVitals: { ...PRE_DOSE, takenAt: ago(28) },
      weightKg: 82,
      ride: RIDE,
    });
    await questionnaires(salazar, 25);
    await services.treatmentDay.prepareDose(
      nurse,
      salazar,
      { preparedAt: ago(20), concentrationMgPerMl: 10, lotNumber: DEMO_LEDGER.ketamine.lot },
      HISTORY,
    );
    await services.treatmentDay.verifyDose(prescriber, salazar, { at: ago(18) });
    await services.treatmentDay.administer(nurse, salazar, { event: 'infusion-started', at: ago(15) }, HISTORY);
    await services.treatmentDay.observe(nurse, salazar, {
      kind: 'vitals',
      at: ago(1),
      vitals: { systolic: 132, diastolic: 84, heartRate: 80, spo2: 97, respiratoryRate: 15 },
    });
  }

  // Hannah Oyelaran: esketamine, in the 2-hour monitoring after her last device.
  const oyelaran = sessionOf(11);
  if (oyelaran) {
    await services.treatmentDay.recordRemsEnrolment(nurse, input.patientIds[11]!, {
      enrolledOn: localDateOf(new Date(input.now.getTime() - 7 * 86_400_000), settings.timeZone),
      remsPatientId: 'DEMO-REMS-0011',
    });
    await services.treatmentDay.checkIn(nurse, oyelaran, {
      arrivedAt: ago(75),
      identityChecked: true,
      preDoseVitals: { ...PRE_DOSE, takenAt: ago(72) },
      fasting: { lastFoodAt: 'none-today', lastLiquidAt: ago(150) },
      ride: RIDE,
    });
    await questionnaires(oyelaran, 70);
    await services.treatmentDay.prepareDose(
      nurse,
      oyelaran,
      { preparedAt: ago(68), lotNumber: DEMO_LEDGER.esketamine.lot },
      HISTORY,
    );
    await services.treatmentDay.administer(nurse, oyelaran, { event: 'device-administered', at: ago(60) }, HISTORY);
    await services.treatmentDay.administer(nurse, oyelaran, { event: 'device-administered', at: ago(55) });
    await services.treatmentDay.observe(nurse, oyelaran, {
      kind: 'vitals',
      at: ago(15),
      vitals: { systolic: 136, diastolic: 86, heartRate: 78, spo2: 97, respiratoryRate: 14 },
    });
    await services.treatmentDay.observe(nurse, oyelaran, { kind: 'moaas', at: ago(15), score: 4 });
    await services.treatmentDay.observe(nurse, oyelaran, {
      kind: 'cadss',
      at: ago(15),
      form: 'cadss-6',
      answers: { 1: 1, 2: 1, 3: 0, 4: 1, 5: 0, 6: 0 },
    });
  }

  // Sofia Marquez: IV maintenance, infusion over, ready for discharge.
  const marquez = sessionOf(3);
  if (marquez) {
    await services.treatmentDay.checkIn(nurse, marquez, {
      arrivedAt: ago(100),
      identityChecked: true,
      preDoseVitals: { ...PRE_DOSE, takenAt: ago(95) },
      weightKg: 66,
      ride: RIDE,
    });
    await questionnaires(marquez, 94);
    await services.treatmentDay.prepareDose(
      nurse,
      marquez,
      { preparedAt: ago(90), concentrationMgPerMl: 10, lotNumber: DEMO_LEDGER.ketamine.lot },
      HISTORY,
    );
    await services.treatmentDay.verifyDose(prescriber, marquez, { at: ago(88) });
    await services.treatmentDay.administer(nurse, marquez, { event: 'infusion-started', at: ago(85) }, HISTORY);
    for (const [minutes, systolic] of [
      [70, 134],
      [55, 138],
    ] as const) {
      await services.treatmentDay.observe(nurse, marquez, {
        kind: 'vitals',
        at: ago(minutes),
        vitals: { systolic, diastolic: 84, heartRate: 78, spo2: 97, respiratoryRate: 14 },
      });
    }
    await services.treatmentDay.administer(nurse, marquez, { event: 'infusion-stopped', at: ago(45) });
    await services.treatmentDay.observe(nurse, marquez, { kind: 'nausea', at: ago(44), level: 'mild' });
    for (const [minutes, systolic] of [
      [44, 130],
      [30, 126],
      [10, 122],
    ] as const) {
      await services.treatmentDay.observe(nurse, marquez, {
        kind: 'vitals',
        at: ago(minutes),
        vitals: { systolic, diastolic: 78, heartRate: 72, spo2: 98, respiratoryRate: 14 },
      });
    }
    await services.treatmentDay.observe(nurse, marquez, { kind: 'moaas', at: ago(10), score: 5 });
  }
}

/**
 * The demo clinic: one account per role and twenty fictitious patients, so a new user can sign in and look
 * around at once. Seeds only an empty database (no clinic yet). Built through the same services as the API.
 */
import type { Services } from '../app.js';
import type { StaffRole } from '../db/schema.js';
import { DEMO_CLINIC, DEMO_PATIENTS, DEMO_STAFF, demoEmail, demoSeedContext } from './demo-data.js';
import { seedDemoMeasures } from './demo-measures.js';
import { seedDemoSchedule } from './demo-schedule.js';
import { seedDemoLedger } from './demo-ledger.js';
import { seedDemoTreatmentDay } from './demo-treatment-day.js';

export interface DemoSeedResult {
  readonly seeded: boolean;
  readonly clinicId?: string;
  readonly users?: Record<StaffRole, string>;
}

export async function seedDemoClinic(
  services: Services,
  options: { password: string; now?: Date },
): Promise<DemoSeedResult> {
  const now = options.now ?? new Date();
  if ((await services.clinics.count()) > 0) return { seeded: false };
  const clinic = await services.clinics.create({ ...DEMO_CLINIC, isDemo: true });
  const users = {} as Record<StaffRole, string>;
  for (const staff of DEMO_STAFF) {
    const user = await services.users.create(clinic.id, {
      email: demoEmail(staff.role),
      displayName: staff.displayName,
      role: staff.role,
      password: options.password,
    });
    users[staff.role] = user.id;
  }
  await services.appointmentTypes.addDefaults(clinic.id);
  const frontDesk = demoSeedContext(clinic.id, users, 'front_desk');
  const patientIds: string[] = [];
  for (const [i, p] of DEMO_PATIENTS.entries()) {
    const created = await services.patients.create(frontDesk, {
      ...p,
      phone: `555-01${String(i).padStart(2, '0')}`,
      email: `${p.givenName.toLowerCase()}.${p.familyName.toLowerCase()}@example.test`,
      address: {
        line: `${100 + i} Example Street`,
        city: 'Springfield',
        region: 'IL',
        postalCode: '62701',
        country: 'US',
      },
    });
    patientIds.push(created.id);
  }
  const nurse = demoSeedContext(clinic.id, users, 'nurse');
  await seedDemoMeasures(services, nurse, patientIds, now);
  await seedDemoLedger(services, { clinicId: clinic.id, users, patientIds, password: options.password, now });
  await seedDemoSchedule(services, { clinicId: clinic.id, users, patientIds, now });
  await seedDemoTreatmentDay(services, { clinicId: clinic.id, users, patientIds, now });
  return { seeded: true, clinicId: clinic.id, users };
}

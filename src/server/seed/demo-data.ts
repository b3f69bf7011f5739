/** Fictitious people for the demo clinic. Any likeness to real persons is accidental. */
import type { StaffRole } from '../db/schema.js';
import type { RequestContext } from '../http.js';

export const DEMO_CLINIC = { name: 'Demo Clinic', slug: 'demo' } as const;

export const DEMO_STAFF: ReadonlyArray<{ role: StaffRole; displayName: string }> = [
  { role: 'admin', displayName: 'Alex Admin' },
  { role: 'prescriber', displayName: 'Dr Priya Prescriber' },
  { role: 'nurse', displayName: 'Nora Nurse' },
  { role: 'therapist', displayName: 'Theo Therapist' },
  { role: 'front_desk', displayName: 'Fran Frontdesk' },
];

export const demoEmail = (role: StaffRole) => `${role}@demo.ketaclinic.test`;

/** The request context the demo seed acts in as the demo clinic's `role` (its audit events say "Demo seed"). */
export function demoSeedContext(
  clinicId: string,
  users: Readonly<Record<StaffRole, string>>,
  role: StaffRole,
): RequestContext {
  return {
    principal: {
      userId: users[role],
      clinicId,
      role,
      email: demoEmail(role),
      displayName: 'Demo seed',
      sessionId: 'seed',
    },
    clientIp: null,
  };
}

export const DEMO_PATIENTS: ReadonlyArray<{
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: 'female' | 'male' | 'other';
}> = [
  { givenName: 'Avery', familyName: 'Lindqvist', dateOfBirth: '1984-03-12', sex: 'female' },
  { givenName: 'Marcus', familyName: 'Okafor', dateOfBirth: '1979-11-02', sex: 'male' },
  { givenName: 'Jun', familyName: 'Takahashi', dateOfBirth: '1991-06-25', sex: 'male' },
  { givenName: 'Sofia', familyName: 'Marquez', dateOfBirth: '1988-01-17', sex: 'female' },
  { givenName: 'Elliot', familyName: 'Brennan', dateOfBirth: '1972-09-30', sex: 'male' },
  { givenName: 'Priya', familyName: 'Raman', dateOfBirth: '1995-04-08', sex: 'female' },
  { givenName: 'Noah', familyName: 'Feldman', dateOfBirth: '1968-12-21', sex: 'male' },
  { givenName: 'Grace', familyName: 'Whitfield', dateOfBirth: '1983-07-14', sex: 'female' },
  { givenName: 'Tomasz', familyName: 'Nowicki', dateOfBirth: '1976-02-03', sex: 'male' },
  { givenName: 'Leila', familyName: 'Haddad', dateOfBirth: '1990-10-19', sex: 'female' },
  { givenName: 'River', familyName: 'Calloway', dateOfBirth: '1999-05-27', sex: 'other' },
  { givenName: 'Hannah', familyName: 'Oyelaran', dateOfBirth: '1986-08-09', sex: 'female' },
  { givenName: 'Diego', familyName: 'Salazar', dateOfBirth: '1981-03-31', sex: 'male' },
  { givenName: 'Ingrid', familyName: 'Solberg', dateOfBirth: '1974-11-11', sex: 'female' },
  { givenName: 'Kwame', familyName: 'Mensah', dateOfBirth: '1993-01-05', sex: 'male' },
  { givenName: 'Chloe', familyName: 'Dubois', dateOfBirth: '1987-06-02', sex: 'female' },
  { givenName: 'Samuel', familyName: 'Ashworth', dateOfBirth: '1965-09-18', sex: 'male' },
  { givenName: 'Mei', familyName: 'Chen', dateOfBirth: '1992-12-29', sex: 'female' },
  { givenName: 'Omar', familyName: 'Farouk', dateOfBirth: '1978-04-22', sex: 'male' },
  { givenName: 'Beatrix', familyName: 'Hollis', dateOfBirth: '1997-02-15', sex: 'female' },
];

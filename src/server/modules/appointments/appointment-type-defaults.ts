/**
 * The appointment types and rooms a new clinic (and the demo clinic) starts with. They are clinic data: an admin
 * changes lengths, roles and rooms through /api/appointment-types and /api/rooms. The lengths are clinic defaults.
 */
import type { AppointmentResource, StaffRole } from '../../db/schema.js';

export interface AppointmentTypeDefault {
  readonly code: string;
  readonly name: string;
  readonly durationMin: number;
  readonly roles: readonly StaffRole[];
  readonly resource: AppointmentResource;
  readonly isGroup?: boolean;
  readonly isTelehealth?: boolean;
}

export const DEFAULT_APPOINTMENT_TYPES: readonly AppointmentTypeDefault[] = [
  { code: 'consultation', name: 'Consultation', durationMin: 60, roles: ['prescriber'], resource: 'room' },
  {
    code: 'medical-evaluation',
    name: 'Medical evaluation',
    durationMin: 45,
    roles: ['prescriber', 'nurse'],
    resource: 'room',
  },
  { code: 'follow-up', name: 'Follow-up', durationMin: 30, roles: ['prescriber', 'nurse'], resource: 'room' },
  {
    code: 'kap-preparation',
    name: 'KAP preparation (therapy)',
    durationMin: 60,
    roles: ['therapist'],
    resource: 'room',
  },
  {
    code: 'kap-integration',
    name: 'KAP integration (therapy)',
    durationMin: 60,
    roles: ['therapist'],
    resource: 'room',
  },
  {
    code: 'kap-integration-group',
    name: 'KAP integration group',
    durationMin: 90,
    roles: ['therapist'],
    resource: 'room',
    isGroup: true,
  },
  {
    code: 'measure-only',
    name: 'Measure-only visit',
    durationMin: 15,
    roles: ['nurse', 'therapist', 'prescriber'],
    resource: 'none',
  },
  {
    code: 'telehealth-follow-up',
    name: 'Telehealth follow-up',
    durationMin: 30,
    roles: ['prescriber', 'nurse', 'therapist'],
    resource: 'none',
    isTelehealth: true,
  },
];

export const DEFAULT_ROOMS: readonly string[] = ['Consult room 1', 'Consult room 2', 'Group room'];

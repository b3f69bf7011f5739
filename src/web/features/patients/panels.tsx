/**
 * The sections of a patient's record page below the demographics, one entry per feature (measures, intake and
 * eligibility, plans, sessions…). A feature adds its panel here rather than editing PatientDetailPage: the page
 * shows each panel the signed-in user's role may see, in this order.
 */
import type { ReactNode } from 'react';
import type { Permission } from '../../api/types';
import { MeasuresPanel } from '../measures/MeasuresPanel';
import { SafetyPlanPanel } from '../measures/SafetyPlanPanel';
import { ConsentPanel } from '../intake/ConsentPanel';
import { IntakePanel } from '../intake/IntakePanel';
import { RegistrationPanel } from '../intake/RegistrationPanel';
import { PlansPanel } from '../plans/PlansPanel';
import { RemsEnrolmentPanel } from '../rems/RemsEnrolmentPanel';
import { SelfIntakePanel } from '../self-intake/SelfIntakePanel';
import { TherapyNotesPanel } from '../chart/TherapyNotesPanel';
import type { Patient } from './patients.api';

export interface PatientPanel {
  /** Unique, used for the heading's id (`${id}-heading`). */
  readonly id: string;
  readonly title: string;
  readonly permission: Permission;
  readonly render: (patient: Patient) => ReactNode;
}

export const patientPanels: readonly PatientPanel[] = [
  // The front desk's part of the intake: no clinical history (issue 10, item 16).
  {
    id: 'registration',
    title: 'Registration',
    permission: 'registration:read',
    render: (patient) => <RegistrationPanel patient={patient} />,
  },
  // What the patient filled in through their own link, to accept into the record (issue 14).
  {
    id: 'self-intake',
    title: 'Self-intake',
    permission: 'registration:read',
    render: (patient) => <SelfIntakePanel patient={patient} />,
  },
  // Clinical history and eligibility: clinical staff only.
  {
    id: 'intake',
    title: 'Intake and eligibility',
    permission: 'intake:read',
    render: (patient) => <IntakePanel patient={patient} />,
  },
  {
    id: 'consent',
    title: 'Consent',
    permission: 'patient:read',
    render: (patient) => <ConsentPanel patient={patient} />,
  },
  {
    id: 'plans',
    title: 'Treatment plans',
    permission: 'plan:read',
    render: (patient) => <PlansPanel patient={patient} />,
  },
  {
    id: 'rems-enrolment',
    title: 'SPRAVATO REMS enrolment',
    permission: 'session:read',
    render: (patient) => <RemsEnrolmentPanel patient={patient} />,
  },
  {
    id: 'measures',
    title: 'Measures and outcomes',
    permission: 'measure:read',
    render: (patient) => <MeasuresPanel patient={patient} />,
  },
  {
    id: 'safety-plan',
    title: 'Safety plan',
    permission: 'clinical:read',
    render: (patient) => <SafetyPlanPanel patient={patient} />,
  },
  // Therapy notes (issue 14): prescribers and therapists only, never the front desk.
  {
    id: 'therapy-notes',
    title: 'Therapy notes',
    permission: 'therapy-note:read',
    render: (patient) => <TherapyNotesPanel patient={patient} />,
  },
];

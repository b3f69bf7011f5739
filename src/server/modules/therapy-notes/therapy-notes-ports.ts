/**
 * What therapy notes read from other modules (issue 13): the appointment a note belongs to comes from appointments,
 * the patient from patients, so the notes' repository queries only the note table. Neither module depends on
 * therapy notes; app.ts passes them in.
 */
import type { AppointmentsRepository, NoteAppointmentRow } from '../appointments/appointments.repository.js';
import type { PatientLookup } from '../patients/patient-lookup.js';

export interface TherapyNotesPorts {
  /** Whether the patient of a list exists in the clinic. */
  readonly patients: PatientLookup;
  /** The appointment a note belongs to (locked while a note is written), and a patient's appointments. */
  readonly appointments: Pick<AppointmentsRepository, 'noteAppointment' | 'patientNoteAppointments'>;
}

/** A therapy appointment with its patient, type and clinician. */
export type TherapyAppointmentRow = NoteAppointmentRow;

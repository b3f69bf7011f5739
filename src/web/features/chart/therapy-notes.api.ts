/** Therapy notes (src/contract/therapy-notes.ts): a patient's therapy appointments with their notes, and one note's writes. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  PatientTherapyNotesSchema,
  SaveTherapyNoteSchema,
  TherapyNoteSchema,
} from '../../../contract/therapy-notes';
import { useApi } from '../../api/context';

export type TherapyNote = Static<typeof TherapyNoteSchema>;
export type SaveTherapyNote = Static<typeof SaveTherapyNoteSchema>;
export type TherapyNoteType = NonNullable<TherapyNote['noteType']>;

const keys = {
  all: ['therapy-notes'] as const,
  patient: (patientId: string) => ['therapy-notes', 'patient', patientId] as const,
  note: (appointmentId: string) => ['therapy-notes', 'appointment', appointmentId] as const,
};

const notesUrl = (appointmentId: string) => `/api/appointments/${encodeURIComponent(appointmentId)}/notes`;

export function usePatientTherapyNotes(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.patient(patientId),
    queryFn: async ({ signal }) =>
      (
        await api.get<Static<typeof PatientTherapyNotesSchema>>(
          `/api/patients/${encodeURIComponent(patientId)}/therapy-notes`,
          { signal },
        )
      ).items,
  });
}

export function useTherapyNote(appointmentId: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.note(appointmentId),
    queryFn: ({ signal }) => api.get<TherapyNote>(notesUrl(appointmentId), { signal }),
  });
}

function useNoteWrite<TBody>(appointmentId: string, write: (body: TBody) => Promise<TherapyNote>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: (note) => {
      queryClient.setQueryData(keys.note(appointmentId), note);
      return queryClient.invalidateQueries({ queryKey: keys.all });
    },
  });
}

export function useSaveTherapyNote(appointmentId: string) {
  const api = useApi();
  return useNoteWrite(appointmentId, (body: SaveTherapyNote) =>
    api.request<TherapyNote>('PUT', notesUrl(appointmentId), { body }),
  );
}

export function useSignTherapyNote(appointmentId: string) {
  const api = useApi();
  return useNoteWrite(appointmentId, () => api.post<TherapyNote>(`${notesUrl(appointmentId)}/signature`, {}));
}

export function useAddTherapyAddendum(appointmentId: string) {
  const api = useApi();
  return useNoteWrite(appointmentId, (body: { text: string }) =>
    api.post<TherapyNote>(`${notesUrl(appointmentId)}/addenda`, body),
  );
}

/**
 * Appointments beyond plan sessions: the shapes of /api/appointments, /api/appointment-types, /api/rooms and
 * /api/outbox (src/contract/appointments.ts) and the queries on them. `start`/`end` are the clinic's wall clock.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  AppointmentCalendarSchema,
  AppointmentSchema,
  AppointmentTypeSchema,
  NewAppointmentSchema,
  OutboxListSchema,
  OutboxMessageSchema,
  PlanSessionBlockSchema,
  SentQuestionnaireLinkSchema,
} from '../../../contract/appointments';
import { useApi } from '../../api/context';

export type AppointmentResource = AppointmentType['resource'];

export type AppointmentType = Static<typeof AppointmentTypeSchema>;

export type Appointment = Static<typeof AppointmentSchema>;

/** A plan session's time on the calendar. */
export type PlanSessionBlock = Static<typeof PlanSessionBlockSchema>;

/** GET /api/appointments */
export type AppointmentCalendar = Static<typeof AppointmentCalendarSchema>;

export type NewAppointment = Static<typeof NewAppointmentSchema>;

const keys = {
  calendar: (from: string, to: string, includeCancelled: boolean) =>
    ['appointments', from, to, includeCancelled] as const,
  all: ['appointments'] as const,
};

export function useAppointmentCalendar(from: string, to: string, includeCancelled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: keys.calendar(from, to, includeCancelled),
    queryFn: ({ signal }) =>
      api.get<AppointmentCalendar>('/api/appointments', {
        query: { from, to, ...(includeCancelled ? { includeCancelled: true } : {}) },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

function useAppointmentMutation<T>(run: (body: T) => Promise<Appointment>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.all });
    },
  });
}

export function useBookAppointment() {
  const api = useApi();
  return useAppointmentMutation((body: NewAppointment) => api.post<Appointment>('/api/appointments', body));
}

export function useRescheduleAppointment(id: string) {
  const api = useApi();
  return useAppointmentMutation((body: { version: number; start: string; staffId?: string; roomId?: string }) =>
    api.post<Appointment>(`/api/appointments/${encodeURIComponent(id)}/reschedule`, body),
  );
}

export function useCancelAppointment(id: string) {
  const api = useApi();
  return useAppointmentMutation((body: { reason: string }) =>
    api.post<Appointment>(`/api/appointments/${encodeURIComponent(id)}/cancel`, body),
  );
}

export type OutboxMessage = Static<typeof OutboxMessageSchema>;

export function useOutbox(status: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['outbox', status],
    queryFn: ({ signal }) =>
      api.get<Static<typeof OutboxListSchema>>('/api/outbox', { query: { ...(status ? { status } : {}) }, signal }),
    refetchInterval: 10_000,
  });
}

export function useSendQuestionnaireLink(patientId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: (body: {
      instruments: string[];
      context: string;
      expiresInHours?: number;
      channels: Array<'email' | 'sms'>;
    }) =>
      api.post<Static<typeof SentQuestionnaireLinkSchema>>(
        `/api/patients/${encodeURIComponent(patientId)}/measure-links/send`,
        body,
      ),
  });
}

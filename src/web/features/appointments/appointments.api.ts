/**
 * Appointments beyond plan sessions: the shapes of /api/appointments, /api/appointment-types, /api/rooms and
 * /api/outbox (src/contract/appointments.ts) and the queries on them. `start`/`end` are the clinic's wall clock.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { StaffRole } from '../../api/types';

export type AppointmentResource = 'chair' | 'room' | 'none';

export interface AppointmentType {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly durationMin: number;
  readonly roles: readonly StaffRole[];
  readonly resource: AppointmentResource;
  readonly isGroup: boolean;
  readonly isTelehealth: boolean;
  readonly isActive: boolean;
}

export interface Appointment {
  readonly id: string;
  readonly patient: { readonly id: string; readonly givenName: string; readonly familyName: string; readonly mrn: string };
  readonly type: { readonly id: string; readonly code: string; readonly name: string; readonly resource: AppointmentResource; readonly isGroup: boolean; readonly isTelehealth: boolean };
  readonly staff: { readonly id: string; readonly displayName: string; readonly role: StaffRole };
  readonly room: { readonly id: string; readonly name: string } | null;
  readonly chair: { readonly id: string; readonly name: string } | null;
  readonly start: string;
  readonly end: string;
  readonly status: 'booked' | 'cancelled';
  readonly videoLink: string | null;
  readonly note: string | null;
  readonly version: number;
  readonly cancelReason: string | null;
}

export interface PlanSessionBlock {
  readonly id: string;
  readonly patient: { readonly id: string; readonly givenName: string; readonly familyName: string };
  readonly modality: string;
  readonly staff: { readonly id: string; readonly displayName: string } | null;
  readonly chair: { readonly id: string; readonly name: string } | null;
  readonly start: string;
  readonly end: string;
  readonly status: string;
}

export interface AppointmentCalendar {
  readonly timeZone: string;
  readonly appointments: readonly Appointment[];
  readonly planSessions: readonly PlanSessionBlock[];
  readonly staff: ReadonlyArray<{ readonly id: string; readonly displayName: string; readonly role: StaffRole }>;
  readonly rooms: ReadonlyArray<{ readonly id: string; readonly name: string; readonly isActive: boolean }>;
  readonly chairs: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly types: readonly AppointmentType[];
}

export interface NewAppointment {
  readonly patientId: string;
  readonly typeId: string;
  readonly staffId: string;
  readonly roomId?: string;
  readonly chairId?: string;
  readonly start: string;
  readonly videoLink?: string;
  readonly note?: string;
}

const keys = { calendar: (from: string, to: string, includeCancelled: boolean) => ['appointments', from, to, includeCancelled] as const, all: ['appointments'] as const };

export function useAppointmentCalendar(from: string, to: string, includeCancelled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: keys.calendar(from, to, includeCancelled),
    queryFn: ({ signal }) => api.get<AppointmentCalendar>('/api/appointments', { query: { from, to, ...(includeCancelled ? { includeCancelled: true } : {}) }, signal }),
    placeholderData: keepPreviousData,
  });
}

function useAppointmentMutation<T>(run: (body: T) => Promise<Appointment>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => { void queryClient.invalidateQueries({ queryKey: keys.all }); },
  });
}

export function useBookAppointment() {
  const api = useApi();
  return useAppointmentMutation((body: NewAppointment) => api.post<Appointment>('/api/appointments', body));
}

export function useRescheduleAppointment(id: string) {
  const api = useApi();
  return useAppointmentMutation((body: { version: number; start: string; staffId?: string; roomId?: string }) => api.post<Appointment>(`/api/appointments/${encodeURIComponent(id)}/reschedule`, body));
}

export function useCancelAppointment(id: string) {
  const api = useApi();
  return useAppointmentMutation((body: { reason: string }) => api.post<Appointment>(`/api/appointments/${encodeURIComponent(id)}/cancel`, body));
}

export interface OutboxMessage {
  readonly id: string;
  readonly kind: string;
  readonly channel: 'email' | 'sms';
  readonly recipient: string;
  readonly subject: string | null;
  readonly status: 'pending' | 'sending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly sentAt: string | null;
  readonly providerMessageId: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
}

export function useOutbox(status: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['outbox', status],
    queryFn: ({ signal }) => api.get<{ delivery: { email: boolean; sms: boolean }; messages: OutboxMessage[] }>('/api/outbox', { query: { ...(status ? { status } : {}) }, signal }),
    refetchInterval: 10_000,
  });
}

export function useSendQuestionnaireLink(patientId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: (body: { instruments: string[]; context: string; expiresInHours?: number; channels: Array<'email' | 'sms'> }) =>
      api.post<{ link: { id: string; expiresAt: string }; queued: Array<{ id: string; channel: 'email' | 'sms'; recipient: string }> }>(`/api/patients/${encodeURIComponent(patientId)}/measure-links/send`, body),
  });
}

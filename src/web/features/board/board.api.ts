/** The clinic board: the shape of GET /api/treatment-day/board (src/server/modules/treatment-day/treatment-day.service.ts). */
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';

export type BoardPhase = 'pre-dose' | 'dosing' | 'monitoring' | 'ready-for-discharge' | 'discharged';

export interface BoardChair {
  readonly sessionId: string;
  readonly chair: { readonly id: string; readonly name: string } | null;
  readonly patientInitials: string;
  readonly modality: string;
  readonly modalityName: string;
  readonly scheduledStart: string;
  readonly isCheckedIn: boolean;
  readonly phase: BoardPhase;
  readonly phaseSince: string | null;
  /** Minutes since dosing started (or since check-in), at `generatedAt`. */
  readonly elapsedMin: number | null;
  readonly minimumMonitoringEndsAt: string | null;
  readonly nextCheck: { readonly id: string; readonly label: string; readonly dueAt: string; readonly status: string } | null;
  readonly minutesUntilNextCheck: number | null;
  readonly overdueChecks: number;
  readonly nextDeviceAllowedAt: string | null;
  readonly openAlerts: readonly { readonly id: string; readonly code: string; readonly severity: string; readonly message: string; readonly raisedAt: string; readonly codes?: readonly string[] }[];
  /** Who is waiting on whom (e.g. the chair waits for a prescriber to evaluate a same-day suicide-risk answer). */
  readonly waitingFor?: { readonly waiting: string; readonly waitingOn: string; readonly reason: string; readonly message: string } | null;
}

export interface BoardSnapshot {
  readonly generatedAt: string;
  readonly date: string;
  readonly timeZone: string;
  readonly chairs: readonly BoardChair[];
}

export const PHASE_LABELS: Readonly<Record<BoardPhase, string>> = {
  'pre-dose': 'Pre-dose',
  dosing: 'Dosing',
  monitoring: 'Monitoring',
  'ready-for-discharge': 'Ready for discharge',
  discharged: 'Discharged',
};

export const boardKeys = { board: ['treatment-day', 'board'] as const };

export function useBoard() {
  const api = useApi();
  return useQuery({
    queryKey: boardKeys.board,
    queryFn: ({ signal }) => api.get<BoardSnapshot>('/api/treatment-day/board', { signal }),
    // The live channel triggers refetches; this is only a safety net should an event be lost.
    refetchInterval: 60_000,
  });
}

/** "in 4 min", "due now", "7 min overdue": from a due time and the present moment. */
export function describeDue(dueAt: string, now: number): string {
  const minutes = Math.round((new Date(dueAt).getTime() - now) / 60_000);
  if (minutes > 0) return `in ${minutes} min`;
  if (minutes === 0) return 'due now';
  return `${-minutes} min overdue`;
}

/** Minutes elapsed now, from the snapshot's figure and the time since it was generated. */
export function elapsedNow(chair: Pick<BoardChair, 'elapsedMin'>, generatedAt: string, now: number): number | null {
  if (chair.elapsedMin === null) return null;
  return chair.elapsedMin + Math.max(0, Math.floor((now - new Date(generatedAt).getTime()) / 60_000));
}

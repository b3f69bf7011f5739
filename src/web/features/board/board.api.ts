/** The clinic board: the shape of GET /api/treatment-day/board (src/server/modules/treatment-day/treatment-day.service.ts). */
import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { BoardSchema } from '../../../contract/treatment-day';
import { useApi } from '../../api/context';

/** GET /api/treatment-day/board (src/contract/treatment-day.ts). */
export type BoardSnapshot = Static<typeof BoardSchema>;
export type BoardChair = BoardSnapshot['chairs'][number];
export type BoardPhase = BoardChair['phase'];

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

/**
 * Keeps a page's snapshot fresh from the clinic's live channel: every event `isRelevant` accepts (all of them unless
 * told) invalidates the queries under `queryKey`, at most once per REFETCH_MIN_INTERVAL_MS however busy the clinic
 * (refetch-scheduler.ts). Returns the channel's status.
 */
import { useEffect, useMemo } from 'react';
import { hashKey, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { createRefetchScheduler } from './refetch-scheduler';
import { useClinicEvents, type BoardEvent, type LiveStatus } from './useClinicEvents';

/** At most one snapshot refetch per this interval, however busy the clinic (see refetch-scheduler.ts). */
const REFETCH_MIN_INTERVAL_MS = 400;

export function useLiveRefetch(
  queryKey: QueryKey,
  isRelevant: (event: BoardEvent) => boolean = () => true,
): LiveStatus {
  const queryClient = useQueryClient();
  const scheduler = useMemo(
    () =>
      createRefetchScheduler(() => {
        void queryClient.invalidateQueries({ queryKey });
      }, REFETCH_MIN_INTERVAL_MS),
    // The key's contents, not the array: a caller may build the same key afresh on every render, and a different
    // key (another session) starts a fresh scheduler.
    [queryClient, hashKey(queryKey)],
  );
  useEffect(() => () => scheduler.cancel(), [scheduler]);
  return useClinicEvents((event) => {
    if (isRelevant(event)) scheduler.request();
  });
}

import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Center } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { useSessionEvents, useSessionQuery } from './session';

export interface SignInLocationState {
  /** Where to go after signing in. */
  readonly from?: string;
  readonly reason?: 'expired' | 'signed-out';
}

/** Renders its children only for a fully signed-in user; anyone else goes to the sign-in page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSessionQuery();
  const { endReason } = useSessionEvents();
  const location = useLocation();

  if (session.isPending) return <LoadingState label="Loading your session…" />;
  if (session.isError)
    return (
      <Center p="xl">
        <ErrorAlert error={session.error} title="Ketaclinic could not load your session" />
      </Center>
    );
  if (!session.data || session.data.mfa !== 'complete' || session.data.mustChangePassword) {
    const state: SignInLocationState =
      endReason === 'signed-out'
        ? { reason: 'signed-out' }
        : { from: `${location.pathname}${location.search}`, ...(endReason ? { reason: endReason } : {}) };
    return <Navigate to="/sign-in" replace state={state} />;
  }
  return <>{children}</>;
}

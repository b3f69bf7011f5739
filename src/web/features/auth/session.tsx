/**
 * The signed-in session: who the user is, their clinic and permissions, read from GET /api/auth/me on page
 * load (the cookie is httpOnly, so this is how a reload restores the session and its CSRF token).
 *
 * `null` means signed out. A 401 from any API call ends the session in the app: cached data is dropped and
 * the user is sent to sign-in, with a note saying why.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { isApiError, type ApiClient } from '../../api/client';
import { useApi } from '../../api/context';
import type { Me, Permission } from '../../api/types';
import { setClinicDisplay } from '../../components/format';

export const SESSION_QUERY_KEY = ['session'] as const;

/** Ends the session in this tab: its CSRF token and every cached query are dropped, and it reads as signed out. */
export function forgetSession(api: ApiClient, queryClient: QueryClient): void {
  api.setCsrfToken(undefined);
  queryClient.setQueryData(SESSION_QUERY_KEY, null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_QUERY_KEY[0] });
}

/** Why the user arrived at the sign-in page, shown there. */
export type SessionEndReason = 'expired' | 'signed-out';

interface SessionEvents {
  readonly endReason: SessionEndReason | undefined;
  setEndReason(reason: SessionEndReason | undefined): void;
}

const SessionEventsContext = createContext<SessionEvents | undefined>(undefined);

/** Listens for 401s from the API client and remembers why a session ended. Mount once, above the router. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [endReason, setEndReason] = useState<SessionEndReason | undefined>(undefined);

  useEffect(
    () =>
      api.onUnauthorized(() => {
        if (queryClient.getQueryData(SESSION_QUERY_KEY) === null) return;
        setEndReason('expired');
        forgetSession(api, queryClient);
      }),
    [api, queryClient],
  );

  const value = useMemo(() => ({ endReason, setEndReason }), [endReason]);
  return <SessionEventsContext.Provider value={value}>{children}</SessionEventsContext.Provider>;
}

export function useSessionEvents(): SessionEvents {
  const events = useContext(SessionEventsContext);
  if (!events) throw new Error('useSessionEvents must be used inside <SessionProvider>.');
  return events;
}

/** The session as loaded from /api/auth/me: `undefined` while loading, `null` when signed out. */
export function useSessionQuery() {
  const api = useApi();
  return useQuery<Me | null>({
    queryKey: SESSION_QUERY_KEY,
    queryFn: async ({ signal }) => {
      try {
        const me = await api.get<Me>('/api/auth/me', { signal, signOutOn401: false });
        api.setCsrfToken(me.csrfToken);
        setClinicDisplay(me.clinic);
        return me;
      } catch (error) {
        if (isApiError(error) && error.status === 401) {
          api.setCsrfToken(undefined);
          return null;
        }
        throw error;
      }
    },
    staleTime: Infinity,
    retry: (failures, error) => !(isApiError(error) && error.status < 500) && failures < 2,
  });
}

/** The signed-in user's session. Only for components rendered inside <RequireSession>. */
export function useSession(): Me {
  const { data } = useSessionQuery();
  if (!data) throw new Error('useSession is only for pages behind <RequireSession>.');
  return data;
}

/** `can('patient:write')`: whether the signed-in user's role holds a permission. */
export function usePermissions(): (permission: Permission) => boolean {
  const { data } = useSessionQuery();
  return useCallback((permission: Permission) => Boolean(data?.permissions.includes(permission)), [data]);
}

/** Sign-in, the second factor, and sign-out: the calls and the session updates that follow them. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  ChangePasswordBodySchema,
  ChangePasswordResultSchema,
  EnrolmentStartSchema,
  RecoveryCodesSchema,
  SignInBodySchema,
  SignInResponseSchema,
  VerifySecondFactorBodySchema,
} from '../../../contract/auth';
import { useApi } from '../../api/context';
import { forgetSession, SESSION_QUERY_KEY, useSessionEvents } from './session';

/** POST /api/auth/login (src/contract/auth.ts). */
export type SignInResponse = Static<typeof SignInResponseSchema>;

/** POST /api/auth/mfa/enrol: the secret and its QR code. */
export type EnrolmentStart = Static<typeof EnrolmentStartSchema>;

/** Reloads /api/auth/me so the app moves to the next step (second factor, or the clinic). */
function useRefreshSession() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
}

export function useSignIn() {
  const api = useApi();
  const refresh = useRefreshSession();
  const { setEndReason } = useSessionEvents();
  return useMutation({
    mutationFn: (input: Static<typeof SignInBodySchema>) =>
      api.post<SignInResponse>('/api/auth/login', input, { signOutOn401: false }),
    onSuccess: async (result) => {
      api.setCsrfToken(result.csrfToken);
      setEndReason(undefined);
      await refresh();
    },
  });
}

export function useVerifySecondFactor() {
  const api = useApi();
  const refresh = useRefreshSession();
  return useMutation({
    mutationFn: (input: Static<typeof VerifySecondFactorBodySchema>) =>
      api.post<void>('/api/auth/mfa/verify', input, { signOutOn401: false }),
    // After five wrong codes the server ends the session; reloading it shows the password step again.
    onSettled: () => refresh(),
  });
}

export function useBeginEnrolment() {
  const api = useApi();
  return useMutation({ mutationFn: () => api.post<EnrolmentStart>('/api/auth/mfa/enrol') });
}

/** Confirms enrolment. The session is complete on the server now, but the app stays on the recovery codes until
 * the user says they have saved them (then call `finish`). */
export function useConfirmEnrolment() {
  const api = useApi();
  return useMutation({
    mutationFn: (code: string) => api.post<Static<typeof RecoveryCodesSchema>>('/api/auth/mfa/enrol/confirm', { code }),
  });
}

/** The user's own password change; their other sessions end. Reloads the session (a temporary password is cleared). */
export function useChangePassword() {
  const api = useApi();
  const refresh = useRefreshSession();
  return useMutation({
    mutationFn: (input: Static<typeof ChangePasswordBodySchema>) =>
      api.post<Static<typeof ChangePasswordResultSchema>>('/api/auth/password', input),
    onSuccess: () => refresh(),
  });
}

export function useFinishSignIn() {
  return useRefreshSession();
}

export function useSignOut() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { setEndReason } = useSessionEvents();
  return useMutation({
    mutationFn: () => api.post<void>('/api/auth/logout', undefined, { signOutOn401: false }),
    // Signed out on the server or not (an expired session answers 401), the app forgets everything it held.
    onSettled: () => {
      setEndReason('signed-out');
      forgetSession(api, queryClient);
    },
  });
}

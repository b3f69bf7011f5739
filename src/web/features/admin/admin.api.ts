/** Administration: staff accounts (/api/users) and the audit log (/api/audit). */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { StaffRole } from '../../api/types';

export interface StaffUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: StaffRole;
  readonly mfaEnabled: boolean;
  readonly isActive: boolean;
  /** A temporary password, still to be changed at the next sign-in. */
  readonly mustChangePassword?: boolean;
  readonly deactivatedAt?: string | null;
  /** Only in the answer that created or reset it: shown once. */
  readonly temporaryPassword?: string;
}

export interface NewStaffUser {
  readonly email: string;
  readonly displayName: string;
  readonly role: StaffRole;
  /** Omitted: the server generates a temporary password and returns it once. */
  readonly password?: string;
}

export type AccountAction =
  | { readonly kind: 'deactivate' } | { readonly kind: 'reactivate' } | { readonly kind: 'password-reset' } | { readonly kind: 'mfa-reset' }
  | { readonly kind: 'role'; readonly role: StaffRole };

export interface AuditEvent {
  readonly seq: number;
  readonly id: string;
  readonly userId: string | null;
  readonly userRole: string | null;
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly patientId: string | null;
  readonly occurredAt: string;
  readonly clientIp: string | null;
  readonly outcome: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly hash: string;
  readonly accessCount: number;
  readonly lastSeenAt: string;
  readonly patientName: string | null;
  readonly patientMrn: string | null;
  readonly userName: string | null;
  readonly resourceLabel: string;
}

export interface AuditFilter {
  readonly patientId?: string;
  /** Part of a patient's name or MRN. */
  readonly patient?: string;
  readonly userId?: string;
  /** ISO timestamps. */
  readonly from?: string;
  readonly to?: string;
}

/** The chain's last sealed event: sequence number, place in the chain, hash (audit log v2). */
export interface AuditHead { readonly seq: number | null; readonly position: number; readonly hash: string }

export type AuditVerification =
  | { readonly intact: true; readonly checked: number; readonly pending: number; readonly head: AuditHead }
  | { readonly intact: false; readonly checked: number; readonly pending: number; readonly head: AuditHead; readonly brokenAtSeq: number | null; readonly brokenAtPosition: number; readonly reason: string };

export const adminKeys = {
  users: ['admin', 'users'] as const,
  audit: (filter: AuditFilter) => ['admin', 'audit', filter] as const,
};

export function useStaffUsers(options: { enabled?: boolean } = {}) {
  const api = useApi();
  return useQuery({
    queryKey: adminKeys.users,
    queryFn: async ({ signal }) => (await api.get<{ items: StaffUser[] }>('/api/users', { signal })).items,
    enabled: options.enabled ?? true,
  });
}

export function useCreateStaffUser() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewStaffUser) => api.post<StaffUser>('/api/users', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

/** Deactivate, reactivate, reset the password or the second factor, or change the role of one account. */
export function useAccountAction(userId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: AccountAction) => {
      const base = `/api/users/${encodeURIComponent(userId)}`;
      return action.kind === 'role'
        ? api.request<StaffUser>('PUT', `${base}/role`, { body: { role: action.role } })
        : api.post<StaffUser>(`${base}/${action.kind}`);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export const AUDIT_PAGE_SIZE = 50;

/** The audit log, newest first, a page at a time (each next page starts before the oldest event shown). */
export function useAuditLog(filter: AuditFilter) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: adminKeys.audit(filter),
    queryFn: async ({ pageParam, signal }) => (await api.get<{ items: AuditEvent[] }>('/api/audit', {
      query: { ...filter, limit: AUDIT_PAGE_SIZE, beforeSeq: pageParam },
      signal,
    })).items,
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (lastPage) => (lastPage.length < AUDIT_PAGE_SIZE ? undefined : lastPage[lastPage.length - 1]?.seq),
  });
}

/** Checks the whole hash chain on the server. A mutation, not a query: it is an action the user asks for. */
export function useVerifyAuditChain() {
  const api = useApi();
  return useMutation({ mutationFn: () => api.get<AuditVerification>('/api/audit/verify') });
}

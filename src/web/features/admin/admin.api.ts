/** Administration: staff accounts (/api/users) and the audit log (/api/audit). */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  AuditEventListSchema,
  AuditEventSchema,
  AuditQuerySchema,
  AuditVerificationSchema,
  HeadSchema,
} from '../../../contract/audit';
import type { CreatedUserSchema, CreateUserBodySchema, UserListSchema } from '../../../contract/users';
import { useApi } from '../../api/context';
import type { StaffRole } from '../../api/types';

/** A staff account; `temporaryPassword` only in the answer that created or reset it (src/contract/users.ts). */
export type StaffUser = Static<typeof CreatedUserSchema>;

/** POST /api/users; without a password the server generates a temporary one and returns it once. */
export type NewStaffUser = Static<typeof CreateUserBodySchema>;

export type AccountAction =
  | { readonly kind: 'deactivate' }
  | { readonly kind: 'reactivate' }
  | { readonly kind: 'password-reset' }
  | { readonly kind: 'mfa-reset' }
  | { readonly kind: 'role'; readonly role: StaffRole };

/** One audit event as GET /api/audit answers it (src/contract/audit.ts). */
export type AuditEvent = Static<typeof AuditEventSchema>;

/** GET /api/audit's filters (a patient id, part of a patient's name or MRN, a user, ISO timestamps); the page adds the paging. */
export type AuditFilter = Omit<Static<typeof AuditQuerySchema>, 'beforeSeq' | 'limit'>;

/** The chain's last sealed event: sequence number, place in the chain, hash (audit log v2). */
export type AuditHead = Static<typeof HeadSchema>;

/** GET /api/audit/verify */
export type AuditVerification = Static<typeof AuditVerificationSchema>;

export const adminKeys = {
  users: ['admin', 'users'] as const,
  audit: (filter: AuditFilter) => ['admin', 'audit', filter] as const,
};

export function useStaffUsers(options: { enabled?: boolean } = {}) {
  const api = useApi();
  return useQuery({
    queryKey: adminKeys.users,
    queryFn: async ({ signal }) => (await api.get<Static<typeof UserListSchema>>('/api/users', { signal })).items,
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
    queryFn: async ({ pageParam, signal }) =>
      (
        await api.get<Static<typeof AuditEventListSchema>>('/api/audit', {
          query: { ...filter, limit: AUDIT_PAGE_SIZE, beforeSeq: pageParam },
          signal,
        })
      ).items,
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (lastPage) =>
      lastPage.length < AUDIT_PAGE_SIZE ? undefined : lastPage[lastPage.length - 1]?.seq,
  });
}

/** Checks the whole hash chain on the server. A mutation, not a query: it is an action the user asks for. */
export function useVerifyAuditChain() {
  const api = useApi();
  return useMutation({ mutationFn: () => api.get<AuditVerification>('/api/audit/verify') });
}

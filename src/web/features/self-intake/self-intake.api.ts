/** Patient self-intake links: the patient's page and the staff's review (shapes in src/contract/self-intake.ts). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  SelfIntakeLinkCreatedSchema,
  SelfIntakeLinkList,
  SelfIntakePage,
  SelfIntakeSubmission,
} from '../../../contract/self-intake';
import { useApi } from '../../api/context';

export type { SelfIntakeLink, SelfIntakePage, SelfIntakeSubmission } from '../../../contract/self-intake';

/** 201 from POST /api/patients/:id/self-intake-links: the token is shown once, here only. */
export type CreatedSelfIntakeLink = Static<typeof SelfIntakeLinkCreatedSchema>;

const publicPath = (token: string) => `/api/self-intake/${encodeURIComponent(token)}`;
const listKey = (patientId: string) => ['patients', 'self-intake-links', patientId] as const;

export function useSelfIntakePage(token: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['self-intake', token],
    queryFn: ({ signal }) => api.get<SelfIntakePage>(publicPath(token), { signal, signOutOn401: false }),
    staleTime: Infinity,
  });
}

export function useSubmitSelfIntake(token: string) {
  const api = useApi();
  return useMutation({
    mutationFn: (submission: SelfIntakeSubmission) =>
      api.post<{ submitted: true; consentSigned: boolean }>(publicPath(token), submission, { signOutOn401: false }),
  });
}

export function useSelfIntakeLinks(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: listKey(patientId),
    queryFn: ({ signal }) =>
      api.get<SelfIntakeLinkList>(`/api/patients/${encodeURIComponent(patientId)}/self-intake-links`, { signal }),
  });
}

export function useCreateSelfIntakeLink(patientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { consentModality?: string }) =>
      api.post<CreatedSelfIntakeLink>(`/api/patients/${encodeURIComponent(patientId)}/self-intake-links`, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: listKey(patientId) });
    },
  });
}

export function useAcceptSelfIntake(patientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ linkId, part }: { linkId: string; part: 'registration' | 'clinical' }) =>
      api.post<{ part: string; intakeVersion: number }>(
        `/api/self-intake-links/${encodeURIComponent(linkId)}/${part}-acceptance`,
        {},
      ),
    // The patient record, the intake and the header all change.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['patients'] });
      void queryClient.invalidateQueries({ queryKey: ['intake', patientId] });
    },
  });
}

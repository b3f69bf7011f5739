/** DEA Form 41 / 106 records: GET /api/ledger/dea-forms, the PDF link, and marking one as sent (src/contract/dea-forms.ts). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import { DEA_FORM_SEND_METHOD_LABELS, DEA_FORM_SEND_METHODS } from '../../../contract/code-lists';
import type { DeaFormListSchema, DeaFormRecordSchema, MarkDeaFormSentSchema } from '../../../contract/dea-forms';
import { useApi } from '../../api/context';
import { choicesOf } from '../../components/choices';

export type DeaFormRecord = Static<typeof DeaFormRecordSchema>;
export type MarkDeaFormSent = Static<typeof MarkDeaFormSentSchema>;

const deaFormsKey = ['ledger', 'dea-forms'] as const;

export const deaFormPdfUrl = (entryId: string) => `/api/ledger/dea-forms/${encodeURIComponent(entryId)}/pdf`;

export const DEA_SEND_METHODS = choicesOf(DEA_FORM_SEND_METHODS, DEA_FORM_SEND_METHOD_LABELS);

export function useDeaForms() {
  const api = useApi();
  return useQuery({
    queryKey: deaFormsKey,
    queryFn: async ({ signal }) =>
      (await api.get<Static<typeof DeaFormListSchema>>('/api/ledger/dea-forms', { signal })).items,
  });
}

export function useMarkDeaFormSent(entryId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MarkDeaFormSent) =>
      api.post<DeaFormRecord>(`/api/ledger/dea-forms/${encodeURIComponent(entryId)}/submissions`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deaFormsKey }),
  });
}

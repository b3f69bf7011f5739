/**
 * The ledger's admin writes and reads (src/server/modules/ledger/ledger.routes.ts): destruction with two witnesses
 * (DEA Form 41), loss and theft reports (DEA Form 106 and their deadlines), the initial or biennial inventory, and
 * the catalogue and safes. Response shapes come from src/contract/ledger.ts; every write goes through `signOutOn401: false`, because a
 * 401 here is a witness's wrong password, not the signed-in user's session ending.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  CitationSchema,
  DestructionBodySchema,
  InventoryBodySchema,
  LocationBodySchema,
  LocationUpdateSchema,
  LossBodySchema,
  ProductBodySchema,
  Form106DetailsSchema,
  Form106RecordSchema,
  Form41RecordSchema,
  LossReportDeadlinesSchema,
  LossReportsResponse,
  LossTypeSchema,
} from '../../../contract/ledger';
import { useApi } from '../../api/context';
import {
  ledgerKeys,
  type AppendResult,
  type LedgerProduct,
  type StorageLocation,
  type WitnessInput,
} from './ledger.api';

export type DestructionReason = DestructionInput['reason'];

/** The contract's destruction body; the form always holds exactly two witnesses (the schema's minItems/maxItems 2). */
export type DestructionInput = Omit<Static<typeof DestructionBodySchema>, 'witnesses'> & {
  readonly witnesses: readonly [WitnessInput, WitnessInput];
};

/** DEA Form 41 sections A-D as the server composes them for a destruction entry. */
export type Form41Record = Static<typeof Form41RecordSchema>;

export type LossType = Static<typeof LossTypeSchema>;

export type Form106Details = Static<typeof Form106DetailsSchema>;

export type LossInput = Static<typeof LossBodySchema>;

export type Citation = Static<typeof CitationSchema>;

export type Deadline = LossDeadlines['form106'];

export type LossDeadlines = Static<typeof LossReportDeadlinesSchema>;

export type Form106Record = Static<typeof Form106RecordSchema>;

/** A loss report as GET /api/ledger/loss-reports lists it, with its Form 106 record and deadlines. */
export type LossReportDetail = Static<typeof LossReportsResponse>['items'][number];

export type InventoryLineInput = InventoryInput['lines'][number];

export type InventoryInput = Static<typeof InventoryBodySchema>;

export type ProductInput = Static<typeof ProductBodySchema>;

export type LocationInput = Static<typeof LocationBodySchema>;

export type LocationUpdateInput = Static<typeof LocationUpdateSchema>;

/** What POST /destructions and /loss-reports answer: AppendResultSchema carries form41, form106 and deadlines. */
export type AdminAppendResult = AppendResult;

const lossReportsKey = ['ledger', 'loss-reports'] as const;

function useAdminWrite<TInput>(path: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TInput) => api.post<AdminAppendResult>(path, input, { signOutOn401: false }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ledgerKeys.all }),
  });
}

export const useDestroy = () => useAdminWrite<DestructionInput>('/api/ledger/destructions');
export const useReportLoss = () => useAdminWrite<LossInput>('/api/ledger/loss-reports');
export const useTakeInventory = () => useAdminWrite<InventoryInput>('/api/ledger/inventories');

/** Every loss report, oldest first, each with its Form 106 record and its two deadlines. */
export function useLossReportDetails() {
  const api = useApi();
  return useQuery({
    queryKey: [...lossReportsKey, 'detail'],
    queryFn: async ({ signal }) =>
      (await api.get<Static<typeof LossReportsResponse>>('/api/ledger/loss-reports', { signal })).items,
  });
}

export function useAddProduct() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ProductInput) => api.post<LedgerProduct>('/api/ledger/products', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ledgerKeys.products }),
  });
}

export function useAddLocation() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LocationInput) => api.post<StorageLocation>('/api/ledger/locations', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ledgerKeys.all }),
  });
}

export function useUpdateLocation() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ locationId, ...input }: LocationUpdateInput & { locationId: string }) =>
      api.patch<StorageLocation>(`/api/ledger/locations/${encodeURIComponent(locationId)}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ledgerKeys.all }),
  });
}

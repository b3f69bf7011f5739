/**
 * The controlled-substance ledger: the shapes of /api/ledger (src/contract/ledger.ts and
 * ledger-dto.ts) and the queries on them. Amounts go to the server as decimal text exactly as typed ("36.5" mg)
 * and come back as exact text ("36.5", "4900") or integer units (ug, devices): this file never rounds.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  AppendResultSchema,
  BalanceSchema,
  DiscrepancySchema,
  EntrySchema,
  InventoryStatusSchema,
  LedgerSessionSchema,
  LedgerVerificationSchema,
  BalancesResponse,
  DiscrepanciesResponse,
  EntriesResponse,
  LedgerSessionsResponse,
  UnreconciledResponse,
  LocationsResponse,
  LossReportsResponse,
  OverviewResponse,
  ProductSchema,
  ProductsResponse,
  ReconciliationSchema,
  StorageLocationSchema,
  AdministrationBodySchema,
  AmountSchema,
  CountBodySchema,
  CountLineSchema,
  DrawBodySchema,
  ReceiptBodySchema,
  RegistrantSchema,
  ResolveBodySchema,
  ReturnBodySchema,
  TransferBodySchema,
  WasteBodySchema,
  WitnessCredentialsSchema,
} from '../../../contract/ledger';
import type { CalendarSchema, SessionSchema } from '../../../contract/schedule';
import { useApi } from '../../api/context';

/** ug for ketamine solution, device for esketamine nasal spray. */
export type LedgerUnit = LedgerProduct['unit'];

/** GET /api/ledger/products (src/contract/ledger.ts ProductSchema). */
export type LedgerProduct = Static<typeof ProductSchema>;

export type StorageLocation = Static<typeof StorageLocationSchema>;

export type Balance = Static<typeof BalanceSchema>;

export type LedgerEntry = Static<typeof EntrySchema>;

export type ReconciliationLine = Reconciliation['lines'][number];

export type Reconciliation = Static<typeof ReconciliationSchema>;

/** GET .../reconciliation: the administration offered from the session's treatment-day record, once complete. */
export type SuggestedAdministration = NonNullable<Reconciliation['suggestedAdministration']>;

export type Discrepancy = Static<typeof DiscrepancySchema>;

export type InventoryStatus = Static<typeof InventoryStatusSchema>;

/** GET /api/ledger/overview */
export type LedgerOverview = Static<typeof OverviewResponse>;

/** GET /api/ledger/verify */
export type LedgerVerification = Static<typeof LedgerVerificationSchema>;

/** What every write answers (201). */
export type AppendResult = Static<typeof AppendResultSchema>;

/** Exactly one way: mg and/or mL (solution), devices (nasal spray), or whole containers. Decimals as text. */
export type AmountInput = Static<typeof AmountSchema>;

export type WitnessInput = Static<typeof WitnessCredentialsSchema>;

export type Registrant = Static<typeof RegistrantSchema>;

export type ReceiptInput = Static<typeof ReceiptBodySchema>;

export type DrawInput = Static<typeof DrawBodySchema>;

export type AdministrationInput = Static<typeof AdministrationBodySchema>;

export type WasteInput = Static<typeof WasteBodySchema>;

export type TransferInput = Static<typeof TransferBodySchema>;

export type ReturnInput = Static<typeof ReturnBodySchema>;

export type CountLineInput = Static<typeof CountLineSchema>;

export type CountInput = Static<typeof CountBodySchema>;

export type ResolveInput = Static<typeof ResolveBodySchema>;

/** A treatment session as GET /api/schedule lists it (src/contract/schedule.ts SessionSchema). */
export type ScheduledSession = Static<typeof SessionSchema>;

export const ledgerKeys = {
  all: ['ledger'] as const,
  overview: ['ledger', 'overview'] as const,
  balances: (includeZero: boolean) => ['ledger', 'balances', includeZero] as const,
  products: ['ledger', 'products'] as const,
  locations: ['ledger', 'locations'] as const,
  entries: (kind: string) => ['ledger', 'entries', kind] as const,
  reconciliation: (sessionId: string) => ['ledger', 'reconciliation', sessionId] as const,
  unreconciled: ['ledger', 'unreconciled'] as const,
  discrepancies: (status: 'open' | 'all') => ['ledger', 'discrepancies', status] as const,
  sessions: (from: string, to: string) => ['ledger', 'schedule', from, to] as const,
};

export function useLedgerOverview() {
  const api = useApi();
  return useQuery({
    queryKey: ledgerKeys.overview,
    queryFn: ({ signal }) => api.get<LedgerOverview>('/api/ledger/overview', { signal }),
  });
}

export function useBalances(includeZero = false) {
  const api = useApi();
  return useQuery({
    queryKey: ledgerKeys.balances(includeZero),
    queryFn: async ({ signal }) =>
      (await api.get<Static<typeof BalancesResponse>>('/api/ledger/balances', { query: { includeZero }, signal }))
        .items,
  });
}

export function useLedgerProducts() {
  const api = useApi();
  return useQuery({
    queryKey: ledgerKeys.products,
    queryFn: async ({ signal }) =>
      (await api.get<Static<typeof ProductsResponse>>('/api/ledger/products', { signal })).items,
    staleTime: 5 * 60_000,
  });
}

export function useLedgerLocations() {
  const api = useApi();
  return useQuery({
    queryKey: ledgerKeys.locations,
    queryFn: async ({ signal }) =>
      (await api.get<Static<typeof LocationsResponse>>('/api/ledger/locations', { signal })).items,
    staleTime: 5 * 60_000,
  });
}

export const ENTRY_PAGE_SIZE = 50;

/** The ledger, newest first, a page at a time (each next page starts before the oldest entry shown). */
export function useLedgerEntries(kind: string) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: ledgerKeys.entries(kind),
    queryFn: ({ pageParam, signal }) =>
      api.get<Static<typeof EntriesResponse>>('/api/ledger/entries', {
        query: { limit: ENTRY_PAGE_SIZE, beforeSequence: pageParam, kind: kind || undefined },
        signal,
      }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (lastPage) => lastPage.nextBeforeSequence ?? undefined,
  });
}

export function useSessionReconciliation(sessionId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ledgerKeys.reconciliation(sessionId),
    queryFn: ({ signal }) =>
      api.get<Reconciliation>(`/api/ledger/sessions/${encodeURIComponent(sessionId)}/reconciliation`, { signal }),
  });
}

export function useUnreconciledSessions() {
  const api = useApi();
  return useQuery({
    queryKey: ledgerKeys.unreconciled,
    queryFn: async ({ signal }) =>
      (await api.get<Static<typeof UnreconciledResponse>>('/api/ledger/sessions/unreconciled', { signal })).items,
  });
}

export function useDiscrepancies(status: 'open' | 'all') {
  const api = useApi();
  return useQuery({
    queryKey: ledgerKeys.discrepancies(status),
    queryFn: async ({ signal }) =>
      (await api.get<Static<typeof DiscrepanciesResponse>>('/api/ledger/discrepancies', { query: { status }, signal }))
        .items,
  });
}

/** Treatment sessions between two clinic calendar dates (GET /api/schedule), cancelled ones left out. */
export function useScheduledSessions(from: string, to: string) {
  const api = useApi();
  return useQuery({
    queryKey: ledgerKeys.sessions(from, to),
    queryFn: async ({ signal }) =>
      (await api.get<Static<typeof CalendarSchema>>('/api/schedule', { query: { from, to }, signal })).sessions,
  });
}

/** A session with its real treatment-day phase (the booking status stays "scheduled" all day) and its reconciliation. */
export type LedgerSession = Static<typeof LedgerSessionSchema>;

export function useLedgerSessions(from: string, to: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...ledgerKeys.sessions(from, to), 'with-phase'] as const,
    queryFn: async ({ signal }) =>
      (await api.get<Static<typeof LedgerSessionsResponse>>('/api/ledger/sessions', { query: { from, to }, signal }))
        .items,
  });
}

export function useScheduledSession(sessionId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['ledger', 'session', sessionId],
    queryFn: ({ signal }) => api.get<ScheduledSession>(`/api/sessions/${encodeURIComponent(sessionId)}`, { signal }),
  });
}

/**
 * One write to the ledger. Writes that carry a witness's credentials answer 401 when they are wrong: that is the
 * witness's error to show in the form, not the signed-in user's session ending (`signOutOn401: false`).
 */
function useLedgerWrite<TInput>(path: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TInput) => api.post<AppendResult>(path, input, { signOutOn401: false }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ledgerKeys.all }),
  });
}

export const useReceive = () => useLedgerWrite<ReceiptInput>('/api/ledger/receipts');
export const useDraw = () => useLedgerWrite<DrawInput>('/api/ledger/draws');
export const useAdminister = () => useLedgerWrite<AdministrationInput>('/api/ledger/administrations');
export const useWaste = () => useLedgerWrite<WasteInput>('/api/ledger/wastes');
export const useTransfer = () => useLedgerWrite<TransferInput>('/api/ledger/transfers');
export const useReturnToSupplier = () => useLedgerWrite<ReturnInput>('/api/ledger/returns');
export const useCount = () => useLedgerWrite<CountInput>('/api/ledger/counts');
export const useResolveDiscrepancy = () => useLedgerWrite<ResolveInput>('/api/ledger/discrepancies/resolve');

/** Walks the whole hash chain on the server: an action the admin asks for, so a mutation. */
export function useVerifyLedger() {
  const api = useApi();
  return useMutation({ mutationFn: () => api.get<LedgerVerification>('/api/ledger/verify') });
}

/** A loss report as GET /api/ledger/loss-reports lists it. */
export type LossReport = Static<typeof LossReportsResponse>['items'][number];

export function useLossReports(options: { enabled?: boolean } = {}) {
  const api = useApi();
  return useQuery({
    queryKey: ['ledger', 'loss-reports'],
    queryFn: async ({ signal }) =>
      (await api.get<Static<typeof LossReportsResponse>>('/api/ledger/loss-reports', { signal })).items,
    enabled: options.enabled ?? true,
  });
}

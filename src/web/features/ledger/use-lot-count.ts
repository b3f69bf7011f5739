/**
 * The state a count or an inventory of one location shares: the locations, balances and products it is read from,
 * the location chosen (the first one until another is chosen), the lots the books hold there, and what has been
 * typed for each lot (keyed by ledger-format's `countLineKey`). Choosing another location starts the lines again.
 */
import { useState } from 'react';
import { useBalances, useLedgerLocations, useLedgerProducts } from './ledger.api';

export type BusinessTiming = '' | 'opening-of-business' | 'close-of-business';

/** The timing chosen in a select: at the opening or the close of business, or '' (during the day, or not chosen). */
export function timingOf(value: string): BusinessTiming {
  return value === 'opening-of-business' || value === 'close-of-business' ? value : '';
}

/** The two business timings as select options, after the caller's own first option. */
export const TIMING_OPTIONS = [
  { value: 'opening-of-business', label: 'Opening of business' },
  { value: 'close-of-business', label: 'Close of business' },
] as const;

export function useLotCount<L extends { readonly full: string; readonly opened: string }>(emptyLine: L) {
  const locations = useLedgerLocations();
  const balances = useBalances();
  const products = useLedgerProducts();
  const [locationId, setLocationId] = useState('');
  const [lines, setLines] = useState<Record<string, L>>({});
  const location = locationId || locations.data?.[0]?.locationId || '';

  const changeLine = (key: string, change: Partial<L>) =>
    setLines((current) => ({ ...current, [key]: { ...(current[key] ?? emptyLine), ...change } }));

  return {
    locations,
    balances,
    products,
    loadError: locations.error ?? balances.error ?? products.error,
    isLoading: locations.isPending || balances.isPending || products.isPending,
    location,
    locationOptions: (locations.data ?? []).map((l) => ({ value: l.locationId, label: l.name })),
    chooseLocation: (id: string) => {
      setLocationId(id);
      setLines({});
    },
    here: (balances.data ?? []).filter((b) => b.locationId === location),
    productOf: (ndc: string) => products.data?.find((p) => p.ndc === ndc),
    lines,
    lineOf: (key: string): L => lines[key] ?? emptyLine,
    changeLine,
    /** A change handler for a lot's full-containers or opened-container box. */
    setLine: (key: string, field: 'full' | 'opened') => (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setLines((current) => ({ ...current, [key]: { ...(current[key] ?? emptyLine), [field]: value } }));
    },
    clearLines: () => setLines({}),
  };
}

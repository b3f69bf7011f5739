import { DEFAULT_OUTCOME_SETTINGS, type OutcomeSettings } from './outcome-settings.js';
import { isResponse } from './outcomes.js';

/** One patient's first and latest total on one instrument (null when there is none). */
export interface BaselineAndLatest {
  readonly instrumentId: string;
  readonly baseline: number | null;
  readonly latest: number | null;
  /**
   * How many patients share this baseline and latest total (default 1). The clinic page reads the pairs grouped:
   * totals are small integers, so a clinic of any size is a few hundred rows.
   */
  readonly patients?: number;
}

export interface InstrumentShares {
  readonly instrument: string;
  /** Patients with any score on the instrument. */
  readonly patients: number;
  /** Patients with a baseline and a latest score: the denominator of both shares. */
  readonly withBaseline: number;
  readonly responding: number;
  readonly remitted: number;
  /** responding / withBaseline; null with no patient to count. */
  readonly shareResponding: number | null;
  /** remitted / withBaseline; null with no patient to count or no remission rule for the instrument. */
  readonly shareRemitted: number | null;
}

/**
 * The clinic's share of patients in response and in remission, per instrument, from each patient's baseline and
 * latest total. Response: a fall of at least `responseMinFall` (50% by default) from a baseline above 0; remission:
 * the latest total at or below the instrument's remission cut-off (Rush et al., ACNP Task Force on response and
 * remission, Neuropsychopharmacology 2006;31:1841-1853; the cut-offs and their sources are in outcome-settings.ts).
 * Instruments in the order first seen.
 */
export function clinicOutcomeShares(
  rows: readonly BaselineAndLatest[],
  settings: OutcomeSettings = DEFAULT_OUTCOME_SETTINGS,
): InstrumentShares[] {
  const perInstrument = new Map<
    string,
    { patients: number; withBaseline: number; responding: number; remitted: number }
  >();
  for (const row of rows) {
    const entry = perInstrument.get(row.instrumentId) ?? { patients: 0, withBaseline: 0, responding: 0, remitted: 0 };
    const n = row.patients ?? 1;
    entry.patients += n;
    if (row.baseline !== null && row.latest !== null) {
      entry.withBaseline += n;
      if (row.baseline > 0 && isResponse(row.baseline, row.latest, settings.responseMinFall)) entry.responding += n;
      const remission = settings.remission[row.instrumentId];
      if (remission && row.latest <= remission.maxTotal) entry.remitted += n;
    }
    perInstrument.set(row.instrumentId, entry);
  }
  return [...perInstrument.entries()].map(([instrument, e]) => ({
    instrument,
    ...e,
    shareResponding: e.withBaseline > 0 ? e.responding / e.withBaseline : null,
    shareRemitted: e.withBaseline > 0 && settings.remission[instrument] ? e.remitted / e.withBaseline : null,
  }));
}

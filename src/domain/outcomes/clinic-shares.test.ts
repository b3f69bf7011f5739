import { describe, expect, it } from 'vitest';
import { clinicOutcomeShares } from './clinic-shares.js';
import { DEFAULT_OUTCOME_SETTINGS } from './outcome-settings.js';

describe('clinicOutcomeShares', () => {
  // Source: Rush et al., ACNP Task Force, Neuropsychopharmacology 2006;31:1841-1853: response is a fall of at least 50%
  // from baseline; remission on the PHQ-9 is a total of 4 or less (Kroenke 2001 "minimal" band, PHQ9_REMISSION_CITATION).
  it('counts response (a fall of at least 50%) and remission (PHQ-9 <= 4) among patients with a baseline', () => {
    const shares = clinicOutcomeShares(
      [
        { instrumentId: 'phq-9', baseline: 20, latest: 10 }, // exactly 50%: response, not remission
        { instrumentId: 'phq-9', baseline: 20, latest: 4 }, // response and remission
        { instrumentId: 'phq-9', baseline: 20, latest: 11 }, // neither
        { instrumentId: 'phq-9', baseline: null, latest: 12 }, // counted as a patient, not in the shares
      ],
      DEFAULT_OUTCOME_SETTINGS,
    );
    expect(shares).toEqual([
      {
        instrument: 'phq-9',
        patients: 4,
        withBaseline: 3,
        responding: 2,
        remitted: 1,
        shareResponding: 2 / 3,
        shareRemitted: 1 / 3,
      },
    ]);
  });

  it('never counts a response from a baseline of 0, and reports no remission share for an instrument without a cut-off', () => {
    const shares = clinicOutcomeShares(
      [
        { instrumentId: 'phq-9', baseline: 0, latest: 0 },
        { instrumentId: 'pcl-5', baseline: 50, latest: 20 },
      ],
      DEFAULT_OUTCOME_SETTINGS,
    );
    expect(shares[0]).toMatchObject({ responding: 0, remitted: 1, shareResponding: 0 });
    expect(shares[1]).toMatchObject({ instrument: 'pcl-5', responding: 1, remitted: 0, shareRemitted: null });
  });

  it('gives no share when no patient has a baseline', () => {
    expect(clinicOutcomeShares([{ instrumentId: 'gad-7', baseline: null, latest: null }])).toEqual([
      {
        instrument: 'gad-7',
        patients: 1,
        withBaseline: 0,
        responding: 0,
        remitted: 0,
        shareResponding: null,
        shareRemitted: null,
      },
    ]);
  });

  it('gives the same shares for patients grouped by their (baseline, latest) pair as for one row each', () => {
    const oneEach = [
      { instrumentId: 'phq-9', baseline: 20, latest: 10 },
      { instrumentId: 'phq-9', baseline: 20, latest: 10 },
      { instrumentId: 'phq-9', baseline: 20, latest: 4 },
      { instrumentId: 'phq-9', baseline: null, latest: 12 },
      { instrumentId: 'phq-9', baseline: null, latest: 12 },
      { instrumentId: 'phq-9', baseline: null, latest: 12 },
    ];
    const grouped = [
      { instrumentId: 'phq-9', baseline: 20, latest: 10, patients: 2 },
      { instrumentId: 'phq-9', baseline: 20, latest: 4, patients: 1 },
      { instrumentId: 'phq-9', baseline: null, latest: 12, patients: 3 },
    ];
    expect(clinicOutcomeShares(grouped)).toEqual(clinicOutcomeShares(oneEach));
    expect(clinicOutcomeShares(grouped)[0]).toMatchObject({ patients: 6, withBaseline: 3, responding: 3, remitted: 1 });
  });
});

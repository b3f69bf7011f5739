import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../shared/validation.js';
import { DEFAULT_OUTCOME_SETTINGS, MADRS_RELAPSE_THRESHOLD } from './outcome-settings.js';
import { isResponse, summarizeOutcomes, type ScorePoint } from './outcomes.js';

const day0 = new Date('2026-01-05T10:00:00Z');
const at = (days: number, hours = 0) => new Date(day0.getTime() + days * 86_400_000 + hours * 3_600_000);
const series = (...points: Array<[number, number]>): ScorePoint[] =>
  points.map(([days, total]) => ({ at: at(days), total }));

describe('response', () => {
  // Source: Rush et al. ACNP Task Force 2006 - response is a fall of at least 50% from baseline.
  it('is a fall of at least 50% from a baseline above 0', () => {
    expect(isResponse(20, 10)).toBe(true);
    expect(isResponse(20, 11)).toBe(false);
    expect(isResponse(0, 0)).toBe(false);
  });
});

describe('summarizeOutcomes', () => {
  it('takes the last score at or before the first treatment as baseline', () => {
    const summary = summarizeOutcomes({
      instrument: 'phq-9',
      firstTreatmentAt: at(0),
      scores: series([-10, 22], [0, 18], [3, 15]),
    });
    expect(summary.baseline).toEqual({ at: at(0), total: 18 });
    expect(summary.latest).toEqual({ at: at(3), total: 15 });
    expect(summary.change).toBe(-3);
    expect(summary.percentChange).toBeCloseTo(-16.67, 2);
  });

  it('has no baseline, response or relapse without a pre-treatment score, but can still report remission', () => {
    const summary = summarizeOutcomes({ instrument: 'phq-9', firstTreatmentAt: at(0), scores: series([2, 9], [9, 3]) });
    expect(summary).toMatchObject({
      baseline: null,
      change: null,
      percentChange: null,
      responseAt: null,
      relapseAt: null,
    });
    expect(summary.remissionAt).toEqual(at(9));
    expect(summary.notes.join(' ')).toMatch(/No score at or before the first treatment/);
  });

  it('has no baseline before treatment starts', () => {
    const summary = summarizeOutcomes({ instrument: 'phq-9', firstTreatmentAt: null, scores: series([0, 20]) });
    expect(summary).toMatchObject({ baseline: null, latest: null, events: [] });
  });

  it('works through an IV ketamine induction: rapid response, then remission (PHQ-9)', () => {
    // Worked trajectory. Sources: response >= 50% fall (Rush 2006); PHQ-9 remission < 5 (Kroenke 2001; SUSTAIN-3);
    // rapid response within 24 h of the first session (clinic default).
    const firstSession = at(0);
    const scores: ScorePoint[] = [
      { at: at(-2), total: 21 }, // baseline
      { at: at(0, 23), total: 10 }, // 23 h after: 52% fall -> response, rapid
      { at: at(2), total: 12 },
      { at: at(7), total: 6 },
      { at: at(14), total: 4 }, // remission
    ];
    const summary = summarizeOutcomes({ instrument: 'phq-9', firstTreatmentAt: firstSession, scores });
    expect(summary.responseAt).toEqual(at(0, 23));
    expect(summary.rapidResponse).toBe(true);
    expect(summary.remissionAt).toEqual(at(14));
    expect(summary.relapseAt).toBeNull();
    expect(summary).toMatchObject({ isRespondingNow: true, isRemittedNow: true, change: -17 });
    expect(summary.events.map((e) => e.type)).toEqual(['response', 'rapid-response', 'remission']);
  });

  it('does not call a response at 25 h rapid', () => {
    const summary = summarizeOutcomes({
      instrument: 'phq-9',
      firstTreatmentAt: at(0),
      scores: [
        { at: at(-1), total: 20 },
        { at: at(1, 1), total: 8 },
      ],
    });
    expect(summary.responseAt).toEqual(at(1, 1));
    expect(summary.rapidResponse).toBe(false);
  });

  it('calls a relapse at the second consecutive measure that no longer meets response, not after one', () => {
    // Worked trajectory. Source: clinic default modelled on two-consecutive-assessment relapse definitions
    // (SUSTAIN-1, Daly 2019; NCT04007367).
    const summary = summarizeOutcomes({
      instrument: 'madrs',
      firstTreatmentAt: at(0),
      scores: series([-1, 34], [1, 16], [7, 12], [14, 20], [21, 15], [28, 24], [35, 26]),
    });
    // day 14 (20 > 17) fails once, day 21 responds again (resets the run), days 28 and 35 fail twice in a row.
    expect(summary.responseAt).toEqual(at(1));
    expect(summary.relapseAt).toEqual(at(35));
    expect(summary.events.find((e) => e.type === 'relapse')).toEqual({
      type: 'relapse',
      at: at(35),
      total: 26,
      onsetAt: at(28),
    });
    expect(summary.isRespondingNow).toBe(false);
    expect(summary.remissionAt).toBeNull();
  });

  it('does not count measures taken at the same instant as separate follow-ups toward relapse', () => {
    // Relapse needs consecutive follow-up assessments after the response (SUSTAIN-1, Daly 2019; NCT04007367: two
    // scores assessed 7-14 days apart). The property test below found that two copies of one assessment, at the
    // response's own instant, made a relapse at the moment of response.
    const sameInstant = summarizeOutcomes({
      instrument: 'phq-9',
      firstTreatmentAt: at(0),
      scores: series([0, 1], [2, 0], [2, 1], [2, 1]),
    });
    expect(sameInstant.responseAt).toEqual(at(2));
    expect(sameInstant.relapseAt).toBeNull();
    // Two later failing assessments at one instant count once: a third, later one confirms the relapse.
    const duplicatedLater = summarizeOutcomes({
      instrument: 'phq-9',
      firstTreatmentAt: at(0),
      scores: series([0, 20], [2, 9], [30, 15], [30, 15], [37, 16]),
    });
    expect(duplicatedLater.events.map((e) => [e.type, e.at])).toEqual([
      ['response', at(2)],
      ['relapse', at(37)],
    ]);
    expect(duplicatedLater.events.find((e) => e.type === 'relapse')?.onsetAt).toEqual(at(30));
  });

  it('records a second response after a relapse', () => {
    const summary = summarizeOutcomes({
      instrument: 'phq-9',
      firstTreatmentAt: at(0),
      scores: series([0, 20], [2, 9], [30, 15], [37, 16], [40, 8]),
    });
    expect(summary.events.map((e) => [e.type, e.at])).toEqual([
      ['response', at(2)],
      ['relapse', at(37)],
      ['response', at(40)],
    ]);
    expect(summary.responseAt).toEqual(at(2));
  });

  it('honours the relapse count setting', () => {
    const settings = {
      ...DEFAULT_OUTCOME_SETTINGS,
      relapse: { ...DEFAULT_OUTCOME_SETTINGS.relapse, consecutiveMeasures: 1 },
    };
    const summary = summarizeOutcomes(
      { instrument: 'phq-9', firstTreatmentAt: at(0), scores: series([0, 20], [2, 9], [30, 15]) },
      settings,
    );
    expect(summary.relapseAt).toEqual(at(30));
  });

  it('can use an absolute relapse threshold instead (MADRS >= 22)', () => {
    // Source: ketamine relapse study PMC6803106 - relapse defined as MADRS >= 22.
    const settings = {
      ...DEFAULT_OUTCOME_SETTINGS,
      relapse: { ...DEFAULT_OUTCOME_SETTINGS.relapse, thresholds: { madrs: MADRS_RELAPSE_THRESHOLD } },
    };
    const scores = series([0, 30], [2, 12], [9, 18], [16, 20], [23, 22], [30, 23]);
    const summary = summarizeOutcomes({ instrument: 'madrs', firstTreatmentAt: at(0), scores }, settings);
    // 18 and 20 no longer meet response (> 15) but stay below 22: no relapse until 22 and 23.
    expect(summary.relapseAt).toEqual(at(30));
  });

  it('uses MADRS <= 10 and GAD-7 < 5 for remission by default', () => {
    // Sources: Zimmerman 2004 (MADRS <= 10); Spitzer 2006 (GAD-7 minimal band 0-4).
    /** When remission is reached for a baseline on day 0 and one score on day 7. */
    const remissionAt = (instrument: string, baseline: number, day7: number) =>
      summarizeOutcomes({ instrument, firstTreatmentAt: at(0), scores: series([0, baseline], [7, day7]) }).remissionAt;
    expect(remissionAt('madrs', 30, 11)).toBeNull();
    expect(remissionAt('madrs', 30, 10)).toEqual(at(7));
    expect(remissionAt('gad-7', 15, 5)).toBeNull();
    expect(remissionAt('gad-7', 15, 4)).toEqual(at(7));
  });

  it('never reports remission for an instrument without a remission rule', () => {
    const summary = summarizeOutcomes({
      instrument: 'pcl-5',
      firstTreatmentAt: at(0),
      scores: series([0, 50], [7, 0]),
    });
    expect(summary.remissionAt).toBeNull();
    expect(summary.responseAt).toEqual(at(7));
  });

  it('sorts an unordered series', () => {
    const summary = summarizeOutcomes({
      instrument: 'phq-9',
      firstTreatmentAt: at(0),
      scores: series([14, 4], [-1, 20], [7, 9]),
    });
    expect(summary.events.map((e) => e.type)).toEqual(['response', 'remission']);
    expect(summary.responseAt).toEqual(at(7));
  });

  it('rejects invalid points by index', () => {
    // Point 0 has no valid time, point 1 a negative total.
    const summarizeInvalid = () =>
      summarizeOutcomes({
        instrument: 'phq-9',
        firstTreatmentAt: at(0),
        scores: [
          { at: new Date('x'), total: 3 },
          { at: at(1), total: -1 },
        ],
      });
    expect(summarizeInvalid).toThrowError(DomainValidationError);
    try {
      summarizeInvalid();
    } catch (error) {
      expect((error as DomainValidationError).issues.map((i) => i.field)).toEqual(['scores.0.at', 'scores.1.total']);
    }
  });
});

describe('summarizeOutcomes properties', () => {
  const point = fc.record({ days: fc.integer({ min: -30, max: 120 }), total: fc.integer({ min: 0, max: 27 }) });
  it('only ever dates events after the first treatment, in order, with response totals at least 50% below baseline', () => {
    fc.assert(
      fc.property(fc.array(point, { maxLength: 20 }), (points) => {
        const summary = summarizeOutcomes({
          instrument: 'phq-9',
          firstTreatmentAt: at(0),
          scores: points.map((p) => ({ at: at(p.days), total: p.total })),
        });
        const times = summary.events.map((e) => e.at.getTime());
        expect([...times].sort((a, b) => a - b)).toEqual(times);
        for (const event of summary.events) expect(event.at.getTime()).toBeGreaterThan(at(0).getTime());
        for (const event of summary.events.filter((e) => e.type === 'response')) {
          expect(summary.baseline).not.toBeNull();
          expect(event.total).toBeLessThanOrEqual((summary.baseline?.total ?? 0) / 2);
        }
        if (summary.relapseAt !== null)
          expect(summary.relapseAt.getTime()).toBeGreaterThan(summary.responseAt?.getTime() ?? Infinity);
      }),
    );
  });
});

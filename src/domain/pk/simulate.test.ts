import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../shared/validation.js';
import { CLEMENTS_1981, DOMINO_1982, HIJAZI_2003, PK_MODELS, type PkModel } from './models.js';
import { hybridRateConstants, modalForm, simulate } from './simulate.js';

/**
 * Independent analytic solution (partial fractions of the Laplace transform, not the eigenvector method used by
 * `simulate`): for a unit bolus into the central compartment C(t) = sum A_i e^(-h_i t) with
 *   A_i = prod_j (k_j1 - h_i) / prod_{m != i} (h_m - h_i) / V1,
 * so a constant infusion R from 0 to T gives
 *   C(t) = R sum (A_i / h_i)(1 - e^(-h_i t))                       for t <= T,
 *   C(t) = R sum (A_i / h_i)(1 - e^(-h_i T)) e^(-h_i (t - T))      for t > T.
 * This is the standard result for linear mammillary models, derived here by partial fractions.
 */
function analyticConstantInfusion(
  model: PkModel,
  weightKg: number,
  rate: number,
  durationMin: number,
  t: number,
): number {
  const h = hybridRateConstants(model);
  const v1 = model.v1LPerKg * weightKg;
  const backRates = model.compartments === 3 ? [model.k21, model.k31!] : [model.k21];
  return h.reduce((sum, hi, i) => {
    const numerator = backRates.reduce((p, k) => p * (k - hi), 1);
    const denominator = h.reduce((p, hm, m) => (m === i ? p : p * (hm - hi)), 1);
    const a = numerator / denominator / v1;
    const during = (a / hi) * (1 - Math.exp(-hi * Math.min(t, durationMin)));
    return sum + rate * (t <= durationMin ? during : during * Math.exp(-hi * (t - durationMin)));
  }, 0);
}

function characteristic(model: PkModel, x: number): number {
  const { k10, k12, k21 } = model;
  if (model.compartments === 2) return x * x - (k10 + k12 + k21) * x + k10 * k21;
  const k13 = model.k13!;
  const k31 = model.k31!;
  const a2 = k10 + k12 + k13 + k21 + k31;
  const a1 = k10 * k21 + k10 * k31 + k12 * k31 + k13 * k21 + k21 * k31;
  return x ** 3 - a2 * x ** 2 + a1 * x - k10 * k21 * k31;
}

describe('hybrid rate constants', () => {
  it.each(PK_MODELS.map((m) => [m.id, m] as const))(
    '%s: roots of the characteristic polynomial, positive and distinct',
    (_id, model) => {
      const h = hybridRateConstants(model);
      expect(h).toHaveLength(model.compartments);
      for (const hi of h) {
        expect(hi).toBeGreaterThan(0);
        expect(Math.abs(characteristic(model, hi))).toBeLessThan(1e-12);
      }
      expect(new Set(h.map((x) => x.toFixed(12))).size).toBe(h.length);
    },
  );

  it('sum of the Domino hybrid constants equals k10 + k12 + k13 + k21 + k31', () => {
    const h = hybridRateConstants(DOMINO_1982);
    expect(h.reduce((a, b) => a + b, 0)).toBeCloseTo(0.4381 + 0.5921 + 0.59 + 0.247 + 0.0146, 12);
  });

  it('splits a unit input over the modes so that nothing is in the body at time zero', () => {
    for (const model of PK_MODELS) {
      const { inputWeights } = modalForm(model);
      expect(inputWeights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });
});

describe('simulate', () => {
  // Source: Domino 1982 parameters as coded in opentiva (ketamine.Domino); analytic solution above.
  it.each(PK_MODELS.map((m) => [m.id, m] as const))(
    '%s: matches the analytic solution of a 0.5 mg/kg, 40-minute infusion',
    (_id, model) => {
      const weight = 70;
      const rate = (0.5 * weight) / 40;
      const sim = simulate(model, weight, [{ startMin: 0, endMin: 40, rateMgPerMin: rate }], {
        stepMin: 2.5,
        untilMin: 240,
      });
      expect(sim.points).toHaveLength(97);
      for (const p of sim.points) {
        const expected = analyticConstantInfusion(model, weight, rate, 40, p.tMin);
        expect(Math.abs(p.mgPerL - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, expected));
        expect(p.ngPerMl).toBeCloseTo(p.mgPerL * 1000, 9);
      }
    },
  );

  it('does not depend on the output step (the solution is exact, not Euler)', () => {
    const infusion = [{ startMin: 0, endMin: 40, rateMgPerMin: 0.875 }];
    const coarse = simulate(DOMINO_1982, 70, infusion, { stepMin: 20, untilMin: 120 });
    const fine = simulate(DOMINO_1982, 70, infusion, { stepMin: 0.5, untilMin: 120 });
    for (const p of coarse.points) {
      expect(fine.points.find((f) => f.tMin === p.tMin)?.mgPerL).toBeCloseTo(p.mgPerL, 12);
    }
  });

  it('approaches the steady state R / (k10 V1) during a long infusion', () => {
    const sim = simulate(HIJAZI_2003, 80, [{ startMin: 0, endMin: 20_000, rateMgPerMin: 1 }], {
      stepMin: 1000,
      untilMin: 20_000,
    });
    expect(sim.points.at(-1)?.mgPerL).toBeCloseTo(1 / (HIJAZI_2003.k10 * HIJAZI_2003.v1LPerKg * 80), 6);
  });

  it('names the model and its citation, the unit and the peak', () => {
    const sim = simulate(DOMINO_1982, 70, [{ startMin: 0, endMin: 40, rateMgPerMin: 0.875 }], {
      stepMin: 1,
      untilMin: 120,
    });
    expect(sim.model).toMatchObject({
      id: 'domino-1982',
      citation: { url: 'https://pubmed.ncbi.nlm.nih.gov/7198883/' },
    });
    expect(sim.unit).toBe('mg/L');
    expect(sim.totalDoseMg).toBeCloseTo(35, 9);
    expect(sim.peak.tMin).toBe(40);
    expect(sim.points[0]).toEqual({ tMin: 0, mgPerL: 0, ngPerMl: 0 });
  });

  it('follows rate changes and pauses, ending on the requested time', () => {
    const sim = simulate(
      CLEMENTS_1981,
      60,
      [
        { startMin: 0, endMin: 10, rateMgPerMin: 1 },
        { startMin: 15, endMin: 37.5, rateMgPerMin: 0.5 },
      ],
      { stepMin: 10, untilMin: 45 },
    );
    expect(sim.points.map((p) => p.tMin)).toEqual([0, 10, 20, 30, 40, 45]);
    expect(sim.totalDoseMg).toBeCloseTo(21.25, 9);
  });

  it('rejects bad input, naming the field', () => {
    expect(() => simulate(DOMINO_1982, 0, [], { stepMin: 1, untilMin: 10 })).toThrow(/weightKg/);
    expect(() =>
      simulate(DOMINO_1982, 70, [{ startMin: 10, endMin: 5, rateMgPerMin: 1 }], { stepMin: 1, untilMin: 10 }),
    ).toThrow(/infusions.0.endMin/);
    expect(() => simulate(DOMINO_1982, 70, [], { stepMin: 0, untilMin: 10 })).toThrow(DomainValidationError);
  });
});

describe('simulate: linearity (property tests)', () => {
  const infusionArb = fc
    .record({
      startMin: fc.integer({ min: 0, max: 100 }),
      length: fc.integer({ min: 1, max: 60 }),
      rateMgPerMin: fc.double({ min: 0, max: 5, noNaN: true }),
    })
    .map(({ startMin, length, rateMgPerMin }) => ({ startMin, endMin: startMin + length, rateMgPerMin }));
  const modelArb = fc.constantFrom(...PK_MODELS);

  it('two infusions give the sum of their separate curves, and every concentration is >= 0', () => {
    fc.assert(
      fc.property(
        modelArb,
        fc.array(infusionArb, { minLength: 1, maxLength: 4 }),
        fc.array(infusionArb, { minLength: 1, maxLength: 4 }),
        (model, a, b) => {
          const opts = { stepMin: 5, untilMin: 180 };
          const both = simulate(model, 70, [...a, ...b], opts).points;
          const sa = simulate(model, 70, a, opts).points;
          const sb = simulate(model, 70, b, opts).points;
          both.forEach((p, i) => {
            expect(p.mgPerL).toBeGreaterThanOrEqual(0);
            expect(p.mgPerL).toBeCloseTo(sa[i]!.mgPerL + sb[i]!.mgPerL, 9);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('halving the weight doubles the concentration', () => {
    fc.assert(
      fc.property(modelArb, fc.array(infusionArb, { minLength: 1, maxLength: 3 }), (model, infusions) => {
        const heavy = simulate(model, 100, infusions, { stepMin: 10, untilMin: 120 }).points;
        const light = simulate(model, 50, infusions, { stepMin: 10, untilMin: 120 }).points;
        light.forEach((p, i) => expect(p.mgPerL).toBeCloseTo(2 * heavy[i]!.mgPerL, 9));
      }),
      { numRuns: 40 },
    );
  });
});

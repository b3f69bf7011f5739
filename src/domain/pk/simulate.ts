import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import type { Citation } from '../shared/citation.js';
import type { PkModel } from './models.js';

/**
 * Plasma concentration of a linear mammillary model under piecewise-constant infusions, solved exactly.
 *
 * With amounts x (mg) in the compartments, dx/dt = A x + e1 R(t), where R is the infusion rate into the central
 * compartment (mg/min). For a mammillary model A has real, negative, distinct eigenvalues -h_i (the hybrid rate
 * constants) and eigenvectors v_i = [1, k12/(k21 - h_i), k13/(k31 - h_i)]. In modal coordinates y = V^-1 x each
 * mode decays on its own, so over an interval of length dt with constant R:
 *   y_i(t + dt) = y_i(t) e^(-h_i dt) + w_i R (1 - e^(-h_i dt)) / h_i,   w = V^-1 e1.
 * The central concentration is (V y)_1 / V1 = sum(y_i) / V1 because every v_i starts with 1.
 * Steps are split at every infusion change, so the result is exact up to floating point (no Euler error).
 *
 * Units: infusion rates in mg/min, times in minutes, volumes in litres: concentrations in mg/L (= ug/mL).
 * Each point also carries ng/mL (x 1000), the unit ketamine levels are usually reported in.
 */

export interface Infusion {
  /** Minutes from time zero of the simulation (e.g. the infusion start). */
  readonly startMin: number;
  readonly endMin: number;
  readonly rateMgPerMin: number;
}

export interface SimulationOptions {
  readonly stepMin: number;
  readonly untilMin: number;
}

export interface ConcentrationPoint {
  readonly tMin: number;
  readonly mgPerL: number;
  readonly ngPerMl: number;
}

export interface PkSimulation {
  readonly model: {
    readonly id: PkModel['id'];
    readonly name: string;
    readonly citation: Citation;
    readonly parameterSource: Citation;
  };
  readonly weightKg: number;
  readonly unit: 'mg/L';
  readonly points: readonly ConcentrationPoint[];
  readonly peak: ConcentrationPoint;
  readonly totalDoseMg: number;
  readonly disclaimer: string;
}

const DISCLAIMER = 'Predicted plasma concentration from a population model: it informs, it never sets a dose.';
const MAX_POINTS = 100_000;

/** For each peripheral compartment: the rate constant from the central compartment to it, and back. */
function peripheralRates(model: PkModel): Array<{ out: number; back: number }> {
  const rates = [{ out: model.k12, back: model.k21 }];
  if (model.compartments === 3) rates.push({ out: model.k13 ?? Number.NaN, back: model.k31 ?? Number.NaN });
  return rates;
}

/**
 * The hybrid rate constants h_i (1/min, descending): the roots of the characteristic polynomial of -A.
 *  2 compartments: h^2 - (k10 + k12 + k21) h + k10 k21 = 0
 *  3 compartments: h^3 - a2 h^2 + a1 h - a0 = 0 with a2 = k10+k12+k13+k21+k31,
 *    a1 = k10 k21 + k10 k31 + k12 k31 + k13 k21 + k21 k31, a0 = k10 k21 k31.
 */
export function hybridRateConstants(model: PkModel): number[] {
  const { k10, k12, k21 } = model;
  if (model.compartments === 2) {
    const b = k10 + k12 + k21;
    const c = k10 * k21;
    const root = Math.sqrt(b * b - 4 * c);
    return [(b + root) / 2, (b - root) / 2];
  }
  const k13 = model.k13 ?? Number.NaN;
  const k31 = model.k31 ?? Number.NaN;
  const a2 = k10 + k12 + k13 + k21 + k31;
  const a1 = k10 * k21 + k10 * k31 + k12 * k31 + k13 * k21 + k21 * k31;
  const a0 = k10 * k21 * k31;
  // Depressed cubic with h = y + a2/3: y^3 + p y + q = 0, three real roots (trigonometric form).
  const p = a1 - (a2 * a2) / 3;
  const q = (-2 * a2 * a2 * a2) / 27 + (a1 * a2) / 3 - a0;
  const m = 2 * Math.sqrt(-p / 3);
  const theta = Math.acos(Math.max(-1, Math.min(1, (3 * q) / (p * m)))) / 3;
  const roots = [0, 1, 2].map((k) => m * Math.cos(theta - (2 * Math.PI * k) / 3) + a2 / 3);
  return roots.sort((x, y) => y - x);
}

function invert(matrix: number[][]): number[][] {
  const n = matrix.length;
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const pv = a[col]![col]!;
    if (Math.abs(pv) < 1e-14) throw new Error('PK model matrix is singular (repeated eigenvalues)');
    for (let j = 0; j < 2 * n; j++) a[col]![j]! /= pv;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]!;
      for (let j = 0; j < 2 * n; j++) a[r]![j]! -= f * a[col]![j]!;
    }
  }
  return a.map((row) => row.slice(n));
}

/** The modal form of the model: hybrid constants h, and w = V^-1 e1 (how an input to the central compartment splits over the modes). */
export interface ModalForm {
  readonly h: readonly number[];
  readonly inputWeights: readonly number[];
}

export function modalForm(model: PkModel): ModalForm {
  const h = hybridRateConstants(model);
  const peripherals = peripheralRates(model);
  // Columns are eigenvectors [1, k1j / (kj1 - h_i), ...].
  const v = [h.map(() => 1), ...peripherals.map(({ out, back }) => h.map((hi) => out / (back - hi)))];
  const inv = invert(v);
  return { h, inputWeights: inv.map((row) => row[0]!) };
}

export function validatePkModel(model: PkModel, path = 'model'): void {
  const issues: FieldIssue[] = [];
  const keys: Array<'v1LPerKg' | 'k10' | 'k12' | 'k21' | 'k13' | 'k31'> = ['v1LPerKg', 'k10', 'k12', 'k21'];
  if (model.compartments === 3) keys.push('k13', 'k31');
  else if (model.compartments !== 2) issues.push({ field: `${path}.compartments`, message: 'must be 2 or 3' });
  for (const key of keys) {
    const value = model[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
      issues.push({ field: `${path}.${key}`, message: 'must be a number > 0' });
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
}

function validateInputs(weightKg: number, infusions: readonly Infusion[], options: SimulationOptions): void {
  const issues: FieldIssue[] = [];
  if (!Number.isFinite(weightKg) || weightKg <= 0 || weightKg > 400)
    issues.push({ field: 'weightKg', message: 'must be between 0 and 400 kg' });
  infusions.forEach((inf, i) => {
    if (!Number.isFinite(inf.startMin) || inf.startMin < 0)
      issues.push({ field: `infusions.${i}.startMin`, message: 'must be >= 0' });
    if (!Number.isFinite(inf.endMin) || inf.endMin < inf.startMin)
      issues.push({ field: `infusions.${i}.endMin`, message: 'must be >= startMin' });
    if (!Number.isFinite(inf.rateMgPerMin) || inf.rateMgPerMin < 0)
      issues.push({ field: `infusions.${i}.rateMgPerMin`, message: 'must be >= 0' });
  });
  if (!Number.isFinite(options.stepMin) || options.stepMin <= 0)
    issues.push({ field: 'options.stepMin', message: 'must be > 0' });
  if (!Number.isFinite(options.untilMin) || options.untilMin <= 0)
    issues.push({ field: 'options.untilMin', message: 'must be > 0' });
  else if (options.stepMin > 0 && options.untilMin / options.stepMin > MAX_POINTS) {
    issues.push({ field: 'options.stepMin', message: `too small: more than ${MAX_POINTS} points` });
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
}

/**
 * Predicted plasma concentration from t = 0 to `untilMin`, every `stepMin` (plus `untilMin` itself).
 * Overlapping infusions add up. The model and its citation travel with the result, to be named on the chart.
 */
export function simulate(
  model: PkModel,
  weightKg: number,
  infusions: readonly Infusion[],
  options: SimulationOptions,
): PkSimulation {
  validatePkModel(model);
  validateInputs(weightKg, infusions, options);
  const v1 = model.v1LPerKg * weightKg;
  const { h, inputWeights } = modalForm(model);
  const rateAt = (t: number): number =>
    infusions.reduce((sum, inf) => (t >= inf.startMin && t < inf.endMin ? sum + inf.rateMgPerMin : sum), 0);

  const outputTimes: number[] = [];
  for (let i = 0; i * options.stepMin < options.untilMin - 1e-9; i++) outputTimes.push(i * options.stepMin);
  outputTimes.push(options.untilMin);
  const changes = infusions.flatMap((inf) => [inf.startMin, inf.endMin]).filter((t) => t > 0 && t < options.untilMin);
  const breakpoints = [...new Set([...outputTimes, ...changes])].sort((a, b) => a - b);
  const outputs = new Set(outputTimes);

  const y = h.map(() => 0);
  const points: ConcentrationPoint[] = [];
  let t = 0;
  for (const next of breakpoints) {
    const dt = next - t;
    if (dt > 0) {
      const rate = rateAt(t);
      for (let i = 0; i < h.length; i++) {
        const decay = Math.exp(-h[i]! * dt);
        y[i] = y[i]! * decay + (inputWeights[i]! * rate * (1 - decay)) / h[i]!;
      }
      t = next;
    }
    if (outputs.has(next)) {
      const mgPerL = Math.max(0, y.reduce((s, yi) => s + yi, 0) / v1);
      points.push({ tMin: next, mgPerL, ngPerMl: mgPerL * 1000 });
    }
  }
  const peak = points.reduce((best, p) => (p.mgPerL > best.mgPerL ? p : best), points[0]!);
  const totalDoseMg = infusions.reduce(
    (sum, inf) =>
      sum + inf.rateMgPerMin * (Math.min(inf.endMin, options.untilMin) - Math.min(inf.startMin, options.untilMin)),
    0,
  );
  return {
    model: { id: model.id, name: model.name, citation: model.citation, parameterSource: model.parameterSource },
    weightKg,
    unit: 'mg/L',
    points,
    peak,
    totalDoseMg,
    disclaimer: DISCLAIMER,
  };
}

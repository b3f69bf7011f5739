/**
 * The session's PK chart data: the predicted ketamine plasma concentration for the planned infusion and for the
 * infusion actually given, from the domain's model (src/domain/pk, pure: the same code the server trusts), plus
 * the chart's arithmetic (scales and ticks). Informs, never sets a dose.
 */
import {
  actualInfusions,
  DEFAULT_PK_MODEL,
  plannedInfusion,
  simulate,
  type PkModel,
  type PkSimulation,
} from '../../../domain/pk/index';
import type { SessionEvent } from '../../../domain/session/index';
import type { TimelineEntryView } from './treatment-day.api';

export interface PkCurves {
  readonly planned: PkSimulation;
  readonly actual: PkSimulation | null;
  /** Minutes from the infusion start (or the planned start) to now, when inside the chart. */
  readonly nowMin: number | null;
  readonly untilMin: number;
}

export interface PkCurveInput {
  readonly weightKg: number;
  readonly doseMg: number;
  readonly durationMin: number;
  /** The infusion's administration entries (the session timeline; other kinds are ignored). */
  readonly timeline: readonly (Pick<TimelineEntryView, 'data' | 'at' | 'isCorrected'> & { readonly kind: string })[];
  readonly now: Date;
  readonly model?: PkModel;
}

/** The administration entries as domain session events. */
export function administrationEvents(timeline: PkCurveInput['timeline']): SessionEvent[] {
  const events: SessionEvent[] = [];
  for (const e of timeline) {
    const at = new Date(e.at);
    const rate = Number(e.data['rateMgPerMin']);
    switch (e.kind) {
      case 'infusion-started':
        events.push({ type: 'infusion-started', at, rateMgPerMin: rate });
        break;
      case 'infusion-rate-changed':
        events.push({ type: 'infusion-rate-changed', at, rateMgPerMin: rate });
        break;
      case 'infusion-paused':
        events.push({ type: 'infusion-paused', at, reason: String(e.data['reason'] ?? '') });
        break;
      case 'infusion-resumed':
        events.push({ type: 'infusion-resumed', at });
        break;
      case 'infusion-stopped':
        events.push({ type: 'infusion-stopped', at });
        break;
      default:
        break;
    }
  }
  return events;
}

/** Planned and actual curves over the infusion plus two hours (longer if the session runs on). */
export function pkCurves(input: PkCurveInput): PkCurves {
  const model = input.model ?? DEFAULT_PK_MODEL;
  const events = administrationEvents(input.timeline);
  const started = events.find((e) => e.type === 'infusion-started')?.at;
  const elapsed = started ? (input.now.getTime() - started.getTime()) / 60_000 : null;
  const untilMin = Math.ceil(Math.max(input.durationMin + 120, (elapsed ?? 0) + 30) / 10) * 10;
  const stepMin = untilMin > 600 ? 5 : 1;
  const planned = simulate(model, input.weightKg, plannedInfusion(input.doseMg, input.durationMin), {
    stepMin,
    untilMin,
  });
  const given = started ? actualInfusions(events, input.now) : [];
  const actual =
    started && given.length > 0
      ? simulate(model, input.weightKg, given, {
          stepMin,
          untilMin: Math.max(stepMin, Math.min(untilMin, elapsed ?? untilMin)),
        })
      : null;
  return {
    planned,
    actual,
    nowMin: elapsed !== null && elapsed >= 0 && elapsed <= untilMin ? elapsed : null,
    untilMin,
  };
}

/** Round tick values covering 0..max (about `count` of them). */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  if ((ticks.at(-1) ?? 0) < max) ticks.push(Math.round((ticks.at(-1)! + step) * 1e6) / 1e6);
  return ticks;
}

/** A polyline's points attribute for (t, ng/mL) points on the chart's scales. */
export function polylinePoints(
  points: PkSimulation['points'],
  x: (t: number) => number,
  y: (c: number) => number,
): string {
  return points.map((p) => `${x(p.tMin).toFixed(1)},${y(p.ngPerMl).toFixed(1)}`).join(' ');
}

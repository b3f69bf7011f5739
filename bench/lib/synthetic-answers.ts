/**
 * Synthetic, valid answers for any instrument of the registry, for benchmarks only. Driven by the instrument's own
 * data (items, options, enableWhen), so a new instrument needs no change here.
 *
 * `severity` (0..1) places every choice item near that fraction of its range, with some noise, so a trajectory
 * of severities gives a trajectory of totals. By default boolean items are answered "no" and the items a suicide-risk alert
 * reads (PHQ-9 item 9, QIDS-SR16 item 12, MADRS item 10, every C-SSRS item) get their lowest option: generated
 * data never raises an alert, so it needs no alert rows (a real positive answer would add one, with its audit
 * event). `isAlertFree` lets callers check that promise with the domain's own rule.
 */
import { getInstrument, type InstrumentDefinition } from '../../src/domain/instruments/index.js';
import {
  DEFAULT_SUICIDE_RISK_ALERT_SETTINGS,
  evaluateSuicideRiskAlert,
} from '../../src/domain/safety/suicide-risk-alert.js';
import type { ScoreResult } from '../../src/domain/instruments/index.js';

const RISK_FLAG_CODES = new Set(['suicide-risk', 'suicidal-thoughts']);

/** Items whose answer can raise a suicide-risk alert or flag: answered with their lowest option. */
function riskItems(def: InstrumentDefinition): Set<string> {
  const items = new Set<string>();
  for (const rule of def.flagRules) if (rule.item && RISK_FLAG_CODES.has(rule.code)) items.add(rule.item);
  const alertRule = DEFAULT_SUICIDE_RISK_ALERT_SETTINGS.itemRules[def.id];
  if (alertRule) items.add(alertRule.linkId);
  return items;
}

const riskCache = new Map<string, Set<string>>();

/**
 * With `allowRisk` (scoring benchmarks, which store nothing) the risk items and yes/no items are answered like the
 * others: "yes" with probability `severity`, so the C-SSRS follow-up items and the suicide-risk flags occur too.
 */
export function syntheticAnswers(
  instrumentId: string,
  severity: number,
  rng: () => number,
  options: { allowRisk?: boolean } = {},
): Record<string, number | boolean> {
  const def = getInstrument(instrumentId);
  let risky = riskCache.get(instrumentId);
  if (!risky) {
    risky = riskItems(def);
    riskCache.set(instrumentId, risky);
  }
  const answers: Record<string, number | boolean> = {};
  const level = Math.min(1, Math.max(0, severity));
  for (const item of def.items) {
    if (item.enableWhen && answers[item.enableWhen.linkId] !== item.enableWhen.answer) continue;
    if (item.answerType === 'boolean') {
      answers[item.linkId] = options.allowRisk === true && rng() < level;
      continue;
    }
    const scores = item.options.map((o) => o.score).sort((a, b) => a - b);
    if (scores.length === 0) continue;
    if (risky.has(item.linkId) && options.allowRisk !== true) {
      answers[item.linkId] = scores[0] as number;
      continue;
    }
    const position = Math.round(level * (scores.length - 1) + (rng() - 0.5) * 1.6);
    answers[item.linkId] = scores[Math.min(scores.length - 1, Math.max(0, position))] as number;
  }
  return answers;
}

/** True when the domain's alert rule (clinic defaults) raises nothing for this result. */
export function isAlertFree(result: ScoreResult): boolean {
  return !evaluateSuicideRiskAlert(result).isRaised && !result.flags.some((f) => f.code === 'suicide-risk');
}

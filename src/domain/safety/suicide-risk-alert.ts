/**
 * Suicide-risk alert rules: from one scored instrument, whether an alert is raised, how severe it is, and why.
 * An alert must be acknowledged by a clinician (with a record); a patient answering at home is shown the crisis
 * resources at once. The rules are data (clinic settings) with their sources.
 */
import type { ScoreResult } from '../instruments/types.js';
import type { Citation } from '../shared/citation.js';

export type AlertSeverity = 'low' | 'moderate' | 'high';

const RANK: Record<AlertSeverity, number> = { low: 1, moderate: 2, high: 3 };

export interface ItemAlertRule {
  readonly linkId: string;
  /** Severity by item score; scores above the last listed use the highest listed. 0 never alerts. */
  readonly severityByScore: Readonly<Record<number, AlertSeverity>>;
}

export interface SuicideRiskAlertSettings {
  /** Lowest C-SSRS screener triage level that raises an alert. */
  readonly cssrsMinimumLevel: AlertSeverity;
  /** Item rules per instrument (PHQ-9 item 9, QIDS-SR16 item 12). */
  readonly itemRules: Readonly<Record<string, ItemAlertRule>>;
  /** Other flag codes that raise an alert, with their severity (a `suicide-risk` flag from any other instrument included). */
  readonly flagSeverity: Readonly<Record<string, AlertSeverity>>;
  readonly citation: Citation;
}

export const SUICIDE_RISK_ALERT_CITATION: Citation = {
  source:
    'Ketaclinic clinical reference section 3 (PHQ-9 item 9 > 0, QIDS item 12 > 0 and C-SSRS moderate or high raise an alert); C-SSRS triage (Columbia Lighthouse Project)',
  detail:
    'Severity by item score and the C-SSRS minimum level are clinic defaults. The default alerts from C-SSRS "low" too (the triage guidance still asks for further evaluation at low risk); a clinic may raise it to "moderate".',
  status: 'clinic-default',
};

export const DEFAULT_SUICIDE_RISK_ALERT_SETTINGS: SuicideRiskAlertSettings = {
  cssrsMinimumLevel: 'low',
  itemRules: {
    'phq-9': { linkId: '9', severityByScore: { 1: 'moderate', 2: 'high', 3: 'high' } },
    'qids-sr16': { linkId: '12', severityByScore: { 1: 'moderate', 2: 'high', 3: 'high' } },
  },
  flagSeverity: { 'suicide-risk': 'moderate', 'suicidal-thoughts': 'moderate' },
  citation: SUICIDE_RISK_ALERT_CITATION,
};

export interface SuicideRiskAlertDecision {
  readonly instrument: string;
  readonly isRaised: boolean;
  readonly severity: AlertSeverity | null;
  readonly reasons: string[];
  /** True whenever an alert is raised: show the crisis resources to the person who answered. */
  readonly showCrisisResources: boolean;
}

function severityForScore(rule: ItemAlertRule, score: number): AlertSeverity | null {
  if (score <= 0) return null;
  const listed = Object.keys(rule.severityByScore)
    .map(Number)
    .sort((a, b) => a - b);
  const key = listed.filter((s) => s <= score).at(-1) ?? listed[0];
  return key === undefined ? 'high' : (rule.severityByScore[key] ?? 'high');
}

function isCssrsLevel(band: string | null): band is AlertSeverity {
  return band === 'low' || band === 'moderate' || band === 'high';
}

/** Decides whether one score raises a suicide-risk alert. Never lowers a signal below what any rule gives. */
export function evaluateSuicideRiskAlert(
  result: ScoreResult,
  settings: SuicideRiskAlertSettings = DEFAULT_SUICIDE_RISK_ALERT_SETTINGS,
): SuicideRiskAlertDecision {
  let severity: AlertSeverity | null = null;
  const reasons: string[] = [];
  const raise = (to: AlertSeverity, reason: string) => {
    reasons.push(reason);
    if (severity === null || RANK[to] > RANK[severity]) severity = to;
  };
  const handledFlags = new Set<string>();

  if (result.instrument === 'c-ssrs-screener') {
    handledFlags.add('suicide-risk');
    if (isCssrsLevel(result.band) && RANK[result.band] >= RANK[settings.cssrsMinimumLevel]) {
      raise(result.band, `C-SSRS screener triage: ${result.band} risk`);
    }
  }
  const itemRule = settings.itemRules[result.instrument];
  if (itemRule !== undefined) {
    handledFlags.add('suicide-risk');
    const score = result.itemScores[itemRule.linkId];
    if (typeof score === 'number') {
      const itemSeverity = severityForScore(itemRule, score);
      if (itemSeverity !== null) raise(itemSeverity, `${result.instrument} item ${itemRule.linkId} scored ${score}`);
    }
  }
  for (const flag of result.flags) {
    const flagSeverity = settings.flagSeverity[flag.code];
    if (flagSeverity === undefined || handledFlags.has(flag.code)) continue;
    raise(flagSeverity, flag.message);
  }
  const isRaised = severity !== null;
  return { instrument: result.instrument, isRaised, severity, reasons, showCrisisResources: isRaised };
}

import type { Citation } from '../shared/citation.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { checkDate, formatClock, formatDate } from './time.js';

/**
 * Same-day suicide risk before dosing: an answer that signals suicide risk, given on the treatment day, stops dosing
 * until a prescriber has evaluated THAT answer. An acknowledgement of an older answer (or of the checklist's
 * questionnaire warning) does not cover it. The signals are data, each with its source.
 */

export interface SameDaySuicideRiskRule {
  readonly instrumentId: string;
  readonly describe: string;
  readonly citation: Citation;
  /** Whether a stored answer signals risk: by its triage band, or by one item's score. */
  readonly signal: { readonly band: string } | { readonly item: string; readonly above: number };
}

export const PHQ9_ITEM9_SAME_DAY: Citation = {
  source:
    'Kroenke K, Spitzer RL, Williams JBW. The PHQ-9. J Gen Intern Med 2001;16(9):606-613; Ketaclinic clinical reference section 3',
  detail:
    'Item 9 (thoughts that you would be better off dead, or of hurting yourself) above 0 is a suicide-risk signal that must reach a clinician before treatment goes on',
  status: 'published',
};

export const CSSRS_HIGH_SAME_DAY: Citation = {
  source:
    'Posner K et al. The Columbia-Suicide Severity Rating Scale. Am J Psychiatry 2011;168(12):1266-1277; C-SSRS screener triage (Columbia Lighthouse Project)',
  detail: 'High risk on the screener calls for immediate evaluation by a clinician before anything else proceeds',
  status: 'published',
};

export const SAME_DAY_SUICIDE_RISK_RULES: readonly SameDaySuicideRiskRule[] = [
  {
    instrumentId: 'c-ssrs-screener',
    describe: 'C-SSRS screener at high risk',
    signal: { band: 'high' },
    citation: CSSRS_HIGH_SAME_DAY,
  },
  {
    instrumentId: 'phq-9',
    describe: 'PHQ-9 item 9 above 0',
    signal: { item: '9', above: 0 },
    citation: PHQ9_ITEM9_SAME_DAY,
  },
];

export interface RecordedAnswer {
  readonly measureId: string;
  readonly instrumentId: string;
  readonly observedAt: Date;
  readonly band?: string | null;
  readonly answers?: Readonly<Record<string, unknown>>;
}

export interface SuicideRiskEvaluation {
  readonly measureId: string;
  readonly by: string;
  readonly at: Date;
  /** `may-proceed`: the prescriber judged dosing safe today; `do-not-dose`: dosing stays stopped. */
  readonly decision: 'may-proceed' | 'do-not-dose';
  readonly note: string;
}

export interface SameDaySignal {
  readonly measureId: string;
  readonly instrumentId: string;
  readonly observedAt: Date;
  readonly describe: string;
  readonly citation: Citation;
  /** The prescriber's evaluation of this very answer (the latest one), when recorded. */
  readonly evaluation?: SuicideRiskEvaluation;
}

export interface SameDaySuicideRisk {
  readonly treatmentDate: string;
  readonly signals: readonly SameDaySignal[];
  /** Signals with no evaluation yet: dosing waits for a prescriber. */
  readonly awaitingPrescriber: readonly SameDaySignal[];
  /** Signals a prescriber evaluated as "do not dose". */
  readonly heldByPrescriber: readonly SameDaySignal[];
  readonly blocksDosing: boolean;
  /** Who is waiting on whom, in words for the board, the banner and the chair. */
  readonly message: string;
}

function signalOf(
  answer: RecordedAnswer,
  rules: readonly SameDaySuicideRiskRule[],
): SameDaySuicideRiskRule | undefined {
  return rules.find((r) => {
    if (r.instrumentId !== answer.instrumentId) return false;
    if ('band' in r.signal) return answer.band === r.signal.band;
    const value = answer.answers?.[r.signal.item];
    return typeof value === 'number' && value > r.signal.above;
  });
}

/**
 * The treatment day's suicide-risk signals and whether they stop dosing now. `treatmentDate` is the session's
 * calendar day in the clinic's time zone; an answer counts when it was given on that day (clinic time) and not
 * after `now`. Evaluations count only for the answer they name, and only once recorded (at or before `now`).
 */
export function sameDaySuicideRisk(input: {
  readonly treatmentDate: string;
  readonly timeZone: string;
  readonly now: Date;
  readonly answers: readonly RecordedAnswer[];
  readonly evaluations: readonly SuicideRiskEvaluation[];
  readonly rules?: readonly SameDaySuicideRiskRule[];
}): SameDaySuicideRisk {
  const issues: FieldIssue[] = [];
  checkDate(input.now, 'now', issues);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.treatmentDate))
    issues.push({ field: 'treatmentDate', message: 'must be YYYY-MM-DD' });
  input.answers.forEach((a, i) => checkDate(a.observedAt, `answers.${i}.observedAt`, issues));
  input.evaluations.forEach((e, i) => {
    checkDate(e.at, `evaluations.${i}.at`, issues);
    if (e.decision !== 'may-proceed' && e.decision !== 'do-not-dose')
      issues.push({ field: `evaluations.${i}.decision`, message: 'must be may-proceed or do-not-dose' });
  });
  if (issues.length > 0) throw new DomainValidationError(issues);
  const rules = input.rules ?? SAME_DAY_SUICIDE_RISK_RULES;
  const now = input.now.getTime();
  const signals: SameDaySignal[] = [];
  for (const answer of [...input.answers].sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime())) {
    if (answer.observedAt.getTime() > now || formatDate(answer.observedAt, input.timeZone) !== input.treatmentDate)
      continue;
    const rule = signalOf(answer, rules);
    if (!rule) continue;
    const evaluation = input.evaluations
      .filter((e) => e.measureId === answer.measureId && e.at.getTime() <= now)
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .at(-1);
    signals.push({
      measureId: answer.measureId,
      instrumentId: answer.instrumentId,
      observedAt: answer.observedAt,
      describe: rule.describe,
      citation: rule.citation,
      ...(evaluation ? { evaluation } : {}),
    });
  }
  const awaitingPrescriber = signals.filter((s) => !s.evaluation);
  const heldByPrescriber = signals.filter((s) => s.evaluation?.decision === 'do-not-dose');
  const describe = (list: readonly SameDaySignal[]) =>
    list.map((s) => `${s.describe} at ${formatClock(s.observedAt, input.timeZone)}`).join('; ');
  const message =
    awaitingPrescriber.length > 0
      ? `Dosing waits for a prescriber to evaluate today's answer: ${describe(awaitingPrescriber)}.`
      : heldByPrescriber.length > 0
        ? `A prescriber evaluated today's answer and decided not to dose: ${describe(heldByPrescriber)}.`
        : signals.length > 0
          ? `A prescriber evaluated today's suicide-risk answer and found dosing may proceed: ${describe(signals)}.`
          : 'No suicide-risk answer today.';
  return {
    treatmentDate: input.treatmentDate,
    signals,
    awaitingPrescriber,
    heldByPrescriber,
    blocksDosing: awaitingPrescriber.length > 0 || heldByPrescriber.length > 0,
    message,
  };
}

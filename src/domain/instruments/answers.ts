import { isRecord } from '../shared/guards.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import type { AnswerOption, InstrumentItem, SeverityBand } from './types.js';

/** Answers after validation: only answered items, each a score (choice) or a boolean. */
export type ValidAnswers = ReadonlyMap<string, number | boolean>;

/** Builds the answer options 0..max with the given labels (labels[i] is the label of score i). */
export function scoredOptions(labels: readonly string[], loincAnswers?: readonly string[]): AnswerOption[] {
  return labels.map((label, score) => {
    const loincAnswer = loincAnswers?.[score];
    return loincAnswer === undefined ? { score, label } : { score, label, loincAnswer };
  });
}

/** Yes/No options for boolean items (yes scores 1 for display and FHIR only). */
export const YES_NO_OPTIONS: readonly AnswerOption[] = [
  { score: 1, label: 'Yes', loincAnswer: 'LA33-6' },
  { score: 0, label: 'No', loincAnswer: 'LA32-8' },
];

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string "${value.length > 20 ? `${value.slice(0, 20)}...` : value}"`;
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function checkValue(item: InstrumentItem, value: unknown): string | null {
  if (item.answerType === 'boolean') {
    return typeof value === 'boolean' ? null : `must be true or false, got ${describe(value)}`;
  }
  if (typeof value !== 'number') return `must be a number (the option's score), got ${describe(value)}`;
  if (!Number.isInteger(value)) return `must be a whole number, got ${value}`;
  if (!item.options.some((o) => o.score === value)) {
    const scores = item.options.map((o) => o.score);
    return `must be between ${Math.min(...scores)} and ${Math.max(...scores)}, got ${value}`;
  }
  return null;
}

function isEnabled(item: InstrumentItem, valid: ReadonlyMap<string, number | boolean>): boolean {
  if (item.enableWhen === undefined) return true;
  return valid.get(item.enableWhen.linkId) === item.enableWhen.answer;
}

export interface ValidateOptions {
  /** Extra, instrument-specific checks on the typed answers (e.g. QIDS paired items). */
  readonly extraChecks?: (valid: ValidAnswers) => FieldIssue[];
}

/**
 * Checks answers against the items: unknown linkIds, wrong types, non-integers, out-of-range values and missing
 * required items (an item with `enableWhen` is required only when enabled). Reports every problem at once, each
 * naming `answers.<linkId>`; returns the answered items only.
 */
export function validateAnswers(
  items: readonly InstrumentItem[],
  answers: unknown,
  options: ValidateOptions = {},
): ValidAnswers {
  if (!isRecord(answers)) {
    throw new DomainValidationError([{ field: 'answers', message: 'must be an object keyed by item linkId' }]);
  }
  const issues: FieldIssue[] = [];
  const byLinkId = new Map(items.map((item) => [item.linkId, item]));
  for (const key of Object.keys(answers)) {
    if (!byLinkId.has(key)) issues.push({ field: `answers.${key}`, message: 'is not an item of this instrument' });
  }
  const valid = new Map<string, number | boolean>();
  for (const item of items) {
    const value = answers[item.linkId];
    if (value === undefined || value === null) continue;
    const problem = checkValue(item, value);
    if (problem === null) valid.set(item.linkId, value as number | boolean);
    else issues.push({ field: `answers.${item.linkId}`, message: problem });
  }
  for (const item of items) {
    const isAbsent = answers[item.linkId] === undefined || answers[item.linkId] === null;
    if (isAbsent && item.required && isEnabled(item, valid)) {
      issues.push({ field: `answers.${item.linkId}`, message: 'is required and was not answered' });
    }
  }
  if (issues.length === 0 && options.extraChecks !== undefined) issues.push(...options.extraChecks(valid));
  if (issues.length > 0) throw new DomainValidationError(issues);
  return valid;
}

/** The numeric score of an answered choice item (0 when unanswered, for optional items only). */
export function num(valid: ValidAnswers, linkId: string): number {
  const value = valid.get(linkId);
  return typeof value === 'number' ? value : 0;
}

export function sumOf(valid: ValidAnswers, linkIds: readonly string[]): number {
  return linkIds.reduce((sum, id) => sum + num(valid, id), 0);
}

export function maxOf(valid: ValidAnswers, linkIds: readonly string[]): number {
  return Math.max(0, ...linkIds.map((id) => num(valid, id)));
}

/** The band containing the total; throws if the bands do not cover it (a definition bug, not bad input). */
export function bandFor(bands: readonly SeverityBand[], total: number): string {
  const band = bands.find((b) => total >= b.min && total <= b.max);
  if (band === undefined) throw new Error(`No band covers total ${total}`);
  return band.code;
}

export function itemScoresOf(valid: ValidAnswers): Record<string, number | boolean> {
  return Object.fromEntries(valid);
}

/** linkIds "1".."n". */
export function linkIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i + 1));
}

/**
 * The PHQ-9's and GAD-7's shared answer scale: "over the last 2 weeks, how often…", scored 0-3, with LOINC answer
 * list LL358-3's codes (Kroenke 2001; Spitzer 2006).
 */
export const LAST_TWO_WEEKS_FREQUENCY: readonly AnswerOption[] = scoredOptions(
  ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'],
  ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'],
);

/**
 * Required single-choice items "1".."n" on one answer scale: item i has `texts[i]` and, where given, the LOINC code
 * `loincCodes[i]`.
 */
export function requiredChoiceItems(
  texts: readonly string[],
  options: readonly AnswerOption[],
  loincCodes?: readonly string[],
): InstrumentItem[] {
  return linkIds(texts.length).map((linkId, i) => ({
    linkId,
    text: texts[i] ?? '',
    answerType: 'choice',
    options,
    required: true,
    ...(loincCodes ? { loinc: loincCodes[i] ?? '' } : {}),
  }));
}

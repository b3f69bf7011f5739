import type { Citation } from '../shared/citation.js';

/**
 * The shape every measurement instrument (questionnaire or rating scale) shares. An instrument is data
 * (items, options, bands, LOINC codes, citation, copyright) plus one pure scoring function.
 *
 * Conventions:
 * - `linkId`s are "1", "2", ... in the publisher's order (documented exceptions: C-SSRS "6a", CADSS-6 mapping).
 * - Answers arrive as `Record<linkId, unknown>`: a number (the option's score) for `choice` items, a boolean for
 *   `boolean` items; `undefined`/`null`/absent means "not answered".
 * - Bad answers throw `DomainValidationError` naming `answers.<linkId>`; nothing is guessed or prorated unless
 *   the publisher defines a rule (documented per instrument in `scoring.missingItems`).
 */

export type Respondent = 'patient' | 'clinician';

export interface AnswerOption {
  /** The value a respondent sends and the score the option adds. */
  readonly score: number;
  /** What the respondent or rater sees (publisher wording where permitted, else our own short label). */
  readonly label: string;
  /** LOINC answer code (LA...) where LOINC defines one and we verified it. */
  readonly loincAnswer?: string;
}

/** Shown only when another item has the given answer (FHIR `enableWhen`, operator "="). */
export interface EnableWhen {
  readonly linkId: string;
  readonly answer: boolean | number;
}

export interface InstrumentItem {
  readonly linkId: string;
  /** Item wording (publisher's where permitted) or a short descriptive label of our own (see `itemTextPolicy`). */
  readonly text: string;
  readonly answerType: 'choice' | 'boolean';
  /** For `choice`: the allowed scores. For `boolean`: yes (1) / no (0), used only for display and FHIR. */
  readonly options: readonly AnswerOption[];
  /** Required whenever the item is enabled (FHIR semantics): an item with `enableWhen` is required only when shown. */
  readonly required: boolean;
  readonly enableWhen?: EnableWhen;
  /** LOINC code of the item where one exists and we verified it. */
  readonly loinc?: string;
  /** Anything a form builder or rater must know about this item. */
  readonly note?: string;
}

export interface SeverityBand {
  /** Lower-case, hyphenated code, stable across versions (e.g. "moderately-severe"). */
  readonly code: string;
  readonly min: number;
  readonly max: number;
  readonly label: string;
}

/** Documentation of a flag an instrument can raise; the scoring function raises it. */
export interface FlagRule {
  readonly code: string;
  /** The item that triggers it, where one item does. */
  readonly item?: string;
  readonly description: string;
  readonly citation: Citation;
}

export interface ScoreFlag {
  readonly code: string;
  readonly item?: string;
  readonly message: string;
}

export interface ScoreResult {
  readonly instrument: string;
  /** Null where the instrument has no total (C-SSRS screener). */
  readonly total: number | null;
  /** Band code, or null where the instrument publishes no bands. */
  readonly band: string | null;
  readonly flags: ScoreFlag[];
  /** Every answered item: its score (choice) or its answer (boolean). */
  readonly itemScores: Record<string, number | boolean>;
  /** Domain or cluster scores where the instrument defines them. */
  readonly subscales?: Record<string, number>;
}

export interface ScoringRule {
  /** How the total is computed, in words a clinician can check against the source. */
  readonly description: string;
  /** The range of the total, or null where there is no total. */
  readonly totalRange: { readonly min: number; readonly max: number } | null;
  /** What happens when items are missing (publisher rule, or "rejected"). */
  readonly missingItems: string;
  readonly citation: Citation;
}

export interface LoincCodes {
  readonly panel?: string;
  readonly total?: string;
  /** Code for the band/risk-level observation where LOINC has one (e.g. C-SSRS suicide risk level 93374-7). */
  readonly band?: string;
}

export interface InstrumentDefinition {
  readonly id: string;
  readonly title: string;
  readonly shortName: string;
  /** Version of this definition (bumped when items, bands or scoring change). */
  readonly version: string;
  readonly respondent: Respondent;
  /** Instructions / stem shown above the items. */
  readonly preamble: string;
  readonly recallPeriod: string;
  readonly items: readonly InstrumentItem[];
  readonly scoring: ScoringRule;
  readonly bands: readonly SeverityBand[];
  /** Source of the bands; null when `bands` is empty. */
  readonly bandCitation: Citation | null;
  readonly flagRules: readonly FlagRule[];
  readonly loinc: LoincCodes;
  /** The instrument's own reference. */
  readonly citation: Citation;
  /** The copyright / permission line to display with the instrument. */
  readonly copyright: string;
  /**
   * `publisher` when item text is the publisher's (reproduction permitted); `own-labels` when we show short
   * labels of our own because reproduction is not clearly permitted and clinicians use the published form.
   */
  readonly itemTextPolicy: 'publisher' | 'own-labels';
  /** Scores validated answers; throws `DomainValidationError` naming `answers.<linkId>` for bad input. */
  readonly score: (answers: Readonly<Record<string, unknown>>) => ScoreResult;
}

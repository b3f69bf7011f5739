import type { Citation } from '../shared/citation.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { SOURCES, clinicDefault } from '../protocols/sources.js';
import { isRecord } from '../shared/guards.js';

export const ADHERENCE_LEVELS = ['good', 'partial', 'poor'] as const;
export type Adherence = (typeof ADHERENCE_LEVELS)[number];
export const TRIAL_OUTCOMES = ['no-response', 'partial-response', 'response', 'remission', 'not-tolerated'] as const;
export type TrialOutcome = (typeof TRIAL_OUTCOMES)[number];

/** One past antidepressant trial, as taken at intake. */
export interface AntidepressantTrial {
  /** Lower-case generic name, e.g. 'sertraline'. */
  readonly drug: string;
  /** The highest daily dose held during the trial. */
  readonly doseMgPerDay: number;
  /** Weeks at that dose or above. */
  readonly weeks: number;
  readonly adherence: Adherence;
  readonly outcome: TrialOutcome;
  /** Whether the trial was in the current depressive episode. */
  readonly currentEpisode: boolean;
}

export interface MinEffectiveDose {
  readonly minDoseMgPerDay: number;
  readonly source: Citation;
}
export type MinEffectiveDoseTable = Readonly<Record<string, MinEffectiveDose>>;

const ssri = SOURCES.scotlandSsriDoses;
function fromLabel(detail: string): Citation {
  return clinicDefault(
    `${detail}. Lowest dose of the labelled effective range used as the adequacy threshold; not checked against the ATHF-SF table`,
  );
}

/**
 * Minimum daily dose for a trial to count as adequate, per drug (lower-case generic name).
 * SSRIs: the standard effective doses of the Scottish Government's 2024-2027 antidepressant prescribing guide
 * (flat dose-response above these). Other drugs: the lowest dose of the US label's effective or recommended
 * range for major depression, marked as clinic defaults because we could not read the ATHF-SF (Sackeim 2019)
 * or Maudsley tables to confirm them. A clinic can pass its own table.
 */
export const MIN_EFFECTIVE_DOSES: MinEffectiveDoseTable = {
  citalopram: { minDoseMgPerDay: 20, source: ssri },
  escitalopram: { minDoseMgPerDay: 10, source: ssri },
  fluoxetine: { minDoseMgPerDay: 20, source: ssri },
  paroxetine: { minDoseMgPerDay: 20, source: ssri },
  sertraline: { minDoseMgPerDay: 50, source: ssri },
  fluvoxamine: {
    minDoseMgPerDay: 100,
    source: fromLabel('Fluvoxamine: usual effective range 100-300 mg/day (licensed for depression outside the US)'),
  },
  venlafaxine: { minDoseMgPerDay: 75, source: fromLabel('Venlafaxine label: 75 mg/day starting and effective dose') },
  desvenlafaxine: { minDoseMgPerDay: 50, source: fromLabel('Desvenlafaxine label: 50 mg/day recommended dose') },
  duloxetine: { minDoseMgPerDay: 60, source: fromLabel('Duloxetine label and EU SmPC: 60 mg/day recommended dose') },
  levomilnacipran: { minDoseMgPerDay: 40, source: fromLabel('Levomilnacipran label: 40-120 mg/day') },
  bupropion: { minDoseMgPerDay: 300, source: fromLabel('Bupropion label: 300 mg/day target dose') },
  mirtazapine: { minDoseMgPerDay: 15, source: fromLabel('Mirtazapine label: 15-45 mg/day') },
  vortioxetine: { minDoseMgPerDay: 10, source: fromLabel('Vortioxetine label: 10 mg/day starting dose, 5-20 mg/day') },
  vilazodone: { minDoseMgPerDay: 20, source: fromLabel('Vilazodone label: 20-40 mg/day') },
  trazodone: { minDoseMgPerDay: 150, source: fromLabel('Trazodone label: 150 mg/day starting dose for depression') },
  nefazodone: { minDoseMgPerDay: 300, source: fromLabel('Nefazodone label: 300-600 mg/day') },
  amitriptyline: { minDoseMgPerDay: 75, source: fromLabel('Amitriptyline label: 75 mg/day initial outpatient dose') },
  nortriptyline: { minDoseMgPerDay: 75, source: fromLabel('Nortriptyline label: 75-100 mg/day usual adult dose') },
  imipramine: { minDoseMgPerDay: 75, source: fromLabel('Imipramine label: 75 mg/day initial outpatient dose') },
  desipramine: { minDoseMgPerDay: 100, source: fromLabel('Desipramine label: 100-200 mg/day') },
  clomipramine: { minDoseMgPerDay: 100, source: fromLabel('Clomipramine: 100 mg/day usual target') },
  doxepin: { minDoseMgPerDay: 75, source: fromLabel('Doxepin label: 75-150 mg/day') },
  phenelzine: { minDoseMgPerDay: 45, source: fromLabel('Phenelzine label: 15 mg three times daily') },
  tranylcypromine: { minDoseMgPerDay: 30, source: fromLabel('Tranylcypromine label: 30 mg/day') },
  isocarboxazid: { minDoseMgPerDay: 20, source: fromLabel('Isocarboxazid label: 20 mg/day starting dose') },
};

export interface TreatmentResistanceCriteria {
  /** Weeks at or above the minimum dose for a trial to be adequate (6 by default: issue 4 and clinic default). */
  readonly minimumWeeks: number;
  /** Adequate trials without adequate response needed for TRD (2: Spravato label, Clinical Studies). */
  readonly minimumFailedTrials: number;
}
export const DEFAULT_TRD_CRITERIA: TreatmentResistanceCriteria = { minimumWeeks: 6, minimumFailedTrials: 2 };

export type TrialFinding =
  | 'not-current-episode'
  | 'no-dose-on-file'
  | 'dose-below-minimum'
  | 'too-short'
  | 'adherence-not-adequate'
  | 'responded'
  | 'not-tolerated'
  | 'repeat-of-counted-drug'
  | 'adequate-failed-trial';

export interface TrialAssessment {
  readonly index: number;
  readonly drug: string;
  /** Dose and duration and adherence were adequate. */
  readonly adequate: boolean;
  /** An adequate trial without adequate response in the current episode, counted toward TRD. */
  readonly countsTowardResistance: boolean;
  readonly findings: readonly TrialFinding[];
  readonly explanation: string;
  readonly minDoseMgPerDay: number | undefined;
  readonly doseSource: Citation | undefined;
}

export interface TreatmentResistanceAssessment {
  readonly isTreatmentResistant: boolean;
  readonly failedAdequateTrials: number;
  readonly requiredFailedTrials: number;
  readonly trials: readonly TrialAssessment[];
  readonly summary: string;
  readonly sources: readonly Citation[];
}

/** Validates a list of trials, naming each bad field as `<prefix>.<index>.<field>`; returns the normalised list. */
export function validateTrials(input: unknown, prefix: string, issues: FieldIssue[]): AntidepressantTrial[] {
  if (!Array.isArray(input)) {
    issues.push({ field: prefix, message: 'must be a list of antidepressant trials' });
    return [];
  }
  const trials: AntidepressantTrial[] = [];
  input.forEach((raw: unknown, i) => {
    const at = `${prefix}.${i}`;
    if (!isRecord(raw)) {
      issues.push({ field: at, message: 'must be an object' });
      return;
    }
    const before = issues.length;
    const known = ['drug', 'doseMgPerDay', 'weeks', 'adherence', 'outcome', 'currentEpisode'];
    for (const key of Object.keys(raw))
      if (!known.includes(key)) issues.push({ field: `${at}.${key}`, message: 'is not a known field' });
    const drug = typeof raw.drug === 'string' ? raw.drug.trim().toLowerCase() : '';
    if (drug === '') issues.push({ field: `${at}.drug`, message: 'must be a generic drug name' });
    const dose = raw.doseMgPerDay;
    if (typeof dose !== 'number' || !Number.isFinite(dose) || dose <= 0 || dose > 5000) {
      issues.push({ field: `${at}.doseMgPerDay`, message: 'must be a daily dose in mg above 0 and at most 5000' });
    }
    const weeks = raw.weeks;
    if (typeof weeks !== 'number' || !Number.isFinite(weeks) || weeks < 0 || weeks > 1040) {
      issues.push({ field: `${at}.weeks`, message: 'must be a number of weeks from 0 to 1040' });
    }
    if (!(ADHERENCE_LEVELS as readonly unknown[]).includes(raw.adherence)) {
      issues.push({ field: `${at}.adherence`, message: `must be one of ${ADHERENCE_LEVELS.join(', ')}` });
    }
    if (!(TRIAL_OUTCOMES as readonly unknown[]).includes(raw.outcome)) {
      issues.push({ field: `${at}.outcome`, message: `must be one of ${TRIAL_OUTCOMES.join(', ')}` });
    }
    if (typeof raw.currentEpisode !== 'boolean')
      issues.push({ field: `${at}.currentEpisode`, message: 'must be true or false' });
    if (issues.length === before) {
      trials.push({
        drug,
        doseMgPerDay: dose as number,
        weeks: weeks as number,
        adherence: raw.adherence as Adherence,
        outcome: raw.outcome as TrialOutcome,
        currentEpisode: raw.currentEpisode as boolean,
      });
    }
  });
  return trials;
}

/**
 * Treatment resistance from past trials, with the reasoning for each trial.
 * A trial is adequate when it reached at least the drug's minimum effective dose for at least `minimumWeeks`
 * with good adherence ('partial' adherence is not enough). It counts toward treatment resistance when it was
 * adequate, in the current episode, and ended without adequate response ('no-response' or 'partial-response').
 * Stopping for intolerance is not a failure of efficacy and does not count; a second trial of a drug already
 * counted does not count again. TRD = at least `minimumFailedTrials` (2) such trials.
 */
export function assessTreatmentResistance(
  trials: readonly AntidepressantTrial[],
  table: MinEffectiveDoseTable = MIN_EFFECTIVE_DOSES,
  criteria: TreatmentResistanceCriteria = DEFAULT_TRD_CRITERIA,
): TreatmentResistanceAssessment {
  const issues: FieldIssue[] = [];
  const valid = validateTrials(trials, 'trials', issues);
  if (issues.length > 0) throw new DomainValidationError(issues);

  const countedDrugs = new Set<string>();
  const assessed = valid.map((trial, index): TrialAssessment => {
    const entry = Object.prototype.hasOwnProperty.call(table, trial.drug) ? table[trial.drug] : undefined;
    const findings: TrialFinding[] = [];
    const notes: string[] = [];
    if (!trial.currentEpisode) {
      findings.push('not-current-episode');
      notes.push('not in the current episode');
    }
    if (entry === undefined) {
      findings.push('no-dose-on-file');
      notes.push(`no minimum effective dose on file for ${trial.drug}: a prescriber must judge adequacy`);
    } else if (trial.doseMgPerDay < entry.minDoseMgPerDay) {
      findings.push('dose-below-minimum');
      notes.push(`${trial.doseMgPerDay} mg/day is below the minimum effective ${entry.minDoseMgPerDay} mg/day`);
    }
    if (trial.weeks < criteria.minimumWeeks) {
      findings.push('too-short');
      notes.push(`${trial.weeks} weeks is shorter than ${criteria.minimumWeeks} weeks`);
    }
    if (trial.adherence !== 'good') {
      findings.push('adherence-not-adequate');
      notes.push(`adherence was ${trial.adherence}`);
    }
    const adequate =
      entry !== undefined &&
      !findings.some((f) =>
        ['no-dose-on-file', 'dose-below-minimum', 'too-short', 'adherence-not-adequate'].includes(f),
      );
    if (trial.outcome === 'response' || trial.outcome === 'remission') {
      findings.push('responded');
      notes.push(`the patient had a ${trial.outcome}`);
    } else if (trial.outcome === 'not-tolerated') {
      findings.push('not-tolerated');
      notes.push('stopped because it was not tolerated (not a failure of efficacy)');
    }
    let counts =
      adequate && trial.currentEpisode && (trial.outcome === 'no-response' || trial.outcome === 'partial-response');
    if (counts && countedDrugs.has(trial.drug)) {
      counts = false;
      findings.push('repeat-of-counted-drug');
      notes.push(`${trial.drug} is already counted once`);
    }
    if (counts) {
      countedDrugs.add(trial.drug);
      findings.push('adequate-failed-trial');
    }
    const head = `${trial.drug} ${trial.doseMgPerDay} mg/day for ${trial.weeks} weeks`;
    const explanation = counts
      ? `${head}: adequate trial without adequate response (${trial.outcome}) in the current episode; counts toward treatment resistance`
      : `${head}: does not count (${notes.join('; ')})`;
    return {
      index,
      drug: trial.drug,
      adequate,
      countsTowardResistance: counts,
      findings,
      explanation,
      minDoseMgPerDay: entry?.minDoseMgPerDay,
      doseSource: entry?.source,
    };
  });
  const failed = assessed.filter((t) => t.countsTowardResistance).length;
  const isTreatmentResistant = failed >= criteria.minimumFailedTrials;
  const summary = `${failed} adequate antidepressant trial(s) without adequate response in the current episode; ${criteria.minimumFailedTrials} needed: ${isTreatmentResistant ? 'treatment-resistant' : 'treatment resistance not established'}`;
  return {
    isTreatmentResistant,
    failedAdequateTrials: failed,
    requiredFailedTrials: criteria.minimumFailedTrials,
    trials: assessed,
    summary,
    sources: [
      SOURCES.spravatoTrdDefinition,
      clinicDefault('Adequate duration: at least 6 weeks at or above the minimum effective dose, with good adherence'),
    ],
  };
}

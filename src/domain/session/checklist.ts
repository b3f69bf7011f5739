import type { Citation } from '../shared/citation.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import type { EligibilityDecision } from '../eligibility/evaluate.js';
import { SOURCES } from '../protocols/sources.js';
import { evaluateVitals } from '../monitoring/evaluate-vitals.js';
import {
  SANACORA_2017,
  SPRAVATO_LABEL_BP_BEFORE_DOSING,
  SPRAVATO_LABEL_DRIVING,
  SPRAVATO_LABEL_FASTING,
  SPRAVATO_LABEL_PREGNANCY,
  SPRAVATO_REMS_OUTPATIENT,
  clinicDefault,
} from '../monitoring/sources.js';
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholdSet } from '../monitoring/thresholds.js';
import {
  VITAL_SIGN_LABELS,
  collectVitalSignIssues,
  type VitalSignKey,
  type VitalSignReading,
} from '../monitoring/vitals.js';
import { isIvInfusion, type TreatmentModality } from './modality.js';
import type { SameDaySuicideRisk } from './suicide-risk.js';
import { checkDate, formatClock, minutesBetween } from './time.js';

/**
 * The pre-session checklist: each item is pass, warn or block. A block stops the session; a warning needs a
 * prescriber's documented acknowledgement (who, when, why) before the session may start.
 */

/** Every checklist item; the API contract's enum lists them in this order. */
export const CHECKLIST_ITEM_CODES = [
  'fasting',
  'identity',
  'pre-dose-vitals',
  'blood-pressure',
  'weight',
  'ride-home',
  'pregnancy-test',
  'consent',
  'eligibility',
  'rems-enrolment',
  'questionnaires',
  'suicide-risk-today',
] as const;
export type ChecklistItemCode = (typeof CHECKLIST_ITEM_CODES)[number];

export type ChecklistStatus = 'pass' | 'warn' | 'block';

export interface Acknowledgement {
  readonly by: string;
  readonly at: Date;
  readonly reason: string;
  /**
   * What was acknowledged: the `evidence` of the item when the prescriber decided (the reading, its time and values,
   * the questionnaires as they were). It covers that evidence only; anything newer needs a new decision.
   */
  readonly evidence: string;
}

export interface ChecklistItem {
  readonly code: ChecklistItemCode;
  readonly status: ChecklistStatus;
  readonly message: string;
  readonly citation: Citation;
  /** The acknowledgement that covers this warning, when there is one. */
  readonly acknowledgement?: Acknowledgement;
  /**
   * A fingerprint of what the item was judged on (reading time and values, questionnaires, times...). An
   * acknowledgement stores it and covers the item only while it is unchanged.
   */
  readonly evidence: string;
  /** An acknowledgement given for earlier evidence (an older reading): it no longer covers the item; decide again. */
  readonly supersededAcknowledgement?: Acknowledgement;
}

export interface ChecklistResult {
  readonly items: readonly ChecklistItem[];
  readonly isBlocked: boolean;
  readonly blockingItems: readonly ChecklistItemCode[];
  readonly unacknowledgedWarnings: readonly ChecklistItemCode[];
  /** Warnings whose acknowledgement was given for older evidence and needs a new decision. */
  readonly staleAcknowledgements: readonly ChecklistItemCode[];
  /** True when nothing blocks and every warning is acknowledged. */
  readonly canStart: boolean;
}

/** A limit on blood pressure: breached when systolic > `systolicAbove` or diastolic > `diastolicAbove`. */
export interface BloodPressureLimit {
  readonly systolicAbove: number;
  readonly diastolicAbove: number;
}

export interface ChecklistSettings {
  /** IV: hold above this BP (clinic-set; default 160/100). */
  readonly ivBloodPressureHold: BloodPressureLimit;
  /** IV: whether a BP above the hold blocks or warns. */
  readonly ivBloodPressureHoldAction: 'block' | 'warn';
  /** Esketamine: above this BP the label asks to weigh benefit and risk (warning). */
  readonly esketamineBloodPressureCaution: BloodPressureLimit;
  /** Esketamine: an optional clinic hard hold (null = none; the label sets no number). */
  readonly esketamineBloodPressureHold: BloodPressureLimit | null;
  /** Pre-dose readings must include these. */
  readonly requiredPreDoseVitals: readonly VitalSignKey[];
  /** Pre-dose readings must be at most this old. */
  readonly preDoseVitalsMaxAgeMin: number;
  /** Minutes without food / liquids before dosing; null = not required for that modality. */
  readonly fasting: Readonly<
    Record<'iv' | 'esketamine', { readonly foodMin: number | null; readonly liquidMin: number | null }>
  >;
  readonly pregnancyTestRequired: boolean;
  /**
   * A pregnancy check at every session for a patient whose intake says they can become pregnant (status "unknown",
   * "not-pregnant" or "pregnant"), even where the clinic does not test everyone. On by default (issue 10 item 10).
   */
  readonly pregnancyCheckWhenCanBecomePregnant: boolean;
  readonly pregnancyTestMaxAgeDays: number;
  /** Instruments due before each session (instrument ids, e.g. `phq-9`). */
  readonly requiredQuestionnaires: readonly string[];
  readonly missingQuestionnaireAction: 'warn' | 'block';
}

export const DEFAULT_CHECKLIST_SETTINGS: ChecklistSettings = {
  ivBloodPressureHold: { systolicAbove: 160, diastolicAbove: 100 },
  ivBloodPressureHoldAction: 'block',
  esketamineBloodPressureCaution: { systolicAbove: 140, diastolicAbove: 90 },
  esketamineBloodPressureHold: null,
  requiredPreDoseVitals: ['systolic', 'diastolic', 'heartRate', 'spo2', 'respiratoryRate'],
  preDoseVitalsMaxAgeMin: 60,
  fasting: { iv: { foodMin: null, liquidMin: null }, esketamine: { foodMin: 120, liquidMin: 30 } },
  pregnancyTestRequired: false,
  pregnancyCheckWhenCanBecomePregnant: true,
  pregnancyTestMaxAgeDays: 7,
  requiredQuestionnaires: ['phq-9', 'c-ssrs-screener'],
  missingQuestionnaireAction: 'warn',
};

export const CHECKLIST_SETTING_CITATIONS: Readonly<Record<keyof ChecklistSettings, Citation>> = {
  ivBloodPressureHold: clinicDefault(
    'Hold IV ketamine above 160/100 mmHg before the infusion; no consensus text fixes the number (clinical-reference.md section 1)',
  ),
  ivBloodPressureHoldAction: clinicDefault('A BP above the IV hold blocks the session by default'),
  esketamineBloodPressureCaution: SPRAVATO_LABEL_BP_BEFORE_DOSING,
  esketamineBloodPressureHold: clinicDefault(
    'Optional hard hold for esketamine; off by default because the label asks for a benefit-risk judgement, not a cut-off',
  ),
  requiredPreDoseVitals: clinicDefault(
    'BP, heart rate, SpO2 and respiratory rate before dosing (the Spravato label requires BP; the REMS requires pulse oximetry)',
  ),
  preDoseVitalsMaxAgeMin: clinicDefault('Pre-dose vital signs taken within 60 min of dosing'),
  fasting: SPRAVATO_LABEL_FASTING,
  pregnancyTestRequired: clinicDefault('Pregnancy testing before each session is a clinic choice'),
  pregnancyCheckWhenCanBecomePregnant: SPRAVATO_LABEL_PREGNANCY,
  pregnancyTestMaxAgeDays: clinicDefault('A pregnancy test counts for 7 days'),
  requiredQuestionnaires: clinicDefault('PHQ-9 and C-SSRS screener before each session (issue 5 measurement schedule)'),
  missingQuestionnaireAction: clinicDefault('Missing questionnaires warn but do not stop treatment'),
};

export interface ChecklistInput {
  readonly modality: TreatmentModality;
  readonly now: Date;
  readonly identityChecked: boolean;
  readonly preDoseVitals?: VitalSignReading;
  /** The protocol doses by weight (IV mg/kg): a weight is then required. */
  readonly dosesByWeight: boolean;
  readonly weightKg?: number;
  /** When the patient last ate / drank; 'none-today' when nothing since the night before. Absent = not asked. */
  readonly fasting?: { readonly lastFoodAt?: Date | 'none-today'; readonly lastLiquidAt?: Date | 'none-today' };
  readonly ride?: { readonly name?: string; readonly phone?: string; readonly confirmed: boolean };
  /** The intake's answer (as the eligibility decision read it): true when the patient can become pregnant. */
  readonly canBecomePregnant?: boolean;
  /** Asked when the clinic requires pregnancy tests, or the intake says the patient can become pregnant. `canBecomePregnant: false` makes the item pass. */
  readonly pregnancy?: {
    readonly canBecomePregnant: boolean;
    readonly result?: 'negative' | 'positive';
    readonly testedAt?: Date;
  };
  readonly consent?: { readonly signedAt: Date; readonly expiresAt?: Date; readonly withdrawnAt?: Date };
  readonly eligibility?: {
    readonly decision: EligibilityDecision;
    readonly assessedAt: Date;
    readonly validUntil?: Date;
    readonly reviewedBy?: string;
  };
  /** Esketamine: enrolled in the Spravato REMS (outpatient settings enrol before the first treatment). */
  readonly remsPatientEnrolled?: boolean;
  /** Questionnaires completed for this session, with any flag the instrument raised (e.g. PHQ-9 item 9 > 0). */
  readonly questionnaires: ReadonlyArray<{
    readonly id?: string;
    readonly instrumentId: string;
    readonly completedAt: Date;
    readonly flag?: string;
  }>;
  /** Today's suicide-risk answers and their evaluations (see suicide-risk.ts); a signal awaiting a prescriber blocks. */
  readonly sameDaySuicideRisk?: SameDaySuicideRisk;
  /** Prescriber acknowledgements of warnings, by item code. */
  readonly acknowledgements?: Partial<Readonly<Record<ChecklistItemCode, Acknowledgement>>>;
  readonly settings?: ChecklistSettings;
  /** The clinic's alert thresholds, used for pre-dose heart rate, SpO2 and respiratory rate. */
  readonly thresholds?: AlertThresholdSet;
  readonly timeZone?: string;
}

function validate(input: ChecklistInput): void {
  const issues: FieldIssue[] = [];
  checkDate(input.now, 'now', issues);
  if (typeof input.identityChecked !== 'boolean')
    issues.push({ field: 'identityChecked', message: 'must be true or false' });
  if (input.preDoseVitals) {
    if (
      checkDate(input.preDoseVitals.takenAt, 'preDoseVitals.takenAt', issues) &&
      input.preDoseVitals.takenAt.getTime() > input.now.getTime()
    ) {
      issues.push({ field: 'preDoseVitals.takenAt', message: 'is later than now' });
    }
    collectVitalSignIssues(input.preDoseVitals, 'preDoseVitals', issues);
  }
  if (
    input.weightKg !== undefined &&
    (!Number.isFinite(input.weightKg) || input.weightKg < 20 || input.weightKg > 400)
  ) {
    issues.push({ field: 'weightKg', message: 'must be between 20 and 400 kg' });
  }
  for (const key of ['lastFoodAt', 'lastLiquidAt'] as const) {
    const value = input.fasting?.[key];
    if (value !== undefined && value !== 'none-today') checkDate(value, `fasting.${key}`, issues);
  }
  if (input.consent) {
    checkDate(input.consent.signedAt, 'consent.signedAt', issues);
    if (input.consent.expiresAt !== undefined) checkDate(input.consent.expiresAt, 'consent.expiresAt', issues);
    if (input.consent.withdrawnAt !== undefined) checkDate(input.consent.withdrawnAt, 'consent.withdrawnAt', issues);
  }
  if (input.eligibility) {
    if (!['eligible', 'review', 'ineligible'].includes(input.eligibility.decision))
      issues.push({ field: 'eligibility.decision', message: 'must be eligible, review or ineligible' });
    checkDate(input.eligibility.assessedAt, 'eligibility.assessedAt', issues);
    if (input.eligibility.validUntil !== undefined)
      checkDate(input.eligibility.validUntil, 'eligibility.validUntil', issues);
  }
  if (input.pregnancy?.testedAt !== undefined) checkDate(input.pregnancy.testedAt, 'pregnancy.testedAt', issues);
  input.questionnaires.forEach((q, i) => {
    if (typeof q.instrumentId !== 'string' || q.instrumentId === '')
      issues.push({ field: `questionnaires.${i}.instrumentId`, message: 'is required' });
    checkDate(q.completedAt, `questionnaires.${i}.completedAt`, issues);
  });
  for (const [code, ack] of Object.entries(input.acknowledgements ?? {})) {
    if (!ack) continue;
    if (typeof ack.by !== 'string' || ack.by.trim() === '')
      issues.push({ field: `acknowledgements.${code}.by`, message: 'is required' });
    if (typeof ack.reason !== 'string' || ack.reason.trim() === '')
      issues.push({ field: `acknowledgements.${code}.reason`, message: 'an acknowledgement needs a reason' });
    if (
      checkDate(ack.at, `acknowledgements.${code}.at`, issues) &&
      input.now instanceof Date &&
      ack.at.getTime() > input.now.getTime()
    ) {
      issues.push({ field: `acknowledgements.${code}.at`, message: 'is later than now' });
    }
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
}

const bpAbove = (systolic: number, diastolic: number, limit: BloodPressureLimit): boolean =>
  systolic > limit.systolicAbove || diastolic > limit.diastolicAbove;

type Draft = Omit<ChecklistItem, 'acknowledgement' | 'evidence' | 'supersededAcknowledgement'>;

function bloodPressureItem(input: ChecklistInput, s: ChecklistSettings): Draft | undefined {
  const v = input.preDoseVitals;
  if (!v || v.systolic === undefined || v.diastolic === undefined) return undefined; // reported by pre-dose-vitals
  const bp = `${v.systolic}/${v.diastolic} mmHg`;
  if (isIvInfusion(input.modality)) {
    const hold = s.ivBloodPressureHold;
    if (bpAbove(v.systolic, v.diastolic, hold)) {
      return {
        code: 'blood-pressure',
        status: s.ivBloodPressureHoldAction,
        message: `Pre-infusion BP ${bp} is above the clinic's hold of ${hold.systolicAbove}/${hold.diastolicAbove} mmHg.`,
        citation: CHECKLIST_SETTING_CITATIONS.ivBloodPressureHold,
      };
    }
    return {
      code: 'blood-pressure',
      status: 'pass',
      message: `Pre-infusion BP ${bp}.`,
      citation: CHECKLIST_SETTING_CITATIONS.ivBloodPressureHold,
    };
  }
  const hold = s.esketamineBloodPressureHold;
  if (hold && bpAbove(v.systolic, v.diastolic, hold)) {
    return {
      code: 'blood-pressure',
      status: 'block',
      message: `Pre-dose BP ${bp} is above the clinic's hold of ${hold.systolicAbove}/${hold.diastolicAbove} mmHg.`,
      citation: CHECKLIST_SETTING_CITATIONS.esketamineBloodPressureHold,
    };
  }
  const caution = s.esketamineBloodPressureCaution;
  if (bpAbove(v.systolic, v.diastolic, caution)) {
    return {
      code: 'blood-pressure',
      status: 'warn',
      message:
        `Pre-dose BP ${bp} is above ${caution.systolicAbove}/${caution.diastolicAbove} mmHg: weigh the risk of a short-term rise in ` +
        'blood pressure against the benefit before dosing; do not dose if a rise would pose a serious risk.',
      citation: SPRAVATO_LABEL_BP_BEFORE_DOSING,
    };
  }
  return {
    code: 'blood-pressure',
    status: 'pass',
    message: `Pre-dose BP ${bp}.`,
    citation: SPRAVATO_LABEL_BP_BEFORE_DOSING,
  };
}

function vitalsItem(input: ChecklistInput, s: ChecklistSettings, thresholds: AlertThresholdSet, tz: string): Draft {
  const citation = CHECKLIST_SETTING_CITATIONS.requiredPreDoseVitals;
  const v = input.preDoseVitals;
  if (!v)
    return { code: 'pre-dose-vitals', status: 'block', message: 'No pre-dose vital signs are recorded.', citation };
  const missing = s.requiredPreDoseVitals.filter((k) => v[k] === undefined);
  if (missing.length > 0) {
    return {
      code: 'pre-dose-vitals',
      status: 'block',
      message: `Pre-dose vital signs lack: ${missing.map((k) => VITAL_SIGN_LABELS[k]).join(', ')}.`,
      citation,
    };
  }
  const age = minutesBetween(v.takenAt, input.now);
  if (age > s.preDoseVitalsMaxAgeMin) {
    return {
      code: 'pre-dose-vitals',
      status: 'block',
      message: `Pre-dose vital signs are ${Math.floor(age)} min old (taken ${formatClock(v.takenAt, tz)}); take a set within ${s.preDoseVitalsMaxAgeMin} min of dosing.`,
      citation: CHECKLIST_SETTING_CITATIONS.preDoseVitalsMaxAgeMin,
    };
  }
  // Blood pressure has its own, modality-specific rule; the other vital signs use the in-session alert limits.
  const others = evaluateVitals(
    { heartRate: v.heartRate, spo2: v.spo2, respiratoryRate: v.respiratoryRate },
    undefined,
    thresholds,
  );
  if (others.length > 0) {
    return {
      code: 'pre-dose-vitals',
      status: 'warn',
      message: `Pre-dose ${others.map((a) => a.message).join('; ')}.`,
      citation: others[0]!.citation,
    };
  }
  return {
    code: 'pre-dose-vitals',
    status: 'pass',
    message: `Pre-dose vital signs recorded at ${formatClock(v.takenAt, tz)}.`,
    citation,
  };
}

function fastingItem(input: ChecklistInput, s: ChecklistSettings, tz: string): Draft {
  const rule = isIvInfusion(input.modality) ? s.fasting.iv : s.fasting.esketamine;
  const citation = isIvInfusion(input.modality)
    ? clinicDefault('Fasting before IV ketamine is a clinic setting (off by default)')
    : SPRAVATO_LABEL_FASTING;
  if (rule.foodMin === null && rule.liquidMin === null) {
    return { code: 'fasting', status: 'pass', message: 'No fasting is required for this protocol.', citation };
  }
  const problems: string[] = [];
  const check = (what: 'food' | 'liquids', last: Date | 'none-today' | undefined, minimum: number | null): void => {
    if (minimum === null) return;
    if (last === undefined) problems.push(`last ${what} not recorded`);
    else if (last !== 'none-today') {
      const since = minutesBetween(last, input.now);
      if (since < minimum)
        problems.push(
          `${what} ${Math.floor(since)} min ago (${formatClock(last, tz)}); the protocol asks for ${minimum} min`,
        );
    }
  };
  check('food', input.fasting?.lastFoodAt, rule.foodMin);
  check('liquids', input.fasting?.lastLiquidAt, rule.liquidMin);
  if (problems.length > 0) {
    return {
      code: 'fasting',
      status: 'warn',
      message: `Fasting: ${problems.join('; ')}. Nausea and vomiting are more likely.`,
      citation,
    };
  }
  return { code: 'fasting', status: 'pass', message: 'Fasting instructions were followed.', citation };
}

function rideItem(input: ChecklistInput): Draft {
  const citation = isIvInfusion(input.modality)
    ? clinicDefault('A confirmed ride home is required before ketamine treatment')
    : SPRAVATO_LABEL_DRIVING;
  const ride = input.ride;
  if (!ride || !ride.confirmed)
    return {
      code: 'ride-home',
      status: 'block',
      message: 'No ride home is confirmed; the patient must not drive until the next day after a restful sleep.',
      citation,
    };
  const missing = [ride.name?.trim() ? undefined : 'name', ride.phone?.trim() ? undefined : 'phone'].filter(
    (x): x is string => x !== undefined,
  );
  if (missing.length > 0)
    return { code: 'ride-home', status: 'block', message: `The ride home lacks a ${missing.join(' and ')}.`, citation };
  return {
    code: 'ride-home',
    status: 'pass',
    message: `Ride home: ${ride.name?.trim()} (${ride.phone?.trim()}).`,
    citation,
  };
}

function pregnancyItem(input: ChecklistInput, s: ChecklistSettings): Draft {
  const citation = isIvInfusion(input.modality) ? SOURCES.sanacoraContraindications : SPRAVATO_LABEL_PREGNANCY;
  // The label: esketamine may cause fetal harm and is not recommended in pregnancy (SPRAVATO PI 8.1); someone the
  // intake says can become pregnant is checked at every session unless the clinic has turned that off.
  const byIntake = s.pregnancyCheckWhenCanBecomePregnant && input.canBecomePregnant === true;
  if (!s.pregnancyTestRequired && !byIntake)
    return {
      code: 'pregnancy-test',
      status: 'pass',
      message: 'The clinic does not require a pregnancy test.',
      citation: CHECKLIST_SETTING_CITATIONS.pregnancyTestRequired,
    };
  const p = input.pregnancy;
  if (!p) {
    const message = byIntake
      ? 'The intake says the patient can become pregnant: record a pregnancy test at check-in (or that it does not apply).'
      : 'Pregnancy status is not recorded.';
    return { code: 'pregnancy-test', status: 'block', message, citation };
  }
  if (!p.canBecomePregnant) {
    // The check-in says no test applies where the intake says one does: a prescriber decides (or the intake is corrected).
    if (byIntake)
      return {
        code: 'pregnancy-test',
        status: 'warn',
        message:
          'The check-in says the patient cannot become pregnant, but the intake says they can: a prescriber confirms, or the intake is corrected.',
        citation,
      };
    return { code: 'pregnancy-test', status: 'pass', message: 'Pregnancy test not applicable.', citation };
  }
  if (p.result === 'positive')
    return { code: 'pregnancy-test', status: 'block', message: 'The pregnancy test is positive.', citation };
  if (p.result !== 'negative' || !p.testedAt)
    return { code: 'pregnancy-test', status: 'block', message: 'No pregnancy test result is recorded.', citation };
  const days = minutesBetween(p.testedAt, input.now) / 1440;
  if (days > s.pregnancyTestMaxAgeDays) {
    return {
      code: 'pregnancy-test',
      status: 'block',
      message: `The negative pregnancy test is ${Math.floor(days)} days old; the clinic accepts ${s.pregnancyTestMaxAgeDays}.`,
      citation: CHECKLIST_SETTING_CITATIONS.pregnancyTestMaxAgeDays,
    };
  }
  return { code: 'pregnancy-test', status: 'pass', message: 'Negative pregnancy test.', citation };
}

function consentItem(input: ChecklistInput): Draft {
  const citation = clinicDefault('Treatment needs current, signed informed consent for the modality');
  const c = input.consent;
  const now = input.now.getTime();
  if (!c) return { code: 'consent', status: 'block', message: 'No signed consent is on file.', citation };
  if (c.withdrawnAt && c.withdrawnAt.getTime() <= now)
    return { code: 'consent', status: 'block', message: 'Consent was withdrawn.', citation };
  if (c.signedAt.getTime() > now)
    return { code: 'consent', status: 'block', message: 'Consent is dated in the future.', citation };
  if (c.expiresAt && c.expiresAt.getTime() <= now)
    return {
      code: 'consent',
      status: 'block',
      message: `Consent expired on ${c.expiresAt.toISOString().slice(0, 10)}.`,
      citation,
    };
  return { code: 'consent', status: 'pass', message: 'Current consent is on file.', citation };
}

function eligibilityItem(input: ChecklistInput): Draft {
  const citation = clinicDefault('Eligibility decided before treatment and still valid on the day');
  const e = input.eligibility;
  if (!e) return { code: 'eligibility', status: 'block', message: 'No eligibility decision is on file.', citation };
  if (e.validUntil && e.validUntil.getTime() <= input.now.getTime()) {
    return {
      code: 'eligibility',
      status: 'block',
      message: `The eligibility decision expired on ${e.validUntil.toISOString().slice(0, 10)}; reassess.`,
      citation,
    };
  }
  if (e.decision === 'ineligible')
    return { code: 'eligibility', status: 'block', message: 'The patient was assessed as ineligible.', citation };
  if (e.decision === 'review') {
    return e.reviewedBy
      ? {
          code: 'eligibility',
          status: 'pass',
          message: `Relative contraindications reviewed by ${e.reviewedBy}.`,
          citation,
        }
      : {
          code: 'eligibility',
          status: 'warn',
          message: 'Eligibility needs a prescriber review of relative contraindications.',
          citation,
        };
  }
  return { code: 'eligibility', status: 'pass', message: 'Eligible.', citation };
}

function remsItem(input: ChecklistInput): Draft | undefined {
  if (isIvInfusion(input.modality)) return undefined;
  if (input.remsPatientEnrolled !== true) {
    return {
      code: 'rems-enrolment',
      status: 'block',
      message: 'The patient is not enrolled in the SPRAVATO REMS; enrol before the first treatment.',
      citation: SPRAVATO_REMS_OUTPATIENT,
    };
  }
  return {
    code: 'rems-enrolment',
    status: 'pass',
    message: 'Enrolled in the SPRAVATO REMS.',
    citation: SPRAVATO_REMS_OUTPATIENT,
  };
}

function questionnairesItem(input: ChecklistInput, s: ChecklistSettings): Draft {
  const citation = CHECKLIST_SETTING_CITATIONS.requiredQuestionnaires;
  const done = new Set(input.questionnaires.map((q) => q.instrumentId));
  const missing = s.requiredQuestionnaires.filter((id) => !done.has(id));
  const flags = input.questionnaires.filter((q) => q.flag);
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`Not completed: ${missing.join(', ')}.`);
  if (flags.length > 0)
    parts.push(`Flagged for clinician review: ${flags.map((q) => `${q.instrumentId} (${q.flag})`).join('; ')}.`);
  if (missing.length > 0 && s.missingQuestionnaireAction === 'block')
    return { code: 'questionnaires', status: 'block', message: parts.join(' '), citation };
  if (parts.length > 0) return { code: 'questionnaires', status: 'warn', message: parts.join(' '), citation };
  return { code: 'questionnaires', status: 'pass', message: 'Pre-session questionnaires completed.', citation };
}

function suicideRiskItem(input: ChecklistInput): Draft | undefined {
  const risk = input.sameDaySuicideRisk;
  if (!risk) return undefined;
  const citation = risk.signals[0]?.citation ?? SAME_DAY_SUICIDE_RISK_CITATION;
  return { code: 'suicide-risk-today', status: risk.blocksDosing ? 'block' : 'pass', message: risk.message, citation };
}

const SAME_DAY_SUICIDE_RISK_CITATION: Citation = clinicDefault(
  'A suicide-risk answer given on the treatment day (C-SSRS high, PHQ-9 item 9 above 0) stops dosing until a prescriber evaluates it (clinical-reference.md section 3)',
);

const readingFingerprint = (v: VitalSignReading | undefined): string =>
  v
    ? `${v.takenAt.toISOString()} ${v.systolic ?? '-'}/${v.diastolic ?? '-'} hr ${v.heartRate ?? '-'} spo2 ${v.spo2 ?? '-'} rr ${v.respiratoryRate ?? '-'}`
    : 'none';
const timeFingerprint = (t: Date | 'none-today' | undefined): string =>
  t === undefined ? '-' : t === 'none-today' ? 'none-today' : t.toISOString();

/**
 * What an item was judged on. Blood pressure and vital signs: the reading's time and every value, so a newer
 * reading (even an identical one) is new evidence: the Spravato label asks to assess BP before dosing and not to
 * dose when a rise would pose a serious risk, a judgement about the reading in front of the prescriber.
 */
function evidenceOf(draft: Draft, input: ChecklistInput): string {
  const facts = ((): string | undefined => {
    switch (draft.code) {
      case 'blood-pressure':
      case 'pre-dose-vitals':
        return readingFingerprint(input.preDoseVitals);
      case 'fasting':
        return `food ${timeFingerprint(input.fasting?.lastFoodAt)} liquid ${timeFingerprint(input.fasting?.lastLiquidAt)}`;
      case 'questionnaires':
        return [...input.questionnaires]
          .map((q) => `${q.id ?? q.instrumentId}@${q.completedAt.toISOString()}${q.flag ? `!${q.flag}` : ''}`)
          .sort()
          .join(',');
      case 'eligibility':
        return input.eligibility
          ? `${input.eligibility.decision}@${input.eligibility.assessedAt.toISOString()}`
          : 'none';
      default:
        return undefined;
    }
  })();
  // Messages that count minutes (fasting) change as time passes: those items are fingerprinted by their facts only.
  return `${draft.code}|${draft.status}|${facts ?? draft.message}`;
}

/**
 * Evaluates every checklist item for the modality and the clinic's settings. A warning is covered by an
 * acknowledgement of the same item given for the same evidence (see `evidenceOf`); an acknowledgement of older
 * evidence is reported as superseded and the warning needs a new decision. An acknowledgement never lifts a block.
 */
export function evaluateChecklist(input: ChecklistInput): ChecklistResult {
  validate(input);
  const s = input.settings ?? DEFAULT_CHECKLIST_SETTINGS;
  const thresholds = input.thresholds ?? DEFAULT_ALERT_THRESHOLDS;
  const tz = input.timeZone ?? 'UTC';
  const drafts: Array<Draft | undefined> = [
    input.identityChecked
      ? {
          code: 'identity',
          status: 'pass',
          message: 'Identity checked.',
          citation: clinicDefault('Two-identifier identity check at arrival'),
        }
      : {
          code: 'identity',
          status: 'block',
          message: 'Identity has not been checked.',
          citation: clinicDefault('Two-identifier identity check at arrival'),
        },
    vitalsItem(input, s, thresholds, tz),
    bloodPressureItem(input, s),
    input.dosesByWeight
      ? input.weightKg === undefined
        ? {
            code: 'weight',
            status: 'block',
            message: 'The protocol doses by weight and no weight is recorded.',
            citation: SANACORA_2017,
          }
        : { code: 'weight', status: 'pass', message: `Weight ${input.weightKg} kg.`, citation: SANACORA_2017 }
      : undefined,
    fastingItem(input, s, tz),
    rideItem(input),
    pregnancyItem(input, s),
    consentItem(input),
    eligibilityItem(input),
    remsItem(input),
    questionnairesItem(input, s),
    suicideRiskItem(input),
  ];
  const items: ChecklistItem[] = drafts
    .filter((d): d is Draft => d !== undefined)
    .map((d) => {
      const evidence = evidenceOf(d, input);
      const ack = d.status === 'warn' ? input.acknowledgements?.[d.code] : undefined;
      if (!ack) return { ...d, evidence };
      return ack.evidence === evidence
        ? { ...d, evidence, acknowledgement: ack }
        : { ...d, evidence, supersededAcknowledgement: ack };
    });
  const blockingItems = items.filter((i) => i.status === 'block').map((i) => i.code);
  const unacknowledgedWarnings = items.filter((i) => i.status === 'warn' && !i.acknowledgement).map((i) => i.code);
  return {
    items,
    isBlocked: blockingItems.length > 0,
    blockingItems,
    unacknowledgedWarnings,
    staleAcknowledgements: items.filter((i) => i.supersededAcknowledgement !== undefined).map((i) => i.code),
    canStart: blockingItems.length === 0 && unacknowledgedWarnings.length === 0,
  };
}

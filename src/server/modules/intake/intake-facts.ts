/**
 * From a stored intake to the facts the eligibility rules read (src/domain/eligibility `EligibilityFacts`). Pure.
 *
 * Condition codes come from the intake's checklist (`medicalHistory.conditions`) AND from the structured history,
 * so a rule still fires when someone records "psychosis: active" but forgets the checkbox:
 *   psychosis 'active' -> psychosis-active          schizophrenia -> schizophrenia
 *   mania 'current' -> mania-current                substanceUse 'active' -> substance-use-disorder-active
 *   ketamineUseDisorderHistory -> ketamine-use-disorder-history
 *   mania 'past' -> bipolar-disorder-history        (an F31.x diagnosis is read by the domain itself)
 *   liverDisease.severe -> severe-hepatic-disease   liverDisease present, not severe -> moderate-hepatic-impairment
 *   cardiacDisease present and not stable -> cardiovascular-disease-unstable
 *   hypertension diagnosed and not controlled -> uncontrolled-hypertension
 * Blood pressure: the latest reading by `takenAt`. Pregnancy: 'unknown' leaves `pregnant` out and says the patient
 * can become pregnant (a review reason); 'not-applicable' says they cannot; no pregnancy section leaves both out
 * (also a review reason: a missing fact is never read as a good answer).
 */
import { canonicalJson, type Canonical } from '../../../domain/audit/hash-chain.js';
import {
  CONDITION_CODES,
  validateFacts,
  type ConditionCode,
  type EligibilityFacts,
} from '../../../domain/eligibility/index.js';
import { toDayNumber } from '../../../domain/scheduling/index.js';
import type { Intake } from '../../../contract/intake.js';

/** Whole years from a date of birth to a date (both 'YYYY-MM-DD'). */
export function ageOn(dateOfBirth: string, date: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  toDayNumber(dateOfBirth, 'dateOfBirth');
  toDayNumber(date, 'date');
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function intakeToFacts(
  intake: Intake,
  patient: { readonly dateOfBirth: string },
  today: string,
): EligibilityFacts {
  const facts: Record<string, unknown> = { age: ageOn(patient.dateOfBirth, today) };
  if (intake.weightKg !== undefined) facts.weightKg = intake.weightKg;

  const medical = intake.medicalHistory ?? {};
  const psychiatric = intake.psychiatricHistory ?? {};
  const conditions = new Set<ConditionCode>(medical.conditions ?? []);
  if (psychiatric.psychosis === 'active') conditions.add('psychosis-active');
  if (psychiatric.schizophrenia === true) conditions.add('schizophrenia');
  if (psychiatric.mania === 'current') conditions.add('mania-current');
  if (psychiatric.mania === 'past') conditions.add('bipolar-disorder-history');
  if (psychiatric.substanceUse === 'active') conditions.add('substance-use-disorder-active');
  if (psychiatric.ketamineUseDisorderHistory === true) conditions.add('ketamine-use-disorder-history');
  if (medical.liverDisease?.present && medical.liverDisease.severe === true) conditions.add('severe-hepatic-disease');
  // Liver disease not marked severe may be moderate (Child-Pugh B): the prescriber reviews it (SPRAVATO section 8.6).
  if (medical.liverDisease?.present && medical.liverDisease.severe !== true)
    conditions.add('moderate-hepatic-impairment');
  if (medical.cardiacDisease?.present && medical.cardiacDisease.stable === false)
    conditions.add('cardiovascular-disease-unstable');
  if (medical.hypertension?.diagnosed && medical.hypertension.controlled === false)
    conditions.add('uncontrolled-hypertension');
  // The domain's order, so that equal intakes give byte-equal facts.
  facts.conditions = CONDITION_CODES.filter((c) => conditions.has(c));

  const readings = [...(medical.hypertension?.readings ?? [])].sort(
    (a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt),
  );
  const latest = readings[0];
  if (latest) {
    facts.systolic = latest.systolic;
    facts.diastolic = latest.diastolic;
  }
  const pregnancy = medical.pregnancy;
  if (pregnancy) {
    if (pregnancy.status === 'pregnant') facts.pregnant = true;
    else if (pregnancy.status === 'not-pregnant' || pregnancy.status === 'not-applicable') facts.pregnant = false;
    if (pregnancy.status === 'not-applicable') facts.canBecomePregnant = false;
    else facts.canBecomePregnant = true;
    if (pregnancy.breastfeeding !== undefined) facts.breastfeeding = pregnancy.breastfeeding;
  }
  facts.medications = (intake.medications ?? []).map((m) => m.name);
  facts.diagnoses = (intake.diagnoses ?? []).map((d) => d.code);
  if (intake.trials) facts.trials = intake.trials;
  if (psychiatric.acuteSuicidalIdeation !== undefined) facts.acuteSuicidalIdeation = psychiatric.acuteSuicidalIdeation;
  // The domain's own checks (ranges, diastolic below systolic, codes), with fields named from `intake`.
  return validateFacts(facts, 'intake');
}

const SECTIONS = [
  'demographics',
  'emergencyContact',
  'insurance',
  'ride',
  'heightCm',
  'weightKg',
  'diagnoses',
  'psychiatricHistory',
  'medicalHistory',
  'medications',
  'allergies',
  'trials',
] as const;

/** Which top-level sections differ between two intakes (for the history list). */
export function changedSections(before: Intake | undefined, after: Intake): string[] {
  const text = (value: unknown) => canonicalJson((value ?? null) as Canonical);
  return SECTIONS.filter((s) => text(before?.[s]) !== text(after[s]));
}

/**
 * The intake form's values and their conversion to and from the API's intake, pure (tested in
 * intake-form-values.test.ts). The form edits the sections that decide eligibility; the other sections of the base
 * version are carried over unchanged, and a blood pressure is added as a new reading only when it differs from the
 * latest one.
 */
import type { FieldErrors } from '../../components/forms';
import { CONDITIONS, type Adherence, type ConditionCode, type TrialOutcome } from './care-codes';
import type {
  AntidepressantTrial,
  BloodPressureReading,
  Intake,
  Mania,
  PregnancyStatus,
  Psychosis,
  SubstanceUse,
} from './intake.api';

export interface TrialRow {
  drug: string;
  dose: string;
  weeks: string;
  adherence: Adherence;
  outcome: TrialOutcome;
  currentEpisode: boolean;
}

export interface IntakeFormValues {
  weightKg: string;
  heightCm: string;
  diagnoses: string;
  psychosis: Psychosis | '';
  mania: Mania | '';
  substanceUse: SubstanceUse | '';
  schizophrenia: boolean;
  bipolarDisorder: boolean;
  ketamineUseDisorderHistory: boolean;
  acuteSuicidalIdeation: boolean;
  conditions: ConditionCode[];
  hypertensionDiagnosed: boolean;
  hypertensionControlled: boolean;
  systolic: string;
  diastolic: string;
  readingDate: string;
  pregnancy: PregnancyStatus | '';
  breastfeeding: boolean;
  medications: string;
  allergies: string;
  trials: TrialRow[];
}

const numberText = (value: number | undefined) => (value === undefined ? '' : String(value));

/** "name, detail" per line <-> [{ name, detail }]. */
const linesOf = <T>(items: readonly T[] | undefined, show: (item: T) => string) => (items ?? []).map(show).join('\n');
function parseLines(text: string): Array<{ first: string; rest?: string }> {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const comma = line.indexOf(',');
      if (comma < 0) return { first: line };
      const rest = line.slice(comma + 1).trim();
      return rest ? { first: line.slice(0, comma).trim(), rest } : { first: line.slice(0, comma).trim() };
    });
}

/** The most recent of an intake's blood-pressure readings, if it has any. */
export function latestReading(readings: readonly BloodPressureReading[] | undefined): BloodPressureReading | undefined {
  return [...(readings ?? [])].sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt))[0];
}

export function intakeFormValues(intake: Intake | null): IntakeFormValues {
  const psych = intake?.psychiatricHistory ?? {};
  const medical = intake?.medicalHistory ?? {};
  const latest = latestReading(medical.hypertension?.readings);
  return {
    weightKg: numberText(intake?.weightKg),
    heightCm: numberText(intake?.heightCm),
    diagnoses: linesOf(intake?.diagnoses, (d) => (d.name ? `${d.code}, ${d.name}` : d.code)),
    psychosis: psych.psychosis ?? '',
    mania: psych.mania ?? '',
    substanceUse: psych.substanceUse ?? '',
    schizophrenia: psych.schizophrenia ?? false,
    bipolarDisorder: psych.bipolarDisorder ?? false,
    ketamineUseDisorderHistory: psych.ketamineUseDisorderHistory ?? false,
    acuteSuicidalIdeation: psych.acuteSuicidalIdeation ?? false,
    conditions: [...(medical.conditions ?? [])],
    hypertensionDiagnosed: medical.hypertension?.diagnosed ?? false,
    hypertensionControlled: medical.hypertension?.controlled ?? true,
    systolic: numberText(latest?.systolic),
    diastolic: numberText(latest?.diastolic),
    readingDate: latest ? latest.takenAt.slice(0, 10) : '',
    pregnancy: medical.pregnancy?.status ?? '',
    breastfeeding: medical.pregnancy?.breastfeeding ?? false,
    medications: linesOf(intake?.medications, (m) => (m.dose ? `${m.name}, ${m.dose}` : m.name)),
    allergies: linesOf(intake?.allergies, (a) => (a.reaction ? `${a.substance}, ${a.reaction}` : a.substance)),
    trials: (intake?.trials ?? []).map((t) => ({
      drug: t.drug,
      dose: String(t.doseMgPerDay),
      weeks: String(t.weeks),
      adherence: t.adherence,
      outcome: t.outcome,
      currentEpisode: t.currentEpisode,
    })),
  };
}

/** The values checked in the browser, with the same wording the server's rules use. */
export function checkValues(values: IntakeFormValues): FieldErrors {
  const errors: FieldErrors = {};
  const hasBp = values.systolic !== '' || values.diastolic !== '';
  if (hasBp && (values.systolic === '' || values.diastolic === ''))
    errors['bp'] = 'Enter both the systolic and the diastolic pressure.';
  if (hasBp && !values.readingDate) errors['readingDate'] = 'Enter the date the blood pressure was taken.';
  values.trials.forEach((t, i) => {
    if (!t.drug.trim()) errors[`trials.${i}.drug`] = 'Enter the antidepressant.';
    if (!(Number(t.dose) > 0)) errors[`trials.${i}.doseMgPerDay`] = 'Enter the highest daily dose in mg.';
    if (t.weeks === '' || !(Number(t.weeks) >= 0)) errors[`trials.${i}.weeks`] = 'Enter the weeks at that dose.';
  });
  return errors;
}

/** The intake to save: the edited sections from the form over the base version's other sections. */
export function intakeOf(values: IntakeFormValues, base: Intake | null): Intake {
  const number = (text: string) => (text.trim() === '' ? undefined : Number(text));
  const baseMedical = base?.medicalHistory ?? {};
  const basePsych = base?.psychiatricHistory ?? {};
  const readings = [...(baseMedical.hypertension?.readings ?? [])];
  const systolic = number(values.systolic);
  const diastolic = number(values.diastolic);
  if (systolic !== undefined && diastolic !== undefined && values.readingDate) {
    const takenAt = `${values.readingDate}T12:00:00.000Z`;
    const latest = latestReading(readings);
    const isSame =
      latest &&
      latest.systolic === systolic &&
      latest.diastolic === diastolic &&
      latest.takenAt.slice(0, 10) === values.readingDate;
    if (!isSame) readings.push({ systolic, diastolic, takenAt, position: 'seated' });
  }
  const trials: AntidepressantTrial[] = values.trials.map((t) => ({
    drug: t.drug.trim().toLowerCase(),
    doseMgPerDay: Number(t.dose),
    weeks: Number(t.weeks),
    adherence: t.adherence,
    outcome: t.outcome,
    currentEpisode: t.currentEpisode,
  }));
  const weightKg = number(values.weightKg);
  const heightCm = number(values.heightCm);
  const { weightKg: _w, heightCm: _h, ...rest } = base ?? {};
  return {
    ...rest,
    ...(weightKg !== undefined ? { weightKg } : {}),
    ...(heightCm !== undefined ? { heightCm } : {}),
    diagnoses: parseLines(values.diagnoses).map((d) => ({
      code: d.first.toUpperCase(),
      ...(d.rest ? { name: d.rest } : {}),
    })),
    psychiatricHistory: {
      ...basePsych,
      ...(values.psychosis ? { psychosis: values.psychosis } : {}),
      ...(values.mania ? { mania: values.mania } : {}),
      ...(values.substanceUse ? { substanceUse: values.substanceUse } : {}),
      schizophrenia: values.schizophrenia,
      bipolarDisorder: values.bipolarDisorder,
      ketamineUseDisorderHistory: values.ketamineUseDisorderHistory,
      acuteSuicidalIdeation: values.acuteSuicidalIdeation,
    },
    medicalHistory: {
      ...baseMedical,
      conditions: CONDITIONS.map((c) => c.code).filter((code) => values.conditions.includes(code)),
      hypertension: {
        diagnosed: values.hypertensionDiagnosed,
        ...(values.hypertensionDiagnosed ? { controlled: values.hypertensionControlled } : {}),
        ...(readings.length > 0 ? { readings } : {}),
      },
      ...(values.pregnancy
        ? { pregnancy: { ...baseMedical.pregnancy, status: values.pregnancy, breastfeeding: values.breastfeeding } }
        : {}),
    },
    medications: parseLines(values.medications).map((m) => ({
      name: m.first.toLowerCase(),
      ...(m.rest ? { dose: m.rest } : {}),
    })),
    allergies: parseLines(values.allergies).map((a) => ({
      substance: a.first,
      ...(a.rest ? { reaction: a.rest } : {}),
    })),
    trials,
  };
}

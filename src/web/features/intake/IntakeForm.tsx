/**
 * The intake form: the parts of the structured intake that decide eligibility (weight and height, diagnoses,
 * psychiatric and medical history with the server's condition codes, the latest seated blood pressure, pregnancy,
 * medicines, allergies, antidepressant trials). Sections it does not show (demographics, emergency contact…) are
 * kept from the version being edited. Saving makes a new version; nothing is overwritten.
 */
import { useState, type FormEvent } from 'react';
import {
  ActionIcon, Button, Checkbox, Fieldset, Group, NativeSelect, SimpleGrid, Stack, Text, Textarea, TextInput,
} from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, type FieldErrors } from '../../components/forms';
import { ADHERENCE_LEVELS, CONDITIONS, TRIAL_OUTCOMES, words, type Adherence, type ConditionCode, type TrialOutcome } from './care-codes';
import type { AntidepressantTrial, Intake, Mania, PregnancyStatus, Psychosis, SubstanceUse } from './intake.api';

interface TrialRow { drug: string; dose: string; weeks: string; adherence: Adherence; outcome: TrialOutcome; currentEpisode: boolean }

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
const linesOf = <T,>(items: readonly T[] | undefined, show: (item: T) => string) => (items ?? []).map(show).join('\n');
function parseLines(text: string): Array<{ first: string; rest?: string }> {
  return text.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
    const comma = line.indexOf(',');
    if (comma < 0) return { first: line };
    const rest = line.slice(comma + 1).trim();
    return rest ? { first: line.slice(0, comma).trim(), rest } : { first: line.slice(0, comma).trim() };
  });
}

export function intakeFormValues(intake: Intake | null): IntakeFormValues {
  const psych = intake?.psychiatricHistory ?? {};
  const medical = intake?.medicalHistory ?? {};
  const readings = [...(medical.hypertension?.readings ?? [])].sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt));
  const latest = readings[0];
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
      drug: t.drug, dose: String(t.doseMgPerDay), weeks: String(t.weeks), adherence: t.adherence, outcome: t.outcome, currentEpisode: t.currentEpisode,
    })),
  };
}

/** The values checked in the browser, with the same wording the server's rules use. */
function checkValues(values: IntakeFormValues): FieldErrors {
  const errors: FieldErrors = {};
  const hasBp = values.systolic !== '' || values.diastolic !== '';
  if (hasBp && (values.systolic === '' || values.diastolic === '')) errors['bp'] = 'Enter both the systolic and the diastolic pressure.';
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
    const latest = [...readings].sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt))[0];
    const isSame = latest && latest.systolic === systolic && latest.diastolic === diastolic && latest.takenAt.slice(0, 10) === values.readingDate;
    if (!isSame) readings.push({ systolic, diastolic, takenAt, position: 'seated' });
  }
  const trials: AntidepressantTrial[] = values.trials.map((t) => ({
    drug: t.drug.trim().toLowerCase(), doseMgPerDay: Number(t.dose), weeks: Number(t.weeks), adherence: t.adherence, outcome: t.outcome, currentEpisode: t.currentEpisode,
  }));
  const weightKg = number(values.weightKg);
  const heightCm = number(values.heightCm);
  const { weightKg: _w, heightCm: _h, ...rest } = base ?? {};
  return {
    ...rest,
    ...(weightKg !== undefined ? { weightKg } : {}),
    ...(heightCm !== undefined ? { heightCm } : {}),
    diagnoses: parseLines(values.diagnoses).map((d) => ({ code: d.first.toUpperCase(), ...(d.rest ? { name: d.rest } : {}) })),
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
      ...(values.pregnancy ? { pregnancy: { ...baseMedical.pregnancy, status: values.pregnancy, breastfeeding: values.breastfeeding } } : {}),
    },
    medications: parseLines(values.medications).map((m) => ({ name: m.first.toLowerCase(), ...(m.rest ? { dose: m.rest } : {}) })),
    allergies: parseLines(values.allergies).map((a) => ({ substance: a.first, ...(a.rest ? { reaction: a.rest } : {}) })),
    trials,
  };
}

/** The server names fields from the body: `intake.medicalHistory.conditions.0`, `intake.trials.1.weeks`… */
const SERVER_FIELDS: Readonly<Record<string, string>> = {
  'intake.weightKg': 'weightKg', 'intake.heightCm': 'heightCm',
};

interface IntakeFormProps {
  readonly initial: IntakeFormValues;
  readonly base: Intake | null;
  readonly isPending: boolean;
  readonly serverError: unknown;
  readonly onSubmit: (intake: Intake) => void;
  readonly onCancel: () => void;
}

export function IntakeForm({ initial, base, isPending, serverError, onSubmit, onCancel }: IntakeFormProps) {
  const [values, setValues] = useState<IntakeFormValues>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = <K extends keyof IntakeFormValues>(key: K, value: IntakeFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const setTrial = (index: number, patch: Partial<TrialRow>) =>
    setValues((v) => ({ ...v, trials: v.trials.map((t, i) => (i === index ? { ...t, ...patch } : t)) }));

  const serverFieldErrors = fieldErrorsFrom(serverError, Object.keys(SERVER_FIELDS));
  const shown: FieldErrors = { ...errors };
  for (const [server, local] of Object.entries(SERVER_FIELDS)) if (serverFieldErrors[server]) shown[local] = serverFieldErrors[server];
  const trialServerErrors = fieldErrorsFrom(serverError, values.trials.flatMap((_, i) => ['drug', 'doseMgPerDay', 'weeks'].map((f) => `intake.trials.${i}.${f}`)));
  for (const [field, message] of Object.entries(trialServerErrors)) shown[field.replace(/^intake\./, '')] = message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkValues(values);
    setErrors(found);
    if (Object.keys(found).length === 0) onSubmit(intakeOf(values, base));
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Intake">
      <Stack gap="md">
        <ErrorAlert error={serverError} shownFields={[...Object.keys(SERVER_FIELDS), ...Object.keys(trialServerErrors)]} title="The intake was not saved" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Weight (kg)" inputMode="decimal" value={values.weightKg} error={shown['weightKg']} onChange={(e) => set('weightKg', e.currentTarget.value)} />
          <TextInput label="Height (cm)" inputMode="decimal" value={values.heightCm} error={shown['heightCm']} onChange={(e) => set('heightCm', e.currentTarget.value)} />
        </SimpleGrid>
        <Textarea label="Diagnoses" description="One per line: ICD-10-CM code, then the name (F33.2, Major depressive disorder, recurrent, severe)" autosize minRows={2}
          value={values.diagnoses} onChange={(e) => set('diagnoses', e.currentTarget.value)} />

        <Fieldset legend="Psychiatric history">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect label="Psychosis" value={values.psychosis} onChange={(e) => set('psychosis', e.currentTarget.value as Psychosis | '')}
              data={[{ value: '', label: 'Not recorded' }, { value: 'never', label: 'Never' }, { value: 'past', label: 'In the past' }, { value: 'active', label: 'Active now' }]} />
            <NativeSelect label="Mania or hypomania" value={values.mania} onChange={(e) => set('mania', e.currentTarget.value as Mania | '')}
              data={[{ value: '', label: 'Not recorded' }, { value: 'never', label: 'Never' }, { value: 'past', label: 'In the past' }, { value: 'current', label: 'Current' }]} />
            <NativeSelect label="Substance use disorder" value={values.substanceUse} onChange={(e) => set('substanceUse', e.currentTarget.value as SubstanceUse | '')}
              data={[{ value: '', label: 'Not recorded' }, { value: 'none', label: 'None' }, { value: 'past', label: 'In the past' }, { value: 'active', label: 'Active' }]} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
            <Checkbox label="Schizophrenia (current or past)" checked={values.schizophrenia} onChange={(e) => set('schizophrenia', e.currentTarget.checked)} />
            <Checkbox label="Bipolar disorder" checked={values.bipolarDisorder} onChange={(e) => set('bipolarDisorder', e.currentTarget.checked)} />
            <Checkbox label="History of ketamine misuse" checked={values.ketamineUseDisorderHistory} onChange={(e) => set('ketamineUseDisorderHistory', e.currentTarget.checked)} />
            <Checkbox label="Acute suicidal ideation or behaviour (documented by a clinician)" checked={values.acuteSuicidalIdeation} onChange={(e) => set('acuteSuicidalIdeation', e.currentTarget.checked)} />
          </SimpleGrid>
        </Fieldset>

        <Checkbox.Group label="Medical history: conditions" description="Tick each that applies" value={values.conditions} onChange={(codes) => set('conditions', codes as ConditionCode[])}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
            {CONDITIONS.map((c) => <Checkbox key={c.code} value={c.code} label={c.label} />)}
          </SimpleGrid>
        </Checkbox.Group>

        <Fieldset legend="Blood pressure (latest seated reading)">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Systolic (mmHg)" inputMode="numeric" value={values.systolic} error={shown['bp']} onChange={(e) => set('systolic', e.currentTarget.value)} />
            <TextInput label="Diastolic (mmHg)" inputMode="numeric" value={values.diastolic} onChange={(e) => set('diastolic', e.currentTarget.value)} />
            <TextInput label="Date taken" type="date" value={values.readingDate} error={shown['readingDate']} onChange={(e) => set('readingDate', e.currentTarget.value)} />
          </SimpleGrid>
          <Group mt="sm">
            <Checkbox label="Hypertension diagnosed" checked={values.hypertensionDiagnosed} onChange={(e) => set('hypertensionDiagnosed', e.currentTarget.checked)} />
            {values.hypertensionDiagnosed ? (
              <Checkbox label="Controlled" checked={values.hypertensionControlled} onChange={(e) => set('hypertensionControlled', e.currentTarget.checked)} />
            ) : null}
          </Group>
        </Fieldset>

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect label="Pregnancy" value={values.pregnancy} onChange={(e) => set('pregnancy', e.currentTarget.value as PregnancyStatus | '')}
            data={[{ value: '', label: 'Not recorded' }, { value: 'not-pregnant', label: 'Not pregnant' }, { value: 'pregnant', label: 'Pregnant' }, { value: 'unknown', label: 'Unknown' }, { value: 'not-applicable', label: 'Not applicable' }]} />
          <Checkbox mt={{ sm: 30 }} label="Breastfeeding" checked={values.breastfeeding} onChange={(e) => set('breastfeeding', e.currentTarget.checked)} />
        </SimpleGrid>

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Textarea label="Current medicines" description="One per line: generic name, then the dose (sertraline, 100 mg daily)" autosize minRows={2}
            value={values.medications} onChange={(e) => set('medications', e.currentTarget.value)} />
          <Textarea label="Allergies" description="One per line: substance, then the reaction" autosize minRows={2}
            value={values.allergies} onChange={(e) => set('allergies', e.currentTarget.value)} />
        </SimpleGrid>

        <Fieldset legend="Past antidepressant trials">
          <Stack gap="sm">
            {values.trials.length === 0 ? <Text size="sm" c="dimmed">No trials recorded.</Text> : null}
            {values.trials.map((t, i) => (
              <Group key={i} align="flex-end" gap="xs" wrap="wrap" role="group" aria-label={`Trial ${i + 1}`}>
                <TextInput label={`Trial ${i + 1}: drug`} value={t.drug} error={shown[`trials.${i}.drug`]} onChange={(e) => setTrial(i, { drug: e.currentTarget.value })} w={150} />
                <TextInput label="Dose (mg/day)" inputMode="decimal" value={t.dose} error={shown[`trials.${i}.doseMgPerDay`]} onChange={(e) => setTrial(i, { dose: e.currentTarget.value })} w={110} />
                <TextInput label="Weeks" inputMode="numeric" value={t.weeks} error={shown[`trials.${i}.weeks`]} onChange={(e) => setTrial(i, { weeks: e.currentTarget.value })} w={80} />
                <NativeSelect label="Adherence" value={t.adherence} data={ADHERENCE_LEVELS.map((a) => ({ value: a, label: words(a) }))} onChange={(e) => setTrial(i, { adherence: e.currentTarget.value as Adherence })} />
                <NativeSelect label="Outcome" value={t.outcome} data={TRIAL_OUTCOMES.map((o) => ({ value: o, label: words(o) }))} onChange={(e) => setTrial(i, { outcome: e.currentTarget.value as TrialOutcome })} />
                <Checkbox label="Current episode" checked={t.currentEpisode} onChange={(e) => setTrial(i, { currentEpisode: e.currentTarget.checked })} mb={8} />
                <ActionIcon variant="subtle" color="red" mb={4} aria-label={`Remove trial ${i + 1}`} onClick={() => set('trials', values.trials.filter((_, j) => j !== i))}>✕</ActionIcon>
              </Group>
            ))}
            <Group>
              <Button variant="default" size="xs" onClick={() => set('trials', [...values.trials, { drug: '', dose: '', weeks: '', adherence: 'good', outcome: 'no-response', currentEpisode: true }])}>
                Add a trial
              </Button>
            </Group>
          </Stack>
        </Fieldset>

        <Group>
          <Button type="submit" loading={isPending}>Save intake</Button>
          <Button variant="default" onClick={onCancel} disabled={isPending}>Cancel</Button>
        </Group>
      </Stack>
    </form>
  );
}

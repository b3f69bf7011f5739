/**
 * The intake form: the parts of the structured intake that decide eligibility (weight and height, diagnoses,
 * psychiatric and medical history with the server's condition codes, the latest seated blood pressure, pregnancy,
 * medicines, allergies, antidepressant trials). Sections it does not show (demographics, emergency contact…) are
 * kept from the version being edited. Saving makes a new version; nothing is overwritten.
 */
import { useState, type FormEvent } from 'react';
import {
  ActionIcon,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { MANIA_HISTORY, PREGNANCY_STATUSES, PSYCHOSIS_HISTORY, SUBSTANCE_USE } from '../../../contract/code-lists';
import { choicesOf } from '../../components/choices';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, textFields, type FieldErrors } from '../../components/forms';
import {
  ADHERENCE_LEVELS,
  CONDITIONS,
  TRIAL_OUTCOMES,
  words,
  type Adherence,
  type ConditionCode,
  type TrialOutcome,
} from './care-codes';
import type { Intake } from './intake.api';
import { checkValues, intakeOf, type IntakeFormValues, type TrialRow } from './intake-form-values';

/** The server names fields from the body: `intake.medicalHistory.conditions.0`, `intake.trials.1.weeks`… */
const SERVER_FIELDS: Readonly<Record<string, string>> = {
  'intake.weightKg': 'weightKg',
  'intake.heightCm': 'heightCm',
};

/** The form's yes/no values, each shown as a checkbox. */
type FlagKey = {
  [K in keyof IntakeFormValues]: IntakeFormValues[K] extends boolean ? K : never;
}[keyof IntakeFormValues];
type TrialTextKey = 'drug' | 'dose' | 'weeks';

/** The first choice of each select: nothing recorded yet. */
const NOT_RECORDED = { value: '', label: 'Not recorded' };

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
  const set = <K extends keyof IntakeFormValues>(key: K, value: IntakeFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  /** A checkbox tied to a yes/no value of the form. */
  const flag = (key: FlagKey) => ({
    checked: values[key],
    onChange: (e: { currentTarget: { checked: boolean } }) => set(key, e.currentTarget.checked),
  });
  const setTrial = (index: number, patch: Partial<TrialRow>) =>
    setValues((v) => ({ ...v, trials: v.trials.map((t, i) => (i === index ? { ...t, ...patch } : t)) }));

  const serverFieldErrors = fieldErrorsFrom(serverError, Object.keys(SERVER_FIELDS));
  const shown: FieldErrors = { ...errors };
  for (const [server, local] of Object.entries(SERVER_FIELDS))
    if (serverFieldErrors[server]) shown[local] = serverFieldErrors[server];
  const trialServerErrors = fieldErrorsFrom(
    serverError,
    values.trials.flatMap((_, i) => ['drug', 'doseMgPerDay', 'weeks'].map((f) => `intake.trials.${i}.${f}`)),
  );
  for (const [field, message] of Object.entries(trialServerErrors)) shown[field.replace(/^intake\./, '')] = message;
  const field = textFields(values, setValues, shown);
  /** A text input of trial `index`, with the error under `trials.<index>.<errorField>`. */
  const trialField = (index: number, key: TrialTextKey, errorField: string = key) => ({
    value: values.trials[index]?.[key] ?? '',
    error: shown[`trials.${index}.${errorField}`],
    onChange: (e: { currentTarget: { value: string } }) => setTrial(index, { [key]: e.currentTarget.value }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkValues(values);
    setErrors(found);
    if (Object.keys(found).length === 0) onSubmit(intakeOf(values, base));
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Intake">
      <Stack gap="md">
        <ErrorAlert
          error={serverError}
          shownFields={[...Object.keys(SERVER_FIELDS), ...Object.keys(trialServerErrors)]}
          title="The intake was not saved"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Weight (kg)" inputMode="decimal" {...field('weightKg')} />
          <TextInput label="Height (cm)" inputMode="decimal" {...field('heightCm')} />
        </SimpleGrid>
        <Textarea
          label="Diagnoses"
          description="One per line: ICD-10-CM code, then the name (F33.2, Major depressive disorder, recurrent, severe)"
          autosize
          minRows={2}
          {...field('diagnoses')}
        />

        <Fieldset legend="Psychiatric history">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect
              label="Psychosis"
              {...field('psychosis')}
              data={[
                NOT_RECORDED,
                ...choicesOf(PSYCHOSIS_HISTORY, { never: 'Never', past: 'In the past', active: 'Active now' }),
              ]}
            />
            <NativeSelect
              label="Mania or hypomania"
              {...field('mania')}
              data={[
                NOT_RECORDED,
                ...choicesOf(MANIA_HISTORY, { never: 'Never', past: 'In the past', current: 'Current' }),
              ]}
            />
            <NativeSelect
              label="Substance use disorder"
              {...field('substanceUse')}
              data={[
                NOT_RECORDED,
                ...choicesOf(SUBSTANCE_USE, { none: 'None', past: 'In the past', active: 'Active' }),
              ]}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
            <Checkbox label="Schizophrenia (current or past)" {...flag('schizophrenia')} />
            <Checkbox label="Bipolar disorder" {...flag('bipolarDisorder')} />
            <Checkbox label="History of ketamine misuse" {...flag('ketamineUseDisorderHistory')} />
            <Checkbox
              label="Acute suicidal ideation or behaviour (documented by a clinician)"
              {...flag('acuteSuicidalIdeation')}
            />
          </SimpleGrid>
        </Fieldset>

        <Checkbox.Group
          label="Medical history: conditions"
          description="Tick each that applies"
          value={values.conditions}
          onChange={(codes) => set('conditions', codes as ConditionCode[])}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
            {CONDITIONS.map((c) => (
              <Checkbox key={c.code} value={c.code} label={c.label} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>

        <Fieldset legend="Blood pressure (latest seated reading)">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Systolic (mmHg)" inputMode="numeric" {...field('systolic', 'bp')} />
            <TextInput label="Diastolic (mmHg)" inputMode="numeric" {...field('diastolic')} />
            <TextInput label="Date taken" type="date" {...field('readingDate')} />
          </SimpleGrid>
          <Group mt="sm">
            <Checkbox label="Hypertension diagnosed" {...flag('hypertensionDiagnosed')} />
            {values.hypertensionDiagnosed ? <Checkbox label="Controlled" {...flag('hypertensionControlled')} /> : null}
          </Group>
        </Fieldset>

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label="Pregnancy"
            {...field('pregnancy')}
            data={[
              NOT_RECORDED,
              ...choicesOf(PREGNANCY_STATUSES, {
                'not-pregnant': 'Not pregnant',
                pregnant: 'Pregnant',
                unknown: 'Unknown',
                'not-applicable': 'Not applicable',
              }),
            ]}
          />
          <Checkbox mt={{ sm: 30 }} label="Breastfeeding" {...flag('breastfeeding')} />
        </SimpleGrid>

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Textarea
            label="Current medicines"
            description="One per line: generic name, then the dose (sertraline, 100 mg daily)"
            autosize
            minRows={2}
            {...field('medications')}
          />
          <Textarea
            label="Allergies"
            description="One per line: substance, then the reaction"
            autosize
            minRows={2}
            {...field('allergies')}
          />
        </SimpleGrid>

        <Fieldset legend="Past antidepressant trials">
          <Stack gap="sm">
            {values.trials.length === 0 ? (
              <Text size="sm" c="dimmed">
                No trials recorded.
              </Text>
            ) : null}
            {values.trials.map((t, i) => (
              <Group key={i} align="flex-end" gap="xs" wrap="wrap" role="group" aria-label={`Trial ${i + 1}`}>
                <TextInput label={`Trial ${i + 1}: drug`} {...trialField(i, 'drug')} w={150} />
                <TextInput
                  label="Dose (mg/day)"
                  inputMode="decimal"
                  {...trialField(i, 'dose', 'doseMgPerDay')}
                  w={110}
                />
                <TextInput label="Weeks" inputMode="numeric" {...trialField(i, 'weeks')} w={80} />
                <NativeSelect
                  label="Adherence"
                  value={t.adherence}
                  data={ADHERENCE_LEVELS.map((a) => ({ value: a, label: words(a) }))}
                  onChange={(e) => setTrial(i, { adherence: e.currentTarget.value as Adherence })}
                />
                <NativeSelect
                  label="Outcome"
                  value={t.outcome}
                  data={TRIAL_OUTCOMES.map((o) => ({ value: o, label: words(o) }))}
                  onChange={(e) => setTrial(i, { outcome: e.currentTarget.value as TrialOutcome })}
                />
                <Checkbox
                  label="Current episode"
                  checked={t.currentEpisode}
                  onChange={(e) => setTrial(i, { currentEpisode: e.currentTarget.checked })}
                  mb={8}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mb={4}
                  aria-label={`Remove trial ${i + 1}`}
                  onClick={() =>
                    set(
                      'trials',
                      values.trials.filter((_, j) => j !== i),
                    )
                  }
                >
                  ✕
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="default"
                size="xs"
                onClick={() =>
                  set('trials', [
                    ...values.trials,
                    { drug: '', dose: '', weeks: '', adherence: 'good', outcome: 'no-response', currentEpisode: true },
                  ])
                }
              >
                Add a trial
              </Button>
            </Group>
          </Stack>
        </Fieldset>

        <Group>
          <Button type="submit" loading={isPending}>
            Save intake
          </Button>
          <Button variant="default" onClick={onCancel} disabled={isPending}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

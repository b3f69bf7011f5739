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
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, type FieldErrors } from '../../components/forms';
import {
  ADHERENCE_LEVELS,
  CONDITIONS,
  TRIAL_OUTCOMES,
  words,
  type Adherence,
  type ConditionCode,
  type TrialOutcome,
} from './care-codes';
import type { Intake, Mania, PregnancyStatus, Psychosis, SubstanceUse } from './intake.api';
import { checkValues, intakeOf, type IntakeFormValues, type TrialRow } from './intake-form-values';

/** The server names fields from the body: `intake.medicalHistory.conditions.0`, `intake.trials.1.weeks`… */
const SERVER_FIELDS: Readonly<Record<string, string>> = {
  'intake.weightKg': 'weightKg',
  'intake.heightCm': 'heightCm',
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
  const set = <K extends keyof IntakeFormValues>(key: K, value: IntakeFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
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
          <TextInput
            label="Weight (kg)"
            inputMode="decimal"
            value={values.weightKg}
            error={shown['weightKg']}
            onChange={(e) => set('weightKg', e.currentTarget.value)}
          />
          <TextInput
            label="Height (cm)"
            inputMode="decimal"
            value={values.heightCm}
            error={shown['heightCm']}
            onChange={(e) => set('heightCm', e.currentTarget.value)}
          />
        </SimpleGrid>
        <Textarea
          label="Diagnoses"
          description="One per line: ICD-10-CM code, then the name (F33.2, Major depressive disorder, recurrent, severe)"
          autosize
          minRows={2}
          value={values.diagnoses}
          onChange={(e) => set('diagnoses', e.currentTarget.value)}
        />

        <Fieldset legend="Psychiatric history">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect
              label="Psychosis"
              value={values.psychosis}
              onChange={(e) => set('psychosis', e.currentTarget.value as Psychosis | '')}
              data={[
                { value: '', label: 'Not recorded' },
                { value: 'never', label: 'Never' },
                { value: 'past', label: 'In the past' },
                { value: 'active', label: 'Active now' },
              ]}
            />
            <NativeSelect
              label="Mania or hypomania"
              value={values.mania}
              onChange={(e) => set('mania', e.currentTarget.value as Mania | '')}
              data={[
                { value: '', label: 'Not recorded' },
                { value: 'never', label: 'Never' },
                { value: 'past', label: 'In the past' },
                { value: 'current', label: 'Current' },
              ]}
            />
            <NativeSelect
              label="Substance use disorder"
              value={values.substanceUse}
              onChange={(e) => set('substanceUse', e.currentTarget.value as SubstanceUse | '')}
              data={[
                { value: '', label: 'Not recorded' },
                { value: 'none', label: 'None' },
                { value: 'past', label: 'In the past' },
                { value: 'active', label: 'Active' },
              ]}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
            <Checkbox
              label="Schizophrenia (current or past)"
              checked={values.schizophrenia}
              onChange={(e) => set('schizophrenia', e.currentTarget.checked)}
            />
            <Checkbox
              label="Bipolar disorder"
              checked={values.bipolarDisorder}
              onChange={(e) => set('bipolarDisorder', e.currentTarget.checked)}
            />
            <Checkbox
              label="History of ketamine misuse"
              checked={values.ketamineUseDisorderHistory}
              onChange={(e) => set('ketamineUseDisorderHistory', e.currentTarget.checked)}
            />
            <Checkbox
              label="Acute suicidal ideation or behaviour (documented by a clinician)"
              checked={values.acuteSuicidalIdeation}
              onChange={(e) => set('acuteSuicidalIdeation', e.currentTarget.checked)}
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
            <TextInput
              label="Systolic (mmHg)"
              inputMode="numeric"
              value={values.systolic}
              error={shown['bp']}
              onChange={(e) => set('systolic', e.currentTarget.value)}
            />
            <TextInput
              label="Diastolic (mmHg)"
              inputMode="numeric"
              value={values.diastolic}
              onChange={(e) => set('diastolic', e.currentTarget.value)}
            />
            <TextInput
              label="Date taken"
              type="date"
              value={values.readingDate}
              error={shown['readingDate']}
              onChange={(e) => set('readingDate', e.currentTarget.value)}
            />
          </SimpleGrid>
          <Group mt="sm">
            <Checkbox
              label="Hypertension diagnosed"
              checked={values.hypertensionDiagnosed}
              onChange={(e) => set('hypertensionDiagnosed', e.currentTarget.checked)}
            />
            {values.hypertensionDiagnosed ? (
              <Checkbox
                label="Controlled"
                checked={values.hypertensionControlled}
                onChange={(e) => set('hypertensionControlled', e.currentTarget.checked)}
              />
            ) : null}
          </Group>
        </Fieldset>

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label="Pregnancy"
            value={values.pregnancy}
            onChange={(e) => set('pregnancy', e.currentTarget.value as PregnancyStatus | '')}
            data={[
              { value: '', label: 'Not recorded' },
              { value: 'not-pregnant', label: 'Not pregnant' },
              { value: 'pregnant', label: 'Pregnant' },
              { value: 'unknown', label: 'Unknown' },
              { value: 'not-applicable', label: 'Not applicable' },
            ]}
          />
          <Checkbox
            mt={{ sm: 30 }}
            label="Breastfeeding"
            checked={values.breastfeeding}
            onChange={(e) => set('breastfeeding', e.currentTarget.checked)}
          />
        </SimpleGrid>

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Textarea
            label="Current medicines"
            description="One per line: generic name, then the dose (sertraline, 100 mg daily)"
            autosize
            minRows={2}
            value={values.medications}
            onChange={(e) => set('medications', e.currentTarget.value)}
          />
          <Textarea
            label="Allergies"
            description="One per line: substance, then the reaction"
            autosize
            minRows={2}
            value={values.allergies}
            onChange={(e) => set('allergies', e.currentTarget.value)}
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
                <TextInput
                  label={`Trial ${i + 1}: drug`}
                  value={t.drug}
                  error={shown[`trials.${i}.drug`]}
                  onChange={(e) => setTrial(i, { drug: e.currentTarget.value })}
                  w={150}
                />
                <TextInput
                  label="Dose (mg/day)"
                  inputMode="decimal"
                  value={t.dose}
                  error={shown[`trials.${i}.doseMgPerDay`]}
                  onChange={(e) => setTrial(i, { dose: e.currentTarget.value })}
                  w={110}
                />
                <TextInput
                  label="Weeks"
                  inputMode="numeric"
                  value={t.weeks}
                  error={shown[`trials.${i}.weeks`]}
                  onChange={(e) => setTrial(i, { weeks: e.currentTarget.value })}
                  w={80}
                />
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

/**
 * The patient's own intake page, reached from a single-use link on their phone: contacts, who to call and who
 * drives them home, health, medicines and earlier antidepressants, and the consent to read and sign. Nothing is
 * stored in the record until staff accept it.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useParams } from 'react-router';
import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { TRIAL_OUTCOMES } from '../../../domain/eligibility/treatment-resistance';
import { choicesOf } from '../../components/choices';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MarkdownView } from '../../components/MarkdownView';
import { PublicHeading, PublicLinkPage } from '../../components/PublicLinkPage';
import { useSelfIntakePage, useSubmitSelfIntake, type SelfIntakePage as Page } from './self-intake.api';
import { EMPTY_SELF_INTAKE, submissionOf, type SelfIntakeValues, type TrialAnswer } from './self-intake-form';

/** How the patient answers "did it help?" for each outcome a clinician records on a trial. */
const TRIAL_OUTCOME_ANSWERS = choicesOf(TRIAL_OUTCOMES, {
  'no-response': 'No',
  'partial-response': 'A little',
  response: 'Yes',
  remission: 'Yes, I felt well',
  'not-tolerated': 'I could not take it (side effects)',
});

export function SelfIntakePage() {
  const { token = '' } = useParams();
  const page = useSelfIntakePage(token);
  return (
    <PublicLinkPage query={page} title="Your intake" loading="Loading your form…" linkName="link">
      {(data) => <Content token={token} page={data} />}
    </PublicLinkPage>
  );
}

function Content({ token, page }: { token: string; page: Page }) {
  const submit = useSubmitSelfIntake(token);
  const [values, setValues] = useState<SelfIntakeValues>(EMPTY_SELF_INTAKE);
  const [problem, setProblem] = useState('');
  const set =
    <K extends keyof SelfIntakeValues>(key: K) =>
    (value: SelfIntakeValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));
  const text = (key: keyof SelfIntakeValues) => (event: { currentTarget: { value: string } }) =>
    set(key)(event.currentTarget.value as never);
  /** A question answered from a list, which starts with "Choose…" (no answer yet). */
  const choice = (
    key: 'psychosis' | 'mania' | 'priorKetamine',
    label: string,
    options: ReadonlyArray<readonly [value: string, label: string]>,
  ) => (
    <NativeSelect
      label={label}
      value={values[key]}
      onChange={text(key)}
      data={[{ value: '', label: 'Choose…' }, ...options.map(([value, name]) => ({ value, label: name }))]}
    />
  );
  const setTrial = (index: number, patch: Partial<TrialAnswer>) =>
    setValues((v) => ({ ...v, trials: v.trials.map((t, i) => (i === index ? { ...t, ...patch } : t)) }));

  if (submit.isSuccess) {
    return (
      <>
        <PublicHeading title="Thank you" />
        <Alert color="green" variant="light" title="Your answers were sent to the clinic" role="status">
          <Text>
            {submit.data.consentSigned ? 'Your consent is signed. ' : ''}The clinic will go through your answers with
            you. You can close this page.
          </Text>
        </Alert>
      </>
    );
  }
  if (page.status !== 'open') {
    return (
      <>
        <PublicHeading title={page.status === 'submitted' ? 'Already sent' : 'This link has expired'} />
        <Alert color={page.status === 'submitted' ? 'green' : 'orange'} variant="light" role="status">
          <Text>{page.message}</Text>
        </Alert>
      </>
    );
  }

  const send = (event: FormEvent) => {
    event.preventDefault();
    if (page.consent && (!values.agreed || values.typedName.trim().length < 2)) {
      setProblem('Please read the consent, tick that you agree and type your full name.');
      return;
    }
    setProblem('');
    submit.mutate(
      submissionOf(
        values,
        page.consent
          ? { documentId: page.consent.documentId, version: page.consent.version, sha256: page.consent.sha256 }
          : null,
      ),
    );
  };

  return (
    <>
      <PublicHeading title={`Your intake for ${page.clinicName}`} />
      <Text mb="md">
        Fill in what you know; you can leave out anything you are unsure of. The clinic checks everything with you.
      </Text>
      <form onSubmit={send} noValidate aria-label="Your intake">
        <Stack gap="lg">
          <Section legend="How to reach you">
            <TextInput
              label="Mobile phone"
              type="tel"
              autoComplete="tel"
              value={values.phone}
              onChange={text('phone')}
            />
            <TextInput label="Email" type="email" autoComplete="email" value={values.email} onChange={text('email')} />
          </Section>
          <Section legend="Emergency contact">
            <TextInput label="Name" value={values.emergencyName} onChange={text('emergencyName')} />
            <TextInput
              label="Relationship to you"
              value={values.emergencyRelationship}
              onChange={text('emergencyRelationship')}
            />
            <TextInput label="Their phone" type="tel" value={values.emergencyPhone} onChange={text('emergencyPhone')} />
          </Section>
          <Section legend="Who will drive you home after treatment">
            <Text size="sm">After a ketamine or esketamine treatment you must not drive until the next day.</Text>
            <TextInput label="Driver's name" value={values.rideName} onChange={text('rideName')} />
            <TextInput label="Driver's phone" type="tel" value={values.ridePhone} onChange={text('ridePhone')} />
          </Section>
          <Section legend="Your health">
            <Group grow>
              <TextInput label="Height (cm)" inputMode="decimal" value={values.heightCm} onChange={text('heightCm')} />
              <TextInput label="Weight (kg)" inputMode="decimal" value={values.weightKg} onChange={text('weightKg')} />
            </Group>
            <Textarea
              label="Medicines you take now"
              description="One a line: name, then a comma and how much (for example: sertraline, 100 mg daily)"
              autosize
              minRows={3}
              value={values.medications}
              onChange={text('medications')}
            />
            <Checkbox
              label="I have no known allergies"
              checked={values.noKnownAllergies}
              onChange={(e) => set('noKnownAllergies')(e.currentTarget.checked)}
            />
            {values.noKnownAllergies ? null : (
              <Textarea
                label="Allergies"
                description="One a line: what you are allergic to, then a comma and what happens (for example: penicillin, rash)"
                autosize
                minRows={2}
                value={values.allergies}
                onChange={text('allergies')}
              />
            )}
            {choice(
              'psychosis',
              'Have you ever had psychosis (hearing or seeing things others do not, or beliefs others found untrue)?',
              [
                ['never', 'Never'],
                ['past', 'In the past'],
                ['active', 'Yes, now'],
              ],
            )}
            {choice('mania', 'Have you ever had a manic episode?', [
              ['never', 'Never'],
              ['past', 'In the past'],
              ['current', 'Yes, now'],
            ])}
            {choice('priorKetamine', 'Have you had ketamine or esketamine treatment before?', [
              ['no', 'No'],
              ['yes', 'Yes'],
            ])}
          </Section>
          <Section legend="Antidepressants you have tried">
            {values.trials.map((trial, i) => (
              <Paper key={i} withBorder p="sm" radius="sm" role="group" aria-label={`Antidepressant ${i + 1}`}>
                <Stack gap="xs">
                  <TextInput
                    label="Medicine"
                    value={trial.drug}
                    onChange={(e) => setTrial(i, { drug: e.currentTarget.value })}
                  />
                  <Group grow>
                    <TextInput
                      label="Highest dose (mg a day)"
                      inputMode="decimal"
                      value={trial.doseMgPerDay}
                      onChange={(e) => setTrial(i, { doseMgPerDay: e.currentTarget.value })}
                    />
                    <TextInput
                      label="For how many weeks"
                      inputMode="numeric"
                      value={trial.weeks}
                      onChange={(e) => setTrial(i, { weeks: e.currentTarget.value })}
                    />
                  </Group>
                  <NativeSelect
                    label="Did it help?"
                    value={trial.outcome}
                    onChange={(e) => setTrial(i, { outcome: e.currentTarget.value as TrialAnswer['outcome'] })}
                    data={TRIAL_OUTCOME_ANSWERS}
                  />
                  <Group>
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      onClick={() => setValues((v) => ({ ...v, trials: v.trials.filter((_, n) => n !== i) }))}
                    >
                      Remove this medicine
                    </Button>
                  </Group>
                </Stack>
              </Paper>
            ))}
            <Group>
              <Button
                variant="light"
                onClick={() =>
                  setValues((v) => ({
                    ...v,
                    trials: [...v.trials, { drug: '', doseMgPerDay: '', weeks: '', outcome: 'no-response' }],
                  }))
                }
              >
                Add an antidepressant
              </Button>
            </Group>
          </Section>
          {page.consent ? (
            <Section legend="Consent">
              <Paper
                withBorder
                p="sm"
                radius="sm"
                component="section"
                aria-label={page.consent.title}
                style={{ maxHeight: 420, overflowY: 'auto' }}
                tabIndex={0}
              >
                <MarkdownView source={page.consent.body} headingLevel={3} />
              </Paper>
              <Checkbox
                label="I have read this and I agree"
                checked={values.agreed}
                onChange={(e) => set('agreed')(e.currentTarget.checked)}
              />
              <TextInput
                label="Type your full name to sign"
                autoComplete="name"
                value={values.typedName}
                onChange={text('typedName')}
              />
            </Section>
          ) : null}
          {problem ? (
            <Alert color="red" variant="light" role="alert">
              {problem}
            </Alert>
          ) : null}
          <ErrorAlert error={submit.error} title="Your answers were not sent" />
          <Button type="submit" size="md" loading={submit.isPending}>
            Send to the clinic
          </Button>
        </Stack>
      </form>
    </>
  );
}

function Section({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <Fieldset legend={legend}>
      <Stack gap="sm">{children}</Stack>
    </Fieldset>
  );
}

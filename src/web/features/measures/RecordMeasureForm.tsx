import { useState } from 'react';
import { Alert, Button, Group, NativeSelect, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { friendlyFieldMessage } from '../../components/forms';
import { LoadingState } from '../../components/LoadingState';
import { isApiError } from '../../api/client';
import {
  useInstruments,
  useQuestionnaire,
  useRecordMeasure,
  type FhirQuestionnaire,
  type MeasureContext,
  type RecordedMeasure,
} from './measures.api';
import { MeasureContextSelect } from './MeasureContextSelect';
import { SubmitForm } from '../../components/SubmitForm';

type Answers = Record<string, number | boolean | undefined>;
type Item = NonNullable<FhirQuestionnaire['item']>[number];

/** Whether a Questionnaire item is shown, given the answers so far (FHIR enableWhen, operator "="). */
function isEnabled(item: Item, answers: Answers): boolean {
  const condition = item.enableWhen?.[0];
  if (!condition) return true;
  const expected = condition.answerBoolean ?? condition.answerInteger;
  return answers[condition.question] === expected;
}

/** Each item's answer choices: the Questionnaire's answer options (score = code), or yes/no for a boolean item. */
function choicesOf(item: Item): Array<{ value: string; label: string }> {
  if (item.type === 'boolean')
    return [
      { value: 'true', label: 'Yes' },
      { value: 'false', label: 'No' },
    ];
  return (item.answerOption ?? []).flatMap((o) => {
    const code = o.valueCoding?.code;
    return code === undefined ? [] : [{ value: code, label: `${o.valueCoding?.display ?? code} (${code})` }];
  });
}

/**
 * Staff record a completed instrument: choose it and the context, answer every item from its Questionnaire's
 * options. Required items are checked here first; anything else the server refuses is shown beside its item.
 */
export function RecordMeasureForm({
  patientId,
  onDone,
}: {
  patientId: string;
  onDone: (recorded: RecordedMeasure) => void;
}) {
  const instruments = useInstruments();
  const [instrument, setInstrument] = useState('');
  const [context, setContext] = useState<MeasureContext>('follow-up');
  const [answers, setAnswers] = useState<Answers>({});
  const [missing, setMissing] = useState<ReadonlySet<string>>(new Set());
  const questionnaire = useQuestionnaire(instrument === '' ? null : instrument);
  const record = useRecordMeasure(patientId);

  const items = questionnaire.data?.item ?? [];
  const enabledItems = items.filter((item) => isEnabled(item, answers));
  const serverErrors = isApiError(record.error) ? record.error.fieldErrors : [];
  const itemError = (linkId: string) => {
    if (missing.has(linkId)) return 'Answer this item.';
    const problem = serverErrors.find((f) => f.field === `answers.${linkId}`);
    return problem ? friendlyFieldMessage(problem.message) : undefined;
  };
  const shownFields = [...items.map((i) => `answers.${i.linkId}`), 'instrument', 'context'];

  const chooseInstrument = (id: string) => {
    setInstrument(id);
    setAnswers({});
    setMissing(new Set());
    record.reset();
  };

  const submit = () => {
    const unanswered = new Set(
      enabledItems.filter((i) => i.required && answers[i.linkId] === undefined).map((i) => i.linkId),
    );
    setMissing(unanswered);
    if (unanswered.size > 0 || instrument === '') return;
    const sent: Record<string, number | boolean> = {};
    for (const item of enabledItems) {
      const value = answers[item.linkId];
      if (value !== undefined) sent[item.linkId] = value;
    }
    record.mutate({ instrument, context, answers: sent }, { onSuccess: onDone });
  };

  return (
    <SubmitForm label="Record a completed instrument" onSubmit={submit}>
      <Stack gap="md">
        <ErrorAlert error={record.error} title="The measure was not recorded" shownFields={shownFields} />
        {missing.size > 0 ? (
          <Alert color="red" variant="light" role="alert" title="Some items are not answered">
            Answer every item marked below ({missing.size} left).
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label="Instrument"
            value={instrument}
            onChange={(event) => chooseInstrument(event.currentTarget.value)}
            data={[
              { value: '', label: 'Choose an instrument…' },
              ...(instruments.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.shortName}: ${i.title}` })),
            ]}
            error={serverErrors.find((f) => f.field === 'instrument')?.message}
          />
          <MeasureContextSelect
            value={context}
            onChange={setContext}
            error={serverErrors.find((f) => f.field === 'context')?.message}
          />
        </SimpleGrid>
        <ErrorAlert error={instruments.error ?? questionnaire.error} title="The instrument could not be loaded" />
        {instrument !== '' && questionnaire.isPending ? <LoadingState label="Loading the instrument…" /> : null}
        {questionnaire.data ? (
          <Stack gap="sm">
            {questionnaire.data.copyright ? (
              <Text size="xs" c="dimmed">
                {questionnaire.data.copyright}
              </Text>
            ) : null}
            {enabledItems.map((item) => (
              <Radio.Group
                key={item.linkId}
                label={`${item.linkId}. ${item.text ?? ''}${item.required ? '' : ' (optional)'}`}
                value={answers[item.linkId] === undefined ? '' : String(answers[item.linkId])}
                onChange={(value) => {
                  const parsed = item.type === 'boolean' ? value === 'true' : Number(value);
                  setAnswers((a) => ({ ...a, [item.linkId]: parsed }));
                  setMissing((m) => {
                    const next = new Set(m);
                    next.delete(item.linkId);
                    return next;
                  });
                }}
                error={itemError(item.linkId)}
              >
                <Group gap="md" mt={6} wrap="wrap">
                  {choicesOf(item).map((choice) => (
                    <Radio key={choice.value} value={choice.value} label={choice.label} />
                  ))}
                </Group>
              </Radio.Group>
            ))}
          </Stack>
        ) : null}
        <Group>
          <Button type="submit" loading={record.isPending} disabled={!questionnaire.data}>
            Record measure
          </Button>
        </Group>
      </Stack>
    </SubmitForm>
  );
}

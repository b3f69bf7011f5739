/**
 * Same-day suicide risk (issue 10 item 2): a C-SSRS "high" or PHQ-9 item 9 > 0 given on the treatment day stops
 * dosing until a prescriber evaluates that very answer. The panel says who is waiting on whom; a prescriber records
 * the evaluation of each answer (may proceed / do not dose, with a note).
 */
import { useState } from 'react';
import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom } from '../../components/forms';
import { usePermissions } from '../auth/session';
import { useClinicClock } from './clinic-clock';
import { useSessionWrite, type TreatmentView } from './treatment-day.api';
import { SubmitForm } from '../../components/SubmitForm';
import { StepPanel } from './StepPanel';
import { ReasonField } from '../../components/ReasonField';

const INSTRUMENT_NAMES: Readonly<Record<string, string>> = { 'c-ssrs-screener': 'C-SSRS screener', 'phq-9': 'PHQ-9' };

export function SuicideRiskPanel({ view }: { view: TreatmentView }) {
  const { clock } = useClinicClock();
  const can = usePermissions();
  const risk = view.suicideRisk;
  if (!risk || risk.signals.length === 0) return null;
  const isPrescriber = can('session:override');
  return (
    <StepPanel title="Same-day suicide risk" label="Same-day suicide risk" urgent={risk.blocksDosing}>
      {view.waitingFor ? (
        <Alert color="red" variant="light" title="Waiting for a prescriber">
          <Text size="sm">{view.waitingFor.message}</Text>
          <Text size="sm">
            {isPrescriber
              ? 'You can record your evaluation of each answer below.'
              : 'Dosing cannot start until a prescriber records an evaluation of this answer.'}
          </Text>
        </Alert>
      ) : (
        <Text size="sm">{risk.message}</Text>
      )}
      {risk.signals.map((signal) => (
        <Stack key={signal.measureId} gap={4} data-measure-id={signal.measureId}>
          <Text size="sm" fw={600}>
            {INSTRUMENT_NAMES[signal.instrumentId] ?? signal.instrumentId} at {clock(signal.observedAt)}:{' '}
            {signal.describe}
          </Text>
          <Text size="xs" c="dimmed">
            Source: {signal.citation.source}
          </Text>
          {signal.evaluation ? (
            <Text size="sm">
              Evaluated by {signal.evaluation.by} at {clock(signal.evaluation.at)}:{' '}
              {signal.evaluation.decision === 'may-proceed' ? 'dosing may proceed' : 'do not dose today'}.{' '}
              {signal.evaluation.note}
            </Text>
          ) : isPrescriber && view.phase.dosingStartedAt === null ? (
            <EvaluationForm
              sessionId={view.session.id}
              measureId={signal.measureId}
              label={`${INSTRUMENT_NAMES[signal.instrumentId] ?? signal.instrumentId} at ${clock(signal.observedAt)}`}
            />
          ) : (
            <Text size="sm" c="red.9">
              Not yet evaluated by a prescriber.
            </Text>
          )}
        </Stack>
      ))}
    </StepPanel>
  );
}

function EvaluationForm({ sessionId, measureId, label }: { sessionId: string; measureId: string; label: string }) {
  const evaluate = useSessionWrite<{ measureId: string; decision: string; note: string }>(
    sessionId,
    '/suicide-risk-evaluations',
  );
  const [decision, setDecision] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const server = fieldErrorsFrom(evaluate.error, ['decision', 'note']);
  return (
    <SubmitForm
      label={`Evaluate suicide-risk answer: ${label}`}
      onSubmit={() => {
        if (!decision) {
          setError('Choose a decision.');
          return;
        }
        if (!note.trim()) {
          setError('Document your evaluation.');
          return;
        }
        evaluate.mutate({ measureId, decision, note: note.trim() });
      }}
    >
      <Stack gap="xs">
        <ErrorAlert error={evaluate.error} title="The evaluation was not recorded" shownFields={['decision', 'note']} />
        <Group align="flex-start" grow>
          <Select
            label="Decision"
            data={[
              { value: 'may-proceed', label: 'Dosing may proceed today' },
              { value: 'do-not-dose', label: 'Do not dose today' },
            ]}
            value={decision}
            onChange={(v) => {
              setDecision(v);
              setError(undefined);
            }}
            error={server.decision}
            withAsterisk
          />
          <ReasonField
            label="Evaluation"
            description="What you assessed and why (recorded with your name and the time)."
            value={note}
            onChange={(text) => {
              setNote(text);
              setError(undefined);
            }}
            error={error ?? server.note}
            maxLength={2000}
            withAsterisk
          />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" color="red.9" loading={evaluate.isPending}>
            Record evaluation
          </Button>
        </Group>
      </Stack>
    </SubmitForm>
  );
}

/**
 * Eligibility per modality: evaluate the latest intake's facts (nothing stored), let a prescriber record the
 * decision, and show the latest recorded decision per modality with what it allows. A prescriber may go ahead
 * against "needs review" with a documented reason; "ineligible" for relative reasons only also needs a second
 * prescriber's countersignature; an absolute reason can never be overridden, and the app says so.
 */
import { useState } from 'react';
import { Alert, Button, Group, NativeSelect, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { usePermissions, useSession } from '../auth/session';
import { MODALITIES, MODALITY_LABELS, modalityLabel, type Modality } from './care-codes';
import { DECISION_LABELS, DecisionBadge, ReasonList } from './EligibilityParts';
import {
  useCountersignOverride,
  useEligibility,
  useEvaluate,
  useOverrideDecision,
  useRecordDecision,
  type Decision,
  type IntakeVersion,
} from './intake.api';
import { DataTable } from '../../components/DataTable';

export function EligibilitySection({ patientId, intake }: { patientId: string; intake: IntakeVersion }) {
  const can = usePermissions();
  const [modality, setModality] = useState<Modality>('iv-ketamine');
  const evaluate = useEvaluate();
  const record = useRecordDecision(patientId);
  const eligibility = useEligibility(patientId);
  const hasIntake = intake.version !== null && intake.facts !== null;
  const result = evaluate.data && evaluate.variables?.modality === modality ? evaluate.data : undefined;

  const runEvaluation = () => {
    record.reset();
    if (intake.facts) evaluate.mutate({ modality, facts: intake.facts });
  };

  return (
    <Stack gap="md">
      {!hasIntake ? (
        <Text c="dimmed">Record an intake first: eligibility is evaluated from it.</Text>
      ) : (
        <Group align="flex-end">
          <NativeSelect
            label="Modality"
            value={modality}
            onChange={(e) => {
              setModality(e.currentTarget.value as Modality);
              record.reset();
            }}
            data={MODALITIES.map((m) => ({ value: m, label: MODALITY_LABELS[m] }))}
          />
          <Button onClick={runEvaluation} loading={evaluate.isPending}>
            Evaluate eligibility
          </Button>
        </Group>
      )}
      <ErrorAlert error={evaluate.error} title="Eligibility could not be evaluated" />
      <div aria-live="polite">
        {result ? (
          <Paper withBorder p="md" radius="md" role="region" aria-label="Evaluation result">
            <Group gap="sm" mb="sm">
              <Text fw={600}>{MODALITY_LABELS[modality]}:</Text>
              <DecisionBadge decision={result.decision} />
              <Text size="xs" c="dimmed">
                rule set {result.ruleSetVersion}, intake version {intake.version}
              </Text>
            </Group>
            <ReasonList reasons={result.reasons} label="Reasons" />
            {result.decision !== 'eligible' && !result.overridePolicy.allowed ? (
              <Text size="sm" mt="sm" fw={600}>
                {result.overridePolicy.explanation}
              </Text>
            ) : null}
            {can('eligibility:decide') ? (
              <Group mt="md">
                <Button
                  variant="light"
                  loading={record.isPending}
                  disabled={record.isSuccess}
                  onClick={() => record.mutate(modality)}
                >
                  Record this decision
                </Button>
                {record.isSuccess ? (
                  <Text size="sm" c="green.9">
                    Decision recorded.
                  </Text>
                ) : null}
              </Group>
            ) : (
              <Text size="sm" c="dimmed" mt="sm">
                A prescriber records the decision.
              </Text>
            )}
            <ErrorAlert error={record.error} title="The decision was not recorded" />
          </Paper>
        ) : null}
      </div>

      <Title order={4} size="h5">
        Recorded decisions
      </Title>
      <QueryStatus query={eligibility} failed="The decisions could not be loaded" loading="Loading the decisions…" />
      {eligibility.data && eligibility.data.current.length === 0 ? (
        <Text size="sm" c="dimmed">
          No decision recorded yet.
        </Text>
      ) : null}
      {eligibility.data?.current.map((decision) => (
        <RecordedDecision key={decision.id} patientId={patientId} decision={decision} />
      ))}
      {eligibility.data && eligibility.data.history.length > eligibility.data.current.length ? (
        <DecisionHistory decisions={eligibility.data.history} />
      ) : null}
    </Stack>
  );
}

function RecordedDecision({ patientId, decision }: { patientId: string; decision: Decision }) {
  const can = usePermissions();
  const { user } = useSession();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const override = useOverrideDecision(patientId);
  const countersign = useCountersignOverride(patientId);
  const title = modalityLabel(decision.modality);
  const mayOverride =
    can('eligibility:decide') &&
    decision.decision !== 'eligible' &&
    decision.overridePolicy.allowed &&
    !decision.override &&
    decision.standing.code !== 'intake-changed' &&
    decision.standing.code !== 'rules-changed';
  const mayCountersign =
    can('eligibility:decide') &&
    decision.override?.status === 'awaiting-countersignature' &&
    decision.override.signedBy?.id !== user.userId;

  const submitOverride = () => {
    if (reason.trim().length < 10) {
      setReasonError('Give the reason in at least 10 characters.');
      return;
    }
    setReasonError(undefined);
    override.mutate({ decisionId: decision.id, reason: reason.trim() });
  };

  return (
    <Paper withBorder p="md" radius="md" component="article" aria-label={`Decision: ${title}`}>
      <Group gap="sm" mb="xs">
        <Text fw={600}>{title}</Text>
        <DecisionBadge decision={decision.decision} />
        <Text size="xs" c="dimmed">
          {formatDateTime(decision.decidedAt)}
          {decision.decidedBy ? ` by ${decision.decidedBy.displayName}` : ''}, intake version {decision.intakeVersion}
        </Text>
      </Group>
      <ReasonList reasons={decision.reasons} label={`Reasons: ${title}`} />
      <Alert
        mt="sm"
        variant="light"
        color={decision.standing.mayPlan ? 'green' : 'gray'}
        title={decision.standing.mayPlan ? 'Treatment may be planned' : 'Treatment may not be planned yet'}
      >
        <Text size="sm">{decision.standing.message}</Text>
      </Alert>
      {decision.override ? (
        <Text size="sm" mt="sm">
          Overridden by {decision.override.signedBy?.displayName ?? 'a prescriber'} (
          {formatDateTime(decision.override.signedAt)}): “{decision.override.reason}”
          {decision.override.countersignedBy
            ? ` Countersigned by ${decision.override.countersignedBy.displayName}.`
            : ''}
        </Text>
      ) : null}
      {decision.decision !== 'eligible' && !decision.overridePolicy.allowed ? (
        <Text size="sm" mt="sm" fw={600}>
          Cannot be overridden: {decision.overridePolicy.explanation}
        </Text>
      ) : null}
      {mayOverride ? (
        <Stack gap="xs" mt="sm">
          <Text size="sm">{decision.overridePolicy.explanation}</Text>
          <Textarea
            label={`Reason for going ahead (${title})`}
            autosize
            minRows={2}
            value={reason}
            error={reasonError}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group>
            <Button variant="light" color="orange" loading={override.isPending} onClick={submitOverride}>
              Override with this reason
            </Button>
          </Group>
          <ErrorAlert error={override.error} title="The override was not recorded" />
        </Stack>
      ) : null}
      {mayCountersign ? (
        <Group mt="sm">
          <Button
            variant="light"
            loading={countersign.isPending}
            onClick={() => countersign.mutate({ decisionId: decision.id })}
          >
            Countersign the override
          </Button>
          <ErrorAlert error={countersign.error} title="The countersignature was not recorded" />
        </Group>
      ) : null}
    </Paper>
  );
}

/** Every decision, newest first: earlier ones stay on record when the intake changes and eligibility is evaluated again. */
function DecisionHistory({ decisions }: { decisions: readonly Decision[] }) {
  return (
    <DataTable
      caption="Every eligibility decision"
      columns={['Decided', 'Modality', 'Decision', 'Intake version', 'By', 'Override']}
      minWidth={520}
      verticalSpacing={4}
    >
      {decisions.map((d) => (
        <Table.Tr key={d.id}>
          <Table.Td>{formatDateTime(d.decidedAt)}</Table.Td>
          <Table.Td>{modalityLabel(d.modality)}</Table.Td>
          <Table.Td>{DECISION_LABELS[d.decision]}</Table.Td>
          <Table.Td>{d.intakeVersion}</Table.Td>
          <Table.Td>{d.decidedBy?.displayName ?? '—'}</Table.Td>
          <Table.Td>
            {d.override ? (d.override.status === 'effective' ? 'Effective' : 'Awaiting countersignature') : '—'}
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

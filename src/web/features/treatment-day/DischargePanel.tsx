/**
 * Discharge: the evaluation with every reason it is blocked (the domain's words and sources), the discharge button
 * disabled until the criteria are met, and a prescriber's override with a documented reason.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { ConfirmAction, ConfirmDialog } from '../../components/ConfirmAction';
import { useClinicClock } from './clinic-clock';
import { ErrorAlert } from '../../components/ErrorAlert';
import { usePermissions } from '../auth/session';
import { useDischargeEvaluation, useSessionWrite, type TreatmentView } from './treatment-day.api';
import { StepPanel } from './StepPanel';
import { ReasonField, useReason } from '../../components/ReasonField';

export function DischargePanel({ view }: { view: TreatmentView }) {
  const { clock } = useClinicClock();
  const can = usePermissions();
  const [clinicallyStable, setStable] = useState(false);
  const [ridePresent, setRide] = useState(false);
  const overrideReason = useReason();
  const [isConfirmingOverride, setConfirmOverride] = useState(false);
  const patientName = `${view.session.patient.givenName} ${view.session.patient.familyName}`;
  const evaluation = useDischargeEvaluation(view.session.id, clinicallyStable, ridePresent);
  const discharge = useSessionWrite<{ clinicallyStable: boolean; ridePresent: boolean; override?: { reason: string } }>(
    view.session.id,
    '/discharge',
  );

  if (view.discharge) {
    return (
      <Paper withBorder p="md" radius="md">
        <Title order={3} size="h4">
          Discharge
        </Title>
        <Text fw={600} c="green.9">
          Discharged at {clock(view.discharge.at)} by {view.discharge.by?.displayName ?? 'unknown'}.
        </Text>
        {view.discharge.override ? (
          <Text size="sm">
            Criteria overridden by {view.discharge.override.by}: {view.discharge.override.reason}
          </Text>
        ) : null}
      </Paper>
    );
  }
  const result = evaluation.data;
  const isAllowed = result?.allowed === true;
  const isOverridable = result !== undefined && !isAllowed && result.reasons.every((r) => r.overridable);
  return (
    <StepPanel title="Discharge">
      <Group>
        <Checkbox
          label="Clinically stable (assessed now)"
          checked={clinicallyStable}
          onChange={(e) => setStable(e.currentTarget.checked)}
        />
        <Checkbox label="Ride home present" checked={ridePresent} onChange={(e) => setRide(e.currentTarget.checked)} />
      </Group>
      <ErrorAlert error={evaluation.error} title="The discharge criteria could not be evaluated" />
      <div aria-live="polite">
        {result ? (
          isAllowed ? (
            <Alert color="green" variant="light" title="Discharge criteria met">
              The patient may go home now.
            </Alert>
          ) : (
            <Alert color="orange" variant="light" title="Discharge is blocked">
              <List size="sm" aria-label="Why discharge is blocked">
                {result.reasons.map((r) => (
                  <List.Item key={r.code}>
                    {r.message}
                    {r.overridable ? '' : ' (no override)'}
                  </List.Item>
                ))}
              </List>
              {result.earliestAt ? (
                <Text size="sm" mt="xs">
                  Earliest discharge by time: {clock(result.earliestAt)}.
                </Text>
              ) : null}
            </Alert>
          )
        ) : null}
      </div>
      <ErrorAlert error={discharge.error} title="The patient was not discharged" />
      {can('session:write') ? (
        <Group>
          <ConfirmAction
            label="Discharge patient"
            buttonProps={{
              color: 'green.9',
              disabled: !isAllowed,
              loading: discharge.isPending && !overrideReason.field.value,
            }}
            title="Discharge this patient?"
            confirmLabel="Discharge"
            onConfirm={() => discharge.mutate({ clinicallyStable, ridePresent })}
          >
            <Text size="sm">
              Discharge {patientName}: clinically stable, ride home present, discharge criteria met.
            </Text>
            <Text size="sm">
              Recorded by you at {clock(new Date().toISOString())}; the session is then closed for monitoring.
            </Text>
          </ConfirmAction>
        </Group>
      ) : null}
      {can('session:override') && result && !isAllowed ? (
        <Stack gap={4}>
          <ReasonField
            label="Override reason (prescriber)"
            description={
              isOverridable
                ? 'Discharge despite the reasons above; recorded with your name.'
                : 'A reason marked "no override" cannot be overridden.'
            }
            {...overrideReason.field}
            disabled={!isOverridable}
          />
          <Group>
            <Button
              color="orange"
              variant="light"
              disabled={!isOverridable}
              onClick={() => {
                if (overrideReason.require('Document why the patient may go home.')) setConfirmOverride(true);
              }}
            >
              Discharge with override
            </Button>
            <ConfirmDialog
              opened={isConfirmingOverride}
              onClose={() => setConfirmOverride(false)}
              title="Discharge despite the criteria?"
              confirmLabel="Discharge with override"
              onConfirm={() =>
                discharge.mutate({ clinicallyStable, ridePresent, override: { reason: overrideReason.text } })
              }
            >
              <Text size="sm">
                Discharge {patientName} although: {result.reasons.map((r) => r.message).join(' ')}
              </Text>
              <Text size="sm">
                Override reason: “{overrideReason.text}”. Recorded with your name at {clock(new Date().toISOString())}.
              </Text>
            </ConfirmDialog>
          </Group>
        </Stack>
      ) : null}
    </StepPanel>
  );
}

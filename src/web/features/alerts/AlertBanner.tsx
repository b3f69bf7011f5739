import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Checkbox, Group, Paper, Stack, Text, VisuallyHidden } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DialogForm } from '../../components/DialogForm';
import { countOf, formatDateTime } from '../../components/format';
import { fieldErrorsFrom } from '../../components/forms';
import { ReasonField } from '../../components/ReasonField';
import { usePermissions } from '../auth/session';
import {
  ACKNOWLEDGE_ACTIONS,
  ALERT_SOURCE_LABELS,
  useAcknowledgeAlert,
  useOpenAlerts,
  type AcknowledgeAction,
  type SafetyAlert,
} from './alerts.api';

/** High risk is a filled dark red; the others light variants, whose text the theme darkens to 4.5:1. */
const SEVERITY_BADGES: Readonly<Record<SafetyAlert['severity'], { color: string; variant: 'filled' | 'light' }>> = {
  high: { color: 'red.9', variant: 'filled' },
  moderate: { color: 'orange', variant: 'light' },
  low: { color: 'yellow', variant: 'light' },
};

/**
 * Open suicide-risk alerts, at the top of every signed-in page until a prescriber or nurse acknowledges them.
 * Polls the server (ALERT_POLL_MS) so a patient's answer at home reaches whoever is looking at any page.
 */
export function AlertBanner() {
  const can = usePermissions();
  const canRead = can('alert:read');
  const alerts = useOpenAlerts(canRead);
  const [acknowledging, setAcknowledging] = useState<SafetyAlert | null>(null);
  const [status, setStatus] = useState('');
  const items = alerts.data?.items ?? [];

  if (!canRead) return null;
  const summary = countOf(items.length, 'open suicide-risk alert', 'open suicide-risk alerts');

  return (
    <>
      <VisuallyHidden aria-live="polite">
        {items.length > 0 ? summary : ''}
        {status ? ` ${status}` : ''}
      </VisuallyHidden>
      {items.length > 0 ? (
        <Paper
          component="section"
          aria-label="Open suicide-risk alerts"
          withBorder
          radius="md"
          p="sm"
          mb="lg"
          bg="red.0"
          style={{ borderColor: 'var(--mantine-color-red-7)', borderWidth: 2 }}
        >
          <Text fw={700} c="red.9" mb="xs">
            {summary}: acknowledge each once you have acted
          </Text>
          <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
            {items.map((alert) => (
              <AlertRow
                key={alert.id}
                alert={alert}
                canAcknowledge={can('alert:acknowledge')}
                onAcknowledge={() => setAcknowledging(alert)}
              />
            ))}
          </Stack>
        </Paper>
      ) : null}
      {acknowledging ? (
        <AcknowledgeDialog
          alert={acknowledging}
          onClose={() => setAcknowledging(null)}
          onDone={() => {
            setStatus(`Alert for ${acknowledging.patient.name} acknowledged.`);
            setAcknowledging(null);
          }}
        />
      ) : null}
    </>
  );
}

function AlertRow({
  alert,
  canAcknowledge,
  onAcknowledge,
}: {
  alert: SafetyAlert;
  canAcknowledge: boolean;
  onAcknowledge: () => void;
}) {
  const isEscalated = alert.escalatedAt !== null;
  return (
    <li aria-label={`Alert for ${alert.patient.name}`}>
      <Paper
        p="xs"
        radius="sm"
        bg="white"
        withBorder
        style={isEscalated ? { borderColor: 'var(--mantine-color-red-8)', borderWidth: 3 } : undefined}
      >
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Stack gap={2} miw={0}>
            <Group gap="xs" wrap="wrap">
              <Anchor component={Link} to={`/patients/${alert.patient.id}`} fw={700}>
                {alert.patient.name}
              </Anchor>
              <Text size="sm" c="dimmed">
                MRN {alert.patient.mrn}
              </Text>
              <Badge color={SEVERITY_BADGES[alert.severity].color} variant={SEVERITY_BADGES[alert.severity].variant}>
                {alert.severity} risk
              </Badge>
              {isEscalated ? (
                <Badge color="red.9" variant="filled">
                  Escalated {formatDateTime(alert.escalatedAt ?? '')}
                </Badge>
              ) : null}
            </Group>
            <Text size="sm">
              Raised {formatDateTime(alert.createdAt)} from {ALERT_SOURCE_LABELS[alert.source] ?? alert.source}
              {isEscalated
                ? ''
                : `; escalates to every prescriber at ${formatDateTime(alert.escalationDueAt)} if not acknowledged`}
            </Text>
            {alert.reasons.length > 0 ? (
              <Text size="sm" c="dimmed">
                {alert.reasons.join(' ')}
              </Text>
            ) : null}
            {alert.waitingFor ? (
              <Text size="sm" c="red.9" fw={600}>
                {alert.waitingFor.message}{' '}
                <Anchor component={Link} to={`/sessions/${alert.waitingFor.sessionId}/treatment`}>
                  Open the session
                </Anchor>
              </Text>
            ) : null}
          </Stack>
          {canAcknowledge ? (
            <Button
              color="red.9"
              size="sm"
              onClick={onAcknowledge}
              aria-label={`Acknowledge the alert for ${alert.patient.name}`}
            >
              Acknowledge
            </Button>
          ) : null}
        </Group>
      </Paper>
    </li>
  );
}

function AcknowledgeDialog({
  alert,
  onClose,
  onDone,
}: {
  alert: SafetyAlert;
  onClose: () => void;
  onDone: () => void;
}) {
  const acknowledge = useAcknowledgeAlert();
  const [actions, setActions] = useState<AcknowledgeAction[]>([]);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ actions?: string | undefined; note?: string | undefined }>({});
  const server = fieldErrorsFrom(acknowledge.error, ['actions', 'note']);
  /** Stores what is chosen or typed, and clears that field's message from the last try. */
  const edit =
    <T,>(field: 'actions' | 'note', store: (value: T) => void) =>
    (value: T) => {
      store(value);
      setErrors((e) => ({ ...e, [field]: undefined }));
    };

  const submit = () => {
    const found: { actions?: string | undefined; note?: string | undefined } = {};
    if (actions.length === 0) found.actions = 'Choose at least one action you took.';
    if (note.trim().length < 3) found.note = 'Write a note of what you did (at least 3 characters).';
    setErrors(found);
    if (found.actions || found.note) return;
    acknowledge.mutate({ id: alert.id, note: note.trim(), actions }, { onSuccess: onDone });
  };

  return (
    <DialogForm
      title={`Acknowledge the alert for ${alert.patient.name}`}
      label="Acknowledge alert"
      size="lg"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Acknowledge alert"
      isPending={acknowledge.isPending}
      submitColor="red.9"
    >
      <Text size="sm">
        Raised {formatDateTime(alert.createdAt)}. Acknowledging is final and recorded in the audit log.
      </Text>
      <ErrorAlert error={acknowledge.error} title="The alert was not acknowledged" shownFields={['actions', 'note']} />
      <Checkbox.Group
        label="Action taken"
        description="Choose every action you took."
        value={actions}
        onChange={edit('actions', (value: string[]) => setActions(value as AcknowledgeAction[]))}
        error={errors.actions ?? server.actions}
        withAsterisk
      >
        <Stack gap="xs" mt="xs">
          {ACKNOWLEDGE_ACTIONS.map((a) => (
            <Checkbox key={a.value} value={a.value} label={a.label} />
          ))}
        </Stack>
      </Checkbox.Group>
      <ReasonField
        label="Note"
        description="What you did and what happens next."
        value={note}
        onChange={edit('note', setNote)}
        error={errors.note ?? server.note}
        minRows={3}
        maxLength={2000}
        withAsterisk
      />
    </DialogForm>
  );
}

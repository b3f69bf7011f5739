import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  CopyButton,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/format';
import { fieldErrorsFrom } from '../../components/forms';
import { useSendQuestionnaireLink } from '../appointments/appointments.api';
import { useCreateMeasureLink, useInstruments, type CreatedLink, type MeasureContext } from './measures.api';
import { MeasureContextSelect } from './MeasureContextSelect';
import { SubmitForm } from '../../components/SubmitForm';

const EXPIRY_CHOICES = [
  { value: '', label: 'Clinic default' },
  { value: '24', label: '24 hours' },
  { value: '48', label: '48 hours' },
  { value: '72', label: '72 hours' },
  { value: '168', label: '7 days' },
];

/** The full address of a link: the server answers the path (`/q/<token>`), the page adds its own origin. */
export function linkUrl(path: string): string {
  return `${window.location.origin}${path}`;
}

/** Closes the form once the link is shown or sent. */
function DoneButton({ onClose }: { onClose: () => void }) {
  return (
    <Group>
      <Button variant="default" onClick={onClose}>
        Done
      </Button>
    </Group>
  );
}

/**
 * Staff create a single-use link for the patient to answer questionnaires at home. The server returns the token
 * only once: the address is shown here to copy, and is gone when this form is closed.
 */
export function SendLinkForm({ patientId, onClose }: { patientId: string; onClose: () => void }) {
  const instruments = useInstruments();
  const create = useCreateMeasureLink(patientId);
  const [chosen, setChosen] = useState<string[]>([]);
  const [context, setContext] = useState<MeasureContext>('follow-up');
  const [expiry, setExpiry] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [created, setCreated] = useState<CreatedLink | null>(null);
  // 'copy': show the link once to copy (as before); 'email' / 'sms': the outbox sends it and the link is never shown.
  const [channels, setChannels] = useState<string[]>([]);
  const send = useSendQuestionnaireLink(patientId);
  const server = fieldErrorsFrom(create.error, ['instruments', 'context', 'expiresInHours']);
  const patientReported = (instruments.data?.items ?? []).filter((i) => i.respondent === 'patient');

  if (send.data) {
    return (
      <Stack gap="sm">
        <Alert color="green" variant="light" title="Questionnaire link sent" role="status">
          <Text size="sm">
            Queued to the patient{' '}
            {send.data.queued
              .map((q) => `${q.channel === 'email' ? 'by email to' : 'by text to'} ${q.recipient}`)
              .join(' and ')}
            . It can be used once, and expires {formatDateTime(send.data.link.expiresAt)}. The outbox shows when it is
            delivered.
          </Text>
        </Alert>
        <DoneButton onClose={onClose} />
      </Stack>
    );
  }

  if (created) {
    const url = linkUrl(created.path);
    return (
      <Stack gap="sm">
        <Alert color="green" variant="light" title="Questionnaire link created" role="status">
          <Text size="sm">
            Copy the link now and send it to the patient: it is shown only once. It can be used once, and expires{' '}
            {formatDateTime(created.expiresAt)}.
          </Text>
        </Alert>
        <Group align="flex-end" wrap="wrap" gap="sm">
          <TextInput
            label="Questionnaire link"
            value={url}
            readOnly
            style={{ flex: 1, minWidth: 240 }}
            onFocus={(event) => event.currentTarget.select()}
          />
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button variant={copied ? 'filled' : 'default'} onClick={copy}>
                {copied ? 'Copied' : 'Copy link'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Text size="sm" c="dimmed">
          Expires {formatDateTime(created.expiresAt)}
        </Text>
        <DoneButton onClose={onClose} />
      </Stack>
    );
  }

  const submit = () => {
    if (chosen.length === 0) {
      setError('Choose at least one questionnaire.');
      return;
    }
    setError(undefined);
    if (channels.length > 0) {
      send.mutate({
        instruments: chosen,
        context,
        channels: channels as Array<'email' | 'sms'>,
        ...(expiry ? { expiresInHours: Number(expiry) } : {}),
      });
      return;
    }
    create.mutate(
      { instruments: chosen, context, ...(expiry ? { expiresInHours: Number(expiry) } : {}) },
      { onSuccess: (link) => setCreated(link) },
    );
  };

  return (
    <SubmitForm label="Send questionnaire link" onSubmit={submit}>
      <Stack gap="md">
        <ErrorAlert
          error={create.error}
          title="The link was not created"
          shownFields={['instruments', 'context', 'expiresInHours']}
        />
        <ErrorAlert error={instruments.error} title="The instruments could not be loaded" />
        <Checkbox.Group
          label="Questionnaires"
          description="Only questionnaires the patient answers (not clinician-rated scales)."
          value={chosen}
          onChange={(value) => {
            setChosen(value);
            setError(undefined);
          }}
          error={error ?? server.instruments}
          withAsterisk
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
            {patientReported.map((i) => (
              <Checkbox key={i.id} value={i.id} label={`${i.shortName}: ${i.title}`} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <MeasureContextSelect value={context} onChange={setContext} error={server.context} />
          <NativeSelect
            label="Link expires after"
            value={expiry}
            onChange={(event) => setExpiry(event.currentTarget.value)}
            data={EXPIRY_CHOICES}
            error={server.expiresInHours}
          />
        </SimpleGrid>
        <Checkbox.Group
          label="Send it to the patient"
          description="By email or text message to the address on the registration; leave both unticked to show a link to copy."
          value={channels}
          onChange={setChannels}
        >
          <Group mt="xs">
            <Checkbox value="email" label="Email" />
            <Checkbox value="sms" label="Text message (SMS)" />
          </Group>
        </Checkbox.Group>
        <ErrorAlert
          error={send.error}
          title="The link was not sent"
          shownFields={['instruments', 'context', 'expiresInHours']}
        />
        <Group>
          <Button type="submit" loading={create.isPending || send.isPending}>
            {channels.length > 0 ? 'Send link' : 'Create link'}
          </Button>
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </SubmitForm>
  );
}

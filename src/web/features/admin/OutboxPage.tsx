/**
 * The outbox (issue 14), for the admin: every mail and text message the clinic queued (reminders, questionnaire
 * links, consent copies) with its delivery: sent when, the provider's message id, attempts, the last error. Without
 * mail or SMS settings nothing is sent, and the page says so.
 */
import { useState } from 'react';
import { Alert, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { DataTable } from '../../components/DataTable';
import { formatDateTime } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { useOutbox, type OutboxMessage } from '../appointments/appointments.api';
import { textField } from '../../components/forms';

const STATUS_LABELS: Record<OutboxMessage['status'], { label: string; colour: string }> = {
  pending: { label: 'Pending', colour: 'dark.6' },
  sending: { label: 'Sending', colour: 'blue.9' },
  sent: { label: 'Sent', colour: 'green.9' },
  failed: { label: 'Failed', colour: 'red.9' },
};
const KIND_LABELS: Record<string, string> = {
  'reminder-48h': 'Reminder (48 hours)',
  'reminder-2h': 'Reminder (2 hours)',
  'questionnaire-link': 'Questionnaire link',
  'consent-copy': 'Consent copy',
};

export function OutboxPage() {
  const [status, setStatus] = useState('');
  const outbox = useOutbox(status);
  const delivery = outbox.data?.delivery;
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Messages to patients: reminders, questionnaire links and consent copies, with their delivery."
      />
      <Stack gap="md">
        {delivery && !delivery.email ? (
          <Alert color="orange" variant="light" title="Mail is not set up: nothing is sent by email">
            <Text size="sm">
              Set SMTP_URL (and SMTP_FROM) on the server to send mail. Until then, email messages wait here as pending.
            </Text>
          </Alert>
        ) : null}
        {delivery && !delivery.sms ? (
          <Alert color="gray" variant="light" title="Text messages are not set up: nothing is sent by SMS">
            <Text size="sm">Set SMS_URL and SMS_TOKEN on the server to send text messages through your provider.</Text>
          </Alert>
        ) : null}
        <NativeSelect
          label="Status"
          {...textField(status, setStatus)}
          w={220}
          data={[
            { value: '', label: 'All' },
            { value: 'pending', label: 'Pending' },
            { value: 'sent', label: 'Sent' },
            { value: 'failed', label: 'Failed' },
            { value: 'sending', label: 'Sending' },
          ]}
        />
        <QueryStatus query={outbox} failed="The outbox could not be loaded" loading="Loading the outbox…" />
        {outbox.data ? (
          outbox.data.messages.length === 0 ? (
            <Text c="dimmed">No messages.</Text>
          ) : (
            <DataTable
              caption="Messages"
              columns={['Queued', 'What', 'To', 'Status', 'Attempts', 'Delivery']}
              minWidth={800}
            >
              {outbox.data.messages.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{formatDateTime(m.createdAt)}</Table.Td>
                  <Table.Td>
                    {KIND_LABELS[m.kind] ?? m.kind}
                    {m.subject ? (
                      <Text size="xs" c="dimmed">
                        {m.subject}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {m.channel === 'email' ? 'Email' : 'SMS'}: {m.recipient}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={700} c={STATUS_LABELS[m.status].colour}>
                      {STATUS_LABELS[m.status].label}
                    </Text>
                  </Table.Td>
                  <Table.Td>{m.attempts}</Table.Td>
                  <Table.Td>
                    {m.sentAt ? (
                      <Text size="sm">
                        Sent {formatDateTime(m.sentAt)}
                        {m.providerMessageId ? (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            ({m.providerMessageId})
                          </Text>
                        ) : null}
                      </Text>
                    ) : null}
                    {m.status === 'pending' && m.attempts > 0 ? (
                      <Text size="sm">Next try {formatDateTime(m.nextAttemptAt)}</Text>
                    ) : null}
                    {m.lastError ? (
                      <Text size="xs" c="red.8">
                        {m.lastError}
                      </Text>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )
        ) : null}
      </Stack>
    </>
  );
}

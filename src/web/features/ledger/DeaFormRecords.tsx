/**
 * DEA Form 41 (destruction) or Form 106 (theft or loss) records: each with its PDF and when it was sent to the DEA.
 * "Mark as sent" (admin) adds an event with the day, how (DEA Diversion Control online, mail, fax) and a reference;
 * earlier ones stay listed.
 */
import { useState, type FormEvent } from 'react';
import { Anchor, Badge, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, textField } from '../../components/forms';
import { formatDateTime } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { usePermissions } from '../auth/session';
import { clinicToday } from './ledger-admin-format';
import {
  DEA_SEND_METHODS,
  deaFormPdfUrl,
  useDeaForms,
  useMarkDeaFormSent,
  type DeaFormRecord,
  type MarkDeaFormSent,
} from './dea-forms.api';

function summary(record: DeaFormRecord): string {
  if (record.form41)
    return `${record.form41.item.substance} ${record.form41.item.strength}, lot ${record.form41.item.batch}: ${record.form41.item.totalDestroyed} destroyed ${record.form41.dateOfDestruction}`;
  if (record.form106)
    return `${record.form106.substance.name}, lot ${record.form106.substance.lot}: ${record.form106.substance.quantity} lost ${record.form106.dateOfTheftOrLoss}`;
  return record.title;
}

function MarkSent({ record }: { record: DeaFormRecord }) {
  const mark = useMarkDeaFormSent(record.entryId);
  const [method, setMethod] = useState<MarkDeaFormSent['method']>('dea-diversion-online');
  const [sentOn, setSentOn] = useState(clinicToday(new Date()));
  const [reference, setReference] = useState('');
  const errors = fieldErrorsFrom(mark.error, ['method', 'sentOn', 'reference']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mark.mutate(
      { method, sentOn, ...(reference.trim() ? { reference: reference.trim() } : {}) },
      { onSuccess: () => setReference('') },
    );
  };
  return (
    <form onSubmit={submit} aria-label={`Mark ledger entry ${record.sequence} as sent`}>
      <Group align="flex-end" gap="xs">
        <NativeSelect
          label="Sent by"
          value={method}
          onChange={(e) => setMethod(DEA_SEND_METHODS.find((m) => m.value === e.currentTarget.value)?.value ?? 'other')}
          data={[...DEA_SEND_METHODS]}
          error={errors['method']}
        />
        <TextInput label="Sent on" type="date" {...textField(sentOn, setSentOn, errors['sentOn'])} />
        <TextInput
          label="Reference (optional)"
          maxLength={200}
          {...textField(reference, setReference, errors['reference'])}
        />
        <Button type="submit" variant="light" loading={mark.isPending}>
          Mark as sent
        </Button>
      </Group>
      <ErrorAlert error={mark.error} shownFields={['method', 'sentOn', 'reference']} title="Not marked as sent" />
    </form>
  );
}

export function DeaFormRecords({ form }: { form: '41' | '106' }) {
  const can = usePermissions();
  const records = useDeaForms();
  const items = (records.data ?? []).filter((r) => r.form === form);
  return (
    <Stack gap="sm" aria-labelledby={`dea-form-${form}-heading`} component="section">
      <Title order={2} size="h3" id={`dea-form-${form}-heading`}>
        DEA Form {form} records
      </Title>
      <QueryStatus query={records} failed="The records could not be loaded" loading="Loading the records…" />
      {records.data && items.length === 0 ? <Text size="sm">No Form {form} records yet.</Text> : null}
      {items.map((record) => (
        <Paper
          key={record.entryId}
          withBorder
          p="sm"
          radius="md"
          component="article"
          aria-label={`DEA Form ${form} record, ledger entry ${record.sequence}`}
        >
          <Stack gap={6}>
            <Group justify="space-between">
              <Text fw={600}>
                Ledger entry #{record.sequence}: {summary(record)}
              </Text>
              {record.isSent ? (
                <Badge color="green" variant="light">
                  Sent
                </Badge>
              ) : (
                <Badge color="orange" variant="light">
                  Not sent
                </Badge>
              )}
            </Group>
            <Anchor href={deaFormPdfUrl(record.entryId)} size="sm">
              Download the Form {form} record (PDF)
            </Anchor>
            {record.submissions.map((s) => (
              <Text key={s.id} size="sm">
                Sent {s.sentOn} by {s.methodLabel}
                {s.reference ? ` (reference ${s.reference})` : ''}; recorded by {s.recordedBy.displayName},{' '}
                {formatDateTime(s.recordedAt)}.
              </Text>
            ))}
            {can('dea-form:send') ? <MarkSent record={record} /> : null}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

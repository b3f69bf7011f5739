import { List, Table, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCalendarDate, formatDateTime } from '../../components/format';
import { LoadingState } from '../../components/LoadingState';
import { FIELD_LABELS, formatAddress, SEX_LABELS } from './patient-fields';
import { usePatientHistory, type Address, type PatientVersion, type Sex } from './patients.api';
import { DataTable } from '../../components/DataTable';

/** A field's value in one version, as words. */
function describeValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(cleared)';
  if (field === 'sex') return SEX_LABELS[value as Sex] ?? String(value);
  if (field === 'dateOfBirth' && typeof value === 'string') return formatCalendarDate(value);
  if (field === 'address') return formatAddress(value as Address) || '(cleared)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Changes({ version }: { version: PatientVersion }) {
  if (version.version === 1) return <Text size="sm">Registered</Text>;
  if (version.changedFields.length === 0) return <Text size="sm">No field changed</Text>;
  return (
    <List size="sm" spacing={2}>
      {version.changedFields.map((field) => (
        <List.Item key={field}>
          <Text span fw={600} size="sm">
            {FIELD_LABELS[field] ?? field}:
          </Text>{' '}
          {describeValue(field, version.data[field])}
        </List.Item>
      ))}
    </List>
  );
}

/** Every saved version of the record, newest first: when, by whom, and what changed to what. */
export function PatientHistory({ patientId }: { patientId: string }) {
  const history = usePatientHistory(patientId);
  if (history.isPending) return <LoadingState label="Loading the history…" />;
  if (history.isError) return <ErrorAlert error={history.error} title="The history could not be loaded" />;
  const versions = [...history.data].sort((a, b) => b.version - a.version);
  return (
    <DataTable caption="Changes to this patient's record" columns={['Version', 'When', 'By', 'Changes']} minWidth={520}>
      {versions.map((version) => (
        <Table.Tr key={version.version}>
          <Table.Td>{version.version}</Table.Td>
          <Table.Td>{formatDateTime(version.changedAt)}</Table.Td>
          <Table.Td>{version.changedBy?.displayName ?? 'System'}</Table.Td>
          <Table.Td>
            <Changes version={version} />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

/** The patient's sessions, upcoming first, then past ones, each with its state and a way to open it. */
import { Link } from 'react-router';
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { ColumnHeaders } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { usePermissions } from '../auth/session';
import { formatDateTime } from '../../components/format';
import { usePatientSessions, type PatientSession } from './chart.api';
import { phaseLabel } from './glance-format';

const STATUS: Readonly<Record<PatientSession['status'], { label: string; color: string }>> = {
  scheduled: { label: 'Booked', color: 'blue' },
  'in-progress': { label: 'Under way', color: 'orange' },
  completed: { label: 'Held', color: 'green' },
  cancelled: { label: 'Cancelled', color: 'gray' },
  'no-show': { label: 'No-show', color: 'red' },
};

export function PatientSessionsPanel({ patientId }: { patientId: string }) {
  const sessions = usePatientSessions(patientId);
  const can = usePermissions();
  if (sessions.isPending) return <LoadingState label="Loading sessions…" />;
  if (sessions.isError) return <ErrorAlert error={sessions.error} title="The sessions could not be loaded" />;
  const items = sessions.data.items;
  if (items.length === 0) return <Text size="sm">No sessions booked yet.</Text>;
  const upcoming = items.filter((s) => s.isUpcoming);
  const past = items.filter((s) => !s.isUpcoming).reverse();
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped fz="sm">
        <caption style={{ textAlign: 'left', captionSide: 'top', paddingBottom: 4 }}>
          {upcoming.length} upcoming, {past.length} past
        </caption>
        <ColumnHeaders columns={['When', 'Session', 'State', 'Chair and staff', 'Note']} />
        <Table.Tbody>
          {[...upcoming, ...past].map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                {can('session:read') && s.status !== 'cancelled' ? (
                  <Anchor component={Link} to={`/sessions/${s.id}/treatment`} size="sm">
                    {formatDateTime(s.startsAt)}
                  </Anchor>
                ) : (
                  formatDateTime(s.startsAt)
                )}
              </Table.Td>
              <Table.Td>
                {s.modalityName}
                {s.sessionNumber !== null ? `, no. ${s.sessionNumber}` : ''}
                {phaseLabel(s.phase) ? ` (${phaseLabel(s.phase)})` : ''}
              </Table.Td>
              <Table.Td>
                <Badge color={STATUS[s.status].color} variant="light">
                  {STATUS[s.status].label}
                </Badge>
              </Table.Td>
              <Table.Td>{[s.chairName, s.staffName].filter(Boolean).join(', ') || '—'}</Table.Td>
              <Table.Td>{s.hasSignedNote ? 'Signed' : s.status === 'completed' ? 'Not signed' : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

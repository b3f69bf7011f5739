import { useState } from 'react';
import { Alert, Badge, Button, Divider, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { usePermissions } from '../auth/session';
import type { Patient } from '../patients/patients.api';
import {
  MEASURE_CONTEXT_LABELS,
  TIMING_LABELS,
  useInstruments,
  useMeasureLinks,
  useMeasurementSchedule,
  usePatientOutcomes,
  type RecordedMeasure,
} from './measures.api';
import { RecordMeasureForm } from './RecordMeasureForm';
import { SendLinkForm } from './SendLinkForm';
import { TrajectoryChart } from './TrajectoryChart';
import { DataTable } from '../../components/DataTable';

type Mode = 'view' | 'record' | 'send-link';

/** The "Measures and outcomes" section of a patient's record. */
export function MeasuresPanel({ patient }: { patient: Patient }) {
  const can = usePermissions();
  const [mode, setMode] = useState<Mode>('view');
  const [recorded, setRecorded] = useState<RecordedMeasure | null>(null);
  const instruments = useInstruments();
  const nameOf = (id: string) => instruments.data?.items.find((i) => i.id === id)?.shortName ?? id;

  return (
    <Stack gap="lg">
      <Group gap="sm">
        {can('measure:write') ? (
          <Button
            variant={mode === 'record' ? 'filled' : 'light'}
            onClick={() => {
              setRecorded(null);
              setMode(mode === 'record' ? 'view' : 'record');
            }}
          >
            Record a completed instrument
          </Button>
        ) : null}
        {can('measure-link:send') ? (
          <Button
            variant={mode === 'send-link' ? 'filled' : 'light'}
            onClick={() => setMode(mode === 'send-link' ? 'view' : 'send-link')}
          >
            Send questionnaire link
          </Button>
        ) : null}
      </Group>
      <div aria-live="polite">
        {recorded ? (
          <Alert
            color={recorded.alert ? 'red' : 'green'}
            variant="light"
            title={`${nameOf(recorded.instrument)} recorded`}
          >
            <Text size="sm">
              {recorded.total !== null ? `Total ${recorded.total}` : 'No total'}
              {recorded.band ? `, ${recorded.band.replace(/-/g, ' ')}` : ''}.
              {recorded.flags.length > 0 ? ` ${recorded.flags.map((f) => f.message).join(' ')}` : ''}
              {recorded.alert ? ` A ${recorded.alert.severity} suicide-risk alert was raised for the care team.` : ''}
            </Text>
          </Alert>
        ) : null}
      </div>
      {mode === 'record' ? (
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h4" mb="sm">
            Record a completed instrument
          </Title>
          <RecordMeasureForm
            patientId={patient.id}
            onDone={(r) => {
              setRecorded(r);
              setMode('view');
            }}
          />
        </Paper>
      ) : null}
      {mode === 'send-link' ? (
        <Paper withBorder p="md" radius="md">
          <Title order={3} size="h4" mb="sm">
            Send questionnaire link
          </Title>
          <SendLinkForm patientId={patient.id} onClose={() => setMode('view')} />
        </Paper>
      ) : null}

      <DueMeasures patientId={patient.id} nameOf={nameOf} />
      <Divider />
      <Trajectories patientId={patient.id} />
      <Divider />
      <Links patientId={patient.id} nameOf={nameOf} />
    </Stack>
  );
}

const STATUS_COLOURS: Readonly<Record<string, string>> = {
  overdue: 'red',
  due: 'orange',
  open: 'blue',
  used: 'gray',
  expired: 'gray',
};

function DueMeasures({ patientId, nameOf }: { patientId: string; nameOf: (id: string) => string }) {
  const schedule = useMeasurementSchedule(patientId);
  return (
    <section aria-labelledby={`due-${patientId}`}>
      <Title order={3} size="h4" id={`due-${patientId}`} mb="xs">
        Due and overdue measures
      </Title>
      <QueryStatus
        query={schedule}
        failed="The measurement schedule could not be loaded"
        loading="Loading the schedule…"
      />
      {schedule.data ? (
        <>
          <Text size="sm" c="dimmed" mb="xs">
            {schedule.data.isClinicDefault ? 'Clinic default schedule' : `Schedule version ${schedule.data.version}`}:{' '}
            {schedule.data.rules
              .map((r) => `${nameOf(r.instrument)} ${(TIMING_LABELS[r.timing] ?? r.timing).toLowerCase()}`)
              .join(', ') || 'nothing scheduled'}
            .
          </Text>
          {schedule.data.items.length === 0 ? (
            <Text size="sm">Nothing is due now.</Text>
          ) : (
            <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: 'none' }}>
              {schedule.data.items.map((item) => (
                <Group component="li" key={`${item.instrument}-${item.timing}-${item.dueAt}`} gap="xs" wrap="wrap">
                  <Badge
                    color={STATUS_COLOURS[item.status] ?? 'gray'}
                    variant={item.status === 'overdue' ? 'outline' : 'light'}
                  >
                    {item.status}
                  </Badge>
                  <Text size="sm" fw={600}>
                    {nameOf(item.instrument)}
                  </Text>
                  <Text size="sm">
                    {TIMING_LABELS[item.timing] ?? item.timing}, due {formatDateTime(item.dueAt)} (window closes{' '}
                    {formatDateTime(item.windowEnd)})
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </>
      ) : null}
    </section>
  );
}

function Trajectories({ patientId }: { patientId: string }) {
  const outcomes = usePatientOutcomes(patientId);
  return (
    <section aria-labelledby={`trajectories-${patientId}`}>
      <Title order={3} size="h4" id={`trajectories-${patientId}`} mb="xs">
        Score trajectories
      </Title>
      <QueryStatus query={outcomes} failed="The outcomes could not be loaded" loading="Loading the outcomes…" />
      {outcomes.data && outcomes.data.instruments.length === 0 ? <Text size="sm">No scored measures yet.</Text> : null}
      <Stack gap="xl">
        {outcomes.data?.instruments.map((t) => (
          <section key={t.instrument} aria-label={`${t.shortName} trajectory`}>
            <Title order={4} size="h5" mb={4}>
              {t.shortName}: {t.title}
            </Title>
            <TrajectoryChart trajectory={t} sessions={outcomes.data.sessions} />
          </section>
        ))}
      </Stack>
    </section>
  );
}

function Links({ patientId, nameOf }: { patientId: string; nameOf: (id: string) => string }) {
  const links = useMeasureLinks(patientId);
  const items = links.data?.items ?? [];
  return (
    <section aria-labelledby={`links-${patientId}`}>
      <Title order={3} size="h4" id={`links-${patientId}`} mb="xs">
        Questionnaire links sent
      </Title>
      <ErrorAlert error={links.error} title="The links could not be loaded" />
      {links.data && items.length === 0 ? <Text size="sm">No links sent yet.</Text> : null}
      {items.length > 0 ? (
        <DataTable
          caption="Questionnaire links"
          columns={['Sent', 'Questionnaires', 'Context', 'Status']}
          minWidth={480}
          verticalSpacing={7}
        >
          {items.map((l) => (
            <Table.Tr key={l.id}>
              <Table.Td>{formatDateTime(l.createdAt)}</Table.Td>
              <Table.Td>{l.instruments.map(nameOf).join(', ')}</Table.Td>
              <Table.Td>{MEASURE_CONTEXT_LABELS[l.context] ?? l.context}</Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOURS[l.status] ?? 'gray'} variant="light">
                  {l.status}
                </Badge>{' '}
                <Text span size="xs" c="dimmed">
                  {l.status === 'used' && l.usedAt
                    ? `completed ${formatDateTime(l.usedAt)}`
                    : `expires ${formatDateTime(l.expiresAt)}`}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}

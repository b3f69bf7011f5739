/**
 * The clinic board: every chair today, refetched whenever the live channel says something changed (on any server
 * process sharing the database), with due times counting down between refetches.
 */
import { Link } from 'react-router';
import { Anchor, Badge, Box, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { usePermissions } from '../auth/session';
import {
  boardKeys,
  describeDue,
  elapsedNow,
  PHASE_LABELS,
  useBoard,
  type BoardChair,
  type BoardPhase,
} from './board.api';
import type { LiveStatus } from './useClinicEvents';
import { useLiveRefetch } from './useLiveRefetch';
import { useNow } from '../../components/useNow';

const TICK_MS = 15_000;

const PHASE_COLOURS: Readonly<Record<BoardPhase, string>> = {
  'pre-dose': 'gray',
  dosing: 'blue',
  monitoring: 'violet',
  'ready-for-discharge': 'green',
  discharged: 'dark',
};

const LIVE_LABELS: Readonly<Record<LiveStatus, string>> = {
  connecting: 'Connecting to live updates…',
  live: 'Live: updates appear as they happen',
  reconnecting: 'Reconnecting to live updates…',
};

export function BoardPage() {
  const board = useBoard();
  const live = useLiveRefetch(boardKeys.board);
  const now = useNow(TICK_MS);

  return (
    <>
      <PageHeader title="Clinic board" description="Every chair today: phase, time, next check due and open alerts." />
      <Group gap="xs" mb="md" role="status" aria-live="polite">
        {/* "Offline" only once a connection has failed: while the first one is being made the board says so. */}
        <Badge color={live === 'live' ? 'green' : live === 'connecting' ? 'gray' : 'orange'} variant="light">
          {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Offline'}
        </Badge>
        <Text size="sm" c="dimmed">
          {LIVE_LABELS[live]}
        </Text>
      </Group>
      <QueryStatus query={board} failed="The board could not be loaded" loading="Loading the board…" />
      {board.data && board.data.chairs.length === 0 ? <Text>No treatment sessions today.</Text> : null}
      {board.data && board.data.chairs.length > 0 ? (
        // On a phone each chair is a card (phase and next check first), so nothing is cut off at the right edge.
        <Box hiddenFrom="sm">
          <Stack
            component="ul"
            gap="sm"
            aria-label={`Today's sessions (${board.data.chairs.length})`}
            style={{ listStyle: 'none', margin: 0, padding: 0 }}
          >
            {board.data.chairs.map((chair) => (
              <ChairCard key={chair.sessionId} chair={chair} generatedAt={board.data.generatedAt} now={now} />
            ))}
          </Stack>
        </Box>
      ) : null}
      {board.data && board.data.chairs.length > 0 ? (
        <Box visibleFrom="sm">
          <Table.ScrollContainer minWidth={640}>
            <Table striped verticalSpacing="sm" aria-busy={board.isFetching}>
              <Table.Caption>Today's sessions ({board.data.chairs.length})</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Chair</Table.Th>
                  <Table.Th scope="col">Patient</Table.Th>
                  <Table.Th scope="col">Phase</Table.Th>
                  <Table.Th scope="col">Next check</Table.Th>
                  <Table.Th scope="col">Elapsed</Table.Th>
                  <Table.Th scope="col">Open alerts</Table.Th>
                  <Table.Th scope="col">Modality</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {board.data.chairs.map((chair) => (
                  <ChairRow key={chair.sessionId} chair={chair} generatedAt={board.data.generatedAt} now={now} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Box>
      ) : null}
    </>
  );
}

/** The chair's phase of the treatment day, in its colour. */
function PhaseBadge({ chair }: { chair: BoardChair }) {
  return (
    <Badge color={PHASE_COLOURS[chair.phase] ?? 'gray'} variant="light">
      {PHASE_LABELS[chair.phase] ?? chair.phase}
    </Badge>
  );
}

/** Before the dose: whether the patient has been checked in yet. */
function CheckInNote({ chair }: { chair: BoardChair }) {
  return chair.phase === 'pre-dose' ? (
    <Text size="sm" c="dimmed">
      {chair.isCheckedIn ? 'Checked in' : 'Not checked in'}
    </Text>
  ) : null;
}

function ChairCard({ chair, generatedAt, now }: { chair: BoardChair; generatedAt: string; now: number }) {
  const elapsed = elapsedNow(chair, generatedAt, now);
  const can = usePermissions();
  const chairName = chair.chair?.name ?? 'No chair';
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      radius="md"
      data-session-id={chair.sessionId}
      aria-label={`${chairName}, ${chair.patientInitials}`}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={700}>
          {can('session:read') ? (
            <Anchor
              component={Link}
              to={`/sessions/${chair.sessionId}/treatment`}
              aria-label={`${chairName}: open the session of ${chair.patientInitials}`}
            >
              {chairName}
            </Anchor>
          ) : (
            chairName
          )}
          <Text span c="dimmed" fw={400}>
            {' '}
            · {chair.patientInitials}
          </Text>
        </Text>
        <PhaseBadge chair={chair} />
      </Group>
      <CheckInNote chair={chair} />
      {chair.waitingFor ? (
        <Text size="sm" c="red.9" fw={600}>
          Waiting for a prescriber: {chair.waitingFor.message}
        </Text>
      ) : null}
      <Text size="sm" mt={4}>
        <Text span fw={600}>
          Next check:{' '}
        </Text>
        {chair.nextCheck ? (
          <>
            {chair.nextCheck.label}{' '}
            <Text span c={new Date(chair.nextCheck.dueAt).getTime() < now ? 'red.9' : 'dimmed'}>
              ({describeDue(chair.nextCheck.dueAt, now)})
            </Text>
            {chair.overdueChecks > 1 ? (
              <Text span c="red.9">
                {' '}
                · {chair.overdueChecks} checks overdue
              </Text>
            ) : null}
          </>
        ) : (
          'none'
        )}
      </Text>
      <Text size="sm" c="dimmed">
        {chair.modalityName}
        {elapsed === null ? '' : ` · ${elapsed} min elapsed`}
      </Text>
      {chair.openAlerts.map((alert) => (
        <Text key={alert.id} size="sm" c="red.9" fw={600}>
          {alert.message}
        </Text>
      ))}
    </Paper>
  );
}

function ChairRow({ chair, generatedAt, now }: { chair: BoardChair; generatedAt: string; now: number }) {
  const elapsed = elapsedNow(chair, generatedAt, now);
  const can = usePermissions();
  return (
    <Table.Tr data-session-id={chair.sessionId}>
      <Table.Th scope="row" style={{ whiteSpace: 'nowrap' }}>
        {can('session:read') ? (
          <Anchor
            component={Link}
            to={`/sessions/${chair.sessionId}/treatment`}
            aria-label={`${chair.chair?.name ?? 'No chair'}: open the session of ${chair.patientInitials}`}
          >
            {chair.chair?.name ?? 'No chair'}
          </Anchor>
        ) : (
          (chair.chair?.name ?? 'No chair')
        )}
      </Table.Th>
      <Table.Td>{chair.patientInitials}</Table.Td>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <PhaseBadge chair={chair} />
          <CheckInNote chair={chair} />
          {chair.waitingFor ? (
            <Badge color="red.9" variant="filled" title={chair.waitingFor.message}>
              Waiting for a prescriber
            </Badge>
          ) : null}
          {chair.waitingFor ? (
            <Text size="sm" c="red.9">
              {chair.waitingFor.message}
            </Text>
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        {chair.nextCheck ? (
          <Stack gap={0}>
            <Text size="sm">{chair.nextCheck.label}</Text>
            <Text size="sm" c={new Date(chair.nextCheck.dueAt).getTime() < now ? 'red.9' : 'dimmed'}>
              {describeDue(chair.nextCheck.dueAt, now)}
            </Text>
            {chair.overdueChecks > 1 ? (
              <Text size="sm" c="red.9">
                {chair.overdueChecks} checks overdue
              </Text>
            ) : null}
          </Stack>
        ) : (
          '–'
        )}
      </Table.Td>
      <Table.Td>{elapsed === null ? '–' : `${elapsed} min`}</Table.Td>
      <Table.Td>
        {chair.openAlerts.length === 0 ? (
          'None'
        ) : (
          <Stack gap={2}>
            {chair.openAlerts.map((alert) => (
              <Text key={alert.id} size="sm" c="red.9" fw={600}>
                {alert.message}
              </Text>
            ))}
          </Stack>
        )}
      </Table.Td>
      <Table.Td>{chair.modalityName}</Table.Td>
    </Table.Tr>
  );
}

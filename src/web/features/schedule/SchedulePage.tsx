/**
 * The week calendar: one row per chair, one column per day (Monday to Sunday), each booked session with its time,
 * patient and modality; previous/next week, today marked, the clinic's hours and the staff on shift. Dates are the
 * clinic's calendar (its time zone), and the week is in the address (?week=YYYY-MM-DD) so it can be shared.
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  Anchor,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  List,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { countOf, formatDateTime, formatTime } from '../../components/format';
import { modalityLabel } from '../intake/care-codes';
import { AppointmentsWeek } from '../appointments/AppointmentsWeek';
import { nowLocalIn } from '../appointments/slots';
import { usePermissions } from '../auth/session';
import { SessionDialog } from './SessionDialog';
import { useClinicTimeZone, useSchedule, type ScheduledSession, type ScheduleView } from './schedule.api';
import { addDays, formatDay, isCalendarDate, mondayOf, openingHours, todayIn } from './week';

const timeOf = (local: string) => formatTime(local);

export function SchedulePage() {
  const [params, setParams] = useSearchParams();
  const timeZone = useClinicTimeZone();
  const today = todayIn(timeZone.data);
  const requested = params.get('week');
  const monday = mondayOf(isCalendarDate(requested) ? requested : today);
  const sunday = addDays(monday, 6);
  const [includeCancelled, setIncludeCancelled] = useState(false);
  const staffId = params.get('staff') ?? '';
  const schedule = useSchedule(monday, sunday, { includeCancelled, ...(staffId ? { staffId } : {}) });
  const staff = schedule.data?.staff ?? [];
  const [opened, setOpened] = useState<{ id: string; title: string } | undefined>();
  const can = usePermissions();
  const goTo = (week: string) =>
    setParams({ ...(week === mondayOf(today) ? {} : { week }), ...(staffId ? { staff: staffId } : {}) });
  const showStaff = (id: string) =>
    setParams({ ...(requested && isCalendarDate(requested) ? { week: requested } : {}), ...(id ? { staff: id } : {}) });
  const open = (session: ScheduledSession) =>
    setOpened({
      id: session.id,
      title: `${formatDateTime(session.start)} ${session.patient.givenName} ${session.patient.familyName}`,
    });

  return (
    <>
      <PageHeader
        title="Schedule"
        description={`Week of ${formatDay(monday)} to ${formatDay(sunday)}${schedule.data ? ` (${schedule.data.timeZone})` : ''}`}
      />
      <Group mb="md" gap="xs">
        <Button variant="default" onClick={() => goTo(addDays(monday, -7))}>
          Previous week
        </Button>
        <Button variant="default" onClick={() => goTo(mondayOf(today))} disabled={monday === mondayOf(today)}>
          This week
        </Button>
        <Button variant="default" onClick={() => goTo(addDays(monday, 7))}>
          Next week
        </Button>
        <Button
          component={Link}
          variant="default"
          to={`/schedule/day?${new URLSearchParams({ date: monday === mondayOf(today) ? today : monday, ...(staffId ? { staff: staffId } : {}) }).toString()}`}
        >
          Day view
        </Button>
      </Group>
      <Group mb="md" align="flex-end">
        <NativeSelect
          label="Staff member"
          value={staffId}
          onChange={(e) => showStaff(e.currentTarget.value)}
          data={[{ value: '', label: 'Everyone' }, ...staff.map((m) => ({ value: m.id, label: m.displayName }))]}
        />
        <Checkbox
          mb={8}
          label="Show cancelled and no-shows"
          checked={includeCancelled}
          onChange={(e) => setIncludeCancelled(e.currentTarget.checked)}
        />
      </Group>
      <QueryStatus query={schedule} failed="The schedule could not be loaded" loading="Loading the schedule…" />
      <div aria-live="polite">
        {schedule.data ? (
          <Text size="sm" c="dimmed" mb="sm" role="status">
            {countOf(schedule.data.sessions.length, 'session', 'sessions')} this week.
          </Text>
        ) : null}
      </div>
      {schedule.data ? (
        <>
          <Box visibleFrom="sm">
            <WeekGrid view={schedule.data} today={today} onOpen={open} />
          </Box>
          <Box hiddenFrom="sm">
            <WeekAgenda view={schedule.data} today={today} onOpen={open} />
          </Box>
        </>
      ) : null}
      {schedule.data && can('appointment:read') ? (
        <AppointmentsWeek
          days={schedule.data.days}
          today={today}
          nowLocal={nowLocalIn(timeZone.data)}
          includeCancelled={includeCancelled}
        />
      ) : null}
      {schedule.data && schedule.data.shifts.length > 0 ? <Shifts view={schedule.data} /> : null}
      <SessionDialog
        sessionId={opened?.id}
        title={opened ? `Session: ${opened.title}` : ''}
        chairs={schedule.data?.chairs ?? []}
        onClose={() => setOpened(undefined)}
      />
    </>
  );
}

/** What both layouts of the week (grid and phone agenda) show, and what opening a session does. */
interface WeekProps {
  view: ScheduleView;
  today: string;
  onOpen: (session: ScheduledSession) => void;
}

function WeekGrid({ view, today, onOpen }: WeekProps) {
  const rows: Array<{ id: string; name: string; room: string | null }> = view.chairs.map((c) => ({
    id: c.id,
    name: c.name,
    room: c.room,
  }));
  if (view.sessions.some((s) => s.chair === null)) rows.push({ id: '', name: 'No chair', room: null });
  const inCell = (chairId: string, date: string) =>
    view.sessions
      .filter((s) => (s.chair?.id ?? '') === chairId && s.start.slice(0, 10) === date)
      .sort((a, b) => a.start.localeCompare(b.start));

  return (
    <Table.ScrollContainer minWidth={900}>
      <Table withColumnBorders withTableBorder layout="fixed" aria-label="Sessions by chair and day">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110}>Chair</Table.Th>
            {view.days.map((day) => {
              const isToday = day.date === today;
              return (
                <Table.Th
                  key={day.date}
                  aria-current={isToday ? 'date' : undefined}
                  bg={isToday ? 'var(--mantine-color-clinic-light)' : undefined}
                >
                  <Group gap={4}>
                    <span>{formatDay(day.date)}</span>
                    {isToday ? (
                      <Badge size="xs" variant="filled">
                        Today
                      </Badge>
                    ) : null}
                  </Group>
                  <Text size="xs" c="dimmed" fw={400}>
                    {day.hours ? openingHours(day.date, day.hours) : 'Closed'}
                  </Text>
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((chair) => (
            <Table.Tr key={chair.id || 'none'}>
              <Table.Th scope="row">
                {chair.name}
                {chair.room ? (
                  <Text size="xs" c="dimmed" fw={400}>
                    {chair.room}
                  </Text>
                ) : null}
              </Table.Th>
              {view.days.map((day) => (
                <Table.Td
                  key={day.date}
                  valign="top"
                  bg={day.date === today ? 'var(--mantine-color-clinic-light)' : undefined}
                >
                  <Stack gap={4}>
                    {inCell(chair.id, day.date).map((s) => (
                      <SessionCard key={s.id} session={s} onOpen={onOpen} />
                    ))}
                  </Stack>
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** On a phone: the week as a list of days, each with its sessions in time order and the chair named on each. */
function WeekAgenda({ view, today, onOpen }: WeekProps) {
  return (
    <Stack gap="md" aria-label="Sessions by day" role="list">
      {view.days.map((day) => {
        const sessions = view.sessions
          .filter((s) => s.start.slice(0, 10) === day.date)
          .sort((a, b) => a.start.localeCompare(b.start));
        const isToday = day.date === today;
        return (
          <Box key={day.date} role="listitem" aria-current={isToday ? 'date' : undefined}>
            <Group gap="xs" mb={4}>
              <Title order={2} size="h5">
                {formatDay(day.date)}
              </Title>
              {isToday ? (
                <Badge size="xs" variant="filled">
                  Today
                </Badge>
              ) : null}
              <Text size="xs" c="dimmed">
                {day.hours ? openingHours(day.date, day.hours) : 'Closed'}
              </Text>
            </Group>
            {sessions.length === 0 ? (
              <Text size="sm" c="dimmed">
                No sessions.
              </Text>
            ) : (
              <Stack gap={4}>
                {sessions.map((s) => (
                  <SessionCard key={s.id} session={s} onOpen={onOpen} showChair />
                ))}
              </Stack>
            )}
          </Box>
        );
      })}
    </Stack>
  );
}

function SessionCard({
  session,
  onOpen,
  showChair = false,
}: {
  session: ScheduledSession;
  onOpen: (session: ScheduledSession) => void;
  showChair?: boolean;
}) {
  const name = `${session.patient.familyName}, ${session.patient.givenName}`;
  return (
    <Paper withBorder p={4} radius="sm" role="group" aria-label={`${timeOf(session.start)} ${name}`}>
      <Text size="xs" fw={600}>
        {timeOf(session.start)}–{timeOf(session.end)}
        {showChair ? ` · ${session.chair?.name ?? 'No chair'}` : ''}
      </Text>
      <Anchor component={Link} to={`/patients/${session.patient.id}`} size="sm">
        {name}
      </Anchor>
      <Text size="xs">
        {modalityLabel(session.modality)}
        {session.sessionNumber !== null ? ` · #${session.sessionNumber}` : ''}
        {session.doseMg !== null ? ` · ${session.doseMg} mg` : ''}
      </Text>
      {session.staff ? (
        <Text size="xs" c="dimmed">
          {session.staff.displayName}
        </Text>
      ) : null}
      {session.status !== 'scheduled' ? (
        <Badge size="xs" color="gray">
          {session.status}
        </Badge>
      ) : null}
      {session.status === 'scheduled' && session.reminders && !session.reminders.complete ? (
        <Text size="xs" c="var(--mantine-color-orange-light-color)" title={session.reminders.missing.join('; ')}>
          {session.reminders.missing.length === 1
            ? '1 reminder open'
            : `${session.reminders.missing.length} reminders open`}
        </Text>
      ) : null}
      <Button
        size="compact-xs"
        variant="subtle"
        mt={2}
        onClick={() => onOpen(session)}
        aria-label={`Details: ${timeOf(session.start)} ${name}`}
      >
        Details
      </Button>
    </Paper>
  );
}

function Shifts({ view }: { view: ScheduleView }) {
  const name = (userId: string, fallback?: string) =>
    fallback ?? view.staff.find((s) => s.id === userId)?.displayName ?? 'Staff member';
  return (
    <section aria-labelledby="shifts-heading">
      <Title order={2} size="h4" id="shifts-heading" mt="xl" mb="sm">
        Staff on shift
      </Title>
      <List spacing={4} size="sm">
        {view.days.map((day) => {
          const shifts = view.shifts
            .filter((s) => s.start.slice(0, 10) === day.date)
            .sort((a, b) => a.start.localeCompare(b.start));
          if (shifts.length === 0) return null;
          return (
            <List.Item key={day.date}>
              <Text span fw={600} size="sm">
                {formatDay(day.date)}:
              </Text>{' '}
              {shifts.map((s) => `${name(s.userId, s.displayName)} ${timeOf(s.start)}–${timeOf(s.end)}`).join('; ')}
            </List.Item>
          );
        })}
      </List>
    </section>
  );
}

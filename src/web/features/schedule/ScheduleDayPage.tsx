/**
 * The day view (/schedule/day?date=YYYY-MM-DD&staff=…): one column per chair (a list of chairs on a phone) with the
 * day's sessions in time order, each with its patient, treatment, chair time (treatment, then monitoring), the staff
 * member assigned, and its pre-session reminders as the API gives them: what is confirmed, what is still missing
 * (ride home, fasting for esketamine, the clinic's IV rules…), with "Confirm" for staff who schedule. The day is the
 * clinic's calendar date; previous/next day and today move through the address, so a day can be shared.
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  List,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { countOf, formatDateTime, formatTime } from '../../components/format';
import { usePermissions } from '../auth/session';
import { modalityLabel, words } from '../intake/care-codes';
import {
  chairColumns,
  chairTime,
  formatLongDay,
  isActiveSession,
  sessionsMissingReminders,
  type ChairColumn,
} from './day';
import { ReminderChecklist } from './ReminderChecklist';
import { SessionDialog } from './SessionDialog';
import { AppointmentsWeek } from '../appointments/AppointmentsWeek';
import { nowLocalIn } from '../appointments/slots';
import { useClinicTimeZone, useSchedule, type ScheduledSession, type ScheduleView } from './schedule.api';
import { addDays, isCalendarDate, mondayOf, openingHours, todayIn } from './week';

export function ScheduleDayPage() {
  const [params, setParams] = useSearchParams();
  const timeZone = useClinicTimeZone();
  const today = todayIn(timeZone.data);
  const requested = params.get('date');
  const date = isCalendarDate(requested) ? requested : today;
  const staffId = params.get('staff') ?? '';
  const schedule = useSchedule(date, date, staffId ? { staffId } : {});
  const [opened, setOpened] = useState<{ id: string; title: string } | undefined>();
  const can = usePermissions();
  const go = (next: { date?: string; staff?: string }) => {
    const day = next.date ?? (isCalendarDate(requested) ? requested : undefined);
    const staff = next.staff ?? staffId;
    setParams({ ...(day && day !== today ? { date: day } : {}), ...(staff ? { staff } : {}) });
  };
  const view = schedule.data && schedule.data.from === date ? schedule.data : undefined;
  const weekLink = `/schedule?${new URLSearchParams({ ...(mondayOf(date) !== mondayOf(today) ? { week: mondayOf(date) } : {}), ...(staffId ? { staff: staffId } : {}) }).toString()}`;
  const day = view?.days[0];

  return (
    <>
      <PageHeader
        title="Day schedule"
        documentTitle={`Day schedule ${date}`}
        description={`${formatLongDay(date)}${date === today ? ' (today)' : ''}${view ? ` · ${view.timeZone}` : ''}`}
        actions={
          <Button component={Link} to={weekLink.replace(/\?$/, '')} variant="default">
            Week view
          </Button>
        }
      />
      <Group mb="md" gap="xs">
        <Button variant="default" onClick={() => go({ date: addDays(date, -1) })}>
          Previous day
        </Button>
        <Button variant="default" onClick={() => go({ date: today })} disabled={date === today}>
          Today
        </Button>
        <Button variant="default" onClick={() => go({ date: addDays(date, 1) })}>
          Next day
        </Button>
      </Group>
      <NativeSelect
        mb="md"
        maw={320}
        label="Staff member"
        value={staffId}
        onChange={(e) => go({ staff: e.currentTarget.value })}
        data={[
          { value: '', label: 'Everyone' },
          ...(schedule.data?.staff ?? []).map((m) => ({ value: m.id, label: m.displayName })),
        ]}
      />
      <ErrorAlert error={schedule.error} title="The schedule could not be loaded" />
      {schedule.isPending || (schedule.data && !view) ? <LoadingState label="Loading the day…" /> : null}
      <div aria-live="polite">{view ? <Summary view={view} /> : null}</div>
      {day ? (
        <Text size="sm" c="dimmed" mb="sm">
          {day.hours ? `Open ${openingHours(day.date, day.hours)}` : 'The clinic is closed this day.'}
        </Text>
      ) : null}
      {view ? <Chairs view={view} date={date} onOpen={setOpened} /> : null}
      {view && day && can('appointment:read') ? (
        <AppointmentsWeek days={[day]} today={today} nowLocal={nowLocalIn(timeZone.data)} includeCancelled={false} />
      ) : null}
      {view ? <DayShifts view={view} /> : null}
      <SessionDialog
        sessionId={opened?.id}
        title={opened ? `Session: ${opened.title}` : ''}
        chairs={view?.chairs ?? []}
        onClose={() => setOpened(undefined)}
      />
    </>
  );
}

function Summary({ view }: { view: ScheduleView }) {
  const active = view.sessions.filter(isActiveSession);
  const open = sessionsMissingReminders(view.sessions);
  return (
    <Text size="sm" mb="sm" role="status">
      {countOf(active.length, 'session', 'sessions')}
      {active.length > 0
        ? `; ${open.length === 0 ? 'every reminder confirmed' : `${countOf(open.length, 'session', 'sessions')} still missing a reminder`}`
        : ''}
      .
    </Text>
  );
}

function Chairs({
  view,
  date,
  onOpen,
}: {
  view: ScheduleView;
  date: string;
  onOpen: (opened: { id: string; title: string }) => void;
}) {
  const columns = chairColumns(view, date);
  if (columns.length === 0) return <Text c="dimmed">The clinic has no chairs yet.</Text>;
  return (
    <SimpleGrid
      cols={{ base: 1, sm: Math.min(columns.length, 2), lg: Math.min(columns.length, 4) }}
      spacing="md"
      verticalSpacing="lg"
    >
      {columns.map((column) => (
        <ChairColumnView key={column.id || 'none'} column={column} onOpen={onOpen} />
      ))}
    </SimpleGrid>
  );
}

function ChairColumnView({
  column,
  onOpen,
}: {
  column: ChairColumn;
  onOpen: (opened: { id: string; title: string }) => void;
}) {
  const headingId = `chair-${column.id || 'none'}`;
  return (
    <Box component="section" aria-labelledby={headingId}>
      <Group gap="xs" mb="xs" align="baseline">
        <Title order={2} size="h4" id={headingId}>
          {column.name}
        </Title>
        {column.room ? (
          <Text size="sm" c="dimmed">
            {column.room}
          </Text>
        ) : null}
      </Group>
      {column.sessions.length === 0 ? (
        <Text size="sm" c="dimmed">
          No sessions.
        </Text>
      ) : (
        <Stack gap="sm">
          {column.sessions.map((s) => (
            <SessionPanel key={s.id} session={s} onOpen={onOpen} />
          ))}
        </Stack>
      )}
    </Box>
  );
}

function SessionPanel({
  session,
  onOpen,
}: {
  session: ScheduledSession;
  onOpen: (opened: { id: string; title: string }) => void;
}) {
  const chair = chairTime(session);
  // The clinic's clock (12- or 24-hour) for the wall-clock readings of the session's day.
  const day = session.start.slice(0, 10);
  const clock = (hhmm: string) => formatTime(`${day}T${hhmm}`);
  const time = {
    start: clock(chair.start),
    end: clock(chair.end),
    monitoringFrom: chair.monitoringFrom ? clock(chair.monitoringFrom) : null,
  };
  const name = `${session.patient.familyName}, ${session.patient.givenName}`;
  const label = `${time.start} ${name}`;
  return (
    <Paper component="article" withBorder p="sm" radius="md" aria-label={label}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Text fw={700}>
          {time.start}–{time.end}
        </Text>
        {session.status !== 'scheduled' ? (
          <Badge color="gray" variant="light">
            {words(session.status)}
          </Badge>
        ) : null}
      </Group>
      {time.monitoringFrom ? (
        <Text size="xs" c="dimmed">
          Treatment {time.start}–{time.monitoringFrom}, monitoring {time.monitoringFrom}–{time.end}
        </Text>
      ) : null}
      <Anchor component={Link} to={`/patients/${session.patient.id}`} fw={600}>
        {name}
      </Anchor>
      <Text size="xs" c="dimmed">
        {session.patient.mrn}
      </Text>
      <Text size="sm">
        {modalityLabel(session.modality)}
        {session.sessionNumber !== null ? ` · session ${session.sessionNumber}` : ''}
        {session.doseMg !== null ? ` · ${session.doseMg} mg` : ''}
      </Text>
      <Text size="sm">Staff: {session.staff?.displayName ?? 'not assigned'}</Text>
      {session.reminders ? <DayReminders session={session} /> : null}
      <Button
        size="compact-sm"
        variant="subtle"
        mt="xs"
        onClick={() =>
          onOpen({
            id: session.id,
            title: `${formatDateTime(session.start)} ${session.patient.givenName} ${session.patient.familyName}`,
          })
        }
        aria-label={`Details: ${label}`}
      >
        Details
      </Button>
    </Paper>
  );
}

function DayReminders({ session }: { session: ScheduledSession }) {
  const can = usePermissions();
  const reminders = session.reminders;
  if (!reminders) return null;
  const mayConfirm = can('schedule:write') && isActiveSession(session);
  const items = reminders.items ?? [];
  return (
    <Box
      component="section"
      aria-label={`Before the session: ${session.patient.familyName}, ${session.patient.givenName}`}
      mt="xs"
    >
      <Group gap="xs" mb={4}>
        <Text size="sm" fw={600}>
          Before the session
        </Text>
        {reminders.complete ? (
          <Badge color="green" variant="light">
            All confirmed
          </Badge>
        ) : (
          <Badge color="orange" variant="light">
            {countOf(reminders.missing.length, 'missing', 'missing')}
          </Badge>
        )}
      </Group>
      {items.length > 0 ? (
        <ReminderChecklist
          sessionId={session.id}
          items={items}
          mayConfirm={mayConfirm}
          patientName={`${session.patient.givenName} ${session.patient.familyName}`}
          dense
        />
      ) : reminders.missing.length > 0 ? (
        <List size="sm">
          {reminders.missing.map((m) => (
            <List.Item key={m}>Missing: {m}</List.Item>
          ))}
        </List>
      ) : null}
    </Box>
  );
}

function DayShifts({ view }: { view: ScheduleView }) {
  const name = (userId: string, fallback?: string) =>
    fallback ?? view.staff.find((s) => s.id === userId)?.displayName ?? 'Staff member';
  const shifts = [...view.shifts].sort((a, b) => a.start.localeCompare(b.start));
  return (
    <section aria-labelledby="day-shifts-heading">
      <Title order={2} size="h4" id="day-shifts-heading" mt="xl" mb="sm">
        Staff on shift
      </Title>
      {shifts.length === 0 ? (
        <Text size="sm" c="dimmed">
          No shifts recorded for this day.
        </Text>
      ) : (
        <List spacing={4} size="sm">
          {shifts.map((s) => (
            <List.Item key={s.id}>
              {name(s.userId, s.displayName)} {formatTime(s.start)}–{formatTime(s.end)}
              {s.note ? ` (${s.note})` : ''}
            </List.Item>
          ))}
        </List>
      )}
    </section>
  );
}

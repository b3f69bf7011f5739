/**
 * Appointments on the week calendar (issue 14): one row per clinician, one column per day, each appointment with its
 * time, patient, type and room, and the plan sessions that hold the clinician. The front desk (and clinicians,
 * admins) click a free slot ("Book" in a cell) or "New appointment" to book, and move or cancel a booking with a
 * reason from its card. A clash answers 409 naming the clinician, room or chair already booked.
 *
 * On the desktop calendar a booking can also be dragged to another day or clinician (same time of day): the move is
 * confirmed first, then sent to the same reschedule API; a clash (409, the database refuses double bookings) is
 * shown and the booking stays where it was. Keyboard users use the card's "Reschedule" dialog.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { isApiError } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmAction';
import { MinuteInput } from '../../components/MinuteInput';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { DialogForm } from '../../components/DialogForm';
import { fieldErrorsFrom } from '../../components/forms';
import { QueryStatus } from '../../components/LoadingState';
import { formatDateTime, formatTime } from '../../components/format';
import { usePermissions } from '../auth/session';
import { usePatientSearch } from '../patients/patients.api';
import { modalityLabel } from '../intake/care-codes';
import { formatDay } from '../schedule/week';
import {
  useAppointmentCalendar,
  useBookAppointment,
  useCancelAppointment,
  useRescheduleAppointment,
  type Appointment,
  type AppointmentCalendar,
  type AppointmentType,
} from './appointments.api';
import { firstFreeStart } from './slots';
import { isTherapyType } from '../../../domain/therapy/therapy-notes';
import { AppointmentTherapyNote } from '../chart/TherapyNotesPanel';

const timeOf = (local: string) => formatTime(local);
/** A double booking (409): its whole message names who or what is booked when, so it is shown in full. */
const isConflict = (error: unknown) => isApiError(error) && error.status === 409;
type Day = { readonly date: string; readonly hours: { readonly open: string; readonly close: string } | null };

interface Props {
  readonly days: readonly Day[];
  readonly today: string;
  /** The clinic's wall clock now, 'YYYY-MM-DDTHH:MM' (no slot before it is offered). */
  readonly nowLocal: string;
  readonly includeCancelled: boolean;
}

export function AppointmentsWeek({ days, today, nowLocal, includeCancelled }: Props) {
  const can = usePermissions();
  const mayBook = can('appointment:write');
  const [noting, setNoting] = useState<Appointment | null>(null);
  const from = days[0]?.date ?? today;
  const to = days[days.length - 1]?.date ?? today;
  const calendar = useAppointmentCalendar(from, to, includeCancelled);
  const [booking, setBooking] = useState<{ staffId: string; start: string } | null>(null);
  const [moving, setMoving] = useState<Appointment | null>(null);
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  // Drag to reschedule (pointer events: mouse, pen and touch alike): the booking pressed and whether it has moved yet,
  // the cell under the pointer, and the move waiting for confirmation.
  const [press, setPress] = useState<{ appointment: Appointment; x: number; y: number; isDragging: boolean } | null>(
    null,
  );
  const [dropCell, setDropCell] = useState<string | null>(null);
  const [proposal, setProposal] = useState<{
    appointment: Appointment;
    staffId: string;
    staffName: string;
    start: string;
  } | null>(null);
  const [refused, setRefused] = useState<{ appointment: Appointment; message: string } | null>(null);
  // The booking the last proposal moves: kept after the dialog closes, so the request in flight keeps its address.
  const [moveTargetId, setMoveTargetId] = useState('');
  const dragMove = useRescheduleAppointment(moveTargetId);
  const view = calendar.data;
  const therapyTypeIds = useMemo(
    () => new Set((view?.types ?? []).filter((t) => isTherapyType(t)).map((t) => t.id)),
    [view],
  );

  // What a booking's card offers, on the grid and on the phone list alike: moving and cancelling it while it is
  // booked, and the therapy note of a therapy appointment to those who may read notes.
  const cardActions = (a: Appointment) => ({
    mayChange: mayBook && a.status === 'booked',
    onMove: () => setMoving(a),
    onCancel: () => setCancelling(a),
    onNote: therapyTypeIds.has(a.type.id) && can('therapy-note:read') ? () => setNoting(a) : undefined,
  });

  const busyOf = (staffId: string) => [
    ...(view?.appointments ?? []).filter((a) => a.staff.id === staffId && a.status === 'booked'),
    ...(view?.planSessions ?? []).filter(
      (s) => s.staff?.id === staffId && s.status !== 'cancelled' && s.status !== 'no-show',
    ),
  ];
  const openSlot = (staffId: string, day: Day) => {
    const start = firstFreeStart(
      day.date,
      day.hours,
      busyOf(staffId),
      30,
      day.date === nowLocal.slice(0, 10) ? nowLocal.slice(11, 16) : undefined,
    );
    setBooking({ staffId, start: start ?? `${day.date}T${day.hours?.open ?? '09:00'}` });
  };

  useEffect(() => {
    if (!press) return undefined;
    const cellAt = (x: number, y: number) =>
      document.elementFromPoint(x, y)?.closest<HTMLElement>('td[data-drop-cell]')?.dataset.dropCell ?? null;
    const move = (event: PointerEvent) => {
      if (!press.isDragging && Math.hypot(event.clientX - press.x, event.clientY - press.y) < 6) return;
      if (!press.isDragging) setPress({ ...press, isDragging: true });
      setDropCell(cellAt(event.clientX, event.clientY));
    };
    const up = (event: PointerEvent) => {
      const cell = press.isDragging ? cellAt(event.clientX, event.clientY) : null;
      setPress(null);
      setDropCell(null);
      const [staffId = '', date = ''] = cell?.split('|') ?? [];
      const member = view?.staff.find((m) => m.id === staffId);
      if (member && date) propose(press.appointment, member.id, member.displayName, date);
    };
    const cancel = () => {
      setPress(null);
      setDropCell(null);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', cancel);
    return () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', cancel);
    };
  });

  const propose = (appointment: Appointment, staffId: string, staffName: string, date: string) => {
    const start = `${date}T${appointment.start.slice(11, 16)}`;
    if (start === appointment.start.slice(0, 16) && staffId === appointment.staff.id) return;
    setRefused(null);
    setMoveTargetId(appointment.id);
    setProposal({ appointment, staffId, staffName, start });
  };
  const confirmMove = () => {
    if (!proposal) return;
    const { appointment, staffId, start } = proposal;
    setProposal(null);
    dragMove.mutate(
      { version: appointment.version, start, staffId },
      {
        onError: (error) => setRefused({ appointment, message: errorMessage(error) }),
      },
    );
  };

  return (
    <section aria-labelledby="appointments-heading">
      <Group justify="space-between" mt="xl" mb="sm">
        <Title order={2} size="h4" id="appointments-heading">
          Appointments
        </Title>
        {mayBook ? (
          <Button onClick={() => setBooking({ staffId: '', start: `${today < from ? from : today}T09:00` })}>
            New appointment
          </Button>
        ) : null}
      </Group>
      <QueryStatus query={calendar} failed="The appointments could not be loaded" loading="Loading appointments…" />
      {refused ? (
        <Alert
          color="red"
          variant="light"
          role="alert"
          title="The appointment was not moved"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setRefused(null)}
          mb="sm"
        >
          <Text size="sm">{refused.message}</Text>
          <Text size="sm">
            It stays at {formatDateTime(refused.appointment.start)} with {refused.appointment.staff.displayName}.
          </Text>
        </Alert>
      ) : null}
      {view ? (
        <>
          <Box visibleFrom="sm">
            <Table.ScrollContainer minWidth={900}>
              <Table withColumnBorders withTableBorder layout="fixed" aria-label="Appointments by clinician and day">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={130}>Clinician</Table.Th>
                    {days.map((day) => (
                      <Table.Th key={day.date} aria-current={day.date === today ? 'date' : undefined}>
                        {formatDay(day.date)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {view.staff
                    .filter((s) => view.types.some((t) => t.isActive && t.roles.includes(s.role)))
                    .map((member) => (
                      <Table.Tr key={member.id}>
                        <Table.Th scope="row">{member.displayName}</Table.Th>
                        {days.map((day) => {
                          const appointments = view.appointments.filter(
                            (a) => a.staff.id === member.id && a.start.slice(0, 10) === day.date,
                          );
                          const sessions = view.planSessions.filter(
                            (s) => s.staff?.id === member.id && s.start.slice(0, 10) === day.date,
                          );
                          const isPast = day.date < today;
                          const cell = `${member.id}|${day.date}`;
                          const mayDrop = mayBook && Boolean(day.hours) && !isPast;
                          return (
                            <Table.Td
                              key={day.date}
                              valign="top"
                              data-drop-cell={mayDrop ? cell : undefined}
                              data-cell={`${member.displayName}|${day.date}`}
                              bg={press?.isDragging && dropCell === cell ? 'var(--mantine-color-blue-0)' : undefined}
                            >
                              <Stack gap={4}>
                                {sessions.map((s) => (
                                  <Paper
                                    key={s.id}
                                    withBorder
                                    p={4}
                                    radius="sm"
                                    bg="var(--mantine-color-gray-0)"
                                    role="group"
                                    aria-label={`Plan session ${timeOf(s.start)} ${s.patient.familyName}`}
                                  >
                                    <Text size="xs" fw={600}>
                                      {timeOf(s.start)}–{timeOf(s.end)}
                                    </Text>
                                    <Text size="xs">
                                      {modalityLabel(s.modality)} (plan session){s.chair ? ` · ${s.chair.name}` : ''}
                                    </Text>
                                  </Paper>
                                ))}
                                {appointments.map((a) => (
                                  <AppointmentCard
                                    key={a.id}
                                    appointment={a}
                                    {...cardActions(a)}
                                    onPress={
                                      mayBook && a.status === 'booked'
                                        ? (x, y) => setPress({ appointment: a, x, y, isDragging: false })
                                        : undefined
                                    }
                                    isDragged={press?.isDragging === true && press.appointment.id === a.id}
                                  />
                                ))}
                                {mayBook && day.hours && !isPast ? (
                                  <Button
                                    size="compact-xs"
                                    variant="subtle"
                                    onClick={() => openSlot(member.id, day)}
                                    aria-label={`Book ${member.displayName} on ${formatDay(day.date)}`}
                                  >
                                    + Book
                                  </Button>
                                ) : null}
                              </Stack>
                            </Table.Td>
                          );
                        })}
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Box>
          <Box hiddenFrom="sm">
            <Stack gap="sm" role="list" aria-label="Appointments by day">
              {days.map((day) => {
                const appointments = view.appointments
                  .filter((a) => a.start.slice(0, 10) === day.date)
                  .sort((a, b) => a.start.localeCompare(b.start));
                return (
                  <Box key={day.date} role="listitem" aria-current={day.date === today ? 'date' : undefined}>
                    <Title order={3} size="h5" mb={4}>
                      {formatDay(day.date)}
                    </Title>
                    {appointments.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        No appointments.
                      </Text>
                    ) : (
                      <Stack gap={4}>
                        {appointments.map((a) => (
                          <AppointmentCard key={a.id} appointment={a} showStaff {...cardActions(a)} />
                        ))}
                      </Stack>
                    )}
                  </Box>
                );
              })}
            </Stack>
          </Box>
        </>
      ) : null}
      {view && booking ? <NewAppointmentDialog view={view} initial={booking} onClose={() => setBooking(null)} /> : null}
      {view && moving ? <RescheduleDialog view={view} appointment={moving} onClose={() => setMoving(null)} /> : null}
      {cancelling ? <CancelDialog appointment={cancelling} onClose={() => setCancelling(null)} /> : null}
      <ConfirmDialog
        opened={proposal !== null}
        onClose={() => setProposal(null)}
        onConfirm={confirmMove}
        title="Move this appointment?"
        confirmLabel="Move appointment"
        finality="The patient's reminders follow the new time; the booking can be moved again or cancelled later."
      >
        {proposal ? (
          <Text size="sm">
            {proposal.appointment.type.name} for {proposal.appointment.patient.givenName}{' '}
            {proposal.appointment.patient.familyName}: from {formatDateTime(proposal.appointment.start)} with{' '}
            {proposal.appointment.staff.displayName} to {formatDateTime(proposal.start)} with {proposal.staffName}
            {proposal.appointment.room ? `, ${proposal.appointment.room.name}` : ''}.
          </Text>
        ) : null}
      </ConfirmDialog>
      {noting ? (
        <Modal
          opened
          onClose={() => setNoting(null)}
          title={`${noting.type.name}: ${noting.patient.givenName} ${noting.patient.familyName}, ${noting.start.replace('T', ' ')}`}
          size="xl"
          closeButtonProps={{ 'aria-label': 'Close' }}
        >
          <AppointmentTherapyNote appointmentId={noting.id} />
        </Modal>
      ) : null}
    </section>
  );
}

function AppointmentCard({
  appointment: a,
  mayChange,
  onMove,
  onCancel,
  onNote,
  onPress,
  isDragged = false,
  showStaff = false,
}: {
  appointment: Appointment;
  mayChange: boolean;
  onMove: () => void;
  onCancel: () => void;
  onNote?: (() => void) | undefined;
  /** Draggable to another day or clinician (desktop calendar): a press on the card (not on its links or buttons). */
  onPress?: ((x: number, y: number) => void) | undefined;
  isDragged?: boolean;
  showStaff?: boolean;
}) {
  const name = `${a.patient.familyName}, ${a.patient.givenName}`;
  return (
    <Paper
      withBorder
      p={4}
      radius="sm"
      role="article"
      aria-label={`${timeOf(a.start)} ${a.type.name}: ${name}`}
      style={
        onPress
          ? {
              cursor: isDragged ? 'grabbing' : 'grab',
              userSelect: 'none',
              touchAction: 'none',
              opacity: isDragged ? 0.6 : undefined,
            }
          : undefined
      }
      title={onPress ? 'Drag to another day or clinician to move it' : undefined}
      onPointerDown={
        onPress
          ? (e) => {
              if (e.button !== 0 || (e.target as HTMLElement).closest('a, button')) return;
              e.preventDefault();
              onPress(e.clientX, e.clientY);
            }
          : undefined
      }
    >
      <Text size="xs" fw={600}>
        {timeOf(a.start)}–{timeOf(a.end)}
      </Text>
      <Anchor component={Link} to={`/patients/${a.patient.id}`} size="sm">
        {name}
      </Anchor>
      {showStaff ? (
        <Text size="xs" c="dimmed">
          {a.staff.displayName}
        </Text>
      ) : null}
      <Text size="xs">
        {a.type.name}
        {a.room ? ` · ${a.room.name}` : ''}
        {a.chair ? ` · ${a.chair.name}` : ''}
        {a.type.isTelehealth ? ' · video' : ''}
      </Text>
      {a.status === 'cancelled' ? (
        <Badge size="xs" color="gray" title={a.cancelReason ?? undefined}>
          Cancelled
        </Badge>
      ) : null}
      {onNote ? (
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={onNote}
          aria-label={`Therapy note: ${timeOf(a.start)} ${name}`}
        >
          Note
        </Button>
      ) : null}
      {mayChange ? (
        <Group gap={2} mt={2}>
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={onMove}
            aria-label={`Reschedule ${timeOf(a.start)} ${name}`}
          >
            Reschedule
          </Button>
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            onClick={onCancel}
            aria-label={`Cancel ${timeOf(a.start)} ${name}`}
          >
            Cancel
          </Button>
        </Group>
      ) : null}
    </Paper>
  );
}

/** The clinicians who may hold an appointment of this type (all of them before a type is chosen), as choices. */
function clinicianChoices(view: AppointmentCalendar, type: AppointmentType | undefined) {
  return view.staff
    .filter((s) => !type || type.roles.includes(s.role))
    .map((s) => ({ value: s.id, label: s.displayName }));
}

/** The rooms still in use, as choices. */
function roomChoices(view: AppointmentCalendar) {
  return view.rooms.filter((r) => r.isActive).map((r) => ({ value: r.id, label: r.name }));
}

const FIELDS = ['patientId', 'typeId', 'staffId', 'roomId', 'chairId', 'start', 'videoLink', 'note'] as const;

function NewAppointmentDialog({
  view,
  initial,
  onClose,
}: {
  view: AppointmentCalendar;
  initial: { staffId: string; start: string };
  onClose: () => void;
}) {
  const book = useBookAppointment();
  const activeTypes = view.types.filter((t) => t.isActive);
  const [query, setQuery] = useState('');
  const patients = usePatientSearch({ q: query.trim(), limit: 10, offset: 0 });
  const [patientId, setPatientId] = useState('');
  const [typeId, setTypeId] = useState('');
  const [staffId, setStaffId] = useState(initial.staffId);
  const [roomId, setRoomId] = useState('');
  const [chairId, setChairId] = useState('');
  const [start, setStart] = useState(initial.start);
  const [videoLink, setVideoLink] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number], string>>>({});
  const type: AppointmentType | undefined = activeTypes.find((t) => t.id === typeId);
  const clinicians = useMemo(() => clinicianChoices(view, type), [view, type]);
  const server = fieldErrorsFrom(book.error, [...FIELDS]);

  const submit = () => {
    const found: typeof errors = {};
    if (!patientId) found.patientId = 'Choose the patient.';
    if (!type) found.typeId = 'Choose the kind of appointment.';
    if (!staffId) found.staffId = 'Choose the clinician.';
    if (type?.resource === 'room' && !roomId) found.roomId = `A ${type.name} needs a room.`;
    if (type?.resource === 'chair' && !chairId) found.chairId = `A ${type.name} needs a chair.`;
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(start)) found.start = 'Enter the date and time.';
    setErrors(found);
    if (Object.keys(found).length > 0 || !type) return;
    book.mutate(
      {
        patientId,
        typeId,
        staffId,
        start,
        ...(type.resource === 'room' ? { roomId } : {}),
        ...(type.resource === 'chair' ? { chairId } : {}),
        ...(type.isTelehealth && videoLink.trim() ? { videoLink: videoLink.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      { onSuccess: onClose },
    );
  };

  return (
    <DialogForm
      title="New appointment"
      label="New appointment"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Book appointment"
      isPending={book.isPending}
      cancelLabel="Close"
    >
      <ErrorAlert
        error={book.error}
        title="The appointment was not booked"
        shownFields={isConflict(book.error) ? [] : [...FIELDS]}
      />
      <TextInput
        label="Find patient"
        description="Name or MRN"
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
      />
      <NativeSelect
        label="Patient"
        value={patientId}
        error={errors.patientId ?? server['patientId']}
        onChange={(e) => setPatientId(e.currentTarget.value)}
        data={[
          { value: '', label: patients.isFetching ? 'Searching…' : 'Choose a patient' },
          ...(patients.data?.items ?? []).map((p) => ({
            value: p.id,
            label: `${p.familyName}, ${p.givenName} (${p.mrn})`,
          })),
        ]}
      />
      <NativeSelect
        label="Appointment type"
        value={typeId}
        error={errors.typeId ?? server['typeId']}
        onChange={(e) => {
          setTypeId(e.currentTarget.value);
          setRoomId('');
          setChairId('');
        }}
        data={[
          { value: '', label: 'Choose a type' },
          ...activeTypes.map((t) => ({ value: t.id, label: `${t.name} (${t.durationMin} min)` })),
        ]}
      />
      <NativeSelect
        label="Clinician"
        value={staffId}
        error={errors.staffId ?? server['staffId']}
        onChange={(e) => setStaffId(e.currentTarget.value)}
        data={[{ value: '', label: 'Choose a clinician' }, ...clinicians]}
      />
      {type?.resource === 'room' ? (
        <NativeSelect
          label="Room"
          value={roomId}
          error={errors.roomId ?? server['roomId']}
          onChange={(e) => setRoomId(e.currentTarget.value)}
          data={[{ value: '', label: 'Choose a room' }, ...roomChoices(view)]}
        />
      ) : null}
      {type?.resource === 'chair' ? (
        <NativeSelect
          label="Chair"
          value={chairId}
          error={errors.chairId ?? server['chairId']}
          onChange={(e) => setChairId(e.currentTarget.value)}
          data={[{ value: '', label: 'Choose a chair' }, ...view.chairs.map((c) => ({ value: c.id, label: c.name }))]}
        />
      ) : null}
      <MinuteInput label="Start" value={start} error={errors.start ?? server['start']} onChange={setStart} />
      {type?.isTelehealth ? (
        <TextInput
          label="Video link"
          placeholder="https://…"
          value={videoLink}
          error={server['videoLink']}
          onChange={(e) => setVideoLink(e.currentTarget.value)}
        />
      ) : null}
      <Textarea
        label="Note"
        value={note}
        error={server['note']}
        onChange={(e) => setNote(e.currentTarget.value)}
        autosize
        minRows={1}
      />
    </DialogForm>
  );
}

function RescheduleDialog({
  view,
  appointment,
  onClose,
}: {
  view: AppointmentCalendar;
  appointment: Appointment;
  onClose: () => void;
}) {
  const move = useRescheduleAppointment(appointment.id);
  const type = view.types.find((t) => t.id === appointment.type.id);
  const [start, setStart] = useState(appointment.start);
  const [staffId, setStaffId] = useState(appointment.staff.id);
  const [roomId, setRoomId] = useState(appointment.room?.id ?? '');
  const server = fieldErrorsFrom(move.error, ['start', 'staffId', 'roomId', 'version']);
  const submit = () => {
    move.mutate(
      { version: appointment.version, start, staffId, ...(appointment.room && roomId ? { roomId } : {}) },
      { onSuccess: onClose },
    );
  };
  return (
    <DialogForm
      title={`Reschedule: ${appointment.type.name}, ${appointment.patient.givenName} ${appointment.patient.familyName}`}
      label="Reschedule the appointment"
      size="md"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Move appointment"
      isPending={move.isPending}
      cancelLabel="Close"
    >
      <ErrorAlert
        error={move.error}
        title="The appointment was not moved"
        shownFields={isConflict(move.error) ? [] : ['start', 'staffId', 'roomId']}
      />
      <MinuteInput label="New start" value={start} error={server['start']} onChange={setStart} />
      <NativeSelect
        label="Clinician"
        value={staffId}
        error={server['staffId']}
        onChange={(e) => setStaffId(e.currentTarget.value)}
        data={clinicianChoices(view, type)}
      />
      {appointment.room ? (
        <NativeSelect
          label="Room"
          value={roomId}
          error={server['roomId']}
          onChange={(e) => setRoomId(e.currentTarget.value)}
          data={roomChoices(view)}
        />
      ) : null}
    </DialogForm>
  );
}

function CancelDialog({ appointment, onClose }: { appointment: Appointment; onClose: () => void }) {
  const cancel = useCancelAppointment(appointment.id);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const server = fieldErrorsFrom(cancel.error, ['reason']);
  const submit = () => {
    if (reason.trim().length < 3) {
      setError('Say why the appointment is cancelled.');
      return;
    }
    setError(undefined);
    cancel.mutate({ reason: reason.trim() }, { onSuccess: onClose });
  };
  return (
    <DialogForm
      title={`Cancel: ${appointment.type.name}, ${appointment.patient.givenName} ${appointment.patient.familyName} at ${formatDateTime(appointment.start)}`}
      label="Cancel the appointment"
      size="md"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Cancel appointment"
      isPending={cancel.isPending}
      submitColor="red"
      cancelLabel="Keep it"
    >
      <Text size="sm">
        The booking stays on record as cancelled, with your reason; its unsent reminders are withdrawn.
      </Text>
      <ErrorAlert error={cancel.error} title="The appointment was not cancelled" shownFields={['reason']} />
      <TextInput
        label="Reason for cancelling"
        value={reason}
        error={error ?? server['reason']}
        onChange={(e) => setReason(e.currentTarget.value)}
        withAsterisk
      />
    </DialogForm>
  );
}

/**
 * One booked session, opened from the calendar: its details, the pre-session reminders (ride home, fasting…) with
 * what is still missing, and, for staff who schedule, moving it, cancelling it with a reason, or recording a
 * no-show. Every change is kept in the session's history.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Divider,
  Group,
  List,
  Modal,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { isTreatmentModality } from '../../../domain/session/modality';
import { MinuteInput } from '../../components/MinuteInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom } from '../../components/forms';
import { formatDateTime, formatTimeRange } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { DescriptionList } from '../../components/DescriptionList';
import { usePermissions } from '../auth/session';
import { modalityLabel, words } from '../intake/care-codes';
import {
  CANCEL_REASONS,
  useCancelSession,
  useRecordNoShow,
  useRescheduleSession,
  useSessionDetail,
  type CancelReason,
  type Chair,
  type SessionDetail,
} from './schedule.api';
import { TitledForm } from '../../components/SubmitForm';
import { ReminderChecklist } from './ReminderChecklist';

interface SessionDialogProps {
  readonly sessionId: string | undefined;
  readonly title: string;
  readonly chairs: readonly Chair[];
  readonly onClose: () => void;
}

export function SessionDialog({ sessionId, title, chairs, onClose }: SessionDialogProps) {
  const detail = useSessionDetail(sessionId);
  return (
    <Modal
      opened={Boolean(sessionId)}
      onClose={onClose}
      title={title}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <QueryStatus query={detail} failed="The session could not be loaded" loading="Loading the session…" />
      {detail.data ? <SessionBody key={detail.data.id} session={detail.data} chairs={chairs} /> : null}
    </Modal>
  );
}

function SessionBody({ session, chairs }: { session: SessionDetail; chairs: readonly Chair[] }) {
  const can = usePermissions();
  const mayChange = can('schedule:write') && session.status === 'scheduled';
  const name = `${session.patient.givenName} ${session.patient.familyName}`;
  return (
    <Stack gap="md">
      <DescriptionList
        items={[
          {
            term: 'Patient',
            value: (
              <Anchor component={Link} to={`/patients/${session.patient.id}`}>
                {name} ({session.patient.mrn})
              </Anchor>
            ),
          },
          {
            term: 'Status',
            value: <Badge color={session.status === 'scheduled' ? 'clinic' : 'gray'}>{words(session.status)}</Badge>,
          },
          { term: 'Time', value: formatTimeRange(session.start, session.end) },
          { term: 'Chair', value: session.chair?.name ?? null },
          {
            term: 'Treatment',
            value: `${modalityLabel(session.modality)}${session.sessionNumber !== null ? `, session ${session.sessionNumber}` : ''}${session.doseMg !== null ? `, ${session.doseMg} mg` : ''}`,
          },
          { term: 'Staff', value: session.staff?.displayName ?? null },
          ...(session.cancelReasonCode
            ? [
                {
                  term: 'Cancelled because',
                  value: `${words(session.cancelReasonCode)}${session.cancelNote ? `: ${session.cancelNote}` : ''}`,
                },
              ]
            : []),
        ]}
      />
      {can('session:read') &&
      isTreatmentModality(session.modality) &&
      session.status !== 'cancelled' &&
      session.status !== 'no-show' ? (
        <Anchor component={Link} to={`/sessions/${session.id}/treatment`} fw={600}>
          Open the treatment day
        </Anchor>
      ) : null}
      {session.reminders ? <Reminders session={session} /> : null}
      {mayChange ? (
        <>
          <Divider />
          <Reschedule session={session} chairs={chairs} />
          <Divider />
          <Cancel session={session} />
          <Divider />
          <NoShow session={session} />
        </>
      ) : null}
      {session.history.length > 0 ? (
        <>
          <Divider />
          <Title order={3} size="h5">
            History
          </Title>
          <List size="sm">
            {session.history.map((h, i) => (
              <List.Item key={i}>
                {formatDateTime(h.at)}: {words(h.kind)}
                {h.by ? ` by ${h.by.displayName}` : ''}
              </List.Item>
            ))}
          </List>
        </>
      ) : null}
    </Stack>
  );
}

function Reminders({ session }: { session: SessionDetail }) {
  const can = usePermissions();
  const reminders = session.reminders;
  if (!reminders) return null;
  return (
    <section aria-label="Before the session">
      <Title order={3} size="h5" mb="xs">
        Before the session{' '}
        {reminders.complete ? (
          <Badge color="green" ml="xs">
            All confirmed
          </Badge>
        ) : null}
      </Title>
      <ReminderChecklist
        sessionId={session.id}
        items={reminders.items}
        mayConfirm={can('schedule:write') && session.status === 'scheduled'}
      />
    </section>
  );
}

function Reschedule({ session, chairs }: { session: SessionDetail; chairs: readonly Chair[] }) {
  const move = useRescheduleSession(session.id);
  const [start, setStart] = useState(session.start);
  const [chairId, setChairId] = useState(session.chair?.id ?? '');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ start?: string; reason?: string }>({});
  const server = fieldErrorsFrom(move.error, ['start', 'chairId', 'reason']);
  const submit = () => {
    const found: { start?: string; reason?: string } = {};
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(start)) found.start = 'Enter the new date and time.';
    if (reason.trim().length < 3) found.reason = 'Say why the session moves.';
    setErrors(found);
    if (!found.start && !found.reason) move.mutate({ start, reason: reason.trim(), ...(chairId ? { chairId } : {}) });
  };
  return (
    <TitledForm title="Move the session" onSubmit={submit}>
      <Group align="flex-start">
        <MinuteInput label="New start" value={start} error={errors.start ?? server['start']} onChange={setStart} />
        <NativeSelect
          label="Chair"
          value={chairId}
          error={server['chairId']}
          onChange={(e) => setChairId(e.currentTarget.value)}
          data={chairs.filter((c) => c.isActive).map((c) => ({ value: c.id, label: c.name }))}
        />
        <TextInput
          label="Reason for moving"
          value={reason}
          error={errors.reason ?? server['reason']}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      </Group>
      <Button type="submit" mt="xs" variant="light" loading={move.isPending}>
        Move session
      </Button>
      <ErrorAlert error={move.error} shownFields={['start', 'chairId', 'reason']} title="The session was not moved" />
      <div aria-live="polite">
        {move.isSuccess ? <Alert color="green" variant="light" mt="xs" title="Session moved" /> : null}
      </div>
    </TitledForm>
  );
}

function Cancel({ session }: { session: SessionDetail }) {
  const cancel = useCancelSession(session.id);
  const [reasonCode, setReasonCode] = useState<CancelReason>('patient-request');
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>();
  const server = fieldErrorsFrom(cancel.error, ['note']);
  const submit = () => {
    if (reasonCode === 'other' && !note.trim()) {
      setNoteError('Say why the session is cancelled.');
      return;
    }
    setNoteError(undefined);
    cancel.mutate({ reasonCode, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <TitledForm title="Cancel the session" onSubmit={submit}>
      <Group align="flex-start">
        <NativeSelect
          label="Reason for cancelling"
          value={reasonCode}
          onChange={(e) => setReasonCode(e.currentTarget.value as CancelReason)}
          data={CANCEL_REASONS.map((r) => ({ value: r, label: words(r) }))}
        />
        <TextInput
          label="Note"
          value={note}
          error={noteError ?? server['note']}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
      </Group>
      <Button type="submit" mt="xs" color="red" variant="light" loading={cancel.isPending}>
        Cancel session
      </Button>
      <ErrorAlert error={cancel.error} shownFields={['note']} title="The session was not cancelled" />
    </TitledForm>
  );
}

function NoShow({ session }: { session: SessionDetail }) {
  const noShow = useRecordNoShow(session.id);
  return (
    <div>
      <Group>
        <Button variant="default" loading={noShow.isPending} onClick={() => noShow.mutate({})}>
          Record no-show
        </Button>
        <Text size="xs" c="dimmed">
          After the start time, when the patient has not come.
        </Text>
      </Group>
      <ErrorAlert error={noShow.error} title="The no-show was not recorded" />
    </div>
  );
}

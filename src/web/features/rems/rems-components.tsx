import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Badge, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCalendarDate, todayIsoDate } from '../../components/format';
import { fieldErrorsFrom, textField } from '../../components/forms';
import { useMarkRemsSubmitted, useRecordRemsEnrolment, type RemsFormStatus } from './rems.api';
import { describeCountdown, msUntil, STATUS_LABELS } from './rems-format';

const STATUS_COLOURS: Readonly<Record<RemsFormStatus, string>> = { due: 'orange', overdue: 'red', submitted: 'green' };

/** "Due", "Overdue" or "Submitted 3 Nov 2026" (and "late" when it went in after the deadline). */
export function FormStatusBadge({
  status,
  submittedOn,
  submittedLate,
}: {
  status: RemsFormStatus;
  submittedOn: string | null;
  submittedLate: boolean | null;
}) {
  const text =
    status === 'submitted' && submittedOn
      ? `Submitted ${formatCalendarDate(submittedOn)}${submittedLate ? ' (late)' : ''}`
      : STATUS_LABELS[status];
  return (
    <Badge
      color={STATUS_COLOURS[status]}
      variant={status === 'overdue' ? 'filled' : 'light'}
      tt="none"
      styles={{ root: { maxWidth: 'none', overflow: 'visible' }, label: { overflow: 'visible' } }}
    >
      {text}
    </Badge>
  );
}

/** Milliseconds since `since` (epoch ms), re-rendering every 30 s so countdowns move. */
export function useElapsedSince(since: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return Math.max(0, now - since);
}

/** "6 d 23 h left" / "overdue by 2 h", from the server's clock at `serverNow` plus the time since it answered. */
export function Countdown({
  deadline,
  serverNow,
  elapsedMs,
}: {
  deadline: string;
  serverNow: string;
  elapsedMs: number;
}) {
  const ms = msUntil(deadline, serverNow, elapsedMs);
  return (
    <Text span size="sm" c={ms < 0 ? 'red.8' : undefined} fw={ms < 0 ? 600 : undefined}>
      {describeCountdown(ms)}
    </Text>
  );
}

export function Section({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb={description ? 4 : 'sm'}>
        {title}
      </Title>
      {description ? (
        <Text c="dimmed" size="sm" mb="sm">
          {description}
        </Text>
      ) : null}
      {children}
    </section>
  );
}

/**
 * "Mark submitted": the date the form went to the SPRAVATO REMS. The server refuses a date in the future, one before
 * the session, and an incomplete form (it names what is missing).
 */
/**
 * A required date box's state: what is typed, `check()` on submit, which says whether it is a YYYY-MM-DD date and
 * shows `message` under the box until it is, and `input(serverError)`, the date box's props (the server's error shown
 * when the date itself is good).
 */
function useRequiredDate(initial: string, message: string) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | undefined>();
  const check = (): boolean => {
    const isDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
    setError(isDate ? undefined : message);
    return isDate;
  };
  const input = (serverError: string | undefined) => ({
    type: 'date',
    required: true,
    ...textField(value, setValue, error ?? serverError),
  });
  return { value, check, input };
}

export function MarkSubmittedForm({
  sessionId,
  patientName,
  defaultDate,
  onDone,
}: {
  sessionId: string;
  patientName: string;
  defaultDate?: string;
  onDone?: () => void;
}) {
  const mark = useMarkRemsSubmitted(sessionId);
  const submittedOn = useRequiredDate(defaultDate ?? todayIsoDate(), 'Enter the date the form was submitted.');
  const errors = fieldErrorsFrom(mark.error, ['submittedOn']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!submittedOn.check()) return;
    mark.mutate(submittedOn.value, { onSuccess: () => onDone?.() });
  };
  return (
    <form onSubmit={submit} aria-label={`Mark the form of ${patientName} submitted`} noValidate>
      <Stack gap="xs">
        <ErrorAlert error={mark.error} title="The form could not be marked submitted" shownFields={['submittedOn']} />
        <Group align="flex-end" gap="sm">
          <TextInput label="Submitted on" {...submittedOn.input(errors.submittedOn)} />
          <Button type="submit" loading={mark.isPending}>
            Mark submitted
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Record a patient's SPRAVATO REMS enrolment (the date, and the programme's patient ID if known). */
export function EnrolmentForm({
  patientId,
  patientName,
  onDone,
}: {
  patientId: string;
  patientName: string;
  onDone?: () => void;
}) {
  const record = useRecordRemsEnrolment(patientId);
  const enrolledOn = useRequiredDate(todayIsoDate(), 'Enter the date the patient was enrolled.');
  const [remsPatientId, setRemsPatientId] = useState('');
  const errors = fieldErrorsFrom(record.error, ['enrolledOn', 'remsPatientId']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!enrolledOn.check()) return;
    record.mutate(
      { enrolledOn: enrolledOn.value, ...(remsPatientId.trim() ? { remsPatientId: remsPatientId.trim() } : {}) },
      { onSuccess: () => onDone?.() },
    );
  };
  return (
    <form onSubmit={submit} aria-label={`Record the REMS enrolment of ${patientName}`} noValidate>
      <Stack gap="xs">
        <ErrorAlert
          error={record.error}
          title="The enrolment could not be recorded"
          shownFields={['enrolledOn', 'remsPatientId']}
        />
        <Group align="flex-end" gap="sm">
          <TextInput label="Enrolled on" {...enrolledOn.input(errors.enrolledOn)} />
          <TextInput
            label="REMS patient ID"
            description="Optional"
            maxLength={60}
            {...textField(remsPatientId, setRemsPatientId, errors.remsPatientId)}
          />
          <Button type="submit" loading={record.isPending}>
            Record enrolment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

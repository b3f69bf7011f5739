/**
 * The "Treatment plans" section of a patient's record: a prescriber chooses a protocol and start date, previews
 * the sessions (dates and doses from the protocol and the clinic's hours), creates the plan and signs it; staff
 * then book its sessions into chairs. Each plan shows its status and every session's booking. An esketamine TRD plan
 * stops at the end-of-induction review: a prescriber records the benefit seen before weeks 5-8 can be booked.
 */
import { useState, type FormEvent } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom } from '../../components/forms';
import { countOf, formatCalendarDate, formatDateTime, formatTimeRange } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { ConfirmAction, nowText } from '../../components/ConfirmAction';
import { usePermissions } from '../auth/session';
import { useIntake } from '../intake/intake.api';
import { modalityLabel, PROTOCOLS, words, type ProtocolId } from '../intake/care-codes';
import type { Patient } from '../patients/patients.api';
import { useCareSettings, useChairs, useClinicTimeZone } from '../schedule/schedule.api';
import { addDays, mondayOf, todayIn } from '../schedule/week';
import {
  useBookPlan,
  useBookSession,
  useCreatePlan,
  useDiscontinuePlan,
  usePatientPlans,
  usePreviewPlan,
  useRecordReview,
  useSignPlan,
  type Plan,
  type PlanInput,
  type PlannedSession,
  type ReviewInput,
  type ReviewGate,
  type TherapySession,
} from './plans.api';
import { DataTable } from '../../components/DataTable';

const STATUS_COLOURS: Readonly<Record<Plan['status'], string>> = {
  draft: 'gray',
  active: 'green',
  completed: 'blue',
  discontinued: 'red',
};
const STATUS_LABELS: Readonly<Record<Plan['status'], string>> = {
  draft: 'Draft: awaiting signature',
  active: 'Active',
  completed: 'Completed',
  discontinued: 'Discontinued',
};

/** "2026-11-04T09:00" -> "09:00". */

export function PlansPanel({ patient }: { patient: Patient }) {
  const can = usePermissions();
  const plans = usePatientPlans(patient.id);
  return (
    <Stack gap="lg">
      <QueryStatus query={plans} failed="The plans could not be loaded" loading="Loading the plans…" />
      {plans.data && plans.data.items.length === 0 ? <Text c="dimmed">No treatment plan yet.</Text> : null}
      {plans.data?.items.map((plan) => (
        <PlanCard
          key={plan.id}
          patientId={patient.id}
          patientName={`${patient.givenName} ${patient.familyName}`}
          plan={plan}
        />
      ))}
      {can('plan:write') ? <NewPlan patientId={patient.id} /> : null}
    </Stack>
  );
}

function SessionsTable({
  sessions,
  label,
}: {
  sessions: ReadonlyArray<
    PlannedSession & {
      booking?: Plan['sessions'][number]['booking'];
      cancelledOrMissed?: number;
      heldForReview?: string | null;
    }
  >;
  label: string;
}) {
  const withBooking = sessions.some((s) => s.booking !== undefined);
  return (
    <DataTable
      caption={label}
      columns={['#', 'Date', 'Phase', 'Dose', 'Route', 'Chair time', ...(withBooking ? ['Booking'] : [])]}
      minWidth={560}
      verticalSpacing={4}
    >
      {sessions.map((s) => (
        <Table.Tr key={s.number}>
          <Table.Td>{s.number}</Table.Td>
          <Table.Td>{formatCalendarDate(s.date)}</Table.Td>
          <Table.Td>{words(s.phase)}</Table.Td>
          <Table.Td>{s.doseMg} mg</Table.Td>
          <Table.Td>{s.route}</Table.Td>
          <Table.Td>{s.durationMin + s.monitoringMin} min</Table.Td>
          {withBooking ? (
            <Table.Td>
              {s.booking ? (
                `${s.booking.chairName ?? 'No chair'}, ${formatTimeRange(s.booking.start, s.booking.end)}${s.booking.status !== 'scheduled' ? ` (${s.booking.status})` : ''}`
              ) : (
                <Text span size="sm" c="dimmed">
                  {s.heldForReview ? 'Held until the end-of-induction review' : 'Not booked'}
                  {s.cancelledOrMissed ? ` (${s.cancelledOrMissed} cancelled or missed)` : ''}
                </Text>
              )}
            </Table.Td>
          ) : null}
        </Table.Tr>
      ))}
    </DataTable>
  );
}

function TherapySessions({ sessions }: { sessions: readonly TherapySession[] }) {
  if (sessions.length === 0) return null;
  return (
    <Text size="sm" mt="xs">
      <Text span fw={600} size="sm">
        Therapy sessions:{' '}
      </Text>
      {sessions
        .map(
          (t) =>
            `${words(t.kind)} ${formatCalendarDate(t.date)}${t.afterSession !== undefined ? ` (after session ${t.afterSession})` : ''}`,
        )
        .join('; ')}
    </Text>
  );
}

function PlanCard({ patientId, patientName, plan }: { patientId: string; patientName: string; plan: Plan }) {
  const timeZone = useClinicTimeZone().data;
  const can = usePermissions();
  const sign = useSignPlan(patientId);
  const title = `${plan.protocolTitle}`;
  return (
    <Paper withBorder p="md" radius="md" component="article" aria-label={`Plan: ${plan.protocolTitle}`}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          {title}
        </Title>
        <Badge color={STATUS_COLOURS[plan.status]} variant="light" size="lg">
          {STATUS_LABELS[plan.status]}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {modalityLabel(plan.modality)} · starts {formatCalendarDate(plan.startDate)} · {plan.bookedSessions} of{' '}
        {plan.sessions.length} sessions booked
        {plan.createdBy ? ` · created by ${plan.createdBy.displayName}` : ''}
        {plan.signedAt
          ? ` · signed by ${plan.signedBy?.displayName ?? 'a prescriber'} ${formatDateTime(plan.signedAt)}`
          : ''}
      </Text>
      {plan.weightExplanation ? (
        <Text size="sm" mb="sm">
          {plan.weightExplanation}
        </Text>
      ) : null}
      {plan.warnings.length > 0 ? (
        <Alert color="orange" variant="light" title="Warnings" mb="sm">
          <List size="sm">
            {plan.warnings.map((w) => (
              <List.Item key={`${w.code}-${w.sessionNumber ?? ''}`}>{w.message}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {plan.status === 'discontinued' ? (
        <Text size="sm" mb="sm">
          Discontinued {plan.discontinuedAt ? formatDateTime(plan.discontinuedAt) : ''}
          {plan.discontinuedBy ? ` by ${plan.discontinuedBy.displayName}` : ''}: “{plan.discontinueReason}”
        </Text>
      ) : null}
      <SessionsTable sessions={plan.sessions} label={`Sessions: ${plan.protocolTitle}`} />
      <TherapySessions sessions={plan.therapySessions} />
      {plan.missedSessionAdvice.map((m) => (
        <Alert
          key={m.phase}
          color="orange"
          variant="light"
          title={`Missed ${words(m.phase)} session${m.sessions.length === 1 ? '' : 's'} (${m.sessions.join(', ')})`}
          mt="sm"
        >
          <Text size="sm">{m.rule}</Text>
          <Text size="xs" c="dimmed">
            {m.source.source}
            {m.source.detail ? `, ${m.source.detail}` : ''}
          </Text>
        </Alert>
      ))}
      {plan.reviewGates.map((gate) => (
        <ReviewGateCard key={gate.code} patientId={patientId} plan={plan} gate={gate} />
      ))}
      <Text size="xs" mt="xs">
        <Anchor href={`/api/plans/${encodeURIComponent(plan.id)}/careplan`} target="_blank" rel="noreferrer" size="xs">
          This plan as a FHIR CarePlan (JSON)
        </Anchor>
      </Text>
      <Stack gap="sm" mt="sm">
        {plan.status === 'draft' && can('plan:sign') ? (
          <Group>
            <ConfirmAction
              label="Sign plan"
              buttonProps={{ loading: sign.isPending }}
              title="Sign this plan?"
              confirmLabel="Sign plan"
              finality="This cannot be undone; a change later is a plan review or a new plan."
              onConfirm={() => sign.mutate(plan.id)}
            >
              <Text size="sm">
                Sign plan for {patientName}: {planSummary(plan)}.
              </Text>
              <Text size="sm">
                Signed by you at {nowText(timeZone)}. Signing checks eligibility and consent again; the sessions can
                then be booked.
              </Text>
            </ConfirmAction>
            <Text size="sm" c="dimmed">
              Signing checks eligibility and consent again; the plan can then be booked.
            </Text>
          </Group>
        ) : null}
        <ErrorAlert error={sign.error} title="The plan was not signed" />
        {plan.status === 'active' && can('schedule:write') ? <BookPlan patientId={patientId} plan={plan} /> : null}
        {plan.status === 'active' && can('schedule:write') && plan.sessions.some((s) => !s.booking) ? (
          <BookOneSession patientId={patientId} plan={plan} />
        ) : null}
        {(plan.status === 'draft' || plan.status === 'active') && can('plan:sign') ? (
          <DiscontinuePlan patientId={patientId} plan={plan} />
        ) : null}
      </Stack>
    </Paper>
  );
}

const BENEFIT_LABELS: Readonly<Record<ReviewInput['benefit'], string>> = {
  response: 'Clear benefit (response)',
  'partial-response': 'Some benefit (partial response)',
  'no-benefit': 'No benefit',
};

/** The label of a recorded benefit (the plan's reviews carry it as a plain string). */
function benefitLabel(benefit: string): string {
  return Object.entries(BENEFIT_LABELS).find(([value]) => value === benefit)?.[1] ?? benefit;
}

/** The end-of-induction review: what it holds, what was recorded, and (for prescribers, once due) the form. */
function ReviewGateCard({ patientId, plan, gate }: { patientId: string; plan: Plan; gate: ReviewGate }) {
  const can = usePermissions();
  const record = useRecordReview(patientId);
  const [benefit, setBenefit] = useState<ReviewInput['benefit'] | ''>('');
  const [decision, setDecision] = useState<ReviewInput['decision'] | ''>('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ benefit?: string; decision?: string; note?: string }>({});
  const server = fieldErrorsFrom(record.error, ['benefit', 'decision', 'note', 'code']);
  const recorded = plan.reviews.filter((r) => r.code === gate.code);
  const colour = gate.status === 'open' ? 'green' : gate.status === 'stopped' ? 'red' : 'yellow';
  const status =
    gate.status === 'open'
      ? 'Recorded: treatment continues'
      : gate.status === 'stopped'
        ? 'Recorded: treatment stops'
        : `Due from ${formatCalendarDate(gate.dueFrom)}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: { benefit?: string; decision?: string; note?: string } = {};
    if (!benefit) found.benefit = 'Record the benefit seen.';
    if (!decision) found.decision = 'Record whether treatment continues.';
    if (benefit === 'no-benefit' && decision === 'continue' && !note.trim())
      found.note = 'Say why treatment continues although no benefit was seen.';
    setErrors(found);
    // The review body accepts only the gate codes the server knows; the plan carries the code as a plain string.
    const code = gate.code === 'end-of-induction' ? gate.code : null;
    if (Object.keys(found).length > 0 || !benefit || !decision || !code) return;
    record.mutate({
      planId: plan.id,
      review: { code, benefit, decision, ...(note.trim() ? { note: note.trim() } : {}) },
    });
  };

  return (
    <Paper withBorder p="sm" mt="sm" radius="sm" component="section" aria-label={gate.title}>
      <Group justify="space-between">
        <Text fw={600} size="sm">
          {gate.title}: after session {gate.afterSessionNumber}, holds sessions {gate.holdsSessions.join(', ')}
        </Text>
        <Badge color={colour} variant="light">
          {status}
        </Badge>
      </Group>
      <Text size="sm">{gate.instructions}</Text>
      <Text size="xs" c="dimmed">
        {gate.source.source}
        {gate.source.detail ? `, ${gate.source.detail}` : ''}
      </Text>
      {recorded.length > 0 ? (
        <List size="sm" mt="xs">
          {recorded.map((r) => (
            <List.Item key={r.id}>
              {formatDateTime(r.recordedAt)}
              {r.recordedBy ? ` by ${r.recordedBy.displayName}` : ''}: {benefitLabel(r.benefit)};{' '}
              {r.decision === 'continue' ? 'continue' : 'stop'}
              {r.note ? ` (“${r.note}”)` : ''}
            </List.Item>
          ))}
        </List>
      ) : null}
      {plan.status === 'active' && can('plan:sign') ? (
        <form onSubmit={submit} noValidate aria-label={`Record the ${gate.title.toLowerCase()}`}>
          <Group align="flex-start" mt="xs">
            <NativeSelect
              label="Therapeutic benefit"
              value={benefit}
              error={errors.benefit ?? server['benefit']}
              onChange={(e) => setBenefit(e.currentTarget.value as ReviewInput['benefit'] | '')}
              data={[
                { value: '', label: 'Choose…' },
                ...Object.entries(BENEFIT_LABELS).map(([value, label]) => ({ value, label })),
              ]}
            />
            <NativeSelect
              label="Decision"
              value={decision}
              error={errors.decision ?? server['decision']}
              onChange={(e) => setDecision(e.currentTarget.value as ReviewInput['decision'] | '')}
              data={[
                { value: '', label: 'Choose…' },
                { value: 'continue', label: 'Continue into weeks 5-8' },
                { value: 'stop', label: 'Stop treatment' },
              ]}
            />
          </Group>
          <Textarea
            label="Note (e.g. scores at baseline and now)"
            autosize
            minRows={1}
            mt="xs"
            value={note}
            error={errors.note ?? server['note']}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Button type="submit" mt="xs" variant="light" loading={record.isPending}>
            Record review
          </Button>
          <ErrorAlert
            error={record.error}
            shownFields={['benefit', 'decision', 'note']}
            title="The review was not recorded"
          />
        </form>
      ) : null}
    </Paper>
  );
}

function BookPlan({ patientId, plan }: { patientId: string; plan: Plan }) {
  const can = usePermissions();
  const chairs = useChairs(can('schedule:read'));
  const book = useBookPlan(patientId);
  const [chairId, setChairId] = useState('');
  const [startTime, setStartTime] = useState('09:00');
  const [timeError, setTimeError] = useState<string | undefined>();
  const serverErrors = fieldErrorsFrom(book.error, ['startTime', 'chairId']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(startTime)) {
      setTimeError('Enter the start time as HH:MM.');
      return;
    }
    setTimeError(undefined);
    book.mutate({ planId: plan.id, startTime, ...(chairId ? { chairId } : {}) });
  };

  const isFullyBooked = plan.bookedSessions >= plan.sessions.length;
  return (
    <form onSubmit={submit} noValidate aria-label={`Book sessions: ${plan.protocolTitle}`}>
      {isFullyBooked ? null : (
        <Group align="flex-end">
          <NativeSelect
            label="Chair"
            value={chairId}
            onChange={(e) => setChairId(e.currentTarget.value)}
            error={serverErrors['chairId']}
            data={[
              { value: '', label: 'First free chair' },
              ...(chairs.data?.items ?? [])
                .filter((c) => c.isActive)
                .map((c) => ({ value: c.id, label: c.room ? `${c.name} (${c.room})` : c.name })),
            ]}
          />
          <TextInput
            label="Start time"
            type="time"
            value={startTime}
            error={timeError ?? serverErrors['startTime']}
            onChange={(e) => setStartTime(e.currentTarget.value)}
            w={140}
          />
          <Button type="submit" loading={book.isPending}>
            Book sessions
          </Button>
        </Group>
      )}
      <ErrorAlert error={book.error} shownFields={['startTime', 'chairId']} title="The sessions were not booked" />
      <div aria-live="polite">
        {book.data ? (
          <Alert
            mt="sm"
            color={book.data.unplaced.length === 0 ? 'green' : 'orange'}
            variant="light"
            title={`Booked ${countOf(book.data.booked.length, 'session', 'sessions')}`}
          >
            {book.data.unplaced.length > 0 ? (
              <List size="sm">
                {book.data.unplaced.map((u) => (
                  <List.Item key={u.number}>
                    Session {u.number} ({formatCalendarDate(u.date)}): {u.message}
                  </List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm">Every session has a chair.</Text>
            )}
          </Alert>
        ) : null}
      </div>
    </form>
  );
}

/** One unbooked session into a chosen chair, date and time (the date may move from the planned one). */
function BookOneSession({ patientId, plan }: { patientId: string; plan: Plan }) {
  const chairs = useChairs();
  const book = useBookSession(patientId);
  const unbooked = plan.sessions.filter((s) => !s.booking);
  const [number, setNumber] = useState<number | undefined>();
  const chosen = unbooked.find((s) => s.number === number) ?? unbooked[0];
  const [chairId, setChairId] = useState('');
  const [date, setDate] = useState<string | undefined>();
  const [time, setTime] = useState('09:00');
  const [errors, setErrors] = useState<{ chairId?: string; start?: string }>({});
  const server = fieldErrorsFrom(book.error, ['chairId', 'start']);
  if (!chosen) return null;
  const day = date ?? chosen.date;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: { chairId?: string; start?: string } = {};
    if (!chairId) found.chairId = 'Choose a chair.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time))
      found.start = 'Enter the date and the start time.';
    setErrors(found);
    if (!found.chairId && !found.start)
      book.mutate({ planId: plan.id, number: chosen.number, chairId, start: `${day}T${time}` });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Book one session: ${plan.protocolTitle}`}>
      <Group align="flex-start">
        <NativeSelect
          label="Session"
          value={String(chosen.number)}
          onChange={(e) => {
            setNumber(Number(e.currentTarget.value));
            setDate(undefined);
            book.reset();
          }}
          data={unbooked.map((s) => ({
            value: String(s.number),
            label: `${s.number} (planned ${formatCalendarDate(s.date)})`,
          }))}
        />
        <NativeSelect
          label="Chair for this session"
          value={chairId}
          error={errors.chairId ?? server['chairId']}
          onChange={(e) => setChairId(e.currentTarget.value)}
          data={[
            { value: '', label: 'Choose…' },
            ...(chairs.data?.items ?? []).filter((c) => c.isActive).map((c) => ({ value: c.id, label: c.name })),
          ]}
        />
        <TextInput
          label="Date"
          type="date"
          value={day}
          error={errors.start ?? server['start']}
          onChange={(e) => setDate(e.currentTarget.value)}
        />
        <TextInput label="Time" type="time" value={time} onChange={(e) => setTime(e.currentTarget.value)} w={120} />
      </Group>
      <Button type="submit" mt="xs" variant="light" loading={book.isPending}>
        Book this session
      </Button>
      <ErrorAlert error={book.error} shownFields={['chairId', 'start']} title="The session was not booked" />
      <div aria-live="polite">
        {book.data ? (
          <Alert mt="xs" color="green" variant="light" title={`Session ${book.data.sessionNumber ?? ''} booked`}>
            {book.data.chair?.name}, {formatDateTime(book.data.start)}
          </Alert>
        ) : null}
      </div>
    </form>
  );
}

function DiscontinuePlan({ patientId, plan }: { patientId: string; plan: Plan }) {
  const discontinue = useDiscontinuePlan(patientId);
  const [isOpen, setIsOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  if (!isOpen)
    return (
      <Group>
        <Button variant="subtle" color="red" onClick={() => setIsOpen(true)}>
          Discontinue plan…
        </Button>
      </Group>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setError('Give the reason for stopping.');
      return;
    }
    setError(undefined);
    discontinue.mutate({ planId: plan.id, reason: reason.trim() });
  };
  return (
    <form onSubmit={submit} noValidate aria-label={`Discontinue: ${plan.protocolTitle}`}>
      <Stack gap="xs">
        <Textarea
          label="Reason for discontinuing"
          autosize
          minRows={2}
          value={reason}
          error={error}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <Group>
          <Button type="submit" color="red" loading={discontinue.isPending}>
            Discontinue plan
          </Button>
          <Button variant="default" onClick={() => setIsOpen(false)}>
            Keep the plan
          </Button>
        </Group>
        <ErrorAlert error={discontinue.error} title="The plan was not discontinued" />
      </Stack>
    </form>
  );
}

function NewPlan({ patientId }: { patientId: string }) {
  const intake = useIntake(patientId);
  const timeZone = useClinicTimeZone();
  const careSettings = useCareSettings();
  const weightBasis = careSettings.data?.dosingWeightBasis;
  const preview = usePreviewPlan();
  const create = useCreatePlan(patientId);
  const [protocol, setProtocol] = useState<ProtocolId>('iv-ketamine-induction');
  const [startDate, setStartDate] = useState<string | undefined>();
  const [weight, setWeight] = useState<string | undefined>();
  const [dateError, setDateError] = useState<string | undefined>();
  const defaultStart = addDays(mondayOf(todayIn(timeZone.data)), 7);
  const start = startDate ?? defaultStart;
  const weightText = weight ?? (intake.data?.intake?.weightKg !== undefined ? String(intake.data.intake.weightKg) : '');
  const fields = ['protocol', 'startDate', 'weightKg'];
  const serverErrors = { ...fieldErrorsFrom(preview.error, fields), ...fieldErrorsFrom(create.error, fields) };

  const input = (): PlanInput | undefined => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) {
      setDateError('Enter the start date.');
      return undefined;
    }
    setDateError(undefined);
    const weightKg = weightText.trim() === '' ? undefined : Number(weightText);
    return { protocol, startDate: start, ...(weightKg !== undefined && Number.isFinite(weightKg) ? { weightKg } : {}) };
  };
  const changed = () => {
    preview.reset();
    create.reset();
  };
  const shownPreview =
    preview.data && preview.variables?.protocol === protocol && preview.variables.startDate === start
      ? preview.data
      : undefined;

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={`new-plan-${patientId}`}>
      <Title order={3} size="h5" id={`new-plan-${patientId}`} mb="sm">
        New treatment plan
      </Title>
      <Stack gap="sm">
        <Group align="flex-start">
          <NativeSelect
            label="Protocol"
            value={protocol}
            error={serverErrors['protocol']}
            onChange={(e) => {
              setProtocol(e.currentTarget.value as ProtocolId);
              changed();
            }}
            data={PROTOCOLS.map((p) => ({ value: p.id, label: p.label }))}
          />
          <TextInput
            label="Start date"
            type="date"
            value={start}
            error={dateError ?? serverErrors['startDate']}
            onChange={(e) => {
              setStartDate(e.currentTarget.value);
              changed();
            }}
          />
          <TextInput
            label="Weight (kg)"
            description="From the intake unless changed"
            inputMode="decimal"
            value={weightText}
            error={serverErrors['weightKg']}
            w={150}
            onChange={(e) => {
              setWeight(e.currentTarget.value);
              changed();
            }}
          />
        </Group>
        <Group>
          <Button
            variant="default"
            loading={preview.isPending}
            onClick={() => {
              const body = input();
              if (body) preview.mutate(body);
            }}
          >
            Preview sessions
          </Button>
          <Button
            loading={create.isPending}
            disabled={!shownPreview || create.isSuccess}
            onClick={() => {
              const body = input();
              if (body) create.mutate(body);
            }}
          >
            Create plan
          </Button>
        </Group>
        <ErrorAlert error={preview.error} shownFields={fields} title="The sessions could not be previewed" />
        <ErrorAlert error={create.error} shownFields={fields} title="The plan was not created" />
        <div aria-live="polite">
          {create.isSuccess ? (
            <Alert color="green" variant="light" title="Plan created">
              The draft plan is listed above; a prescriber signs it before booking.
            </Alert>
          ) : null}
          {shownPreview && !create.isSuccess ? (
            <Stack gap="xs">
              <Text size="sm" fw={600}>
                {shownPreview.sessions.length} sessions, {modalityLabel(shownPreview.modality)}, protocol version{' '}
                {shownPreview.protocolVersion}
              </Text>
              {weightBasis && weightBasis !== 'actual' ? (
                <Text size="sm">
                  This clinic doses by {weightBasis} body weight: the plan works its doses out from that when it is
                  created, so they may differ from this preview at the weight entered.
                </Text>
              ) : null}
              {shownPreview.warnings.length > 0 ? (
                <List size="sm">
                  {shownPreview.warnings.map((w) => (
                    <List.Item key={`${w.code}-${w.sessionNumber ?? ''}`}>{w.message}</List.Item>
                  ))}
                </List>
              ) : null}
              <SessionsTable sessions={shownPreview.sessions} label="Previewed sessions" />
              <TherapySessions sessions={shownPreview.therapySessions} />
              <Text size="xs" c="dimmed">
                Sources: {shownPreview.sources.map((s) => s.source).join('; ')}
              </Text>
            </Stack>
          ) : null}
        </div>
      </Stack>
    </Paper>
  );
}

/** "IV ketamine induction series (mood), 6 sessions, 35 mg each for 70 kg, from Nov 3, 2026" for the signing confirmation. */
function planSummary(plan: Plan): string {
  const doses = plan.sessions.map((s) => s.doseMg);
  const low = Math.min(...doses);
  const high = Math.max(...doses);
  const dose = doses.length === 0 ? '' : low === high ? `, ${low} mg each` : `, ${low} mg to ${high} mg`;
  const weight = plan.weightKg !== null ? ` for ${plan.weightKg} kg` : '';
  return `${plan.protocolTitle}, ${countOf(plan.sessions.length, 'session', 'sessions')}${dose}${weight}, from ${formatCalendarDate(plan.startDate)}`;
}

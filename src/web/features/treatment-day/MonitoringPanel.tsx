/**
 * Monitoring: what is due next (counting down, overdue in red), the entry form (vital signs, MOAA/S, CADSS-6,
 * nausea, a note), the timeline with who and when (a corrected entry is struck through, with the correction and
 * its reason), monitoring alerts acknowledged with the action taken, and adverse events with their interventions.
 */
import { useState } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useClinicClock } from './clinic-clock';
import { CADSS_6 } from '../../../domain/instruments/cadss-6';
import { MOAA_S } from '../../../domain/instruments/moaa-s';
import { ADVERSE_EVENT_TYPES, INTERVENTIONS } from '../../../domain/session/adverse-events';
import { CORRECTABLE_ENTRY_KINDS, OBSERVATION_KINDS } from '../../../contract/code-lists';
import { choicesOf } from '../../components/choices';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DialogForm } from '../../components/DialogForm';
import { FormProblem } from '../../components/FormProblem';
import { usePermissions } from '../auth/session';
import { describeCheckDue } from './session-time';
import { enteredVitalSigns, NO_VITAL_SIGNS, VITAL_SIGNS, type VitalSignsDraft } from './vital-signs';
import {
  ADVERSE_EVENT_OUTCOMES,
  ADVERSE_EVENT_SEVERITIES,
  NAUSEA_LEVELS,
  useSessionWrite,
  type EntryView,
  type MonitoringAlertView,
  type TimelineEntryView,
  type TreatmentView,
} from './treatment-day.api';
import { PanelForm } from './PanelForm';
import { DataTable } from '../../components/DataTable';
import { StepPanel } from './StepPanel';
import { ReasonField } from '../../components/ReasonField';
import { ReasonDialog } from '../../components/ReasonDialog';
import { countOf } from '../../components/format';

/** The MOAA/S ratings, most alert first, in the domain's words for each anchor (Chernik 1990). */
const MOAAS_OPTIONS = (MOAA_S.items[0]?.options ?? [])
  .map((o) => ({ value: String(o.score), label: `${o.score}: ${o.label}` }))
  .reverse();

const KIND_LABELS: Readonly<Record<string, string>> = {
  vitals: 'Vital signs',
  moaas: 'MOAA/S',
  cadss: 'CADSS',
  nausea: 'Nausea',
  note: 'Note',
  'adverse-event': 'Adverse event',
  'check-in': 'Check-in',
  'checklist-acknowledged': 'Checklist warning acknowledged',
  'dose-prepared': 'Dose prepared',
  'dose-verified': 'Dose verified',
  'infusion-started': 'Infusion started',
  'infusion-rate-changed': 'Rate changed',
  'infusion-paused': 'Infusion paused',
  'infusion-resumed': 'Infusion resumed',
  'infusion-stopped': 'Infusion stopped',
  'device-administered': 'Device given',
  discharged: 'Discharged',
};
const BUTTON_LABELS: Readonly<Record<string, string>> = {
  vitals: 'vital signs',
  moaas: 'MOAA/S',
  cadss: 'CADSS-6',
  nausea: 'nausea',
  note: 'note',
};
/** The panel lists what was observed during the session: the entries staff can also correct. */
const MONITORING_KINDS = new Set<string>(CORRECTABLE_ENTRY_KINDS);
const CORRECTABLE = new Set<string>(CORRECTABLE_ENTRY_KINDS);

/** One line for an entry's values. */
export function describeEntry(kind: string, data: Record<string, unknown>): string {
  if (data['voided'] === true) return 'Entered in error';
  switch (kind) {
    case 'vitals': {
      const parts: string[] = [];
      if (data['systolic'] !== undefined || data['diastolic'] !== undefined)
        parts.push(`BP ${String(data['systolic'] ?? '?')}/${String(data['diastolic'] ?? '?')}`);
      if (data['heartRate'] !== undefined) parts.push(`HR ${String(data['heartRate'])}`);
      if (data['spo2'] !== undefined) parts.push(`SpO2 ${String(data['spo2'])}%`);
      if (data['respiratoryRate'] !== undefined) parts.push(`RR ${String(data['respiratoryRate'])}`);
      return parts.join(', ');
    }
    case 'moaas':
      return `MOAA/S ${String(data['score'])}`;
    case 'cadss':
      return `${data['form'] === 'cadss' ? 'CADSS' : 'CADSS-6'} total ${String(data['total'])}`;
    case 'nausea':
      return `Nausea: ${String(data['level'])}`;
    case 'note':
      return String(data['text'] ?? '');
    case 'adverse-event': {
      const type = ADVERSE_EVENT_TYPES.find((t) => t.code === data['type'])?.label ?? String(data['type']);
      return `${type}, ${String(data['severity'])}${data['serious'] === true ? ', serious' : ''}; outcome ${String(data['outcome'])}`;
    }
    default:
      return '';
  }
}

export function MonitoringPanel({ view, now }: { view: TreatmentView; now: number }) {
  const can = usePermissions();
  const canWrite = can('session:write');
  const isActive = view.checkIn !== null && view.discharge === null;
  return (
    <Stack gap="md">
      <ChecksDue view={view} now={now} />
      <MonitoringAlerts view={view} canWrite={canWrite} />
      {canWrite && isActive ? <ObservationForm sessionId={view.session.id} /> : null}
      <Timeline view={view} canWrite={canWrite && view.checkIn !== null} />
      <AdverseEvents view={view} canWrite={canWrite && view.checkIn !== null} now={now} />
    </Stack>
  );
}

export function ChecksDue({ view, now }: { view: TreatmentView; now: number }) {
  const { clock } = useClinicClock();
  const { next } = view.checks;
  const upcoming = view.checks.items.filter((c) => c.status !== 'done').slice(0, 5);
  return (
    <StepPanel title="Checks due" label="Checks due" gap="xs">
      {view.discharge ? (
        <Text>The patient was discharged at {clock(view.discharge.at)}: no further checks are due.</Text>
      ) : next ? (
        (() => {
          const due = describeCheckDue(next.dueAt, now);
          return (
            <Text fw={700} c={due.isOverdue ? 'red.9' : undefined} role="timer">
              Next: {next.label} at {clock(next.dueAt)}, {due.text}
            </Text>
          );
        })()
      ) : (
        <Text>No check is due.</Text>
      )}
      {!view.discharge && view.checks.overdue > 0 ? (
        <Text c="red.9" fw={600}>
          {countOf(view.checks.overdue, 'check', 'checks')} overdue
        </Text>
      ) : null}
      {!view.discharge && upcoming.length > 1 ? (
        <Stack component="ul" gap={2} m={0} pl="lg">
          {upcoming.map((c) => {
            const due = describeCheckDue(c.dueAt, now);
            return (
              <li key={c.id}>
                <Text size="sm" c={due.isOverdue ? 'red.9' : undefined}>
                  {c.label}: {clock(c.dueAt)} ({due.text})
                </Text>
              </li>
            );
          })}
        </Stack>
      ) : null}
    </StepPanel>
  );
}

export function MonitoringAlerts({ view, canWrite }: { view: TreatmentView; canWrite: boolean }) {
  const { clock } = useClinicClock();
  const [acknowledging, setAcknowledging] = useState<MonitoringAlertView | null>(null);
  const [status, setStatus] = useState('');
  const open = view.alerts.filter((a) => !a.acknowledgement);
  const done = view.alerts.filter((a) => a.acknowledgement);
  return (
    <StepPanel title="Monitoring alerts" label="Monitoring alerts" gap="xs" urgent={open.length > 0}>
      <Text size="sm" aria-live="polite">
        {status}
      </Text>
      {view.alerts.length === 0 ? <Text>No alerts.</Text> : null}
      {open.map((a) => (
        <Group key={a.id} justify="space-between" wrap="wrap" data-alert-id={a.id}>
          <Text c="red.9" fw={700}>
            {a.message} ({clock(a.raisedAt)})
          </Text>
          {canWrite ? (
            <Button
              color="red.9"
              size="xs"
              onClick={() => setAcknowledging(a)}
              aria-label={`Acknowledge alert: ${a.message}`}
            >
              Acknowledge
            </Button>
          ) : null}
        </Group>
      ))}
      {done.map((a) => (
        <Text key={a.id} size="sm">
          <Badge color="gray" variant="light" mr="xs">
            Acknowledged
          </Badge>
          {a.message} ({clock(a.raisedAt)}): {a.acknowledgement?.action} ({a.acknowledgement?.by?.displayName ?? ''},{' '}
          {clock(a.acknowledgement?.at ?? '')})
        </Text>
      ))}
      {acknowledging ? (
        <AcknowledgeAlertDialog
          sessionId={view.session.id}
          alert={acknowledging}
          onClose={() => setAcknowledging(null)}
          onDone={() => {
            setStatus(`Alert acknowledged: ${acknowledging.message}`);
            setAcknowledging(null);
          }}
        />
      ) : null}
    </StepPanel>
  );
}

function AcknowledgeAlertDialog({
  sessionId,
  alert,
  onClose,
  onDone,
}: {
  sessionId: string;
  alert: MonitoringAlertView;
  onClose: () => void;
  onDone: () => void;
}) {
  const { clock } = useClinicClock();
  const acknowledge = useSessionWrite<{ _pathAlert: string; action: string }>(
    sessionId,
    (b) => `/alerts/${b._pathAlert}/acknowledgement`,
  );
  return (
    <ReasonDialog
      title="Acknowledge monitoring alert"
      label="Acknowledge monitoring alert"
      onClose={onClose}
      submitLabel="Acknowledge alert"
      isPending={acknowledge.isPending}
      submitColor="red.9"
      error={acknowledge.error}
      errorTitle="The alert was not acknowledged"
      field="action"
      reasonLabel="Action taken"
      missing="Say what was done."
      onConfirm={(action) => acknowledge.mutate({ _pathAlert: alert.id, action }, { onSuccess: onDone })}
    >
      <Text fw={600} c="red.9">
        {alert.message}
      </Text>
      <Text size="sm">
        Raised {clock(alert.raisedAt)}: value {alert.value}, limit {alert.limit}.
      </Text>
    </ReasonDialog>
  );
}

type ObservationKind = 'vitals' | 'moaas' | 'cadss' | 'nausea' | 'note';

interface ObservationValues extends VitalSignsDraft {
  moaas: string;
  cadss: Record<string, string>;
  nausea: string;
  text: string;
}
const EMPTY_VALUES: ObservationValues = {
  ...NO_VITAL_SIGNS,
  moaas: '',
  cadss: {},
  nausea: '',
  text: '',
};

/** The request body for an observation of `kind`, or a message saying what is missing. */
export function observationBody(
  kind: ObservationKind,
  v: ObservationValues,
): { body: Record<string, unknown> } | { error: string } {
  switch (kind) {
    case 'vitals': {
      const vitals = enteredVitalSigns(v);
      return Object.keys(vitals).length === 0 ? { error: 'Enter at least one vital sign.' } : { body: { vitals } };
    }
    case 'moaas':
      return v.moaas === '' ? { error: 'Choose the MOAA/S rating.' } : { body: { score: Number(v.moaas) } };
    case 'cadss': {
      const missing = CADSS_6.items.filter((i) => v.cadss[i.linkId] === undefined || v.cadss[i.linkId] === '');
      if (missing.length > 0) return { error: `Rate every CADSS-6 item (${missing.length} left).` };
      return {
        body: {
          form: 'cadss-6',
          answers: Object.fromEntries(CADSS_6.items.map((i) => [i.linkId, Number(v.cadss[i.linkId])])),
        },
      };
    }
    case 'nausea':
      return v.nausea === '' ? { error: 'Choose the nausea level.' } : { body: { level: v.nausea } };
    case 'note':
      return v.text.trim() === '' ? { error: 'Write the note.' } : { body: { text: v.text.trim() } };
  }
}

function ObservationFields({
  kind,
  values,
  onChange,
}: {
  kind: ObservationKind;
  values: ObservationValues;
  onChange: (v: ObservationValues) => void;
}) {
  const set = <K extends keyof ObservationValues>(key: K, value: ObservationValues[K]) =>
    onChange({ ...values, [key]: value });
  switch (kind) {
    case 'vitals':
      return (
        <SimpleGrid cols={{ base: 2, sm: 5 }}>
          {VITAL_SIGNS.map(({ key, label, suffix }) => (
            <NumberInput
              key={key}
              label={label}
              suffix={suffix}
              hideControls
              value={values[key]}
              onChange={(v) => set(key, v)}
            />
          ))}
        </SimpleGrid>
      );
    case 'moaas':
      return (
        <Select
          label="MOAA/S rating"
          data={MOAAS_OPTIONS}
          value={values.moaas || null}
          onChange={(v) => set('moaas', v ?? '')}
        />
      );
    case 'cadss':
      return (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {CADSS_6.items.map((item) => (
            <Select
              key={item.linkId}
              label={`CADSS-6 item ${item.linkId}: ${item.text}`}
              value={values.cadss[item.linkId] ?? null}
              data={(item.options ?? []).map((o) => ({ value: String(o.score), label: `${o.score}: ${o.label}` }))}
              onChange={(v) => set('cadss', { ...values.cadss, [item.linkId]: v ?? '' })}
            />
          ))}
        </SimpleGrid>
      );
    case 'nausea':
      return (
        <Select
          label="Nausea"
          data={NAUSEA_LEVELS.map((l) => ({ value: l, label: l }))}
          value={values.nausea || null}
          onChange={(v) => set('nausea', v ?? '')}
        />
      );
    case 'note':
      return (
        <Textarea
          label="Note"
          value={values.text}
          onChange={(e) => set('text', e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={4000}
        />
      );
  }
}

export function ObservationForm({ sessionId }: { sessionId: string }) {
  const { fromInput } = useClinicClock();
  const observe = useSessionWrite<Record<string, unknown>>(sessionId, '/observations');
  const [kind, setKind] = useState<ObservationKind>('vitals');
  const [values, setValues] = useState<ObservationValues>(EMPTY_VALUES);
  const [at, setAt] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState('');
  const submit = () => {
    const result = observationBody(kind, values);
    if ('error' in result) {
      setError(result.error);
      return;
    }
    const time = fromInput(at);
    observe.mutate(
      { kind, ...result.body, ...(time ? { at: time } : {}) },
      {
        onSuccess: (answer) => {
          const alerts = (answer as { alerts?: string[] }).alerts ?? [];
          setStatus(
            `${KIND_LABELS[kind]} recorded${alerts.length > 0 ? `; ${alerts.length === 1 ? 'an alert was' : `${alerts.length} alerts were`} raised` : ''}.`,
          );
          setValues(EMPTY_VALUES);
          setAt('');
        },
      },
    );
  };
  return (
    <PanelForm label="Record an observation" title="Record an observation" gap="sm" onSubmit={submit}>
      <SegmentedControl
        aria-label="Observation type"
        value={kind}
        onChange={(v) => {
          setKind(v as ObservationKind);
          setError(undefined);
        }}
        data={choicesOf(OBSERVATION_KINDS, {
          vitals: 'Vital signs',
          moaas: 'MOAA/S',
          cadss: 'CADSS-6',
          nausea: 'Nausea',
          note: 'Note',
        })}
      />
      <ObservationFields
        kind={kind}
        values={values}
        onChange={(v) => {
          setValues(v);
          setError(undefined);
        }}
      />
      <TextInput
        type="datetime-local"
        label="Taken at"
        description="Leave empty for now."
        value={at}
        onChange={(e) => setAt(e.currentTarget.value)}
        maw={280}
      />
      <FormProblem message={error} />
      <ErrorAlert error={observe.error} title="The observation was not recorded" />
      <Group justify="space-between">
        <Text size="sm" aria-live="polite">
          {status}
        </Text>
        <Button type="submit" loading={observe.isPending}>
          Record {BUTTON_LABELS[kind]}
        </Button>
      </Group>
    </PanelForm>
  );
}

export function Timeline({ view, canWrite }: { view: TreatmentView; canWrite: boolean }) {
  const [correcting, setCorrecting] = useState<TimelineEntryView | null>(null);
  const entries = view.timeline
    .filter((e) => MONITORING_KINDS.has(e.kind))
    .slice()
    .sort((a, b) => a.at.localeCompare(b.at));
  return (
    <StepPanel title="Monitoring timeline" gap="xs">
      {entries.length === 0 ? (
        <Text>No observations yet.</Text>
      ) : (
        <DataTable
          caption="Monitoring timeline"
          columns={['Time', 'Entry', 'Values', 'Recorded by']}
          minWidth={640}
          verticalSpacing={4}
          withActions
        >
          {entries.map((e) => (
            <TimelineRow
              key={e.id}
              entry={e}
              canCorrect={canWrite && CORRECTABLE.has(e.kind)}
              onCorrect={() => setCorrecting(e)}
            />
          ))}
        </DataTable>
      )}
      {correcting ? (
        <CorrectionDialog sessionId={view.session.id} entry={correcting} onClose={() => setCorrecting(null)} />
      ) : null}
    </StepPanel>
  );
}

function TimelineRow({
  entry,
  canCorrect,
  onCorrect,
}: {
  entry: TimelineEntryView;
  canCorrect: boolean;
  onCorrect: () => void;
}) {
  const { clock } = useClinicClock();
  const latest: EntryView | undefined = entry.corrections.at(-1);
  return (
    <Table.Tr data-entry-id={entry.id}>
      <Table.Td>{clock(entry.at)}</Table.Td>
      <Table.Td>{KIND_LABELS[entry.kind] ?? entry.kind}</Table.Td>
      <Table.Td>
        {entry.isCorrected ? (
          <Text size="sm" component="s" c="dimmed" aria-label={`Corrected: ${describeEntry(entry.kind, entry.data)}`}>
            {describeEntry(entry.kind, entry.data)}
          </Text>
        ) : (
          <Text size="sm">{describeEntry(entry.kind, entry.data)}</Text>
        )}
        {entry.corrections.map((c) => (
          <Text key={c.id} size="sm" {...(c === latest ? {} : { c: 'dimmed' })}>
            {c === latest ? 'Corrected to' : 'Earlier correction'}: {describeEntry(entry.kind, c.data)} (reason:{' '}
            {c.correctionReason}; {c.recordedBy?.displayName ?? ''}, {clock(c.recordedAt)})
          </Text>
        ))}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{entry.recordedBy?.displayName ?? ''}</Text>
        <Text size="xs" c="dimmed">
          entered {clock(entry.recordedAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        {canCorrect ? (
          <Button
            size="xs"
            variant="subtle"
            onClick={onCorrect}
            aria-label={`Correct ${KIND_LABELS[entry.kind] ?? entry.kind} at ${clock(entry.at)}`}
          >
            Correct
          </Button>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

function valuesFrom(entry: TimelineEntryView): ObservationValues {
  const d = entry.corrections.at(-1)?.data ?? entry.data;
  const n = (k: string) => (typeof d[k] === 'number' ? (d[k] as number) : '');
  const answers = (d['answers'] ?? {}) as Record<string, unknown>;
  return {
    systolic: n('systolic'),
    diastolic: n('diastolic'),
    heartRate: n('heartRate'),
    spo2: n('spo2'),
    respiratoryRate: n('respiratoryRate'),
    moaas: d['score'] === undefined ? '' : String(d['score']),
    cadss: Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, String(v)])),
    nausea: typeof d['level'] === 'string' ? d['level'] : '',
    text: typeof d['text'] === 'string' ? d['text'] : '',
  };
}

function CorrectionDialog({
  sessionId,
  entry,
  onClose,
}: {
  sessionId: string;
  entry: TimelineEntryView;
  onClose: () => void;
}) {
  const { clock } = useClinicClock();
  const correct = useSessionWrite<Record<string, unknown>>(
    sessionId,
    (b) => `/entries/${String(b['_pathEntry'])}/corrections`,
  );
  const [values, setValues] = useState<ObservationValues>(() => valuesFrom(entry));
  const [voided, setVoided] = useState(entry.kind === 'adverse-event');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const isObservation = entry.kind !== 'adverse-event';
  const submit = () => {
    if (!reason.trim()) {
      setError('Give the reason for the correction.');
      return;
    }
    let body: Record<string, unknown> = { _pathEntry: entry.id, reason: reason.trim() };
    if (voided) body = { ...body, voided: true };
    else {
      const result = observationBody(entry.kind as ObservationKind, values);
      if ('error' in result) {
        setError(result.error);
        return;
      }
      body = { ...body, observation: result.body };
    }
    correct.mutate(body, { onSuccess: onClose });
  };
  return (
    <DialogForm
      title={`Correct: ${KIND_LABELS[entry.kind] ?? entry.kind} at ${clock(entry.at)}`}
      label="Correct an entry"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Save correction"
      isPending={correct.isPending}
    >
      <Text size="sm">The original stays on record, struck through, with your reason.</Text>
      <Text size="sm">Now: {describeEntry(entry.kind, entry.corrections.at(-1)?.data ?? entry.data)}</Text>
      {isObservation ? (
        <Checkbox
          label="Entered in error (strike it out without a new value)"
          checked={voided}
          onChange={(e) => setVoided(e.currentTarget.checked)}
        />
      ) : (
        <Text size="sm">An adverse event is corrected by striking it out and recording it again.</Text>
      )}
      {isObservation && !voided ? (
        <ObservationFields kind={entry.kind as ObservationKind} values={values} onChange={setValues} />
      ) : null}
      <ReasonField
        label="Reason for the correction"
        value={reason}
        onChange={(text) => {
          setReason(text);
          setError(undefined);
        }}
        withAsterisk
      />
      <FormProblem message={error} />
      <ErrorAlert error={correct.error} title="The correction was not saved" />
    </DialogForm>
  );
}

interface InterventionRow {
  code: string;
  name: string;
  dose: string;
  route: string;
  at: string;
}

export function AdverseEvents({ view, canWrite, now }: { view: TreatmentView; canWrite: boolean; now: number }) {
  const { clock } = useClinicClock();
  const [isOpen, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  return (
    <StepPanel
      title="Adverse events"
      gap="xs"
      aside={
        canWrite ? (
          <Button size="xs" variant="light" onClick={() => setOpen(true)}>
            Record adverse event
          </Button>
        ) : null
      }
    >
      <Text size="sm" aria-live="polite">
        {status}
      </Text>
      {view.adverseEvents.length === 0 ? (
        <Text>None recorded.</Text>
      ) : (
        <Stack component="ul" gap="xs" m={0} pl="lg" aria-label="Adverse events">
          {view.adverseEvents.map((e) => (
            <li key={e.id}>
              <Text size="sm" fw={600}>
                {ADVERSE_EVENT_TYPES.find((t) => t.code === e.type)?.label ?? e.type}: {e.severity}
                {e.serious ? ', serious' : ''}, from {clock(e.startedAt)}
                {e.endedAt ? ` to ${clock(e.endedAt)}` : ''}; outcome {e.outcome}
              </Text>
              {e.description ? <Text size="sm">{e.description}</Text> : null}
              {e.interventions.map((i, n) => (
                <Text key={n} size="sm">
                  Intervention:{' '}
                  {i.code === 'other' ? i.name : (INTERVENTIONS.find((x) => x.code === i.code)?.label ?? i.code)}
                  {i.dose ? ` ${i.dose}` : ''}
                  {i.route ? ` ${i.route}` : ''} at {clock(i.at)}
                </Text>
              ))}
            </li>
          ))}
        </Stack>
      )}
      {isOpen ? (
        <AdverseEventDialog
          sessionId={view.session.id}
          now={now}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            setStatus('Adverse event recorded.');
          }}
        />
      ) : null}
    </StepPanel>
  );
}

function AdverseEventDialog({
  sessionId,
  now,
  onClose,
  onDone,
}: {
  sessionId: string;
  now: number;
  onClose: () => void;
  onDone: () => void;
}) {
  const { toInput, fromInput } = useClinicClock();
  const record = useSessionWrite<Record<string, unknown>>(sessionId, '/adverse-events');
  const nowLocal = toInput(new Date(now));
  const [type, setType] = useState<string | null>(null);
  const [severity, setSeverity] = useState<string | null>('mild');
  const [serious, setSerious] = useState(false);
  const [startedAt, setStartedAt] = useState(nowLocal);
  const [endedAt, setEndedAt] = useState('');
  const [description, setDescription] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [interventions, setInterventions] = useState<InterventionRow[]>([]);
  const [error, setError] = useState<string | undefined>();
  const update = (n: number, patch: Partial<InterventionRow>) =>
    setInterventions((rows) => rows.map((r, i) => (i === n ? { ...r, ...patch } : r)));
  const submit = () => {
    const start = fromInput(startedAt);
    if (!type || !severity || !outcome || !start) {
      setError('Choose the type, severity, start time and outcome.');
      return;
    }
    const rows = interventions.map((r) => ({ ...r, iso: fromInput(r.at) }));
    if (rows.some((r) => !r.code || !r.iso)) {
      setError('Each intervention needs what was given and when.');
      return;
    }
    const end = fromInput(endedAt);
    record.mutate(
      {
        type,
        severity,
        serious,
        startedAt: start,
        ...(end ? { endedAt: end } : {}),
        ...(description.trim() ? { description: description.trim() } : {}),
        outcome,
        interventions: rows.map((r) => ({
          code: r.code,
          at: r.iso,
          ...(r.name.trim() ? { name: r.name.trim() } : {}),
          ...(r.dose.trim() ? { dose: r.dose.trim() } : {}),
          ...(r.route ? { route: r.route } : {}),
        })),
      },
      { onSuccess: onDone },
    );
  };
  return (
    <DialogForm
      title="Record an adverse event"
      label="Record an adverse event"
      size="xl"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Save adverse event"
      isPending={record.isPending}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Type"
          data={ADVERSE_EVENT_TYPES.map((t) => ({ value: t.code, label: t.label }))}
          value={type}
          onChange={setType}
          withAsterisk
        />
        <Select
          label="Severity"
          data={ADVERSE_EVENT_SEVERITIES.map((s) => ({ value: s, label: s }))}
          value={severity}
          onChange={setSeverity}
          withAsterisk
        />
        <TextInput
          type="datetime-local"
          label="Started at"
          value={startedAt}
          onChange={(e) => setStartedAt(e.currentTarget.value)}
          withAsterisk
        />
        <TextInput
          type="datetime-local"
          label="Ended at"
          value={endedAt}
          onChange={(e) => setEndedAt(e.currentTarget.value)}
        />
      </SimpleGrid>
      <Checkbox label="Serious adverse event" checked={serious} onChange={(e) => setSerious(e.currentTarget.checked)} />
      <Textarea
        label="Description"
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={2000}
      />
      <Text fw={600} size="sm">
        Interventions
      </Text>
      {interventions.map((row, n) => {
        const catalogue = INTERVENTIONS.find((i) => i.code === row.code);
        return (
          <Paper key={n} withBorder p="xs" aria-label={`Intervention ${n + 1}`}>
            <SimpleGrid cols={{ base: 1, sm: 4 }}>
              <Select
                label={`Intervention ${n + 1}`}
                data={INTERVENTIONS.map((i) => ({ value: i.code, label: i.label }))}
                value={row.code || null}
                onChange={(v) => update(n, { code: v ?? '', route: '' })}
              />
              {row.code === 'other' ? (
                <TextInput
                  label={`Intervention ${n + 1} name`}
                  value={row.name}
                  onChange={(e) => update(n, { name: e.currentTarget.value })}
                />
              ) : null}
              <TextInput
                label={`Intervention ${n + 1} dose`}
                placeholder="e.g. 4 mg"
                value={row.dose}
                onChange={(e) => update(n, { dose: e.currentTarget.value })}
              />
              <Select
                label={`Intervention ${n + 1} route`}
                data={[...(catalogue?.routes ?? [])]}
                value={row.route || null}
                onChange={(v) => update(n, { route: v ?? '' })}
                disabled={(catalogue?.routes.length ?? 0) === 0}
              />
              <TextInput
                type="datetime-local"
                label={`Intervention ${n + 1} time`}
                value={row.at}
                onChange={(e) => update(n, { at: e.currentTarget.value })}
              />
            </SimpleGrid>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              mt={4}
              onClick={() => setInterventions((rows) => rows.filter((_, i) => i !== n))}
            >
              Remove intervention {n + 1}
            </Button>
          </Paper>
        );
      })}
      <Group>
        <Button
          size="xs"
          variant="light"
          onClick={() =>
            setInterventions((rows) => [...rows, { code: '', name: '', dose: '', route: '', at: toInput(new Date()) }])
          }
        >
          Add intervention
        </Button>
      </Group>
      <Select
        label="Outcome"
        data={ADVERSE_EVENT_OUTCOMES.map((o) => ({ value: o, label: o }))}
        value={outcome}
        onChange={setOutcome}
        withAsterisk
      />
      <FormProblem message={error} />
      <ErrorAlert error={record.error} title="The adverse event was not recorded" />
    </DialogForm>
  );
}

/**
 * Check-in and the pre-session checklist: the nurse records arrival, identity, pre-dose vital signs, weight,
 * fasting, the ride home and the pregnancy test; the checklist shows each item pass / warn / block with its reason
 * and source; a prescriber acknowledges a warning with a documented reason; a block stops the session.
 */
import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { checkboxFields, fieldErrorsFrom, textFields } from '../../components/forms';
import { usePermissions } from '../auth/session';
import { numberOrUndefined } from './session-time';
import { enteredVitalSigns, VITAL_SIGNS, type VitalSignKey, type VitalSignsDraft } from './vital-signs';
import { useClinicClock } from './clinic-clock';
import { SuicideRiskPanel } from './SuicideRiskPanel';
import { useSessionWrite, type ChecklistItemView, type ChecklistStatus, type TreatmentView } from './treatment-day.api';
import { PanelForm } from './PanelForm';
import { DataTable } from '../../components/DataTable';
import { ReasonDialog } from '../../components/ReasonDialog';

export const CHECKLIST_LABELS: Readonly<Record<string, string>> = {
  identity: 'Identity',
  'pre-dose-vitals': 'Pre-dose vital signs',
  'blood-pressure': 'Blood pressure',
  weight: 'Weight',
  fasting: 'Fasting',
  'ride-home': 'Ride home',
  'pregnancy-test': 'Pregnancy test',
  consent: 'Consent',
  eligibility: 'Eligibility',
  'rems-enrolment': 'REMS enrolment',
  questionnaires: 'Pre-session questionnaires',
  'suicide-risk-today': 'Same-day suicide risk',
};

const STATUS_BADGES: Readonly<Record<ChecklistStatus, { label: string; color: string; variant: 'filled' | 'light' }>> =
  {
    pass: { label: 'Pass', color: 'green', variant: 'light' },
    warn: { label: 'Warning', color: 'orange', variant: 'light' },
    block: { label: 'Blocked', color: 'red.9', variant: 'filled' },
  };

export function ChecklistStatusBadge({ status }: { status: ChecklistStatus }) {
  const badge = STATUS_BADGES[status];
  return (
    <Badge color={badge.color} variant={badge.variant} style={{ minWidth: 'max-content' }}>
      {badge.label}
    </Badge>
  );
}

export function CheckInPanel({ view, now }: { view: TreatmentView; now: number }) {
  const { clock } = useClinicClock();
  const can = usePermissions();
  const isDosingStarted = view.phase.dosingStartedAt !== null || view.discharge !== null;
  return (
    <Stack gap="md">
      <SuicideRiskPanel view={view} />
      <ChecklistTable view={view} canAcknowledge={can('session:override') && !isDosingStarted} />
      {can('session:write') && !isDosingStarted ? <CheckInForm view={view} now={now} /> : null}
      {view.checkIn ? (
        <Text size="sm" c="dimmed">
          Arrived {clock(view.checkIn.arrivedAt)}; check-in recorded by{' '}
          {view.checkIn.recordedBy?.displayName ?? 'unknown'} at {clock(view.checkIn.recordedAt)}.
        </Text>
      ) : null}
    </Stack>
  );
}

export function ChecklistTable({ view, canAcknowledge }: { view: TreatmentView; canAcknowledge: boolean }) {
  const { clock } = useClinicClock();
  const { checklist } = view;
  const [acknowledging, setAcknowledging] = useState<ChecklistItemView | null>(null);
  const [status, setStatus] = useState('');
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        Pre-session checklist
      </Title>
      {view.phase.dosingStartedAt !== null || view.discharge !== null ? (
        <Text c="dimmed">
          Dosing started{view.phase.dosingStartedAt ? ` at ${clock(view.phase.dosingStartedAt)}` : ''}: the checklist
          below is evaluated now, for the record, and no longer gates this session.
        </Text>
      ) : checklist.isBlocked ? (
        <Alert color="red" variant="light" title="The session is stopped">
          {checklist.items
            .filter((i) => i.status === 'block')
            .map((i) => `${CHECKLIST_LABELS[i.code] ?? i.code}: ${i.message}`)
            .join(' ')}{' '}
          Dosing cannot start until every block is resolved.
        </Alert>
      ) : checklist.canStart ? (
        <Text c="green.9" fw={600}>
          The checklist allows dosing to start.
        </Text>
      ) : (
        <Text c="var(--mantine-color-orange-light-color)" fw={600}>
          A prescriber must acknowledge{' '}
          {checklist.unacknowledgedWarnings.length === 1
            ? 'one warning'
            : `${checklist.unacknowledgedWarnings.length} warnings`}{' '}
          before dosing.
        </Text>
      )}
      <Text aria-live="polite" size="sm">
        {status}
      </Text>
      <DataTable
        caption="Pre-session checklist"
        columns={['Item', 'Status', 'Reason', 'Acknowledgement']}
        minWidth={640}
        verticalSpacing="xs"
      >
        {checklist.items.map((item) => (
          <Table.Tr key={item.code} data-item={item.code}>
            <Table.Th scope="row">{CHECKLIST_LABELS[item.code] ?? item.code}</Table.Th>
            <Table.Td style={{ minWidth: 100 }}>
              <ChecklistStatusBadge status={item.status} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{item.message}</Text>
              <Text size="xs" c="dimmed">
                Source: {item.citation.source}
                {item.citation.status === 'clinic-default' ? ' (clinic default)' : ''}
              </Text>
            </Table.Td>
            <Table.Td>
              {item.supersededAcknowledgement && !item.acknowledgement ? (
                <Text size="sm" c="var(--mantine-color-orange-light-color)" fw={600}>
                  Needs a new decision: the acknowledgement by {item.supersededAcknowledgement.by} at{' '}
                  {clock(item.supersededAcknowledgement.at)} covered an earlier reading, not this one.
                </Text>
              ) : null}
              {item.acknowledgement ? (
                <Text size="sm">
                  Acknowledged by {item.acknowledgement.by} at {clock(item.acknowledgement.at)}:{' '}
                  {item.acknowledgement.reason}
                </Text>
              ) : item.status === 'warn' && canAcknowledge ? (
                <Button
                  size="xs"
                  variant="light"
                  color="orange"
                  onClick={() => setAcknowledging(item)}
                  aria-label={`Acknowledge warning: ${CHECKLIST_LABELS[item.code] ?? item.code}`}
                >
                  Acknowledge
                </Button>
              ) : item.status === 'warn' ? (
                <Text size="sm" c="dimmed">
                  Needs a prescriber
                </Text>
              ) : item.status === 'block' ? (
                <Text size="sm" c="red.9">
                  Cannot be acknowledged
                </Text>
              ) : null}
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {acknowledging ? (
        <AcknowledgeWarningDialog
          sessionId={view.session.id}
          item={acknowledging}
          onClose={() => setAcknowledging(null)}
          onDone={() => {
            setStatus(`Warning "${CHECKLIST_LABELS[acknowledging.code] ?? acknowledging.code}" acknowledged.`);
            setAcknowledging(null);
          }}
        />
      ) : null}
    </Stack>
  );
}

function AcknowledgeWarningDialog({
  sessionId,
  item,
  onClose,
  onDone,
}: {
  sessionId: string;
  item: ChecklistItemView;
  onClose: () => void;
  onDone: () => void;
}) {
  const acknowledge = useSessionWrite<{ item: string; reason: string }>(sessionId, '/checklist/acknowledgements');
  const label = CHECKLIST_LABELS[item.code] ?? item.code;
  return (
    <ReasonDialog
      title={`Acknowledge warning: ${label}`}
      label="Acknowledge checklist warning"
      onClose={onClose}
      submitLabel="Acknowledge warning"
      isPending={acknowledge.isPending}
      error={acknowledge.error}
      errorTitle="The warning was not acknowledged"
      field="reason"
      reasonLabel="Reason"
      reasonDescription="Why it is safe to proceed (recorded with your name and the time)."
      missing="Document why the session may go ahead."
      onConfirm={(reason) => acknowledge.mutate({ item: item.code, reason }, { onSuccess: onDone })}
    >
      <Text size="sm">{item.message}</Text>
    </ReasonDialog>
  );
}

interface CheckInFormState extends VitalSignsDraft {
  arrivedAt: string;
  identityChecked: boolean;
  identityMethod: string;
  weightKg: string | number;
  lastFoodAt: string;
  noFoodToday: boolean;
  lastLiquidAt: string;
  rideName: string;
  ridePhone: string;
  rideConfirmed: boolean;
  canBecomePregnant: boolean;
  pregnancyResult: string;
}

function initialState(view: TreatmentView, now: number, toInput: (date: Date) => string): CheckInFormState {
  const c = view.checkIn;
  const local = (iso: string | undefined) => (iso && iso !== 'none-today' ? toInput(new Date(iso)) : '');
  return {
    arrivedAt: c ? local(c.arrivedAt) : toInput(new Date(now)),
    identityChecked: c?.identityChecked ?? false,
    identityMethod: c?.identityMethod ?? '',
    systolic: c?.preDoseVitals?.systolic ?? '',
    diastolic: c?.preDoseVitals?.diastolic ?? '',
    heartRate: c?.preDoseVitals?.heartRate ?? '',
    spo2: c?.preDoseVitals?.spo2 ?? '',
    respiratoryRate: c?.preDoseVitals?.respiratoryRate ?? '',
    weightKg: c?.weightKg ?? '',
    lastFoodAt: local(c?.fasting?.lastFoodAt),
    noFoodToday: c?.fasting?.lastFoodAt === 'none-today',
    lastLiquidAt: local(c?.fasting?.lastLiquidAt),
    rideName: c?.ride?.name ?? '',
    ridePhone: c?.ride?.phone ?? '',
    rideConfirmed: c?.ride?.confirmed ?? false,
    canBecomePregnant: c?.pregnancy?.canBecomePregnant ?? false,
    pregnancyResult: c?.pregnancy?.result ?? '',
  };
}

const CHECK_IN_FIELDS = [
  'arrivedAt',
  'identityMethod',
  'preDoseVitals',
  'preDoseVitals.systolic',
  'preDoseVitals.diastolic',
  'preDoseVitals.heartRate',
  'preDoseVitals.spo2',
  'preDoseVitals.respiratoryRate',
  'weightKg',
  'fasting.lastFoodAt',
  'fasting.lastLiquidAt',
  'ride.name',
  'ride.phone',
  'pregnancy.result',
];

export function CheckInForm({ view, now }: { view: TreatmentView; now: number }) {
  const { toInput, fromInput, clock } = useClinicClock();
  const checkIn = useSessionWrite<Record<string, unknown>>(view.session.id, '/check-in');
  const [form, setForm] = useState<CheckInFormState>(() => initialState(view, now, toInput));
  const [saved, setSaved] = useState('');
  const set = <K extends keyof CheckInFormState>(key: K, value: CheckInFormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const server = fieldErrorsFrom(checkIn.error, CHECK_IN_FIELDS);
  const field = textFields(form, setForm, server);
  const flag = checkboxFields(form, setForm);

  const submit = () => {
    const vitals = enteredVitalSigns(form);
    const hasVitals = Object.keys(vitals).length > 0;
    const lastFoodAt = form.noFoodToday ? 'none-today' : fromInput(form.lastFoodAt);
    const lastLiquidAt = fromInput(form.lastLiquidAt);
    const body: Record<string, unknown> = {
      identityChecked: form.identityChecked,
      ...(view.checkIn ? {} : fromInput(form.arrivedAt) ? { arrivedAt: fromInput(form.arrivedAt) } : {}),
      ...(form.identityMethod.trim() ? { identityMethod: form.identityMethod.trim() } : {}),
      ...(hasVitals ? { preDoseVitals: vitals } : {}),
      ...(numberOrUndefined(form.weightKg) !== undefined ? { weightKg: numberOrUndefined(form.weightKg) } : {}),
      ...(lastFoodAt || lastLiquidAt
        ? { fasting: { ...(lastFoodAt ? { lastFoodAt } : {}), ...(lastLiquidAt ? { lastLiquidAt } : {}) } }
        : {}),
      ...(form.rideName.trim() || form.ridePhone.trim() || form.rideConfirmed
        ? {
            ride: {
              ...(form.rideName.trim() ? { name: form.rideName.trim() } : {}),
              ...(form.ridePhone.trim() ? { phone: form.ridePhone.trim() } : {}),
              confirmed: form.rideConfirmed,
            },
          }
        : {}),
      pregnancy: {
        canBecomePregnant: form.canBecomePregnant,
        ...(form.canBecomePregnant && form.pregnancyResult ? { result: form.pregnancyResult } : {}),
      },
    };
    checkIn.mutate(body, { onSuccess: () => setSaved('Check-in saved; the checklist is updated.') });
  };

  const num = (key: VitalSignKey | 'weightKg', label: string, suffix?: string) => (
    <NumberInput
      key={key}
      label={label}
      value={form[key]}
      onChange={(v) => set(key, v)}
      hideControls
      allowNegative={false}
      error={server[key === 'weightKg' ? 'weightKg' : `preDoseVitals.${key}`]}
      {...(suffix ? { suffix } : {})}
    />
  );

  return (
    <PanelForm label="Check-in" title={view.checkIn ? 'Update the check-in' : 'Check the patient in'} onSubmit={submit}>
      <ErrorAlert error={checkIn.error} title="The check-in was not saved" shownFields={CHECK_IN_FIELDS} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput type="datetime-local" label="Arrived at" {...field('arrivedAt')} disabled={view.checkIn !== null} />
        <TextInput
          label="Identity checked by"
          description="e.g. photo ID and date of birth"
          {...field('identityMethod')}
        />
      </SimpleGrid>
      <Checkbox label="Identity checked (two identifiers)" {...flag('identityChecked')} />
      <Text fw={600} size="sm">
        Pre-dose vital signs
      </Text>
      {view.checkIn?.preDoseVitals ? (
        <Text size="sm" data-testid="pre-dose-vitals-time">
          Recorded reading taken at {clock(view.checkIn.preDoseVitals.takenAt)}. Saving the check-in again keeps this
          time; changed values are recorded as a new reading, taken now.
          {view.checkIn.preDoseVitals.corrects
            ? ` Corrected from the reading at ${clock(view.checkIn.preDoseVitals.corrects.takenAt)} (${view.checkIn.preDoseVitals.corrects.reason}).`
            : ''}
        </Text>
      ) : null}
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
        {VITAL_SIGNS.map(({ key, label, suffix }) => num(key, label, suffix))}
        {num('weightKg', 'Weight', ' kg')}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          type="datetime-local"
          label="Last food"
          {...field('lastFoodAt', 'fasting.lastFoodAt')}
          disabled={form.noFoodToday}
        />
        <Checkbox mt="xl" label="No food today" {...flag('noFoodToday')} />
        <TextInput type="datetime-local" label="Last liquid" {...field('lastLiquidAt', 'fasting.lastLiquidAt')} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label="Ride home: name" {...field('rideName', 'ride.name')} />
        <TextInput label="Ride home: phone" type="tel" {...field('ridePhone', 'ride.phone')} />
        <Checkbox mt="xl" label="Ride home confirmed" {...flag('rideConfirmed')} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Checkbox mt="xl" label="Patient can become pregnant" {...flag('canBecomePregnant')} />
        <Select
          label="Pregnancy test result"
          data={[
            { value: 'negative', label: 'Negative' },
            { value: 'positive', label: 'Positive' },
          ]}
          value={form.pregnancyResult || null}
          onChange={(v) => set('pregnancyResult', v ?? '')}
          disabled={!form.canBecomePregnant}
          clearable
          error={server['pregnancy.result']}
        />
      </SimpleGrid>
      <Group justify="space-between">
        <Text size="sm" aria-live="polite">
          {saved}
        </Text>
        <Button type="submit" loading={checkIn.isPending}>
          {view.checkIn ? 'Save check-in' : 'Check in'}
        </Button>
      </Group>
    </PanelForm>
  );
}

/**
 * The dose: prepared from the plan (IV: mg, mL and pump rate; esketamine: devices) from a lot the ledger holds, the
 * second-person verification by another staff member, and the administration record with real timestamps
 * (IV: start, rate change, pause with a reason, resume, stop; esketamine: each device, the 5-minute countdown and
 * the 2-hour monitoring clock from the last device). `EsketamineDeviceControls` is reusable on its own.
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
  Textarea,
} from '@mantine/core';
import { useClinicClock } from './clinic-clock';
import { ConfirmAction } from '../../components/ConfirmAction';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom } from '../../components/forms';
import { usePermissions, useSession } from '../auth/session';
import { formatCountdown, numberOrUndefined } from './session-time';
import { isEsketamine, useDoseLots, useSessionWrite, type DoseLotView, type TreatmentView } from './treatment-day.api';
import { PanelForm } from './PanelForm';
import { DataTable } from '../../components/DataTable';
import { StepPanel } from './StepPanel';
import { ReasonField, useReason } from '../../components/ReasonField';

const fmt = (n: number | undefined, digits = 1) =>
  n === undefined ? '—' : String(Math.round(n * 10 ** digits) / 10 ** digits);

export function DosePanel({ view, now }: { view: TreatmentView; now: number }) {
  const can = usePermissions();
  const canWrite = can('session:write');
  return (
    <Stack gap="md">
      {view.dose ? (
        <PreparedDose view={view} canWrite={canWrite} />
      ) : canWrite ? (
        <PrepareDoseForm view={view} />
      ) : (
        <Text>No dose has been prepared yet.</Text>
      )}
      {view.dose ? (
        isEsketamine(view.session.modality) ? (
          <EsketamineDeviceControls view={view} now={now} canWrite={canWrite} />
        ) : (
          <InfusionControls view={view} canWrite={canWrite} />
        )
      ) : null}
    </Stack>
  );
}

const lotLabel = (l: DoseLotView) =>
  `${l.lot} (${l.productName}; expires ${l.expiry ?? 'unknown'}; ${l.drawnForSession ? 'drawn for this session' : `${l.heldMg} mg held`})${l.isExpired ? ': expired' : ''}`;

function PrepareDoseForm({ view }: { view: TreatmentView }) {
  const prepare = useSessionWrite<Record<string, unknown>>(view.session.id, '/dose');
  const can = usePermissions();
  const isPrescriber = can('session:override');
  const lots = useDoseLots(view.session.id, true);
  const isIv = !isEsketamine(view.session.modality);
  const [concentration, setConcentration] = useState<string | number>(10);
  const [duration, setDuration] = useState<string | number>(view.session.plannedDurationMin ?? 40);
  const [lotKey, setLotKey] = useState<string | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const fields = [
    'concentrationMgPerMl',
    'durationMin',
    'lotNumber',
    'ndc',
    'lotExpiry',
    'weightKg',
    'override',
    'override.reason',
    'doseMg',
  ];
  const server = fieldErrorsFrom(prepare.error, fields);
  // The server names `override` when the dose is above the protocol cap or the plan: a prescriber decides, with a reason.
  const needsOverride = server.override !== undefined || overrideReason !== '';
  const blocked = view.checklist.isBlocked || !view.checklist.canStart;
  const items = lots.data?.items ?? [];
  const chosen = items.find((l) => `${l.ndc}|${l.lot}` === lotKey);
  const submit = () => {
    const found: Record<string, string | undefined> = {};
    if (!chosen) found.lotNumber = 'Choose a lot held in the ledger.';
    else if (chosen.isExpired) found.lotNumber = 'This lot has expired: choose another.';
    if (needsOverride && isPrescriber && !overrideReason.trim())
      found.override = 'Say why this dose is right for the patient.';
    setErrors(found);
    if (Object.values(found).some(Boolean) || !chosen) return;
    prepare.mutate({
      lotNumber: chosen.lot,
      ndc: chosen.ndc,
      ...(isIv
        ? { concentrationMgPerMl: numberOrUndefined(concentration), durationMin: numberOrUndefined(duration) }
        : {}),
      ...(isPrescriber && overrideReason.trim() ? { override: { reason: overrideReason.trim() } } : {}),
    });
  };
  return (
    <PanelForm label="Prepare the dose" title="Prepare the dose" onSubmit={submit}>
      <Text>
        Planned dose:{' '}
        <strong>{view.session.plannedDoseMg === null ? 'none' : `${Number(view.session.plannedDoseMg)} mg`}</strong>
        {isIv && view.session.plannedDurationMin ? ` over ${view.session.plannedDurationMin} min` : ''} (from the signed
        plan).
      </Text>
      {blocked ? (
        <Alert color="orange" variant="light" title="The checklist does not allow dosing yet">
          Resolve every block and acknowledge every warning first.
        </Alert>
      ) : null}
      <ErrorAlert error={prepare.error} title="The dose was not prepared" shownFields={fields} />
      <ErrorAlert error={lots.error} title="The lots held in the ledger could not be loaded" />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {isIv ? (
          <NumberInput
            label="Concentration"
            suffix=" mg/mL"
            value={concentration}
            onChange={setConcentration}
            hideControls
            error={server.concentrationMgPerMl}
          />
        ) : null}
        {isIv ? (
          <NumberInput
            label="Infusion time"
            suffix=" min"
            value={duration}
            onChange={setDuration}
            hideControls
            error={server.durationMin}
          />
        ) : null}
        <Select
          label="Lot (from the controlled-substance ledger)"
          placeholder={
            lots.isPending ? 'Loading lots…' : items.length === 0 ? 'No lot held: receive stock first' : 'Choose a lot'
          }
          data={items.map((l) => ({ value: `${l.ndc}|${l.lot}`, label: lotLabel(l), disabled: l.isExpired }))}
          value={lotKey}
          onChange={(value) => {
            setLotKey(value);
            setErrors((x) => ({ ...x, lotNumber: undefined }));
          }}
          error={errors.lotNumber ?? server.lotNumber ?? server.ndc}
          withAsterisk
          allowDeselect={false}
        />
      </SimpleGrid>
      {chosen ? <Text size="sm">Expiry (from the ledger): {chosen.expiry ?? 'not recorded'}</Text> : null}
      {server.weightKg ? (
        <Text c="red.9" size="sm">
          Weight: {server.weightKg}
        </Text>
      ) : null}
      {needsOverride ? (
        <Alert color="red" variant="light" title="Above the protocol cap or the plan">
          <Stack gap="xs">
            <Text size="sm">
              {server.override ?? "This dose needs a prescriber's override."}
              {server.doseMg ? ` (${server.doseMg})` : ''}
            </Text>
            {isPrescriber ? (
              <Textarea
                label="Override reason (prescriber)"
                value={overrideReason}
                autosize
                minRows={2}
                maxLength={1000}
                withAsterisk
                onChange={(e) => {
                  setOverrideReason(e.currentTarget.value);
                  setErrors((x) => ({ ...x, override: undefined }));
                }}
                error={errors.override ?? server['override.reason']}
              />
            ) : (
              <Text size="sm">Ask a prescriber to prepare this dose with an override, or to change the plan.</Text>
            )}
          </Stack>
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button type="submit" loading={prepare.isPending} disabled={blocked || (needsOverride && !isPrescriber)}>
          {needsOverride && isPrescriber ? 'Override and prepare dose' : 'Prepare dose'}
        </Button>
      </Group>
    </PanelForm>
  );
}

function PreparedDose({ view, canWrite }: { view: TreatmentView; canWrite: boolean }) {
  const { clock } = useClinicClock();
  const me = useSession();
  const dose = view.dose!;
  const verify = useSessionWrite<Record<string, never>>(view.session.id, '/dose/verification');
  const isIv = !isEsketamine(view.session.modality);
  const { verification } = dose;
  const isPreparer = dose.preparedBy?.id === me.user.userId;
  return (
    <StepPanel title="Prepared dose">
      <DescriptionList
        items={[
          { term: 'Dose', value: `${dose.doseMg} mg` },
          ...(isIv
            ? [
                { term: 'Volume', value: `${fmt(dose.volumeMl)} mL at ${fmt(dose.concentrationMgPerMl)} mg/mL` },
                {
                  term: 'Pump rate',
                  value: `${fmt(dose.rateMlPerHour)} mL/h (${fmt(dose.rateMgPerMin, 3)} mg/min) over ${dose.plannedDurationMin ?? '—'} min`,
                },
                { term: 'Dosing weight', value: dose.weightKg === undefined ? '—' : `${dose.weightKg} kg` },
              ]
            : [
                {
                  term: 'Devices',
                  value: `${dose.devices ?? '—'} × 28 mg nasal device${dose.devices === 1 ? '' : 's'}, ${dose.minutesBetweenDevices ?? 5} min apart`,
                },
              ]),
          {
            term: 'Lot',
            value: `${dose.lotNumber}${dose.ndc ? ` (NDC ${dose.ndc})` : ''}, expires ${dose.lotExpiry}`,
          },
          ...(dose.override
            ? [
                {
                  term: 'Prescriber override',
                  value: `${dose.override.by}: ${dose.override.reason}${dose.override.messages ? ` (${dose.override.messages.join('; ')})` : ''}`,
                },
              ]
            : []),
          { term: 'Prepared', value: `${clock(dose.preparedAt)} by ${dose.preparedBy?.displayName ?? 'unknown'}` },
          {
            term: 'Second-person verification',
            value: verification.verifiedBy
              ? `Verified by ${verification.verifiedBy.displayName} at ${clock(verification.verifiedAt ?? '')}`
              : verification.required
                ? 'Required, not yet done'
                : 'Not required by the clinic',
          },
        ]}
      />
      <ErrorAlert error={verify.error} title="The dose was not verified" />
      {!verification.verifiedBy && canWrite ? (
        isPreparer ? (
          <Text size="sm" c="dimmed">
            {verification.required
              ? 'You prepared this dose: another staff member must verify it.'
              : 'You prepared this dose; the clinic does not require a second person, but another staff member may verify it.'}
          </Text>
        ) : (
          <Group>
            <ConfirmAction
              label="Verify prepared dose"
              buttonProps={{ loading: verify.isPending }}
              title="Verify this prepared dose?"
              confirmLabel="Verify dose"
              finality="This cannot be undone. If anything differs from what you checked, cancel and tell the preparer."
              onConfirm={() => verify.mutate({})}
            >
              <Text size="sm">
                Verify for {view.session.patient.givenName} {view.session.patient.familyName}: {dose.doseMg} mg
                {isIv
                  ? `, ${fmt(dose.volumeMl)} mL at ${fmt(dose.concentrationMgPerMl)} mg/mL, ${fmt(dose.rateMlPerHour)} mL/h over ${dose.plannedDurationMin ?? '—'} min`
                  : `, ${dose.devices ?? '—'} × 28 mg nasal devices`}
                , lot {dose.lotNumber}, prepared by {dose.preparedBy?.displayName ?? 'unknown'}.
              </Text>
              <Text size="sm">
                Verified by you ({me.user.displayName}) at {clock(new Date().toISOString())}, as the second person.
              </Text>
            </ConfirmAction>
          </Group>
        )
      ) : null}
    </StepPanel>
  );
}

const ADMIN_LABELS: Readonly<Record<string, string>> = {
  'infusion-started': 'Infusion started',
  'infusion-rate-changed': 'Rate changed',
  'infusion-paused': 'Paused',
  'infusion-resumed': 'Resumed',
  'infusion-stopped': 'Infusion stopped',
  'device-administered': 'Device given',
};

/** The administration entries (start, changes, pauses, devices) with their times and who recorded them. */
/** Beside the first administering button while a dose that needs a second check has not been verified. */
function VerificationPending() {
  return (
    <Text size="sm" c="dimmed">
      The dose must be verified by a second staff member first.
    </Text>
  );
}

export function AdministrationRecord({ view }: { view: TreatmentView }) {
  const { clock } = useClinicClock();
  const entries = view.timeline.filter((e) => e.kind in ADMIN_LABELS);
  if (entries.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Nothing administered yet.
      </Text>
    );
  return (
    <DataTable
      caption="Administration record"
      columns={['Time', 'Event', 'Details', 'By']}
      minWidth={480}
      verticalSpacing={4}
    >
      {entries.map((e) => {
        const d = e.data;
        const details = [
          d['rateMgPerMin'] !== undefined ? `${String(d['rateMgPerMin'])} mg/min` : '',
          d['rateMlPerHour'] !== undefined ? `${String(d['rateMlPerHour'])} mL/h` : '',
          d['reason'] ? `reason: ${String(d['reason'])}` : '',
          d['deviceNumber'] !== undefined ? `device ${String(d['deviceNumber'])}` : '',
          d['overrideReason'] ? `interval overridden: ${String(d['overrideReason'])}` : '',
          d['rateOverride']
            ? `rate above the remaining dose, prescriber: ${String((d['rateOverride'] as { reason?: string }).reason ?? '')}`
            : '',
          d['totalConfirmation']
            ? `total confirmed against an estimate of ${String((d['totalConfirmation'] as { estimatedDeliveredMg?: number }).estimatedDeliveredMg ?? '')} mg: ${String((d['totalConfirmation'] as { reason?: string }).reason ?? '')}`
            : '',
          d['totalDeliveredMg'] !== undefined
            ? `${String(d['totalDeliveredMg'])} mg delivered`
            : d['estimatedDeliveredMg'] !== undefined
              ? `about ${String(d['estimatedDeliveredMg'])} mg delivered`
              : '',
        ]
          .filter(Boolean)
          .join('; ');
        return (
          <Table.Tr key={e.id}>
            <Table.Td>{clock(e.at)}</Table.Td>
            <Table.Td>{ADMIN_LABELS[e.kind]}</Table.Td>
            <Table.Td>{details || '—'}</Table.Td>
            <Table.Td>{e.recordedBy?.displayName ?? ''}</Table.Td>
          </Table.Tr>
        );
      })}
    </DataTable>
  );
}

interface AdministerBody {
  event: string;
  rateMgPerMin?: number;
  reason?: string;
  totalDeliveredMg?: number;
  overrideReason?: string;
  confirmTotalDelivered?: boolean;
  confirmationReason?: string;
}

export function InfusionControls({ view, canWrite }: { view: TreatmentView; canWrite: boolean }) {
  const { clock } = useClinicClock();
  const administer = useSessionWrite<AdministerBody>(view.session.id, '/administration');
  const a = view.administration;
  const dose = view.dose!;
  const [rate, setRate] = useState<string | number>(dose.rateMgPerMin ?? '');
  const pauseReason = useReason();
  const [delivered, setDelivered] = useState<string | number>('');
  const [status, setStatus] = useState('');
  const [rateReason, setRateReason] = useState('');
  const [confirmTotal, setConfirmTotal] = useState(false);
  const [confirmationReason, setConfirmationReason] = useState('');
  const can = usePermissions();
  const isPrescriber = can('session:override');
  const needsVerification = dose.verification.required && !dose.verification.verifiedBy;
  const run = (body: AdministerBody, done: string) => administer.mutate(body, { onSuccess: () => setStatus(done) });
  const shown = [
    'rateMgPerMin',
    'reason',
    'totalDeliveredMg',
    'overrideReason',
    'confirmTotalDelivered',
    'confirmationReason',
  ];
  const server = fieldErrorsFrom(administer.error, shown);
  // The server asks for these when a rate is above the remaining dose and time, or a total is far from the estimate.
  const rateNeedsOverride = server.overrideReason !== undefined || rateReason !== '';
  const totalNeedsConfirmation = server.confirmTotalDelivered !== undefined || confirmTotal;
  return (
    <StepPanel
      title="Infusion"
      aside={
        <Badge
          color={a.isInfusionRunning ? 'blue' : a.infusionEndedAt ? 'dark' : a.isInfusionPaused ? 'orange' : 'gray'}
          variant="light"
        >
          {a.infusionEndedAt
            ? `Stopped ${clock(a.infusionEndedAt)}`
            : a.isInfusionPaused
              ? 'Paused'
              : a.isInfusionRunning
                ? 'Running'
                : 'Not started'}
        </Badge>
      }
    >
      {a.estimatedDeliveredMg !== null && a.infusionStartedAt ? (
        <Text size="sm">
          Estimated delivered so far: {a.estimatedDeliveredMg} mg of {dose.doseMg} mg.
        </Text>
      ) : null}
      <ErrorAlert error={administer.error} title="The administration was not recorded" shownFields={shown} />
      <Text size="sm" aria-live="polite">
        {status}
      </Text>
      {canWrite && !a.infusionStartedAt ? (
        <Group>
          <Button
            onClick={() => run({ event: 'infusion-started' }, 'Infusion started.')}
            disabled={needsVerification}
            loading={administer.isPending}
          >
            Start infusion
          </Button>
          {needsVerification ? <VerificationPending /> : null}
        </Group>
      ) : null}
      {canWrite && a.infusionStartedAt && !a.infusionEndedAt ? (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Stack gap={4}>
            <NumberInput
              label="New rate"
              suffix=" mg/min"
              value={rate}
              onChange={setRate}
              hideControls
              decimalScale={3}
              error={server.rateMgPerMin}
              disabled={!a.isInfusionRunning}
            />
            {rateNeedsOverride ? (
              isPrescriber ? (
                <Textarea
                  label="Reason for the faster rate (prescriber)"
                  value={rateReason}
                  onChange={(e) => setRateReason(e.currentTarget.value)}
                  autosize
                  minRows={1}
                  maxLength={1000}
                  error={server.overrideReason}
                />
              ) : (
                <Text size="sm" c="red.9">
                  Only a prescriber may give a rate above what the remaining dose and time allow.
                </Text>
              )
            ) : null}
            <Button
              variant="light"
              disabled={
                !a.isInfusionRunning ||
                numberOrUndefined(rate) === undefined ||
                (rateNeedsOverride && isPrescriber && !rateReason.trim())
              }
              onClick={() =>
                run(
                  {
                    event: 'infusion-rate-changed',
                    rateMgPerMin: numberOrUndefined(rate)!,
                    ...(rateReason.trim() ? { overrideReason: rateReason.trim() } : {}),
                  },
                  'Rate changed.',
                )
              }
            >
              Change rate
            </Button>
          </Stack>
          <Stack gap={4}>
            {a.isInfusionPaused ? (
              <Button variant="light" onClick={() => run({ event: 'infusion-resumed' }, 'Infusion resumed.')}>
                Resume infusion
              </Button>
            ) : (
              <>
                <ReasonField
                  label="Pause reason"
                  {...pauseReason.field}
                  error={pauseReason.field.error ?? server.reason}
                  minRows={1}
                />
                <Button
                  variant="light"
                  color="orange"
                  onClick={() => {
                    if (!pauseReason.require('Say why the infusion is paused.')) return;
                    run({ event: 'infusion-paused', reason: pauseReason.text }, 'Infusion paused.');
                    pauseReason.clear();
                  }}
                >
                  Pause infusion
                </Button>
              </>
            )}
          </Stack>
          <Stack gap={4}>
            <NumberInput
              label="Total delivered (pump)"
              suffix=" mg"
              value={delivered}
              onChange={setDelivered}
              hideControls
              error={server.totalDeliveredMg}
            />
            {totalNeedsConfirmation ? (
              <>
                <Checkbox
                  label={`Confirm this total although the estimate is about ${a.estimatedDeliveredMg ?? '—'} mg`}
                  checked={confirmTotal}
                  onChange={(e) => setConfirmTotal(e.currentTarget.checked)}
                  error={server.confirmTotalDelivered}
                />
                <Textarea
                  label="Why the total differs from the estimate"
                  value={confirmationReason}
                  onChange={(e) => setConfirmationReason(e.currentTarget.value)}
                  autosize
                  minRows={1}
                  maxLength={1000}
                  error={server.confirmationReason}
                />
              </>
            ) : null}
            <ConfirmAction
              label="Stop infusion"
              buttonProps={{ color: 'dark', disabled: confirmTotal && !confirmationReason.trim() }}
              title="Stop the infusion?"
              confirmLabel="Stop infusion"
              finality="This cannot be undone; a wrong time or total is corrected by a new entry beside it."
              onConfirm={() =>
                run(
                  {
                    event: 'infusion-stopped',
                    ...(numberOrUndefined(delivered) !== undefined
                      ? { totalDeliveredMg: numberOrUndefined(delivered)! }
                      : {}),
                    ...(confirmTotal
                      ? { confirmTotalDelivered: true, confirmationReason: confirmationReason.trim() }
                      : {}),
                  },
                  'Infusion stopped.',
                )
              }
            >
              <Text size="sm">
                Stop the infusion for {view.session.patient.givenName} {view.session.patient.familyName} at{' '}
                {clock(new Date().toISOString())}, total delivered{' '}
                {numberOrUndefined(delivered) !== undefined
                  ? `${numberOrUndefined(delivered)} mg (from the pump)`
                  : `about ${a.estimatedDeliveredMg ?? '—'} mg (estimated from the rates)`}
                {confirmTotal
                  ? `, confirmed although it differs from the estimate: “${confirmationReason.trim()}”`
                  : ''}
                .
              </Text>
              <Text size="sm">Recorded by you.</Text>
            </ConfirmAction>
          </Stack>
        </SimpleGrid>
      ) : null}
      <AdministrationRecord view={view} />
    </StepPanel>
  );
}

/**
 * Esketamine: one button per device, the countdown to when the next device may be given (5 minutes apart by the
 * label; an earlier one needs a documented reason) and the 2-hour monitoring clock from the last device.
 */
export function EsketamineDeviceControls({
  view,
  now,
  canWrite,
}: {
  view: TreatmentView;
  now: number;
  canWrite: boolean;
}) {
  const { clock } = useClinicClock();
  const administer = useSessionWrite<AdministerBody>(view.session.id, '/administration');
  const devices = view.administration.devices;
  const dose = view.dose;
  const [overrideReason, setOverrideReason] = useState('');
  const [status, setStatus] = useState('');
  if (!devices || !dose) return null;
  const nextAllowed = devices.nextDeviceAllowedAt ? new Date(devices.nextDeviceAllowedAt).getTime() : null;
  const mustWait = nextAllowed !== null && nextAllowed > now;
  const needsVerification = devices.givenCount === 0 && dose.verification.required && !dose.verification.verifiedBy;
  const monitoringEnds = devices.monitoringEndsAt ? new Date(devices.monitoringEndsAt).getTime() : null;
  return (
    <StepPanel title="Nasal devices">
      <Text>
        {devices.givenCount} of {devices.totalDevices} devices given.
      </Text>
      <Stack component="ol" gap={4} m={0} pl="lg" aria-label="Devices">
        {Array.from({ length: devices.totalDevices }, (_, i) => {
          const at = view.administration.devicesAdministeredAt[i];
          return (
            <li key={i}>
              <Text size="sm">
                Device {i + 1}: {at ? `given at ${clock(at)}` : 'not given'}
              </Text>
            </li>
          );
        })}
      </Stack>
      {!devices.allGiven && devices.nextDeviceNumber !== null ? (
        <Stack gap={4}>
          {mustWait ? (
            <Text
              fw={600}
              role="timer"
              aria-label={`Next device in ${formatCountdown(devices.nextDeviceAllowedAt!, now)}`}
            >
              Device {devices.nextDeviceNumber} may be given in {formatCountdown(devices.nextDeviceAllowedAt!, now)} (at{' '}
              {clock(devices.nextDeviceAllowedAt!)})
            </Text>
          ) : (
            <Text fw={600}>Device {devices.nextDeviceNumber} may be given now.</Text>
          )}
          <ErrorAlert error={administer.error} title="The device was not recorded" />
          <Text size="sm" aria-live="polite">
            {status}
          </Text>
          {canWrite ? (
            <Group align="flex-end">
              {mustWait ? (
                <TextInput
                  label="Reason to give it early"
                  value={overrideReason}
                  onChange={(e) => setOverrideReason(e.currentTarget.value)}
                />
              ) : null}
              <Button
                loading={administer.isPending}
                disabled={needsVerification || (mustWait && !overrideReason.trim())}
                onClick={() =>
                  administer.mutate(
                    { event: 'device-administered', ...(mustWait ? { overrideReason: overrideReason.trim() } : {}) },
                    {
                      onSuccess: () => {
                        setStatus(`Device ${devices.nextDeviceNumber} recorded.`);
                        setOverrideReason('');
                      },
                    },
                  )
                }
              >
                Record device {devices.nextDeviceNumber} given
              </Button>
              {needsVerification ? <VerificationPending /> : null}
            </Group>
          ) : null}
        </Stack>
      ) : null}
      {devices.allGiven && monitoringEnds !== null ? (
        <Text fw={600} role="timer">
          {monitoringEnds > now
            ? `2-hour monitoring from the last device (${clock(devices.monitoringStartsAt ?? '')}): ${formatCountdown(devices.monitoringEndsAt!, now)} remaining, until ${clock(devices.monitoringEndsAt!)}`
            : `The 2-hour monitoring from the last device ended at ${clock(devices.monitoringEndsAt!)}.`}
        </Text>
      ) : null}
      <AdministrationRecord view={view} />
    </StepPanel>
  );
}

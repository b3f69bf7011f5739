/**
 * The dose: prepared from the plan (IV: mg, mL and pump rate; esketamine: devices) with its lot and expiry, the
 * second-person verification by another staff member, and the administration record with real timestamps
 * (IV: start, rate change, pause with a reason, resume, stop; esketamine: each device, the 5-minute countdown and
 * the 2-hour monitoring clock from the last device). `EsketamineDeviceControls` is reusable on its own.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useClinicClock } from './clinic-clock';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom } from '../../components/forms';
import { usePermissions, useSession } from '../auth/session';
import { formatCountdown, numberOrUndefined } from './session-time';
import { isEsketamine, useSessionWrite, type TreatmentView } from './treatment-day.api';

const fmt = (n: number | undefined, digits = 1) => (n === undefined ? '—' : String(Math.round(n * 10 ** digits) / 10 ** digits));

export function DosePanel({ view, now }: { view: TreatmentView; now: number }) {
  const can = usePermissions();
  const canWrite = can('session:write');
  return (
    <Stack gap="md">
      {view.dose ? <PreparedDose view={view} canWrite={canWrite} /> : canWrite ? <PrepareDoseForm view={view} /> : <Text>No dose has been prepared yet.</Text>}
      {view.dose ? (
        isEsketamine(view.session.modality)
          ? <EsketamineDeviceControls view={view} now={now} canWrite={canWrite} />
          : <InfusionControls view={view} canWrite={canWrite} />
      ) : null}
    </Stack>
  );
}

function PrepareDoseForm({ view }: { view: TreatmentView }) {
  const prepare = useSessionWrite<Record<string, unknown>>(view.session.id, '/dose');
  const isIv = !isEsketamine(view.session.modality);
  const [concentration, setConcentration] = useState<string | number>(10);
  const [duration, setDuration] = useState<string | number>(view.session.plannedDurationMin ?? 40);
  const [lotNumber, setLotNumber] = useState('');
  const [lotExpiry, setLotExpiry] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const fields = ['concentrationMgPerMl', 'durationMin', 'lotNumber', 'lotExpiry', 'weightKg'];
  const server = fieldErrorsFrom(prepare.error, fields);
  const blocked = view.checklist.isBlocked || !view.checklist.canStart;
  const submit = () => {
    const found: Record<string, string | undefined> = {};
    if (!lotNumber.trim()) found.lotNumber = 'Enter the lot number.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(lotExpiry)) found.lotExpiry = 'Enter the expiry date.';
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    prepare.mutate({
      lotNumber: lotNumber.trim(), lotExpiry,
      ...(isIv ? { concentrationMgPerMl: numberOrUndefined(concentration), durationMin: numberOrUndefined(duration) } : {}),
    });
  };
  return (
    <Paper withBorder p="md" radius="md">
      <form noValidate aria-label="Prepare the dose" onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <Stack gap="md">
          <Title order={3} size="h4">Prepare the dose</Title>
          <Text>Planned dose: <strong>{view.session.plannedDoseMg === null ? 'none' : `${Number(view.session.plannedDoseMg)} mg`}</strong>
            {isIv && view.session.plannedDurationMin ? ` over ${view.session.plannedDurationMin} min` : ''} (from the signed plan).</Text>
          {blocked ? <Alert color="orange" variant="light" title="The checklist does not allow dosing yet">Resolve every block and acknowledge every warning first.</Alert> : null}
          <ErrorAlert error={prepare.error} title="The dose was not prepared" shownFields={fields} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {isIv ? <NumberInput label="Concentration" suffix=" mg/mL" value={concentration} onChange={setConcentration} hideControls error={server.concentrationMgPerMl} /> : null}
            {isIv ? <NumberInput label="Infusion time" suffix=" min" value={duration} onChange={setDuration} hideControls error={server.durationMin} /> : null}
            <TextInput label="Lot number" value={lotNumber} onChange={(e) => { setLotNumber(e.currentTarget.value); setErrors((x) => ({ ...x, lotNumber: undefined })); }} error={errors.lotNumber ?? server.lotNumber} withAsterisk />
            <TextInput label="Lot expiry" type="date" value={lotExpiry} onChange={(e) => { setLotExpiry(e.currentTarget.value); setErrors((x) => ({ ...x, lotExpiry: undefined })); }} error={errors.lotExpiry ?? server.lotExpiry} withAsterisk />
          </SimpleGrid>
          {server.weightKg ? <Text c="red.9" size="sm">Weight: {server.weightKg}</Text> : null}
          <Group justify="flex-end"><Button type="submit" loading={prepare.isPending} disabled={blocked}>Prepare dose</Button></Group>
        </Stack>
      </form>
    </Paper>
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
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={3} size="h4">Prepared dose</Title>
        <DescriptionList items={[
          { term: 'Dose', value: `${dose.doseMg} mg` },
          ...(isIv ? [
            { term: 'Volume', value: `${fmt(dose.volumeMl)} mL at ${fmt(dose.concentrationMgPerMl)} mg/mL` },
            { term: 'Pump rate', value: `${fmt(dose.rateMlPerHour)} mL/h (${fmt(dose.rateMgPerMin, 3)} mg/min) over ${dose.plannedDurationMin ?? '—'} min` },
            { term: 'Dosing weight', value: dose.weightKg === undefined ? '—' : `${dose.weightKg} kg` },
          ] : [
            { term: 'Devices', value: `${dose.devices ?? '—'} × 28 mg nasal device${dose.devices === 1 ? '' : 's'}, ${dose.minutesBetweenDevices ?? 5} min apart` },
          ]),
          { term: 'Lot', value: `${dose.lotNumber}, expires ${dose.lotExpiry}` },
          { term: 'Prepared', value: `${clock(dose.preparedAt)} by ${dose.preparedBy?.displayName ?? 'unknown'}` },
          {
            term: 'Second-person verification',
            value: verification.verifiedBy
              ? `Verified by ${verification.verifiedBy.displayName} at ${clock(verification.verifiedAt ?? '')}`
              : verification.required ? 'Required, not yet done' : 'Not required by the clinic',
          },
        ]} />
        <ErrorAlert error={verify.error} title="The dose was not verified" />
        {!verification.verifiedBy && canWrite ? (
          isPreparer
            ? <Text size="sm" c="dimmed">You prepared this dose: another staff member must verify it.</Text>
            : <Group><Button onClick={() => verify.mutate({})} loading={verify.isPending}>Verify prepared dose</Button></Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

const ADMIN_LABELS: Readonly<Record<string, string>> = {
  'infusion-started': 'Infusion started', 'infusion-rate-changed': 'Rate changed', 'infusion-paused': 'Paused', 'infusion-resumed': 'Resumed',
  'infusion-stopped': 'Infusion stopped', 'device-administered': 'Device given',
};

/** The administration entries (start, changes, pauses, devices) with their times and who recorded them. */
export function AdministrationRecord({ view }: { view: TreatmentView }) {
  const { clock } = useClinicClock();
  const entries = view.timeline.filter((e) => e.kind in ADMIN_LABELS);
  if (entries.length === 0) return <Text size="sm" c="dimmed">Nothing administered yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={480}>
    <Table verticalSpacing={4} aria-label="Administration record">
      <Table.Thead><Table.Tr><Table.Th scope="col">Time</Table.Th><Table.Th scope="col">Event</Table.Th><Table.Th scope="col">Details</Table.Th><Table.Th scope="col">By</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {entries.map((e) => {
          const d = e.data;
          const details = [
            d['rateMgPerMin'] !== undefined ? `${String(d['rateMgPerMin'])} mg/min` : '',
            d['rateMlPerHour'] !== undefined ? `${String(d['rateMlPerHour'])} mL/h` : '',
            d['reason'] ? `reason: ${String(d['reason'])}` : '',
            d['deviceNumber'] !== undefined ? `device ${String(d['deviceNumber'])}` : '',
            d['overrideReason'] ? `interval overridden: ${String(d['overrideReason'])}` : '',
            d['totalDeliveredMg'] !== undefined ? `${String(d['totalDeliveredMg'])} mg delivered` : d['estimatedDeliveredMg'] !== undefined ? `about ${String(d['estimatedDeliveredMg'])} mg delivered` : '',
          ].filter(Boolean).join('; ');
          return (
            <Table.Tr key={e.id}>
              <Table.Td>{clock(e.at)}</Table.Td>
              <Table.Td>{ADMIN_LABELS[e.kind]}</Table.Td>
              <Table.Td>{details || '—'}</Table.Td>
              <Table.Td>{e.recordedBy?.displayName ?? ''}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
    </Table.ScrollContainer>
  );
}

interface AdministerBody { event: string; rateMgPerMin?: number; reason?: string; totalDeliveredMg?: number; overrideReason?: string }

export function InfusionControls({ view, canWrite }: { view: TreatmentView; canWrite: boolean }) {
  const { clock } = useClinicClock();
  const administer = useSessionWrite<AdministerBody>(view.session.id, '/administration');
  const a = view.administration;
  const dose = view.dose!;
  const [rate, setRate] = useState<string | number>(dose.rateMgPerMin ?? '');
  const [pauseReason, setPauseReason] = useState('');
  const [pauseError, setPauseError] = useState<string | undefined>();
  const [delivered, setDelivered] = useState<string | number>('');
  const [status, setStatus] = useState('');
  const needsVerification = dose.verification.required && !dose.verification.verifiedBy;
  const run = (body: AdministerBody, done: string) => administer.mutate(body, { onSuccess: () => setStatus(done) });
  const server = fieldErrorsFrom(administer.error, ['rateMgPerMin', 'reason', 'totalDeliveredMg']);
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">Infusion</Title>
          <Badge color={a.isInfusionRunning ? 'blue' : a.infusionEndedAt ? 'dark' : a.isInfusionPaused ? 'orange' : 'gray'} variant="light">
            {a.infusionEndedAt ? `Stopped ${clock(a.infusionEndedAt)}` : a.isInfusionPaused ? 'Paused' : a.isInfusionRunning ? 'Running' : 'Not started'}
          </Badge>
        </Group>
        {a.estimatedDeliveredMg !== null && a.infusionStartedAt ? <Text size="sm">Estimated delivered so far: {a.estimatedDeliveredMg} mg of {dose.doseMg} mg.</Text> : null}
        <ErrorAlert error={administer.error} title="The administration was not recorded" shownFields={['rateMgPerMin', 'reason', 'totalDeliveredMg']} />
        <Text size="sm" aria-live="polite">{status}</Text>
        {canWrite && !a.infusionStartedAt ? (
          <Group>
            <Button onClick={() => run({ event: 'infusion-started' }, 'Infusion started.')} disabled={needsVerification} loading={administer.isPending}>Start infusion</Button>
            {needsVerification ? <Text size="sm" c="dimmed">The dose must be verified by a second staff member first.</Text> : null}
          </Group>
        ) : null}
        {canWrite && a.infusionStartedAt && !a.infusionEndedAt ? (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Stack gap={4}>
              <NumberInput label="New rate" suffix=" mg/min" value={rate} onChange={setRate} hideControls decimalScale={3} error={server.rateMgPerMin} disabled={!a.isInfusionRunning} />
              <Button variant="light" disabled={!a.isInfusionRunning || numberOrUndefined(rate) === undefined}
                onClick={() => run({ event: 'infusion-rate-changed', rateMgPerMin: numberOrUndefined(rate)! }, 'Rate changed.')}>Change rate</Button>
            </Stack>
            <Stack gap={4}>
              {a.isInfusionPaused ? (
                <Button variant="light" onClick={() => run({ event: 'infusion-resumed' }, 'Infusion resumed.')}>Resume infusion</Button>
              ) : (
                <>
                  <Textarea label="Pause reason" value={pauseReason} onChange={(e) => { setPauseReason(e.currentTarget.value); setPauseError(undefined); }} autosize minRows={1} error={pauseError ?? server.reason} />
                  <Button variant="light" color="orange" onClick={() => {
                    if (!pauseReason.trim()) { setPauseError('Say why the infusion is paused.'); return; }
                    run({ event: 'infusion-paused', reason: pauseReason.trim() }, 'Infusion paused.');
                    setPauseReason('');
                  }}>Pause infusion</Button>
                </>
              )}
            </Stack>
            <Stack gap={4}>
              <NumberInput label="Total delivered (pump)" suffix=" mg" value={delivered} onChange={setDelivered} hideControls error={server.totalDeliveredMg} />
              <Button color="dark" onClick={() => run({ event: 'infusion-stopped', ...(numberOrUndefined(delivered) !== undefined ? { totalDeliveredMg: numberOrUndefined(delivered)! } : {}) }, 'Infusion stopped.')}>Stop infusion</Button>
            </Stack>
          </SimpleGrid>
        ) : null}
        <AdministrationRecord view={view} />
      </Stack>
    </Paper>
  );
}

/**
 * Esketamine: one button per device, the countdown to when the next device may be given (5 minutes apart by the
 * label; an earlier one needs a documented reason) and the 2-hour monitoring clock from the last device.
 */
export function EsketamineDeviceControls({ view, now, canWrite }: { view: TreatmentView; now: number; canWrite: boolean }) {
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
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={3} size="h4">Nasal devices</Title>
        <Text>{devices.givenCount} of {devices.totalDevices} devices given.</Text>
        <Stack component="ol" gap={4} m={0} pl="lg" aria-label="Devices">
          {Array.from({ length: devices.totalDevices }, (_, i) => {
            const at = view.administration.devicesAdministeredAt[i];
            return <li key={i}><Text size="sm">Device {i + 1}: {at ? `given at ${clock(at)}` : 'not given'}</Text></li>;
          })}
        </Stack>
        {!devices.allGiven && devices.nextDeviceNumber !== null ? (
          <Stack gap={4}>
            {mustWait ? (
              <Text fw={600} role="timer" aria-label={`Next device in ${formatCountdown(devices.nextDeviceAllowedAt!, now)}`}>
                Device {devices.nextDeviceNumber} may be given in {formatCountdown(devices.nextDeviceAllowedAt!, now)} (at {clock(devices.nextDeviceAllowedAt!)})
              </Text>
            ) : <Text fw={600}>Device {devices.nextDeviceNumber} may be given now.</Text>}
            <ErrorAlert error={administer.error} title="The device was not recorded" />
            <Text size="sm" aria-live="polite">{status}</Text>
            {canWrite ? (
              <Group align="flex-end">
                {mustWait ? <TextInput label="Reason to give it early" value={overrideReason} onChange={(e) => setOverrideReason(e.currentTarget.value)} /> : null}
                <Button loading={administer.isPending} disabled={needsVerification || (mustWait && !overrideReason.trim())}
                  onClick={() => administer.mutate({ event: 'device-administered', ...(mustWait ? { overrideReason: overrideReason.trim() } : {}) }, {
                    onSuccess: () => { setStatus(`Device ${devices.nextDeviceNumber} recorded.`); setOverrideReason(''); },
                  })}>
                  Record device {devices.nextDeviceNumber} given
                </Button>
                {needsVerification ? <Text size="sm" c="dimmed">The dose must be verified by a second staff member first.</Text> : null}
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
      </Stack>
    </Paper>
  );
}

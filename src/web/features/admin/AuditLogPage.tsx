import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { ROLE_LABELS, type StaffRole } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { countOf, formatDateTime } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { LoadOlderButton } from '../../components/LoadOlderButton';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { usePermissions } from '../auth/session';
import { useAuditLog, useStaffUsers, useVerifyAuditChain, type AuditEvent, type AuditFilter } from './admin.api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface FilterDraft {
  /** A patient's name or MRN (or the record ID from their page's address). */
  patientId: string;
  userId: string;
  /** datetime-local values, in the browser's time zone. */
  from: string;
  to: string;
}

const EMPTY_DRAFT: FilterDraft = { patientId: '', userId: '', from: '', to: '' };

function toFilter(draft: FilterDraft): AuditFilter {
  const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);
  return {
    ...(UUID.test(draft.patientId.trim())
      ? { patientId: draft.patientId.trim() }
      : draft.patientId.trim()
        ? { patient: draft.patientId.trim() }
        : {}),
    ...(draft.userId ? { userId: draft.userId } : {}),
    ...(draft.from ? { from: iso(draft.from) } : {}),
    ...(draft.to ? { to: iso(draft.to) } : {}),
  };
}

/** The audit log: who did what to which record, when; and the hash-chain check that shows nothing was altered. */
export function AuditLogPage() {
  const can = usePermissions();
  const users = useStaffUsers({ enabled: can('user:manage') });
  const [draft, setDraft] = useState<FilterDraft>(EMPTY_DRAFT);
  const [filter, setFilter] = useState<AuditFilter>({});
  const [patientIdError, setPatientIdError] = useState<string | undefined>();
  const log = useAuditLog(filter);

  const userNames = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.displayName])), [users.data]);
  const events = log.data?.pages.flat() ?? [];

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (draft.patientId.trim().length > 100) {
      setPatientIdError('Type part of the patient’s name or MRN.');
      return;
    }
    setPatientIdError(undefined);
    setFilter(toFilter(draft));
  };

  const set = (key: keyof FilterDraft) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setDraft((current) => ({ ...current, [key]: value }));
  };

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every sign-in and every read or change of patient data, newest first. Entries cannot be edited or deleted."
      />
      <Stack gap="xl">
        <VerifyChain />

        <Section id="audit-events" title="Events">
          <form onSubmit={apply} aria-label="Filter the audit log" noValidate>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} mb="sm">
              <TextInput
                label="Patient (name or MRN)"
                description="Who viewed this patient? Accents optional."
                value={draft.patientId}
                onChange={set('patientId')}
                error={patientIdError}
                spellCheck={false}
                autoComplete="off"
              />
              <NativeSelect
                label="Staff member"
                value={draft.userId}
                onChange={set('userId')}
                disabled={!users.data}
                data={[
                  { value: '', label: 'Anyone' },
                  ...(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName })),
                ]}
              />
              <TextInput label="From" type="datetime-local" value={draft.from} onChange={set('from')} />
              <TextInput label="To" type="datetime-local" value={draft.to} onChange={set('to')} />
            </SimpleGrid>
            <Group gap="sm" mb="md">
              <Button type="submit" variant="default">
                Apply filters
              </Button>
              <Button
                variant="subtle"
                onClick={() => {
                  setDraft(EMPTY_DRAFT);
                  setFilter({});
                  setPatientIdError(undefined);
                }}
              >
                Clear filters
              </Button>
            </Group>
          </form>

          <QueryStatus query={log} failed="The audit log could not be loaded" loading="Loading the audit log…" />
          {log.data ? (
            <>
              <Text role="status" aria-live="polite" size="sm" mb="xs">
                {events.length === 0
                  ? 'No events match these filters.'
                  : `Showing ${countOf(events.length, 'event', 'events')}.`}
              </Text>
              {events.length > 0 ? <AuditTable events={events} userNames={userNames} /> : null}
              <LoadOlderButton query={log}>Load older events</LoadOlderButton>
            </>
          ) : null}
        </Section>
      </Stack>
    </>
  );
}

function VerifyChain() {
  const verify = useVerifyAuditChain();
  const result = verify.data;
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }} component="section" aria-labelledby="verify-heading">
      <Title order={2} size="h3" id="verify-heading" mb="xs">
        Integrity
      </Title>
      <Text mb="md">
        Each event carries a hash of the one before it. Verifying recomputes the whole chain, checks that it ends at the
        recorded head, and names the first event that does not fit. Counts are for your clinic.
      </Text>
      <Button onClick={() => verify.mutate()} loading={verify.isPending} mb="md">
        Verify chain
      </Button>
      <div aria-live="polite" aria-atomic="true">
        {result?.intact === true ? (
          <Alert color="green" variant="light" title="Chain intact">
            All {result.checked} events were checked: none has been altered or removed.
            {result.pending > 0
              ? ` ${result.pending} recent events are not sealed into the chain yet (reads are sealed when their 5-minute window ends).`
              : ''}
            <Text size="sm" mt="xs">
              Head: event #{result.head.seq ?? '-'}, position {result.head.position}, hash{' '}
              <code>{result.head.hash}</code>
            </Text>
          </Alert>
        ) : null}
        {result?.intact === false ? (
          <Alert
            color="red"
            variant="light"
            title={
              result.brokenAtSeq !== null
                ? `Chain broken at event #${result.brokenAtSeq}`
                : `Chain broken at position ${result.brokenAtPosition}`
            }
          >
            {result.reason} ({result.checked} events before it were intact.) Report this to your security officer: the
            audit log has been changed outside Ketaclinic.
          </Alert>
        ) : null}
      </div>
      <ErrorAlert error={verify.error} title="The check could not run" />
    </Paper>
  );
}

/** "administration:infusion-stopped" -> "Administration: infusion stopped": the recorded verb, in words. */
function actionLabel(action: string): string {
  const text = action.replace(/:/g, ': ').replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function outcomeColor(outcome: string): string {
  if (outcome === 'success') return 'gray';
  if (outcome === 'denied') return 'red';
  return 'orange';
}

function AuditTable({ events, userNames }: { events: readonly AuditEvent[]; userNames: ReadonlyMap<string, string> }) {
  return (
    <DataTable
      caption="Audit events, newest first"
      columns={['#', 'When', 'Who', 'Action', 'Record', 'Patient', 'Outcome', 'From address']}
      minWidth={860}
      verticalSpacing="xs"
      fz="sm"
    >
      {events.map((event) => (
        <Table.Tr key={event.id}>
          <Table.Td>{event.seq}</Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.occurredAt)}</Table.Td>
          <Table.Td>
            {event.userId
              ? (event.userName ??
                userNames.get(event.userId) ?? (
                  <Text span ff="monospace" size="xs">
                    {event.userId.slice(0, 8)}
                  </Text>
                ))
              : 'No signed-in user'}
            {event.userRole ? (
              <Text size="xs" c="dimmed">
                {ROLE_LABELS[event.userRole as StaffRole] ?? event.userRole}
              </Text>
            ) : null}
          </Table.Td>
          <Table.Td>
            {actionLabel(event.action)}
            {event.accessCount > 1 ? (
              <Text size="xs" c="dimmed">
                {event.accessCount} times, last {formatDateTime(event.lastSeenAt)}
              </Text>
            ) : null}
          </Table.Td>
          <Table.Td>{event.resourceLabel}</Table.Td>
          <Table.Td>
            {event.patientId ? (
              <Anchor component={Link} to={`/patients/${event.patientId}`} size="sm">
                {event.patientName ?? 'Patient record'}
                {event.patientMrn ? (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    {event.patientMrn}
                  </Text>
                ) : null}
              </Anchor>
            ) : (
              '—'
            )}
          </Table.Td>
          <Table.Td>
            <Badge variant="outline" color={outcomeColor(event.outcome)}>
              {event.outcome}
            </Badge>
          </Table.Td>
          <Table.Td ff="monospace" fz="xs">
            {event.clientIp ?? '—'}
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

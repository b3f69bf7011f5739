import { Link } from 'react-router';
import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { DataTable } from '../../components/DataTable';
import { formatDateTime, todayIsoDate } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { useLedgerSessions, useUnreconciledSessions, type LedgerSession } from './ledger.api';
import { Section } from './ledger-components';
import { mgText, shiftIsoDate, unitsText } from './ledger-format';

const MODALITY_LABELS: Readonly<Record<string, string>> = {
  'iv-ketamine': 'IV ketamine',
  'im-ketamine': 'IM ketamine',
  'esketamine-nasal': 'Esketamine nasal spray',
  esketamine: 'Esketamine nasal spray',
  kap: 'Ketamine-assisted psychotherapy',
};

export function modalityLabel(modality: string): string {
  return MODALITY_LABELS[modality] ?? modality;
}

const PHASE_LABELS: Readonly<Record<string, string>> = {
  booked: 'Booked',
  'pre-dose': 'Checked in',
  dosing: 'Dosing',
  monitoring: 'Monitoring',
  'ready-for-discharge': 'Ready for discharge',
  discharged: 'Discharged',
  completed: 'Completed',
  cancelled: 'Cancelled',
  'no-show': 'No-show',
};

/** The session's real phase from its treatment-day record (the booking status stays "scheduled" all day). */
function phaseText(s: LedgerSession): string {
  return s.phase ? (PHASE_LABELS[s.phase] ?? s.phase) : s.status;
}

function reconciliationText(s: LedgerSession): string {
  const r = s.reconciliation;
  if (r.missingDraw) return 'Dosed with no draw recorded';
  if (!r.hasDraws) return s.isDosed ? 'Dosed with no draw recorded' : 'Nothing drawn';
  return r.reconciled ? 'Reconciled' : 'Not reconciled';
}

/**
 * Choose a treatment session to draw, record and waste its dose. Lists the sessions of the days around today
 * (the clinic's calendar day may differ from this browser's) and every session still to reconcile.
 */
export function LedgerSessionsPage() {
  const today = todayIsoDate();
  const from = shiftIsoDate(today, -1);
  const to = shiftIsoDate(today, 1);
  const sessions = useLedgerSessions(from, to);
  const unreconciled = useUnreconciledSessions();
  const active = (sessions.data ?? []).filter((s) => s.status !== 'cancelled' && s.status !== 'no-show');

  return (
    <>
      <PageHeader
        title="Session doses"
        description="Draw a dose for a session, record what was administered, waste the remainder with a witness, and see the session reconcile."
      />
      <Stack gap="xl">
        <Section id="to-reconcile" title="Sessions to reconcile">
          <QueryStatus
            query={unreconciled}
            failed="The sessions could not be loaded"
            loading="Loading sessions to reconcile…"
          />
          {unreconciled.data?.length === 0 ? (
            <Text>Every session with a draw or a dose given is reconciled.</Text>
          ) : null}
          {unreconciled.data && unreconciled.data.length > 0 ? (
            <Stack gap={4}>
              {unreconciled.data.map((r) => (
                <Text key={r.sessionId}>
                  <Anchor component={Link} to={`/ledger/sessions/${r.sessionId}`}>
                    {r.patient?.name ?? 'Patient'}
                    {r.sessionStartsAt ? `, ${formatDateTime(r.sessionStartsAt)}` : ''}
                  </Anchor>
                  {r.missingDraw
                    ? ': dosed, but no draw is recorded in the ledger'
                    : `: ${unitsText(r.unit, r.difference)} of ${mgText(r.drawnMg)} drawn not yet accounted for`}
                </Text>
              ))}
            </Stack>
          ) : null}
        </Section>

        <Section
          id="sessions"
          title="Sessions around today"
          description="Yesterday, today and tomorrow on the clinic's schedule."
        >
          <QueryStatus query={sessions} failed="The schedule could not be loaded" loading="Loading the schedule…" />
          {sessions.data && active.length === 0 ? <Text>No sessions are booked for these days.</Text> : null}
          {active.length > 0 ? (
            <DataTable
              caption="Booked treatment sessions"
              columns={['Patient', 'Starts', 'Treatment', 'Chair', 'Phase', 'Ledger']}
              minWidth={620}
              verticalSpacing="xs"
              withActions
              actionsLabel="Open"
            >
              {active.map((s) => {
                const name = `${s.patient.givenName} ${s.patient.familyName}`;
                const start = formatDateTime(s.startsAt);
                return (
                  <Table.Tr key={s.id}>
                    <Table.Th scope="row" fw={500}>
                      {name}
                      <Text size="xs" c="dimmed">
                        MRN {s.patient.mrn}
                      </Text>
                    </Table.Th>
                    <Table.Td>{start}</Table.Td>
                    <Table.Td>
                      {modalityLabel(s.modality)}
                      {s.sessionNumber ? `, session ${s.sessionNumber}` : ''}
                      {s.doseMg !== null ? ` (planned ${s.doseMg} mg)` : ''}
                    </Table.Td>
                    <Table.Td>{s.chair?.name ?? '—'}</Table.Td>
                    <Table.Td>
                      <Badge variant="outline" color={s.isDosed ? 'blue' : 'gray'}>
                        {phaseText(s)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={s.reconciliation.reconciled ? undefined : 'red.9'}>
                        {reconciliationText(s)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/ledger/sessions/${s.id}`}
                        aria-label={`Doses for ${name}, ${start}`}
                      >
                        Doses
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </DataTable>
          ) : null}
        </Section>
      </Stack>
    </>
  );
}

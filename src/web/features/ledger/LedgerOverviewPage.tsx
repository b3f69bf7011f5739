import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Button, Group, List, SimpleGrid, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { countOf, formatCalendarDate, formatDateTime } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { usePermissions } from '../auth/session';
import { useDiscrepancies, useLedgerOverview, useUnreconciledSessions, type InventoryStatus } from './ledger.api';
import { BalancesTable, Section } from './ledger-components';
import { mgText, unitsText } from './ledger-format';

/** The admin's pages (ledger:admin): linked from the page's header. */
const ADMIN_LINKS: readonly { to: string; label: string }[] = [
  { to: '/ledger/destructions', label: 'Destroy stock' },
  { to: '/ledger/loss-reports', label: 'Report a loss' },
  { to: '/ledger/inventory', label: 'Take inventory' },
  { to: '/ledger/setup', label: 'Products and safes' },
];

/** The controlled-substance clinic page: stock on hand per lot and safe, sessions to reconcile, open discrepancies. */
export function LedgerOverviewPage() {
  const can = usePermissions();
  const overview = useLedgerOverview();
  const unreconciled = useUnreconciledSessions();
  const discrepancies = useDiscrepancies('open');
  const data = overview.data;

  return (
    <>
      <PageHeader
        title="Controlled substances"
        description="Ketamine and esketamine on hand, derived from the append-only ledger. Balances are never typed in: every change is a ledger entry."
        actions={
          can('ledger:write') || can('ledger:admin') ? (
            <>
              {can('ledger:write') ? (
                <>
                  <Button component={Link} to="/ledger/receive" variant="default">
                    Receive stock
                  </Button>
                  <Button component={Link} to="/ledger/sessions" variant="default">
                    Session doses
                  </Button>
                  <Button component={Link} to="/ledger/count">
                    Count stock
                  </Button>
                </>
              ) : null}
              {can('ledger:admin')
                ? ADMIN_LINKS.map((l) => (
                    <Button key={l.to} component={Link} to={l.to} variant="default">
                      {l.label}
                    </Button>
                  ))
                : null}
            </>
          ) : null
        }
      />
      <QueryStatus query={overview} failed="The ledger could not be loaded" loading="Loading the ledger…" />
      {data ? (
        <Stack gap="xl">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <CountAlert
              count={data.openDiscrepancies}
              color="red"
              none="No open discrepancies"
              some={countOf(data.openDiscrepancies, 'open discrepancy', 'open discrepancies')}
              to="/ledger/discrepancies"
              link="Discrepancies"
            />
            <CountAlert
              count={data.unreconciledSessions}
              color="orange"
              none="Every session reconciled"
              some={`${countOf(data.unreconciledSessions, 'session', 'sessions')} to reconcile`}
              to="/ledger/sessions"
              link="Session doses"
            />
            <InventoryAlert inventory={data.inventory} canTake={can('ledger:admin')} />
          </SimpleGrid>

          <Section
            id="balances"
            title="Stock on hand"
            description={`Per product, lot and storage location, as of ledger entry #${data.asOfSequence}.`}
          >
            {data.balances.length === 0 ? (
              <Text>No stock on hand.</Text>
            ) : (
              <BalancesTable balances={data.balances} caption="Stock on hand per lot and location" />
            )}
          </Section>

          <Section
            id="unreconciled"
            title="Sessions to reconcile"
            description="Every milligram drawn for a session must be administered or wasted (with a witness): drawn − administered − wasted = 0."
          >
            <QueryList
              query={unreconciled}
              failed="The sessions could not be loaded"
              none="Every session with a draw or a dose given is reconciled."
            >
              {(r) => (
                <List.Item key={r.sessionId}>
                  <Anchor component={Link} to={`/ledger/sessions/${r.sessionId}`}>
                    {r.patient?.name ?? 'Patient'}
                    {r.sessionStartsAt ? `, ${formatDateTime(r.sessionStartsAt)}` : ''}
                  </Anchor>
                  {r.missingDraw
                    ? ': dosed, but no draw is recorded in the ledger.'
                    : `: ${unitsText(r.unit, r.difference)} not yet accounted for (drawn ${mgText(r.drawnMg)}).`}
                </List.Item>
              )}
            </QueryList>
          </Section>

          <Section
            id="open-discrepancies"
            title="Open discrepancies"
            description="A count that differs from the books stays open until an admin explains it or turns it into a loss report."
          >
            <QueryList query={discrepancies} failed="The discrepancies could not be loaded" none="None.">
              {(d) => (
                <List.Item key={d.discrepancyId}>
                  Lot {d.lot} in {d.locationId}: expected {mgText(d.expectedMg)}, counted {mgText(d.countedMg)}{' '}
                  (difference {mgText(d.differenceMg)}), {formatDateTime(d.countedAt)} by {d.countedBy}.
                </List.Item>
              )}
            </QueryList>
            <Group mt="sm">
              <Anchor component={Link} to="/ledger/discrepancies">
                All discrepancies{can('ledger:admin') ? ' and resolution' : ''}
              </Anchor>
            </Group>
          </Section>
        </Stack>
      ) : null}
    </>
  );
}

/** A count the page leads with, green when it is zero, linking to the page where it is dealt with. */
function CountAlert({
  count,
  color,
  none,
  some,
  to,
  link,
}: {
  count: number;
  /** The colour while the count is above zero. */
  color: string;
  /** The title when the count is zero. */
  none: string;
  /** The title otherwise. */
  some: string;
  to: string;
  link: string;
}) {
  return (
    <Alert role="status" color={count > 0 ? color : 'green'} variant="light" title={count === 0 ? none : some}>
      <Anchor component={Link} to={to} size="sm">
        {link}
      </Anchor>
    </Alert>
  );
}

/** What a list query found: an alert if it failed, `none` when it found nothing, otherwise a list of its items. */
function QueryList<T>({
  query,
  failed,
  none,
  children,
}: {
  query: { readonly error: unknown; readonly data: readonly T[] | undefined };
  failed: string;
  none: string;
  children: (item: T) => ReactNode;
}) {
  return (
    <>
      <ErrorAlert error={query.error} title={failed} />
      {query.data?.length === 0 ? <Text>{none}</Text> : null}
      {query.data && query.data.length > 0 ? <List>{query.data.map(children)}</List> : null}
    </>
  );
}

function InventoryAlert({ inventory, canTake }: { inventory: InventoryStatus; canTake: boolean }) {
  const link = canTake ? (
    <Anchor component={Link} to="/ledger/inventory" size="sm">
      Inventory
    </Anchor>
  ) : null;
  if (inventory.status === 'no-inventory') {
    return (
      <Alert role="status" color="orange" variant="light" title="No initial inventory">
        <Text size="sm">{inventory.message}</Text>
        {link}
      </Alert>
    );
  }
  return (
    <Alert
      role="status"
      color={inventory.status === 'overdue' ? 'red' : 'green'}
      variant="light"
      title={inventory.status === 'overdue' ? 'Biennial inventory overdue' : 'Biennial inventory'}
    >
      <Text size="sm">
        Last {formatCalendarDate(inventory.lastInventory)}; due by {formatCalendarDate(inventory.dueBy)} (
        {inventory.status === 'overdue' ? `${-inventory.daysLeft} days overdue` : `${inventory.daysLeft} days`}).
      </Text>
      {link}
    </Alert>
  );
}

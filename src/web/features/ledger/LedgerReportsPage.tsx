import { useState } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { todayIsoDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { usePermissions } from '../auth/session';
import { useBalances, useVerifyLedger } from './ledger.api';
import { Section } from './ledger-components';
import { shiftIsoDate, shortHash } from './ledger-format';
import { textField } from '../../components/forms';

function reportUrl(report: string, query: Record<string, string>, format: 'csv' | 'pdf'): string {
  return `/api/ledger/reports/${report}?${new URLSearchParams({ ...query, format }).toString()}`;
}

/** Download links: the server sends CSV or PDF as an attachment (same-origin GET with the session cookie). */
function Downloads({
  report,
  query,
  name,
  ready = true,
}: {
  report: string;
  query: Record<string, string>;
  name: string;
  ready?: boolean;
}) {
  if (!ready)
    return (
      <Text size="sm" c="dimmed">
        Fill in the fields above to download.
      </Text>
    );
  return (
    <Group gap="md">
      <Anchor href={reportUrl(report, query, 'csv')} download>
        Download CSV<VisuallyHidden>: {name}</VisuallyHidden>
      </Anchor>
      <Anchor href={reportUrl(report, query, 'pdf')} download>
        Download PDF<VisuallyHidden>: {name}</VisuallyHidden>
      </Anchor>
    </Group>
  );
}

const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text);

/** The DEA-style records as CSV and PDF, and (for admins) the check that the ledger's hash chain is unbroken. */
export function LedgerReportsPage() {
  const can = usePermissions();
  const today = todayIsoDate();
  const [from, setFrom] = useState(shiftIsoDate(today, -30));
  const [to, setTo] = useState(today);
  const [inventoryOn, setInventoryOn] = useState(today);
  const [inventoryKind, setInventoryKind] = useState('biennial-inventory');
  const balances = useBalances(true);
  const [lot, setLot] = useState('');
  const lotOptions = [...new Map((balances.data ?? []).map((b) => [`${b.ndc}|${b.lot}`, b])).values()];
  const [lotNdc = '', lotName = ''] = lot.split('|');

  return (
    <>
      <PageHeader
        title="Ledger reports"
        description="Records kept for at least two years and readily retrievable (21 CFR 1304.04). Each download is recorded in the audit log."
      />
      <Stack gap="xl">
        {can('ledger:admin') ? <VerifyLedger /> : null}
        <Section
          id="administration-log"
          title="Administration and disposal log"
          description="Every draw, administration, waste, return and destruction in a period (21 CFR 1304.22(c))."
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} mb="sm" maw={520}>
            <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
            <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          </SimpleGrid>
          <Downloads
            report="administration-log"
            query={{ from, to }}
            name="Administration log"
            ready={isDate(from) && isDate(to)}
          />
        </Section>
        <Section
          id="inventory-report"
          title="Inventory"
          description="The initial or biennial inventory taken on a date (21 CFR 1304.11)."
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} mb="sm" maw={520}>
            <TextInput label="Taken on" type="date" {...textField(inventoryOn, setInventoryOn)} />
            <NativeSelect
              label="Inventory"
              {...textField(inventoryKind, setInventoryKind)}
              data={[
                { value: 'biennial-inventory', label: 'Biennial' },
                { value: 'initial-inventory', label: 'Initial' },
              ]}
            />
          </SimpleGrid>
          <Downloads
            report="inventory"
            query={{ on: inventoryOn, kind: inventoryKind }}
            name="Inventory"
            ready={isDate(inventoryOn)}
          />
        </Section>
        <Section
          id="lot-history"
          title="Lot history"
          description="Every entry that touched one lot, with the running balance."
        >
          <NativeSelect
            label="Lot"
            {...textField(lot, setLot)}
            data={[
              { value: '', label: 'Choose…', disabled: true },
              ...lotOptions.map((b) => ({ value: `${b.ndc}|${b.lot}`, label: `Lot ${b.lot} · ${b.productName}` })),
            ]}
            maw={520}
            mb="sm"
          />
          <Downloads
            report="lot-history"
            query={{ ndc: lotNdc, lot: lotName }}
            name={`Lot history${lotName ? ` of ${lotName}` : ''}`}
            ready={Boolean(lotNdc && lotName)}
          />
        </Section>
        <Section
          id="discrepancy-report"
          title="Discrepancies"
          description="Every count discrepancy and how it was resolved."
        >
          <Downloads report="discrepancies" query={{}} name="Discrepancies" />
        </Section>
      </Stack>
    </>
  );
}

function VerifyLedger() {
  const verify = useVerifyLedger();
  const result = verify.data;
  return (
    <Section
      id="verify"
      title="Integrity"
      description="Each ledger entry carries a SHA-256 hash of itself and the entry before it. Verifying recomputes the whole chain and names the first entry that does not fit."
    >
      <Button onClick={() => verify.mutate()} loading={verify.isPending} mb="md">
        Verify ledger
      </Button>
      <div aria-live="polite" aria-atomic="true">
        {result?.intact === true ? (
          <Alert color="green" variant="light" title="Ledger intact">
            All {result.checked} entries were checked; the chain ends at entry #{result.lastSequence} (hash{' '}
            <Text span ff="monospace" size="sm">
              {shortHash(result.lastHash)}
            </Text>
            ).
          </Alert>
        ) : null}
        {result?.intact === false ? (
          <Alert color="red" variant="light" title={`Ledger broken at entry #${result.brokenAtSequence}`}>
            {result.reason} ({result.checked} entries before it were intact.) The ledger has been changed outside
            Ketaclinic: report it to your security officer and the DEA registrant.
          </Alert>
        ) : null}
      </div>
      <ErrorAlert error={verify.error} title="The check could not run" />
    </Section>
  );
}

import { useState } from 'react';
import { Badge, NativeSelect, Table, Text } from '@mantine/core';
import { DataTable } from '../../components/DataTable';
import { countOf, formatDateTime } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { LoadOlderButton } from '../../components/LoadOlderButton';
import { PageHeader } from '../../components/PageHeader';
import { useLedgerEntries, useLedgerLocations, type LedgerEntry } from './ledger.api';
import { Section } from './ledger-components';
import { ENTRY_KIND_LABELS, readableSummary, shortHash, witnessNames } from './ledger-format';
import { textField } from '../../components/forms';

/** The append-only ledger, newest first: every entry with who recorded it, the witness, and its place in the hash chain. */
export function LedgerEntriesPage() {
  const [kind, setKind] = useState('');
  const entries = useLedgerEntries(kind);
  const items = entries.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader
        title="Ledger entries"
        description="Entries are never edited or deleted: a correction is a new entry that names the one it corrects. Each entry's hash covers the one before it."
      />
      <Section id="entries" title="Entries">
        <NativeSelect
          label="Kind"
          {...textField(kind, setKind)}
          data={[
            { value: '', label: 'All kinds' },
            ...Object.entries(ENTRY_KIND_LABELS).map(([value, label]) => ({ value, label })),
          ]}
          maw={280}
          mb="md"
        />
        <QueryStatus query={entries} failed="The ledger could not be loaded" loading="Loading entries…" />
        {entries.data ? (
          <>
            <Text role="status" aria-live="polite" size="sm" mb="xs">
              {items.length === 0 ? 'No entries.' : `Showing ${countOf(items.length, 'entry', 'entries')}.`}
            </Text>
            {items.length > 0 ? <EntriesTable entries={items} /> : null}
            <LoadOlderButton query={entries}>Load older entries</LoadOlderButton>
          </>
        ) : null}
      </Section>
    </>
  );
}

function EntriesTable({ entries }: { entries: readonly LedgerEntry[] }) {
  const locations = useLedgerLocations();
  return (
    <DataTable
      caption="Ledger entries, newest first"
      columns={['#', 'When', 'Kind', 'What', 'Recorded by', 'Witness', 'Hash']}
      minWidth={960}
      verticalSpacing="xs"
      fz="sm"
    >
      {entries.map((e) => (
        <Table.Tr key={e.entryId}>
          <Table.Th scope="row">{e.sequence}</Table.Th>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.occurredAt)}</Table.Td>
          <Table.Td>
            <Badge variant="outline" color="gray">
              {ENTRY_KIND_LABELS[e.kind] ?? e.kind}
            </Badge>
            {e.correctedBySequence && e.correctedBySequence.length > 0 ? (
              <Text size="xs" c="dimmed">
                Corrected by #{e.correctedBySequence.join(', #')}
              </Text>
            ) : null}
          </Table.Td>
          <Table.Td>{readableSummary(e.summary, locations.data)}</Table.Td>
          <Table.Td>{e.recordedBy ?? '—'}</Table.Td>
          <Table.Td>{witnessNames(e.event) ?? '—'}</Table.Td>
          <Table.Td>
            <Text span ff="monospace" size="xs" title={e.hash}>
              {shortHash(e.hash)}
            </Text>
            <Text size="xs" c="dimmed">
              after{' '}
              <Text span ff="monospace" size="xs" title={e.prevHash}>
                {shortHash(e.prevHash, 8)}
              </Text>
            </Text>
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

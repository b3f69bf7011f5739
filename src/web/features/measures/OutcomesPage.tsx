import { Link } from 'react-router';
import { Anchor, Badge, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { DataTable } from '../../components/DataTable';
import { countOf, formatDateTime } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { TIMING_LABELS, useInstruments, useMeasuresOverview, type MeasuresOverview } from './measures.api';

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** The clinic's outcomes: response and remission per instrument, measures due or overdue, the latest scores. */
/** One figure of an instrument's card: the term, the share in large type and how it was counted. */
function Share({ term, share, detail }: { term: string; share: number | null; detail: string }) {
  return (
    <div>
      <Text component="dt" size="sm" c="dimmed">
        {term}
      </Text>
      <Text component="dd" m={0} fw={700} size="xl">
        {percent(share)}
      </Text>
      <Text component="dd" m={0} size="xs" c="dimmed">
        {detail}
      </Text>
    </div>
  );
}

/** A table cell naming the patient (a link to the chart) with the record number beside it. */
function PatientCell({ patient }: { patient: MeasuresOverview['due'][number]['patient'] }) {
  return (
    <Table.Td>
      <Anchor component={Link} to={`/patients/${patient.id}`}>
        {patient.name}
      </Anchor>{' '}
      <Text span size="xs" c="dimmed">
        {patient.mrn}
      </Text>
    </Table.Td>
  );
}

export function OutcomesPage() {
  const overview = useMeasuresOverview();
  const instruments = useInstruments();
  const nameOf = (id: string) => instruments.data?.items.find((i) => i.id === id)?.shortName ?? id;
  const data = overview.data;

  return (
    <>
      <PageHeader
        title="Outcomes"
        description="Response (at least a 50% fall from baseline) and remission across the clinic, and what is due now."
      />
      <QueryStatus
        query={overview}
        failed="The outcomes could not be loaded"
        loading="Loading the clinic's outcomes…"
      />
      {data ? (
        <Stack gap="xl">
          <section aria-labelledby="outcome-shares-heading">
            <Title order={2} size="h3" id="outcome-shares-heading" mb="sm">
              Response and remission by instrument
            </Title>
            {data.instruments.length === 0 ? (
              <Text>No scored measures yet.</Text>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                {data.instruments.map((i) => (
                  <Paper
                    key={i.instrument}
                    withBorder
                    p="md"
                    radius="md"
                    component="article"
                    aria-label={`${nameOf(i.instrument)} outcomes`}
                  >
                    <Text fw={700} size="lg">
                      {nameOf(i.instrument)}
                    </Text>
                    <Text size="sm" c="dimmed" mb="xs">
                      {countOf(i.patients, 'patient', 'patients')}, {i.withBaseline} with a baseline and a later score
                    </Text>
                    <SimpleGrid cols={2} component="dl" m={0}>
                      <Share
                        term="In response"
                        share={i.shareResponding}
                        detail={`${i.responding} of ${i.withBaseline}`}
                      />
                      <Share
                        term="In remission"
                        share={i.shareRemitted}
                        detail={i.shareRemitted === null ? 'no remission rule' : `${i.remitted} of ${i.withBaseline}`}
                      />
                    </SimpleGrid>
                  </Paper>
                ))}
              </SimpleGrid>
            )}
          </section>

          <section aria-labelledby="due-heading">
            <Title order={2} size="h3" id="due-heading" mb="sm">
              Due and overdue measures ({data.dueCount})
            </Title>
            {data.due.length === 0 ? (
              <Text>Nothing is due now.</Text>
            ) : (
              <DataTable
                caption={`Due and overdue measures (${data.dueCount})`}
                columns={['Patient', 'Instrument', 'When', 'Due', 'Status']}
                minWidth={560}
              >
                {data.due.map((d) => (
                  <Table.Tr key={`${d.patient.id}-${d.instrument}-${d.timing}-${d.dueAt}`}>
                    <PatientCell patient={d.patient} />
                    <Table.Td>{nameOf(d.instrument)}</Table.Td>
                    <Table.Td>{TIMING_LABELS[d.timing] ?? d.timing}</Table.Td>
                    <Table.Td>{formatDateTime(d.dueAt)}</Table.Td>
                    <Table.Td>
                      <Badge
                        color={d.status === 'overdue' ? 'red' : 'orange'}
                        variant={d.status === 'overdue' ? 'outline' : 'light'}
                      >
                        {d.status}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </DataTable>
            )}
          </section>

          <section aria-labelledby="recent-heading">
            <Title order={2} size="h3" id="recent-heading" mb="sm">
              Latest scores
            </Title>
            {data.recent.length === 0 ? (
              <Text>No scores yet.</Text>
            ) : (
              <DataTable
                caption="Latest scores"
                columns={['Patient', 'Instrument', 'Score', 'Band', 'When']}
                minWidth={560}
              >
                {data.recent.map((r) => (
                  <Table.Tr key={r.measureId}>
                    <PatientCell patient={r.patient} />
                    <Table.Td>{nameOf(r.instrument)}</Table.Td>
                    <Table.Td>{r.total ?? '—'}</Table.Td>
                    <Table.Td>{r.band ? r.band.replace(/-/g, ' ') : '—'}</Table.Td>
                    <Table.Td>{formatDateTime(r.at)}</Table.Td>
                  </Table.Tr>
                ))}
              </DataTable>
            )}
          </section>
        </Stack>
      ) : null}
    </>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Anchor, Button, Group, Pagination, Paper, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { ColumnHeaders } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { countOf, formatCalendarDate } from '../../components/format';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { usePermissions } from '../auth/session';
import { listName, SEX_LABELS } from './patient-fields';
import { usePatientSearch, type Patient } from './patients.api';

const PAGE_SIZE = 25;

/** The patient list: search by name, MRN or date of birth; the search is in the address, so Back returns to it. */
export function PatientListPage() {
  const can = usePermissions();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);

  // A table on wider screens; on a phone, a list of cards that needs no sideways scrolling.
  const isWide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const search = usePatientSearch({ q, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const pages = search.data ? Math.max(1, Math.ceil(search.data.total / PAGE_SIZE)) : 1;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    setParams(text ? { q: text } : {});
  };

  return (
    <>
      <PageHeader
        title="Patients"
        actions={
          can('patient:write') ? (
            <Button component={Link} to="/patients/new">
              New patient
            </Button>
          ) : null
        }
      />
      <form role="search" aria-label="Patients" onSubmit={submit}>
        <Group align="flex-end" gap="sm" wrap="wrap" mb="md">
          <TextInput
            label="Search patients"
            description="Name (accents optional), MRN or its last digits, or date of birth (as you write dates, or YYYY-MM-DD)"
            type="search"
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
            maxLength={100}
            style={{ flex: '1 1 16rem' }}
          />
          <Group gap="sm">
            <Button type="submit">Search</Button>
            {q ? (
              <Button variant="default" onClick={() => setParams({})}>
                Clear
              </Button>
            ) : null}
          </Group>
        </Group>
      </form>

      <ErrorAlert error={search.error} title="The patient list could not be loaded" />
      <Text role="status" aria-live="polite" size="sm" mb="xs">
        {search.data ? resultSummary(search.data.total, q) : ''}
      </Text>
      {search.isPending ? <LoadingState label="Loading patients…" /> : null}
      {search.data && search.data.items.length > 0 ? (
        isWide ? (
          <PatientTable
            patients={search.data.items}
            caption={`Patients${q ? ` matching “${q}”` : ''}`}
            isBusy={search.isFetching}
          />
        ) : (
          <PatientCards patients={search.data.items} label={`Patients${q ? ` matching “${q}”` : ''}`} />
        )
      ) : null}
      {pages > 1 ? (
        <Pagination
          mt="md"
          total={pages}
          value={page}
          onChange={(next) => setParams(q ? { q, page: String(next) } : { page: String(next) })}
          getControlProps={(control) => ({
            'aria-label':
              control === 'previous'
                ? 'Previous page'
                : control === 'next'
                  ? 'Next page'
                  : control === 'first'
                    ? 'First page'
                    : 'Last page',
          })}
          getItemProps={(n) => ({ 'aria-label': `Page ${n}`, 'aria-current': n === page ? 'page' : undefined })}
        />
      ) : null}
    </>
  );
}

function resultSummary(total: number, q: string): string {
  const count = countOf(total, 'patient', 'patients');
  if (!q) return `${count} in this clinic.`;
  if (total === 0) return `No patients match “${q}”.`;
  return total === 1 ? `1 patient matches “${q}”.` : `${count} match “${q}”.`;
}

function PatientTable({
  patients,
  caption,
  isBusy,
}: {
  patients: readonly Patient[];
  caption: string;
  isBusy: boolean;
}) {
  return (
    <Table striped highlightOnHover verticalSpacing="sm" aria-busy={isBusy}>
      <VisuallyHidden component="caption">{caption}</VisuallyHidden>
      <ColumnHeaders columns={['Name', 'MRN', 'Date of birth', 'Sex']} />
      <Table.Tbody>
        {patients.map((patient) => (
          <Table.Tr key={patient.id}>
            <Table.Th scope="row" fw={500}>
              <Anchor component={Link} to={`/patients/${patient.id}`}>
                {listName(patient)}
              </Anchor>
            </Table.Th>
            <Table.Td>{patient.mrn}</Table.Td>
            <Table.Td>{formatCalendarDate(patient.dateOfBirth)}</Table.Td>
            <Table.Td>{SEX_LABELS[patient.sex]}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function PatientCards({ patients, label }: { patients: readonly Patient[]; label: string }) {
  return (
    <Stack component="ul" gap="xs" p={0} m={0} aria-label={label} style={{ listStyle: 'none' }}>
      {patients.map((patient) => (
        <Paper component="li" key={patient.id} withBorder radius="sm" p="sm">
          <Anchor component={Link} to={`/patients/${patient.id}`} fw={600}>
            {listName(patient)}
          </Anchor>
          <Text size="sm">
            MRN {patient.mrn} · Born {formatCalendarDate(patient.dateOfBirth)} · {SEX_LABELS[patient.sex]}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

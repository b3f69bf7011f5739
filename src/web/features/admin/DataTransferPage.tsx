import { useMemo, useState, type ChangeEvent } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { parseCsv } from '../../../domain/interop/csv';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import {
  CLINIC_EXPORT_URL,
  FIELD_LABELS,
  PATIENT_IMPORT_FIELDS,
  usePatientImport,
  type PatientImportField,
  type PatientImportReport,
  type PatientImportRow,
} from './data-transfer.api';

const STATUS: Record<PatientImportRow['status'], { label: string; color: string }> = {
  create: { label: 'Will be created', color: 'clinic' },
  created: { label: 'Created', color: 'green' },
  exists: { label: 'Already imported', color: 'gray' },
  error: { label: 'Error', color: 'red' },
};

/** A first guess at what each column means, from its header (the admin checks and changes it). */
function guess(header: string): PatientImportField | '' {
  const h = header.toLowerCase().replace(/[^a-z]/g, '');
  const table: Array<[RegExp, PatientImportField]> = [
    [/^(family|last|sur)name$|^surname$/, 'familyName'],
    [/^(given|first|fore)name$/, 'givenName'],
    [/^(dob|dateofbirth|birthdate|born)$/, 'dateOfBirth'],
    [/^(sex|gender)$/, 'sex'],
    [/^e?mail$/, 'email'],
    [/^(phone|telephone|mobile)$/, 'phone'],
    [/^(id|mrn|chartno|chartnumber|externalid|identifier)$/, 'identifier'],
    [/^(address|addressline|street)$/, 'addressLine'],
    [/^(city|town)$/, 'city'],
    [/^(state|region|province)$/, 'region'],
    [/^(zip|zipcode|postcode|postalcode)$/, 'postalCode'],
    [/^country$/, 'country'],
  ];
  return table.find(([re]) => re.test(h))?.[1] ?? '';
}

/** Admin: import patients from CSV (map columns, dry run, import) and download the whole clinic's export. */
export function DataTransferPage() {
  return (
    <>
      <PageHeader
        title="Import and export"
        description="Bring patients in from another system's CSV, or take every record of the clinic with you as CSV files and FHIR. Both are recorded in the audit log."
      />
      <Stack gap="xl">
        <Section id="import" title="Import patients from CSV">
          <ImportForm />
        </Section>
        <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }} component="section" aria-labelledby="export-heading">
          <Title order={2} size="h3" id="export-heading" mb="sm">
            Export the whole clinic
          </Title>
          <Text mb="md">
            A zip with one CSV file per kind of record (patients, intake, plans, sessions, doses, vital signs, measures,
            consents, alerts, ledger, appointments, audit log…), a description of every column, and the same records as
            FHIR R4 NDJSON. It can take a while for a large clinic.
          </Text>
          <Button component="a" href={CLINIC_EXPORT_URL} download>
            Download the clinic export
          </Button>
        </Paper>
      </Stack>
    </>
  );
}

function ImportForm() {
  const [csv, setCsv] = useState('');
  const [mapping, setMapping] = useState<Record<string, PatientImportField | ''>>({});
  const [identifierSystem, setIdentifierSystem] = useState('');
  const [report, setReport] = useState<PatientImportReport | undefined>();
  const importer = usePatientImport();
  const header = useMemo(() => parseCsv(csv.slice(0, 20_000)).records[0] ?? [], [csv]);

  const takeText = (text: string) => {
    setCsv(text);
    setReport(undefined);
    const first = parseCsv(text.slice(0, 20_000)).records[0] ?? [];
    setMapping(Object.fromEntries(first.map((h) => [h.trim(), guess(h)])));
  };
  const onFile = async (file: File | null) => {
    if (file) takeText(await file.text());
  };
  const run = (dryRun: boolean) => {
    const chosen = Object.fromEntries(
      Object.entries(mapping).filter((e): e is [string, PatientImportField] => e[1] !== ''),
    );
    importer.mutate(
      {
        csv,
        mapping: chosen,
        dryRun,
        ...(identifierSystem.trim() ? { identifierSystem: identifierSystem.trim() } : {}),
      },
      { onSuccess: setReport },
    );
  };

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <FileInput
          label="CSV file"
          description="UTF-8, a header row, one patient a row"
          accept=".csv,text/csv"
          onChange={(f) => {
            void onFile(f);
          }}
          clearable
        />
        <TextInput
          label="Identifier system"
          description="The old system's identifier URL, when no column gives it (e.g. https://old-ehr.example.org/mrn)"
          value={identifierSystem}
          onChange={(e: ChangeEvent<HTMLInputElement>) => setIdentifierSystem(e.currentTarget.value)}
        />
      </SimpleGrid>
      <Textarea
        label="Or paste the CSV"
        autosize
        minRows={4}
        maxRows={12}
        value={csv}
        onChange={(e: ChangeEvent<HTMLTextAreaElement>) => takeText(e.currentTarget.value)}
        styles={{ input: { fontFamily: 'monospace' } }}
      />
      {header.length > 0 ? (
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <Text component="legend" fw={600} mb="xs">
            What each column holds
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            {header
              .map((h) => h.trim())
              .map((h) => (
                <NativeSelect
                  key={h}
                  label={h || '(unnamed column)'}
                  value={mapping[h] ?? ''}
                  data={[
                    { value: '', label: 'Do not import' },
                    ...PATIENT_IMPORT_FIELDS.map((f) => ({ value: f, label: FIELD_LABELS[f] })),
                  ]}
                  onChange={(e: ChangeEvent<HTMLSelectElement>) =>
                    setMapping({ ...mapping, [h]: e.currentTarget.value as PatientImportField | '' })
                  }
                />
              ))}
          </SimpleGrid>
        </fieldset>
      ) : null}
      <Group gap="sm">
        <Button
          variant="default"
          disabled={csv.trim() === ''}
          loading={importer.isPending && importer.variables?.dryRun === true}
          onClick={() => run(true)}
        >
          Check (dry run)
        </Button>
        <Button
          disabled={csv.trim() === '' || !report?.dryRun}
          loading={importer.isPending && importer.variables?.dryRun === false}
          onClick={() => run(false)}
        >
          Import the valid rows
        </Button>
      </Group>
      <ErrorAlert error={importer.error} title="The CSV could not be imported" />
      {report ? <ImportReport report={report} /> : null}
    </Stack>
  );
}

function ImportReport({ report }: { report: PatientImportReport }) {
  const s = report.summary;
  return (
    <Stack gap="sm" aria-live="polite">
      <Alert
        color={s.errors > 0 ? 'yellow' : 'green'}
        variant="light"
        title={report.dryRun ? 'Dry run: nothing was written' : 'Import done'}
      >
        {report.dryRun
          ? `${s.rows} rows: ${s.create} would be created, ${s.exists} already imported, ${s.errors} with errors.`
          : `${s.rows} rows: ${s.created} created, ${s.exists} already imported, ${s.errors} with errors (fix them in the file and import it again: imported rows are not duplicated).`}
      </Alert>
      <DataTable
        caption="Import report, one line per CSV row"
        columns={['Row', 'Result', 'Patient', 'Problems']}
        minWidth={640}
        verticalSpacing="xs"
      >
        {report.rows.map((r) => (
          <Table.Tr key={r.row}>
            <Table.Th scope="row">{r.row}</Table.Th>
            <Table.Td>
              <Badge variant="light" color={STATUS[r.status].color}>
                {STATUS[r.status].label}
              </Badge>
            </Table.Td>
            <Table.Td>
              {r.patient ? (
                r.patient.id ? (
                  <Anchor href={`/patients/${r.patient.id}`}>
                    {r.patient.familyName}, {r.patient.givenName}
                    {r.patient.mrn ? ` (${r.patient.mrn})` : ''}
                  </Anchor>
                ) : (
                  `${r.patient.familyName}, ${r.patient.givenName}`
                )
              ) : null}
            </Table.Td>
            <Table.Td>{r.errors.map((e) => `${e.column}: ${e.message}`).join('; ')}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}

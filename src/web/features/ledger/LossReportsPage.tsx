import { useState, type FormEvent } from 'react';
import {
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { LOSS_TYPE_LABELS, LOSS_TYPES } from '../../../domain/inventory/entries';
import { choicesOf } from '../../components/choices';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  fieldErrorsFrom,
  hasErrors,
  textFields,
  type FieldErrors,
  type TextFieldProps,
  type TextKeys,
} from '../../components/forms';
import { formatCalendarDate } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { SubmitButton } from '../../components/FormActions';
import { usePermissions } from '../auth/session';
import { useClinicTimeZone } from '../schedule/schedule.api';
import { useBalances, useLedgerProducts } from './ledger.api';
import {
  useLossReportDetails,
  useReportLoss,
  type AdminAppendResult,
  type Deadline,
  type Form106Details,
  type LossDeadlines,
  type LossType,
} from './ledger-admin.api';
import { DeaFormRecords } from './DeaFormRecords';
import { centsText, clinicToday, deadlineLabel, deadlineState, dollarsToCents } from './ledger-admin-format';
import { RecordedNotice, Section, StockAmountFields } from './ledger-components';
import { useStockAmount } from './use-stock-amount';
import { AMOUNT_FIELDS, type AmountErrors, amountErrorsOf, wholeNumber } from './ledger-format';

const LOSS_TYPE_OPTIONS = choicesOf(LOSS_TYPES, LOSS_TYPE_LABELS);

const SERVER_FIELDS = [
  ...AMOUNT_FIELDS,
  'discoveredOn',
  'lossType',
  'circumstances',
  'form106.dateOfTheftOrLoss',
  'form106.county',
  'form106.policeDepartment.name',
  'form106.policeDepartment.phone',
  'form106.policeReportNumber',
  'form106.theftsOrLossesPast24Months',
  'form106.purchaseValueCents',
  'form106.inTransit.carrierName',
  'form106.inTransit.consigneeName',
  'form106.inTransit.consigneeDeaNumber',
];

interface Draft {
  discoveredOn: string;
  lossType: LossType;
  circumstances: string;
  dateOfTheftOrLoss: string;
  county: string;
  reportedToPolice: boolean;
  policeName: string;
  policePhone: string;
  policeReportNumber: string;
  past24Months: string;
  killed: string;
  injured: string;
  purchaseValue: string;
  otherMerchandiseTaken: boolean;
  carrierName: string;
  consigneeName: string;
  consigneeDeaNumber: string;
}

const EMPTY_DRAFT: Draft = {
  discoveredOn: '',
  lossType: 'other',
  circumstances: '',
  dateOfTheftOrLoss: '',
  county: '',
  reportedToPolice: false,
  policeName: '',
  policePhone: '',
  policeReportNumber: '',
  past24Months: '',
  killed: '',
  injured: '',
  purchaseValue: '',
  otherMerchandiseTaken: false,
  carrierName: '',
  consigneeName: '',
  consigneeDeaNumber: '',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A Form 106 text box: the draft's key it edits and its field under the request's `form106` (for the server's error). */
interface Form106Field {
  readonly key: TextKeys<Draft>;
  readonly path: string;
  readonly label: string;
  readonly maxLength?: number;
  readonly type?: 'tel';
  readonly inputMode?: 'numeric' | 'decimal';
  readonly description?: string;
}

const FACT_FIELDS: readonly Form106Field[] = [
  { key: 'county', path: 'county', label: 'County', maxLength: 100 },
  {
    key: 'past24Months',
    path: 'theftsOrLossesPast24Months',
    label: 'Thefts or losses in the past 24 months',
    inputMode: 'numeric',
  },
  {
    key: 'purchaseValue',
    path: 'purchaseValueCents',
    label: 'Purchase value ($)',
    inputMode: 'decimal',
    description: 'Of the controlled substances taken, e.g. 123.45.',
  },
];

const POLICE_FIELDS: readonly Form106Field[] = [
  { key: 'policeName', path: 'policeDepartment.name', label: 'Police department', maxLength: 200 },
  { key: 'policePhone', path: 'policeDepartment.phone', label: 'Police department phone', type: 'tel', maxLength: 50 },
  { key: 'policeReportNumber', path: 'policeReportNumber', label: 'Police report number', maxLength: 100 },
];

const ARMED_ROBBERY_FIELDS: readonly Form106Field[] = [
  { key: 'killed', path: 'armedRobbery.anyoneKilled', label: 'People killed', inputMode: 'numeric' },
  { key: 'injured', path: 'armedRobbery.anyoneInjured', label: 'People injured', inputMode: 'numeric' },
];

const IN_TRANSIT_FIELDS: readonly Form106Field[] = [
  { key: 'carrierName', path: 'inTransit.carrierName', label: 'Carrier', maxLength: 200 },
  { key: 'consigneeName', path: 'inTransit.consigneeName', label: 'Consignee', maxLength: 200 },
  { key: 'consigneeDeaNumber', path: 'inTransit.consigneeDeaNumber', label: 'Consignee DEA number', maxLength: 9 },
];

/** A row of Form 106 text boxes (three to a row on a wide screen). */
function Form106Row({
  fields,
  field,
}: {
  fields: readonly Form106Field[];
  field: (key: TextKeys<Draft>, errorKey: string) => TextFieldProps;
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      {fields.map(({ key, path, ...input }) => (
        <TextInput key={key} autoComplete="off" {...input} {...field(key, `form106.${path}`)} />
      ))}
    </SimpleGrid>
  );
}

/** The Form 106 part of the request, or an error per field (names as the server's, so both show in the same place). */
function form106FromDraft(
  d: Draft,
  today: string,
): { ok: true; form106: Form106Details } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const out: { -readonly [K in keyof Form106Details]: Form106Details[K] } = { reportedToPolice: d.reportedToPolice };
  if (d.dateOfTheftOrLoss.trim()) {
    if (!DATE.test(d.dateOfTheftOrLoss.trim()) || d.dateOfTheftOrLoss.trim() > today)
      errors['form106.dateOfTheftOrLoss'] = 'Enter a date no later than today, as YYYY-MM-DD.';
    else out.dateOfTheftOrLoss = d.dateOfTheftOrLoss.trim();
  }
  if (d.county.trim()) out.county = d.county.trim();
  if (d.reportedToPolice) {
    if (!d.policeName.trim()) errors['form106.policeDepartment.name'] = 'Enter the police department’s name.';
    if (!d.policePhone.trim()) errors['form106.policeDepartment.phone'] = 'Enter the police department’s phone number.';
    if (d.policeName.trim() && d.policePhone.trim())
      out.policeDepartment = { name: d.policeName.trim(), phone: d.policePhone.trim() };
    if (d.policeReportNumber.trim()) out.policeReportNumber = d.policeReportNumber.trim();
  }
  if (d.past24Months.trim()) {
    const n = wholeNumber(d.past24Months);
    if (n === undefined) errors['form106.theftsOrLossesPast24Months'] = 'Enter a whole number (0 if none).';
    else out.theftsOrLossesPast24Months = n;
  }
  if (d.lossType === 'armed-robbery') {
    const killed = wholeNumber(d.killed || '0');
    const injured = wholeNumber(d.injured || '0');
    if (killed === undefined) errors['form106.armedRobbery.anyoneKilled'] = 'Enter a whole number (0 if none).';
    if (injured === undefined) errors['form106.armedRobbery.anyoneInjured'] = 'Enter a whole number (0 if none).';
    if (killed !== undefined && injured !== undefined)
      out.armedRobbery = { anyoneKilled: killed, anyoneInjured: injured };
  }
  if (d.purchaseValue.trim()) {
    const cents = dollarsToCents(d.purchaseValue);
    if (cents === undefined) errors['form106.purchaseValueCents'] = 'Enter dollars and cents, like 123.45.';
    else out.purchaseValueCents = cents;
  }
  if (d.otherMerchandiseTaken) out.otherMerchandiseTaken = true;
  if (d.lossType === 'lost-in-transit') {
    if (!d.carrierName.trim()) errors['form106.inTransit.carrierName'] = 'Enter the carrier’s name.';
    else {
      out.inTransit = {
        carrierName: d.carrierName.trim(),
        ...(d.consigneeName.trim() ? { consigneeName: d.consigneeName.trim() } : {}),
        ...(d.consigneeDeaNumber.trim() ? { consigneeDeaNumber: d.consigneeDeaNumber.trim() } : {}),
      };
    }
  }
  return hasErrors(errors) ? { ok: false, errors } : { ok: true, form106: out };
}

/**
 * Theft or significant loss: the report holds DEA Form 106's fields, and each shows its two deadlines as the server
 * computes them (21 CFR 1301.76(b): written notice to the DEA within 1 business day of discovery; Form 106 within
 * 45 days), each marked due or overdue against the clinic's date. Filing is for admins; anyone on the ledger may read.
 */
export function LossReportsPage() {
  const can = usePermissions();
  const timeZone = useClinicTimeZone().data;
  const today = clinicToday(new Date(), timeZone);
  const reports = useLossReportDetails();
  return (
    <>
      <PageHeader
        title="Loss and theft reports"
        description="A theft or significant loss of ketamine or esketamine: notify the DEA Field Division Office in writing within one business day of discovery, and file DEA Form 106 within 45 days."
      />
      <Stack gap="xl">
        {can('ledger:admin') ? <LossReportForm today={today} /> : null}
        <Section
          id="loss-reports"
          title="Reports filed"
          description={`Deadlines as the server computes them from the date of discovery (weekends and clinic holidays skipped for the 1 business day); today is ${formatCalendarDate(today)} on the clinic's calendar.`}
        >
          <QueryStatus
            query={reports}
            failed="The loss reports could not be loaded"
            loading="Loading the loss reports…"
          />
          {reports.data?.length === 0 ? <Text>No loss or theft has been reported.</Text> : null}
          <Stack gap="md">
            {[...(reports.data ?? [])].reverse().map((r) => (
              <Paper
                key={r.entryId}
                withBorder
                radius="sm"
                p="sm"
                component="article"
                aria-label={`Loss report #${r.sequence}, lot ${r.form106.substance.lot}`}
              >
                <Text fw={600}>
                  #{r.sequence}: {r.form106.substance.quantity} of {r.form106.substance.name}, lot{' '}
                  {r.form106.substance.lot} ({LOSS_TYPE_LABELS[r.form106.lossType]})
                </Text>
                <Text size="sm" c="dimmed">
                  Discovered {formatCalendarDate(r.discoveredOn)}; theft or loss on{' '}
                  {formatCalendarDate(r.form106.dateOfTheftOrLoss)}
                  {r.resolvesDiscrepancy ? '; resolves a count discrepancy' : ''}.
                </Text>
                <Text size="sm" mb="xs">
                  {r.form106.circumstances}
                </Text>
                <Form106Facts details={r.form106.details} />
                <DeadlinesTable
                  deadlines={r.deadlines}
                  today={today}
                  caption={`Deadlines for loss report #${r.sequence}`}
                />
              </Paper>
            ))}
          </Stack>
        </Section>
        <DeaFormRecords form="106" />
      </Stack>
    </>
  );
}

function Form106Facts({ details }: { details: Form106Details }) {
  const facts = [
    details.county ? `County: ${details.county}` : undefined,
    details.reportedToPolice
      ? `Reported to police${details.policeDepartment ? `: ${details.policeDepartment.name}, ${details.policeDepartment.phone}` : ''}${details.policeReportNumber ? `, report ${details.policeReportNumber}` : ''}`
      : 'Not reported to police',
    details.theftsOrLossesPast24Months !== undefined
      ? `Thefts or losses in the past 24 months: ${details.theftsOrLossesPast24Months}`
      : undefined,
    details.armedRobbery
      ? `Armed robbery: ${details.armedRobbery.anyoneKilled} killed, ${details.armedRobbery.anyoneInjured} injured`
      : undefined,
    details.purchaseValueCents !== undefined ? `Purchase value: ${centsText(details.purchaseValueCents)}` : undefined,
    details.otherMerchandiseTaken ? 'Other merchandise taken' : undefined,
    details.inTransit
      ? `In transit with ${details.inTransit.carrierName}${details.inTransit.consigneeName ? ` to ${details.inTransit.consigneeName}` : ''}`
      : undefined,
  ].filter((f): f is string => Boolean(f));
  return (
    <Text size="sm" mb="xs">
      {facts.join(' · ')}
    </Text>
  );
}

function DeadlineBadge({ deadline, today }: { deadline: Deadline; today: string }) {
  const status = deadlineState(deadline.dueBy, today);
  const color = status.state === 'overdue' ? 'red.8' : status.state === 'due-today' ? 'orange.9' : undefined;
  return (
    <Text size="sm" fw={600} c={color} style={{ whiteSpace: 'nowrap' }}>
      {deadlineLabel(status)}
    </Text>
  );
}

/** The two duties with their due dates and where each comes from. */
export function DeadlinesTable({
  deadlines,
  today,
  caption,
}: {
  deadlines: LossDeadlines;
  today: string;
  caption: string;
}) {
  const rows: [string, Deadline][] = [
    ['DEA written notice (1 business day)', deadlines.deaWrittenNotice],
    ['DEA Form 106 (45 days)', deadlines.form106],
  ];
  return (
    <DataTable
      caption={caption}
      columns={['Duty', 'Due by (end of day)', 'Status', 'Source']}
      minWidth={560}
      verticalSpacing="xs"
      striped={false}
    >
      {rows.map(([label, d]) => (
        <Table.Tr key={label}>
          <Table.Th scope="row" fw={500}>
            {label}
            <Text size="xs" c="dimmed">
              {d.what}
            </Text>
          </Table.Th>
          <Table.Td>{formatCalendarDate(d.dueBy)}</Table.Td>
          <Table.Td>
            <DeadlineBadge deadline={d} today={today} />
          </Table.Td>
          <Table.Td>
            <Text size="xs">{d.citation.source}</Text>
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

function LossReportForm({ today }: { today: string }) {
  const balances = useBalances();
  const products = useLedgerProducts();
  const report = useReportLoss();
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<FieldErrors & AmountErrors>({});
  const [result, setResult] = useState<AdminAppendResult | undefined>();
  const taking = useStockAmount(balances.data ?? [], products.data);
  const clientFailed = hasErrors(errors);
  const server = fieldErrorsFrom(report.error, SERVER_FIELDS);
  const shown: FieldErrors = clientFailed ? errors : server;
  const amountErrors: AmountErrors = clientFailed ? errors : amountErrorsOf(server);
  const discoveredOn = draft.discoveredOn || today;

  const field = textFields(draft, setDraft, shown);
  const toggle =
    (key: 'reportedToPolice' | 'otherMerchandiseTaken') => (e: { currentTarget: { checked: boolean } }) => {
      const checked = e.currentTarget.checked;
      setDraft((d) => ({ ...d, [key]: checked }));
    };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    const found: FieldErrors & AmountErrors = {};
    const taken = taking.check(found, 'Choose the lot and location the stock was lost from.');
    // Left as shown (today), the server dates the discovery itself on the clinic's calendar.
    if (draft.discoveredOn && (!DATE.test(draft.discoveredOn) || draft.discoveredOn > today))
      found['discoveredOn'] = 'Enter the date of discovery, no later than today, as YYYY-MM-DD.';
    if (!draft.circumstances.trim()) found['circumstances'] = 'Describe what happened and how it was discovered.';
    const form106 = form106FromDraft(draft, today);
    if (!form106.ok) Object.assign(found, form106.errors);
    setErrors(found);
    if (hasErrors(found) || !taken || !form106.ok) return;
    report.mutate(
      {
        ndc: taken.balance.ndc,
        lot: taken.balance.lot,
        source: { from: 'location', locationId: taken.balance.locationId },
        amount: taken.amount,
        ...(draft.discoveredOn ? { discoveredOn: draft.discoveredOn } : {}),
        lossType: draft.lossType,
        circumstances: draft.circumstances.trim(),
        form106: form106.form106,
      },
      {
        onSuccess: (r) => {
          setResult(r);
          taking.reset();
          setDraft(EMPTY_DRAFT);
        },
      },
    );
  };

  return (
    <Section
      id="report-loss"
      title="Report a theft or loss"
      description="The stock leaves the books with this entry. The fields are those of DEA Form 106."
    >
      <ErrorAlert error={balances.error ?? products.error} title="The stock could not be loaded" />
      <div aria-live="polite" aria-atomic="true">
        {result?.deadlines ? (
          <Paper withBorder radius="sm" p="sm" mb="md" role="status" aria-label="Deadlines for this report">
            <Text fw={600} mb="xs">
              Loss report #{result.entry.sequence}: what is due
            </Text>
            <DeadlinesTable deadlines={result.deadlines} today={today} caption="Deadlines for the report just filed" />
          </Paper>
        ) : null}
      </div>
      <form onSubmit={submit} noValidate aria-labelledby="report-loss-heading">
        <Stack gap="md">
          <RecordedNotice result={result} title="Loss report recorded" />
          {clientFailed ? null : <ErrorAlert error={report.error} shownFields={SERVER_FIELDS} />}
          <StockAmountFields
            idPrefix="loss"
            stock={taking}
            stockError={errors['stock']}
            amountErrors={amountErrors}
            amountLabel="Amount lost"
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label="Date of discovery"
              type="date"
              max={today}
              {...field('discoveredOn')}
              value={discoveredOn}
              description="The deadlines count from this date."
            />
            <TextInput
              label="Date of the theft or loss"
              type="date"
              max={today}
              {...field('dateOfTheftOrLoss', 'form106.dateOfTheftOrLoss')}
              description="If known; otherwise the date of discovery."
            />
            <NativeSelect
              label="Type of theft or loss"
              value={draft.lossType}
              onChange={(e) => {
                const lossType = LOSS_TYPES.find((t) => t === e.currentTarget.value) ?? 'other';
                setDraft((d) => ({ ...d, lossType }));
              }}
              data={LOSS_TYPE_OPTIONS}
              error={shown['lossType']}
            />
          </SimpleGrid>
          <Textarea label="Circumstances" autosize minRows={3} maxLength={4000} {...field('circumstances')} />
          <Form106Row fields={FACT_FIELDS} field={field} />
          <Group>
            <Checkbox
              label="Reported to the police"
              checked={draft.reportedToPolice}
              onChange={toggle('reportedToPolice')}
            />
            <Checkbox
              label="Other merchandise taken"
              checked={draft.otherMerchandiseTaken}
              onChange={toggle('otherMerchandiseTaken')}
            />
          </Group>
          {draft.reportedToPolice ? <Form106Row fields={POLICE_FIELDS} field={field} /> : null}
          {draft.lossType === 'armed-robbery' ? <Form106Row fields={ARMED_ROBBERY_FIELDS} field={field} /> : null}
          {draft.lossType === 'lost-in-transit' ? <Form106Row fields={IN_TRANSIT_FIELDS} field={field} /> : null}
          <SubmitButton isPending={report.isPending}>File loss report</SubmitButton>
        </Stack>
      </form>
    </Section>
  );
}

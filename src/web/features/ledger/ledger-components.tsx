/** UI pieces the ledger pages share: the witness's sign-in, amount inputs, the balances table, a section frame. */
import type { ReactNode } from 'react';
import { Alert, NativeSelect, Paper, PasswordInput, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { isApiError } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import type { FieldErrors, TextFieldProps } from '../../components/forms';
import { useLedgerLocations, type AppendResult, type Balance, type LedgerProduct } from './ledger.api';
import type { AmountDraft, AmountErrors, WitnessDraft } from './ledger-format';
import { balanceKey, countLineKey, ENTRY_KIND_LABELS, mgText, readableSummary, shortHash } from './ledger-format';
import type { useLotCount } from './use-lot-count';
import type { StockAmount } from './use-stock-amount';
import { countOf } from '../../components/format';

/** The page section frame, shared with the other pages (components/Section.tsx). */
export { Section } from '../../components/Section';

/**
 * One lot in a count or an inventory, as its own fieldset ("Lot …"): the product, expiry and what the books hold,
 * then the full containers counted and what is left in an opened one (`children`: anything more for the lot).
 * The errors are keyed `<key>:full` and `<key>:opened` (ledger-format's `parseCountLine`).
 */
export function CountedLotFields({
  fieldKey,
  balance,
  containerKind,
  value,
  onChange,
  errors,
  openedDescription,
  columns = 2,
  children,
}: {
  fieldKey: string;
  balance: Balance;
  containerKind: string;
  value: { readonly full: string; readonly opened: string };
  onChange: (field: 'full' | 'opened') => (event: { currentTarget: { value: string } }) => void;
  errors: FieldErrors;
  openedDescription: string;
  columns?: number;
  children?: ReactNode;
}) {
  return (
    <Paper withBorder radius="sm" p="sm" component="fieldset" style={{ margin: 0 }}>
      <Text component="legend" fw={600} px={4}>
        Lot {balance.lot}
      </Text>
      <Text size="sm" c="dimmed">
        {balance.productName}
        {balance.expiry ? `, expires ${balance.expiry}` : ''}
      </Text>
      <Text size="sm" mb="xs">
        Books: {balance.description}.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: columns }}>
        <TextInput
          label={`Full ${containerKind}s counted`}
          inputMode="numeric"
          autoComplete="off"
          value={value.full}
          onChange={onChange('full')}
          error={errors[`${fieldKey}:full`]}
        />
        <TextInput
          label={
            balance.unit === 'device' ? 'Devices left in an opened kit' : `Left in the opened ${containerKind} (mg)`
          }
          description={openedDescription}
          inputMode={balance.unit === 'device' ? 'numeric' : 'decimal'}
          autoComplete="off"
          value={value.opened}
          onChange={onChange('opened')}
          error={errors[`${fieldKey}:opened`]}
        />
        {children}
      </SimpleGrid>
    </Paper>
  );
}

/** The location a count or an inventory is taken in; choosing another starts the lines again. */
export function LocationSelect({
  stock,
}: {
  stock: Pick<ReturnType<typeof useLotCount>, 'location' | 'chooseLocation' | 'locationOptions'>;
}) {
  return (
    <NativeSelect
      label="Location"
      value={stock.location}
      onChange={(e) => stock.chooseLocation(e.currentTarget.value)}
      data={stock.locationOptions}
    />
  );
}

/**
 * A CountedLotFields for every lot the books hold in the chosen location, each with what has been typed for it;
 * `extra` adds inputs of the page's own to a lot (an inventory's "Estimated").
 */
export function CountedLots<L extends { readonly full: string; readonly opened: string }>({
  stock,
  errors,
  openedDescription,
  columns,
  extra,
}: {
  stock: Pick<ReturnType<typeof useLotCount<L>>, 'here' | 'lineOf' | 'productOf' | 'setLine'>;
  errors: FieldErrors;
  openedDescription: (balance: Balance) => string;
  columns?: number;
  extra?: (key: string, line: L) => ReactNode;
}) {
  return stock.here.map((b) => {
    const key = countLineKey(b);
    const line = stock.lineOf(key);
    return (
      <CountedLotFields
        key={key}
        fieldKey={key}
        balance={b}
        containerKind={stock.productOf(b.ndc)?.containerKind ?? 'vial'}
        value={line}
        onChange={(field) => stock.setLine(key, field)}
        errors={errors}
        openedDescription={openedDescription(b)}
        columns={columns}
      >
        {extra?.(key, line)}
      </CountedLotFields>
    );
  });
}

/** "Lot and location": the stock on hand, one option a lot in a location (valued by `balanceKey`). */
export function StockSelect({
  id,
  balances,
  value,
  onChange,
  error,
  optionLabel = onHandLabel,
}: {
  id?: string;
  balances: readonly Balance[];
  value: string;
  onChange: (key: string) => void;
  error: string | undefined;
  /** How a lot is named in the list; by default product, lot, location and what is on hand. */
  optionLabel?: (balance: Balance) => string;
}) {
  return (
    <NativeSelect
      id={id}
      label="Lot and location"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      data={[
        { value: '', label: balances.length === 0 ? 'No stock on hand' : 'Choose…', disabled: true },
        ...balances.map((b) => ({ value: balanceKey(b), label: optionLabel(b) })),
      ]}
    />
  );
}

/**
 * The stock a form takes out of a safe, side by side: "Lot and location" (id `<idPrefix>-stock`) and the amount, in
 * the product's unit (ids `<idPrefix>-mg`, …). Choosing a lot calls `onChoose` (by default it only sets the choice).
 */
export function StockAmountFields({
  idPrefix,
  stock,
  stockError,
  amountErrors,
  amountLabel,
  onChoose = stock.setStock,
  optionLabel,
}: {
  idPrefix: string;
  stock: StockAmount;
  stockError: string | undefined;
  amountErrors: AmountErrors;
  amountLabel: string;
  onChoose?: (key: string) => void;
  optionLabel?: (balance: Balance) => string;
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <StockSelect
        id={`${idPrefix}-stock`}
        balances={stock.balances}
        value={stock.stock}
        onChange={onChoose}
        error={stockError}
        optionLabel={optionLabel}
      />
      <AmountFields
        idPrefix={idPrefix}
        product={stock.product}
        value={stock.amount}
        onChange={stock.setAmount}
        errors={amountErrors}
        label={amountLabel}
      />
    </SimpleGrid>
  );
}

function onHandLabel(b: Balance): string {
  return `${b.productName} · lot ${b.lot} · ${b.locationName} · ${b.unit === 'device' ? `${b.quantity} devices` : mgText(b.mg)} on hand`;
}

/** Who the stock came from or goes back to (a receipt, a return to the supplier): name, address, DEA number. */
export function SupplierFields({
  name,
  address,
  deaNumber,
}: {
  name: TextFieldProps;
  address: TextFieldProps;
  deaNumber: TextFieldProps;
}) {
  return (
    <>
      <TextInput label="Supplier name" autoComplete="off" {...name} maxLength={200} />
      <TextInput label="Supplier address" autoComplete="off" {...address} maxLength={500} />
      <TextInput label="Supplier DEA number" autoComplete="off" {...deaNumber} maxLength={9} />
    </>
  );
}

/**
 * The second staff member signs in inside the form, with their own email and password (or authenticator code).
 * The server checks the credentials; a wrong one answers 401 naming the field `witness`, shown here.
 */
export function WitnessFields({
  idPrefix,
  value,
  onChange,
  errors,
  serverError,
  legend = 'Witness',
}: {
  idPrefix: string;
  value: WitnessDraft;
  onChange: (next: WitnessDraft) => void;
  errors: FieldErrors;
  serverError: unknown;
  legend?: string;
}) {
  const witnessProblem = isApiError(serverError)
    ? serverError.fieldErrors.find((f) => f.field === 'witness' || f.field.startsWith('witness.'))
    : undefined;
  const set = (key: keyof WitnessDraft) => (event: { currentTarget: { value: string } }) =>
    onChange({ ...value, [key]: event.currentTarget.value });
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }} aria-describedby={`${idPrefix}-witness-help`}>
      <Text component="legend" fw={600} mb={4}>
        {legend}
      </Text>
      <Text id={`${idPrefix}-witness-help`} size="sm" c="dimmed" mb="xs">
        A second staff member watches and signs here with their own credentials. They are checked for this entry only;
        you stay signed in.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          id={`${idPrefix}-witness-email`}
          label="Witness email"
          type="email"
          autoComplete="off"
          value={value.email}
          onChange={set('email')}
          error={
            errors['witness.email'] ?? (witnessProblem && isApiError(serverError) ? serverError.detail : undefined)
          }
        />
        <PasswordInput
          id={`${idPrefix}-witness-password`}
          label="Witness password"
          autoComplete="off"
          value={value.password}
          onChange={set('password')}
          error={errors['witness.password']}
        />
        <TextInput
          id={`${idPrefix}-witness-code`}
          label="Or witness authenticator code"
          inputMode="numeric"
          autoComplete="off"
          maxLength={6}
          value={value.totpCode}
          onChange={set('totpCode')}
          error={errors['witness.totpCode']}
        />
      </SimpleGrid>
    </fieldset>
  );
}

/** mg and mL boxes for a solution, or a devices box for a nasal-spray kit. Text inputs: what is typed is what is sent. */
export function AmountFields({
  idPrefix,
  product,
  value,
  onChange,
  errors,
  label = 'Amount',
}: {
  idPrefix: string;
  product: LedgerProduct | undefined;
  value: AmountDraft;
  onChange: (next: AmountDraft) => void;
  errors: AmountErrors;
  label?: string;
}) {
  const set = (key: keyof AmountDraft) => (event: { currentTarget: { value: string } }) =>
    onChange({ ...value, [key]: event.currentTarget.value });
  if (product?.unit === 'device') {
    return (
      <TextInput
        id={`${idPrefix}-devices`}
        label={`${label} (devices)`}
        description="Whole nasal-spray devices, 28 mg each."
        inputMode="numeric"
        autoComplete="off"
        value={value.devices}
        onChange={set('devices')}
        error={errors.devices}
      />
    );
  }
  const strength = product?.concentrationMgPerMl ? `${product.concentrationMgPerMl} mg/mL` : undefined;
  return (
    <>
      <TextInput
        id={`${idPrefix}-mg`}
        label={`${label} (mg)`}
        description="Up to 3 decimals, e.g. 36.5. Never rounded."
        inputMode="decimal"
        autoComplete="off"
        value={value.mg}
        onChange={set('mg')}
        error={errors.mg}
      />
      <TextInput
        id={`${idPrefix}-ml`}
        label={`${label} (mL)`}
        description={strength ? `Optional; checked against ${strength}.` : 'Optional.'}
        inputMode="decimal"
        autoComplete="off"
        value={value.ml}
        onChange={set('ml')}
        error={errors.ml}
      />
    </>
  );
}

/** "Recorded as entry #42" with the balances the entry touched, in a polite live region that is always there. */
export function RecordedNotice({ result, title }: { result: AppendResult | undefined; title: string }) {
  const locations = useLedgerLocations();
  return (
    <div aria-live="polite" aria-atomic="true">
      {result ? (
        <Alert color="green" variant="light" title={title} mb="md">
          <Text size="sm">
            {ENTRY_KIND_LABELS[result.entry.kind] ?? result.entry.kind} recorded as ledger entry #
            {result.entry.sequence} (hash{' '}
            <Text span ff="monospace" size="sm">
              {shortHash(result.entry.hash)}
            </Text>
            ): {readableSummary(result.entry.summary, locations.data)}.
          </Text>
          {result.balances.map((b) => (
            <Text size="sm" key={`${b.ndc}|${b.lot}|${b.locationId}`}>
              Now in {b.locationName}, lot {b.lot}: {b.description}.
            </Text>
          ))}
        </Alert>
      ) : null}
    </div>
  );
}

export function BalancesTable({ balances, caption }: { balances: readonly Balance[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      columns={['Product', 'Lot', 'Expiry', 'Location', 'Total', 'Containers']}
      minWidth={720}
      verticalSpacing="xs"
    >
      {balances.map((b) => (
        <Table.Tr key={`${b.ndc}|${b.lot}|${b.locationId}`}>
          <Table.Td>
            {b.productName}
            <Text size="xs" c="dimmed">
              NDC {b.ndc}
            </Text>
          </Table.Td>
          <Table.Th scope="row" fw={500}>
            {b.lot}
          </Table.Th>
          <Table.Td>{b.expiry ?? '—'}</Table.Td>
          <Table.Td>{b.locationName}</Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>
            {b.unit === 'device' ? `${countOf(b.quantity, 'device', 'devices')} (${mgText(b.mg)})` : mgText(b.mg)}
          </Table.Td>
          <Table.Td>{b.description}</Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

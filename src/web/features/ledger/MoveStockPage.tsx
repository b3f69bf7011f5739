import { useState, type FormEvent } from 'react';
import { NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, hasErrors, textField, textFields, type FieldErrors } from '../../components/forms';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { SubmitButton } from '../../components/FormActions';
import {
  useBalances,
  useLedgerLocations,
  useLedgerProducts,
  useReturnToSupplier,
  useTransfer,
  type AppendResult,
  type Balance,
  type LedgerProduct,
  type StorageLocation,
} from './ledger.api';
import { RecordedNotice, Section, StockAmountFields, SupplierFields, WitnessFields } from './ledger-components';
import { useStockAmount } from './use-stock-amount';
import {
  type AmountErrors,
  AMOUNT_FIELDS,
  amountErrorsOf,
  EMPTY_WITNESS,
  type WitnessDraft,
  witnessFromDraft,
} from './ledger-format';

/** A witness is optional for transfers and returns: all three boxes empty means none. */
function optionalWitness(draft: WitnessDraft): ReturnType<typeof witnessFromDraft> | { ok: true; witness: undefined } {
  if (!draft.email.trim() && !draft.password && !draft.totpCode.trim()) return { ok: true, witness: undefined };
  return witnessFromDraft(draft);
}

/** Stock that leaves a safe without a patient: moved to another location, or returned to the supplier. */
export function MoveStockPage() {
  const balances = useBalances();
  const products = useLedgerProducts();
  const locations = useLedgerLocations();
  return (
    <>
      <PageHeader
        title="Move or return stock"
        description="Transfers between storage locations and returns to the supplier, each a new ledger entry."
      />
      <ErrorAlert error={balances.error ?? products.error ?? locations.error} title="The stock could not be loaded" />
      {balances.isPending || products.isPending || locations.isPending ? (
        <LoadingState label="Loading the stock…" />
      ) : null}
      {balances.data && products.data && locations.data ? (
        <Stack gap="xl">
          <Section id="transfer" title="Transfer between locations">
            <MovementForm
              kind="transfer"
              balances={balances.data}
              products={products.data}
              locations={locations.data}
            />
          </Section>
          <Section
            id="return"
            title="Return to the supplier"
            description="The supplier's name, address and DEA number go on the record (21 CFR 1304.22(c))."
          >
            <MovementForm kind="return" balances={balances.data} products={products.data} locations={locations.data} />
          </Section>
        </Stack>
      ) : null}
    </>
  );
}

const EMPTY_SUPPLIER = { name: '', address: '', deaNumber: '', reference: '' };

function MovementForm({
  kind,
  balances,
  products,
  locations,
}: {
  kind: 'transfer' | 'return';
  balances: readonly Balance[];
  products: readonly LedgerProduct[];
  locations: readonly StorageLocation[];
}) {
  const transfer = useTransfer();
  const giveBack = useReturnToSupplier();
  const mutation = kind === 'transfer' ? transfer : giveBack;
  const taking = useStockAmount(balances, products);
  const [toLocationId, setToLocationId] = useState('');
  const [supplier, setSupplier] = useState(EMPTY_SUPPLIER);
  const [witness, setWitness] = useState<WitnessDraft>(EMPTY_WITNESS);
  const [clientErrors, setClientErrors] = useState<FieldErrors & AmountErrors>({});
  const [result, setResult] = useState<AppendResult | undefined>();
  const server = fieldErrorsFrom(mutation.error, [
    'toLocationId',
    'supplier.name',
    'supplier.address',
    'supplier.deaNumber',
    'reference',
    ...AMOUNT_FIELDS,
  ]);
  const clientFailed = hasErrors(clientErrors);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    const errors: FieldErrors & AmountErrors = {};
    const taken = taking.check(errors, 'Choose the lot and location the stock leaves.');
    if (kind === 'transfer') {
      if (!toLocationId) errors.toLocationId = 'Choose where it goes.';
      else if (taking.chosen && toLocationId === taking.chosen.locationId)
        errors.toLocationId = 'Choose a different location from the one it leaves.';
    } else {
      if (!supplier.name.trim()) errors['supplier.name'] = 'Enter the supplier’s name.';
      if (!supplier.address.trim()) errors['supplier.address'] = 'Enter the supplier’s address.';
      if (!/^[A-Za-z][A-Za-z9]\d{7}$/.test(supplier.deaNumber.trim()))
        errors['supplier.deaNumber'] = 'Enter the supplier’s DEA number: 2 letters and 7 digits.';
    }
    const signed = optionalWitness(witness);
    if (!signed.ok) Object.assign(errors, signed.errors);
    setClientErrors(errors);
    if (hasErrors(errors) || !taken || !signed.ok) return;
    const witnessPart = signed.witness ? { witness: signed.witness } : {};
    const onSuccess = (r: AppendResult) => {
      setResult(r);
      taking.reset();
      setWitness(EMPTY_WITNESS);
    };
    if (kind === 'transfer') {
      transfer.mutate(
        {
          ndc: taken.balance.ndc,
          lot: taken.balance.lot,
          fromLocationId: taken.balance.locationId,
          toLocationId,
          amount: taken.amount,
          ...witnessPart,
        },
        { onSuccess },
      );
    } else {
      giveBack.mutate(
        {
          ndc: taken.balance.ndc,
          lot: taken.balance.lot,
          locationId: taken.balance.locationId,
          amount: taken.amount,
          supplier: {
            name: supplier.name.trim(),
            address: supplier.address.trim(),
            deaNumber: supplier.deaNumber.trim(),
          },
          ...(supplier.reference.trim() ? { reference: supplier.reference.trim() } : {}),
          ...witnessPart,
        },
        { onSuccess },
      );
    }
  };

  const errors = clientFailed ? clientErrors : server;
  const supplierField = textFields(supplier, setSupplier, errors);
  const amountErrors: AmountErrors = clientFailed ? clientErrors : amountErrorsOf(server);

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${kind}-heading`}>
      <Stack gap="md">
        <RecordedNotice result={result} title={kind === 'transfer' ? 'Transfer recorded' : 'Return recorded'} />
        {clientFailed ? null : (
          <ErrorAlert
            error={mutation.error}
            shownFields={[
              'toLocationId',
              'supplier.name',
              'supplier.address',
              'supplier.deaNumber',
              'witness',
              ...AMOUNT_FIELDS,
            ]}
          />
        )}
        <StockAmountFields
          idPrefix={kind}
          stock={taking}
          stockError={clientErrors.stock}
          amountErrors={amountErrors}
          amountLabel={kind === 'transfer' ? 'Amount moved' : 'Amount returned'}
        />
        {kind === 'transfer' ? (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect
              id="transfer-to"
              label="To location"
              {...textField(toLocationId, setToLocationId, errors['toLocationId'])}
              data={[
                { value: '', label: locations.length < 2 ? 'Only one location exists' : 'Choose…', disabled: true },
                ...locations.map((l) => ({ value: l.locationId, label: l.name })),
              ]}
            />
          </SimpleGrid>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <SupplierFields
              name={supplierField('name', 'supplier.name')}
              address={supplierField('address', 'supplier.address')}
              deaNumber={supplierField('deaNumber', 'supplier.deaNumber')}
            />
            <TextInput label="Return reference" autoComplete="off" {...supplierField('reference')} maxLength={100} />
          </SimpleGrid>
        )}
        <Text size="sm" c="dimmed">
          A witness is optional here: leave the witness boxes empty to record without one.
        </Text>
        <WitnessFields
          idPrefix={kind}
          value={witness}
          onChange={setWitness}
          errors={clientErrors}
          serverError={mutation.error}
          legend="Witness (optional)"
        />
        <SubmitButton isPending={mutation.isPending}>
          {kind === 'transfer' ? 'Record transfer' : 'Record return'}
        </SubmitButton>
      </Stack>
    </form>
  );
}

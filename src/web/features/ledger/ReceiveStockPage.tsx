import { useState } from 'react';
import { NativeSelect, SimpleGrid, Text, TextInput } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, hasErrors, textFields, type FieldErrors } from '../../components/forms';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { SubmitButton } from '../../components/FormActions';
import { FormSection } from '../../components/Section';
import { useLedgerLocations, useLedgerProducts, useReceive, type AppendResult } from './ledger.api';
import { RecordedNotice, SupplierFields, WitnessFields } from './ledger-components';
import { EMPTY_WITNESS, wholeNumber, type WitnessDraft, witnessFromDraft } from './ledger-format';

const EMPTY = {
  ndc: '',
  lot: '',
  expiry: '',
  locationId: '',
  containers: '',
  supplierName: '',
  supplierAddress: '',
  supplierDea: '',
  invoiceNumber: '',
};
type Draft = typeof EMPTY;

/** The request's field for each input, so the server's 400/422 lands beside the right box. */
const SERVER_FIELDS: Readonly<Record<string, keyof Draft>> = {
  ndc: 'ndc',
  lot: 'lot',
  expiry: 'expiry',
  locationId: 'locationId',
  containers: 'containers',
  'supplier.name': 'supplierName',
  'supplier.address': 'supplierAddress',
  'supplier.deaNumber': 'supplierDea',
  invoiceNumber: 'invoiceNumber',
};

/** Receiving stock from a supplier (21 CFR 1304.22(c)): who sent it, what, how many containers; a witness signs. */
export function ReceiveStockPage() {
  const products = useLedgerProducts();
  const locations = useLedgerLocations();
  const receive = useReceive();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [witness, setWitness] = useState<WitnessDraft>(EMPTY_WITNESS);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [result, setResult] = useState<AppendResult | undefined>();

  const server = fieldErrorsFrom(receive.error, Object.keys(SERVER_FIELDS));
  const serverByInput: FieldErrors = Object.fromEntries(
    Object.entries(server).map(([field, message]) => [SERVER_FIELDS[field], message]),
  );
  const errors = hasErrors(clientErrors) ? clientErrors : serverByInput;
  const product = products.data?.find((p) => p.ndc === draft.ndc);

  const field = textFields(draft, setDraft, errors);

  const submit = () => {
    setResult(undefined);
    const containers = wholeNumber(draft.containers);
    const found: FieldErrors = {
      ndc: draft.ndc ? undefined : 'Choose the product received.',
      lot: draft.lot.trim() ? undefined : 'Enter the lot number from the label.',
      expiry: /^\d{4}-\d{2}(-\d{2})?$/.test(draft.expiry.trim())
        ? undefined
        : 'Enter the expiry as YYYY-MM or YYYY-MM-DD.',
      locationId: draft.locationId ? undefined : 'Choose where it is stored.',
      containers:
        containers !== undefined && containers > 0 ? undefined : 'Enter the number of containers received (1 or more).',
      supplierName: draft.supplierName.trim() ? undefined : 'Enter the supplier’s name.',
      supplierAddress: draft.supplierAddress.trim() ? undefined : 'Enter the supplier’s address.',
      supplierDea: /^[A-Za-z][A-Za-z9]\d{7}$/.test(draft.supplierDea.trim())
        ? undefined
        : 'Enter the supplier’s DEA number: 2 letters and 7 digits.',
    };
    const signed = witnessFromDraft(witness);
    if (!signed.ok) Object.assign(found, signed.errors);
    setClientErrors(found);
    if (hasErrors(found) || !signed.ok || containers === undefined) return;
    receive.mutate(
      {
        ndc: draft.ndc,
        lot: draft.lot.trim(),
        expiry: draft.expiry.trim(),
        locationId: draft.locationId,
        containers,
        supplier: {
          name: draft.supplierName.trim(),
          address: draft.supplierAddress.trim(),
          deaNumber: draft.supplierDea.trim(),
        },
        ...(draft.invoiceNumber.trim() ? { invoiceNumber: draft.invoiceNumber.trim() } : {}),
        witness: signed.witness,
      },
      {
        onSuccess: (r) => {
          setResult(r);
          setDraft(EMPTY);
          setWitness(EMPTY_WITNESS);
        },
      },
    );
  };

  const loading = products.isPending || locations.isPending;
  return (
    <>
      <PageHeader
        title="Receive stock"
        description="Record a delivery from a supplier as it goes into the safe. A second staff member checks it and signs."
      />
      <ErrorAlert error={products.error ?? locations.error} title="The catalogue could not be loaded" />
      {loading ? <LoadingState label="Loading products and safes…" /> : null}
      {products.data && locations.data ? (
        <FormSection id="receipt" title="Delivery" onSubmit={submit}>
          <RecordedNotice result={result} title="Receipt recorded" />
          {hasErrors(clientErrors) ? null : (
            <ErrorAlert error={receive.error} shownFields={[...Object.keys(SERVER_FIELDS), 'witness']} />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label="Product"
              {...field('ndc')}
              data={[
                { value: '', label: 'Choose…', disabled: true },
                ...products.data.map((p) => ({ value: p.ndc, label: `${p.displayName} (NDC ${p.ndc})` })),
              ]}
            />
            <NativeSelect
              label="Storage location"
              {...field('locationId')}
              data={[
                { value: '', label: 'Choose…', disabled: true },
                ...locations.data.map((l) => ({ value: l.locationId, label: l.name })),
              ]}
            />
            <TextInput label="Lot number" autoComplete="off" {...field('lot')} maxLength={40} />
            <TextInput
              label="Expiry"
              description="YYYY-MM or YYYY-MM-DD, as on the label."
              autoComplete="off"
              {...field('expiry')}
              maxLength={10}
            />
            <TextInput
              label={`Number of ${product?.containerKind === 'kit' ? 'kits' : product?.containerKind === 'vial' ? 'vials' : 'containers'}`}
              description={product ? `Each: ${product.packageDescription}.` : undefined}
              inputMode="numeric"
              autoComplete="off"
              {...field('containers')}
            />
            <TextInput label="Invoice or order number" autoComplete="off" {...field('invoiceNumber')} maxLength={100} />
          </SimpleGrid>
          <Text fw={600}>Supplier</Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <SupplierFields
              name={field('supplierName')}
              address={field('supplierAddress')}
              deaNumber={field('supplierDea')}
            />
          </SimpleGrid>
          <WitnessFields
            idPrefix="receipt"
            value={witness}
            onChange={setWitness}
            errors={clientErrors}
            serverError={receive.error}
          />
          <SubmitButton isPending={receive.isPending}>Record receipt</SubmitButton>
        </FormSection>
      ) : null}
    </>
  );
}

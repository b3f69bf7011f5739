import { useState } from 'react';
import { Alert, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { isApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, hasErrors, textField, textFields, type FieldErrors } from '../../components/forms';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { ConfirmDialog } from '../../components/ConfirmAction';
import { SubmitButton } from '../../components/FormActions';
import { FormSection } from '../../components/Section';
import { DeaFormRecords } from './DeaFormRecords';
import { useBalances, useLedgerProducts, type AmountInput, type Balance } from './ledger.api';
import {
  useDestroy,
  type AdminAppendResult,
  type DestructionInput as DestroyInput,
  type DestructionReason,
  type Form41Record,
} from './ledger-admin.api';
import { clinicToday } from './ledger-admin-format';
import { RecordedNotice, StockAmountFields, WitnessFields } from './ledger-components';
import { useStockAmount } from './use-stock-amount';
import {
  AMOUNT_FIELDS,
  type AmountDraft,
  type AmountErrors,
  amountErrorsOf,
  balanceKey,
  EMPTY_AMOUNT,
  EMPTY_WITNESS,
  mgText,
  thousandthsText,
  type WitnessDraft,
  witnessFromDraft,
} from './ledger-format';
import { countOf } from '../../components/format';
import { choicesOf } from '../../components/choices';
import { DESTRUCTION_REASONS } from '../../../domain/inventory/entries';

const SERVER_FIELDS = [...AMOUNT_FIELDS, 'reason', 'method', 'destructionSite.name', 'destructionSite.address'];
const REASON_LABELS: Readonly<Record<DestructionReason, string>> = {
  expired: 'Expired',
  damaged: 'Damaged',
  recalled: 'Recalled',
  other: 'Other',
};
const REASONS = choicesOf(DESTRUCTION_REASONS, REASON_LABELS);

/** The server names a refused witness `witnesses.0` or `witnesses.1` (wrong credentials, same person twice): shown at that witness. */
function serverWitnessErrors(error: unknown, index: 0 | 1): FieldErrors {
  if (!isApiError(error)) return {};
  const problem = error.fieldErrors.find(
    (f) => f.field === `witnesses.${index}` || f.field.startsWith(`witnesses.${index}.`),
  );
  if (!problem) return {};
  return {
    [problem.field.endsWith('.totpCode')
      ? 'witness.totpCode'
      : problem.field.endsWith('.password')
        ? 'witness.password'
        : 'witness.email']: error.detail,
  };
}

/** The amount as typed, for the confirmation: "50 mg", "1 mL", "2 devices". */
function amountText(amount: AmountInput): string {
  if (amount.devices !== undefined) return countOf(amount.devices, 'device', 'devices');
  if (amount.containers !== undefined) return countOf(amount.containers, 'container', 'containers');
  return [amount.mg !== undefined ? `${amount.mg} mg` : '', amount.ml !== undefined ? `${amount.ml} mL` : '']
    .filter(Boolean)
    .join(' in ');
}

/** An expiry "2026-06" or "2026-06-30" is past once the month (or day) is over. */
function isExpired(expiry: string | null, today: string): boolean {
  if (!expiry) return false;
  return expiry.length === 7 ? expiry < today.slice(0, 7) : expiry < today;
}

/** What is on hand, as the amount boxes take it: all of it, the usual thing to destroy. */
function wholeBalance(b: Balance): AmountDraft {
  return b.unit === 'device'
    ? { ...EMPTY_AMOUNT, devices: String(b.quantity) }
    : { ...EMPTY_AMOUNT, mg: thousandthsText(b.quantity) };
}

/**
 * Destruction of stock (expired, damaged, recalled), witnessed by two authorised employees who each sign in inside
 * the form; the record answers DEA Form 41's sections (21 CFR 1317.95(d)). Admin only, as the API requires.
 */
export function DestructionPage() {
  const balances = useBalances();
  const products = useLedgerProducts();
  const destroy = useDestroy();
  const today = clinicToday(new Date());
  const [reason, setReason] = useState<DestructionReason>('expired');
  const [method, setMethod] = useState('');
  const [site, setSite] = useState({ name: '', address: '' });
  const [first, setFirst] = useState<WitnessDraft>(EMPTY_WITNESS);
  const [second, setSecond] = useState<WitnessDraft>(EMPTY_WITNESS);
  const [errors, setErrors] = useState<FieldErrors & AmountErrors>({});
  const [witnessErrors, setWitnessErrors] = useState<[FieldErrors, FieldErrors]>([{}, {}]);
  const [result, setResult] = useState<AdminAppendResult | undefined>();
  const [pending, setPending] = useState<{ input: DestroyInput; stock: string } | undefined>();

  const all = balances.data ?? [];
  const taking = useStockAmount(all, products.data);
  const chosen = taking.chosen;
  const clientFailed = hasErrors(errors) || hasErrors(witnessErrors[0]) || hasErrors(witnessErrors[1]);
  const server = fieldErrorsFrom(destroy.error, SERVER_FIELDS);
  const shown: FieldErrors = clientFailed ? errors : server;
  const amountErrors: AmountErrors = clientFailed ? errors : amountErrorsOf(server);
  const shownWitnessErrors: [FieldErrors, FieldErrors] = clientFailed
    ? witnessErrors
    : [serverWitnessErrors(destroy.error, 0), serverWitnessErrors(destroy.error, 1)];

  const choose = (key: string) => {
    taking.setStock(key);
    const b = all.find((x) => balanceKey(x) === key);
    if (b) {
      taking.setAmount(wholeBalance(b));
      setReason(isExpired(b.expiry, today) ? 'expired' : reason);
    }
  };

  const submit = () => {
    setResult(undefined);
    const found: FieldErrors & AmountErrors = {};
    const taken = taking.check(found, 'Choose the lot and location the stock is destroyed from.');
    if (!method.trim())
      found['method'] = 'Say how it was destroyed, e.g. rendered non-retrievable in a chemical digestion container.';
    if (!site.name.trim()) found['destructionSite.name'] = 'Enter where it was destroyed.';
    if (!site.address.trim()) found['destructionSite.address'] = 'Enter the address of the place it was destroyed.';
    const signedFirst = witnessFromDraft(first);
    const signedSecond = witnessFromDraft(second);
    const both: [FieldErrors, FieldErrors] = [
      signedFirst.ok ? {} : signedFirst.errors,
      signedSecond.ok ? {} : signedSecond.errors,
    ];
    if (
      signedFirst.ok &&
      signedSecond.ok &&
      signedFirst.witness.email.toLowerCase() === signedSecond.witness.email.toLowerCase()
    ) {
      both[1] = { 'witness.email': 'The two witnesses must be two different people.' };
    }
    setErrors(found);
    setWitnessErrors(both);
    if (hasErrors(found) || hasErrors(both[0]) || hasErrors(both[1]) || !taken || !signedFirst.ok || !signedSecond.ok)
      return;
    const input: DestroyInput = {
      ndc: taken.balance.ndc,
      lot: taken.balance.lot,
      locationId: taken.balance.locationId,
      amount: taken.amount,
      reason,
      method: method.trim(),
      destructionSite: { name: site.name.trim(), address: site.address.trim() },
      witnesses: [signedFirst.witness, signedSecond.witness],
    };
    // Irreversible: say what will be recorded, and record it only on Confirm.
    setPending({ input, stock: taken.balance.description });
  };

  const record = (input: DestroyInput) =>
    destroy.mutate(input, {
      onSuccess: (r) => {
        setResult(r);
        taking.reset();
        setFirst(EMPTY_WITNESS);
        setSecond(EMPTY_WITNESS);
      },
    });

  const siteField = textFields(site, setSite, shown);

  return (
    <>
      <PageHeader
        title="Destroy stock"
        description="Expired, damaged or recalled stock destroyed on site, two authorised employees witnessing. The entry holds what DEA Form 41 asks for."
      />
      <ErrorAlert error={balances.error ?? products.error} title="The stock could not be loaded" />
      {balances.isPending || products.isPending ? <LoadingState label="Loading the stock…" /> : null}
      <Stack gap="xl">
        <div aria-live="polite" aria-atomic="true">
          {result?.form41 ? <Form41Summary record={result.form41} sequence={result.entry.sequence} /> : null}
        </div>
        {balances.data && products.data ? (
          <FormSection
            id="destruction"
            title="Record a destruction"
            description="Both witnesses watch the stock become non-retrievable, then each signs here with their own credentials (21 CFR 1317.95(d))."
            onSubmit={submit}
          >
            <RecordedNotice result={result} title="Destruction recorded" />
            {clientFailed ? null : <ErrorAlert error={destroy.error} shownFields={SERVER_FIELDS} />}
            <StockAmountFields
              idPrefix="destruction"
              stock={taking}
              onChoose={choose}
              stockError={errors['stock']}
              amountErrors={amountErrors}
              amountLabel="Amount destroyed"
              optionLabel={(b) =>
                `${b.productName} · lot ${b.lot}${b.expiry ? ` · expires ${b.expiry}${isExpired(b.expiry, today) ? ' (expired)' : ''}` : ''} · ${b.locationName} · ${b.unit === 'device' ? `${b.quantity} devices` : mgText(b.mg)}`
              }
            />
            {chosen ? (
              <Text size="sm" c="dimmed">
                On hand: {chosen.description}. The amount starts as all of it; change it to destroy part.
              </Text>
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NativeSelect
                label="Reason"
                value={reason}
                onChange={(e) => setReason(REASONS.find((r) => r.value === e.currentTarget.value)?.value ?? 'other')}
                data={REASONS}
                error={shown['reason']}
              />
              <TextInput
                label="Method of destruction"
                autoComplete="off"
                maxLength={500}
                {...textField(method, setMethod, shown['method'])}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Place of destruction"
                autoComplete="off"
                maxLength={200}
                {...siteField('name', 'destructionSite.name')}
              />
              <TextInput
                label="Address of the place of destruction"
                autoComplete="off"
                maxLength={500}
                {...siteField('address', 'destructionSite.address')}
              />
            </SimpleGrid>
            <WitnessFields
              idPrefix="destruction-first"
              value={first}
              onChange={setFirst}
              errors={shownWitnessErrors[0]}
              serverError={undefined}
              legend="First witness"
            />
            <WitnessFields
              idPrefix="destruction-second"
              value={second}
              onChange={setSecond}
              errors={shownWitnessErrors[1]}
              serverError={undefined}
              legend="Second witness"
            />
            <SubmitButton isPending={destroy.isPending}>Record destruction</SubmitButton>
            {pending ? (
              <ConfirmDialog
                opened
                onClose={() => setPending(undefined)}
                title="Record this destruction?"
                confirmLabel="Record destruction"
                onConfirm={() => record(pending.input)}
                finality="This cannot be undone: the ledger entry is permanent, and a mistake is corrected by a new entry."
              >
                <Text size="sm">
                  Destroy {amountText(pending.input.amount)} of {pending.stock} (lot {pending.input.lot}),{' '}
                  {REASON_LABELS[pending.input.reason].toLowerCase()}, by {pending.input.method} at{' '}
                  {pending.input.destructionSite.name}, {pending.input.destructionSite.address}.
                </Text>
                <Text size="sm">
                  Witnessed by {pending.input.witnesses[0].email} and {pending.input.witnesses[1].email}; recorded by
                  you now, with the DEA Form 41 record.
                </Text>
              </ConfirmDialog>
            ) : null}
          </FormSection>
        ) : null}
        <DeaFormRecords form="41" />
      </Stack>
    </>
  );
}

function Form41Summary({ record, sequence }: { record: Form41Record; sequence: number }) {
  const rows: [string, string][] = [
    ['Registrant', `${record.registrant.registeredName}, DEA ${record.registrant.deaNumber}`],
    ['NDC', record.item.ndc],
    ['Batch (lot)', record.item.batch],
    ['Substance', `${record.item.substance}, ${record.item.strength}, ${record.item.form}`],
    ['Package quantity', record.item.packageQuantity],
    ['Full packages', String(record.item.fullPackages)],
    ['Partial package', record.item.partialPackageCount],
    ['Total destroyed', record.item.totalDestroyed],
    ['Date of destruction', record.dateOfDestruction],
    ['Method', record.method],
    ['Place', `${record.site.name}, ${record.site.address}`],
    ['Witnesses', record.witnesses.join(' and ')],
  ];
  return (
    <Alert color="green" variant="light" title="DEA Form 41 record">
      <Text size="sm" mb="xs">
        Ledger entry #{sequence}. Copy these onto DEA Form 41 (or keep this page as the record).
      </Text>
      <Table verticalSpacing={4}>
        <VisuallyHidden component="caption">DEA Form 41 fields for this destruction</VisuallyHidden>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row">{label}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Alert>
  );
}

import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Checkbox, NativeSelect, SimpleGrid, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { hasErrors, type FieldErrors } from '../../components/forms';
import { countOf, formatCalendarDate } from '../../components/format';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { useLedgerOverview } from './ledger.api';
import {
  useTakeInventory,
  type AdminAppendResult,
  type InventoryInput,
  type InventoryLineInput,
} from './ledger-admin.api';
import { FormSection } from '../../components/Section';
import { SubmitButton } from '../../components/FormActions';
import { CountedLots, LocationSelect, WitnessFields } from './ledger-components';
import { TIMING_OPTIONS, timingOf, useLotCount } from './use-lot-count';
import {
  countLineKey,
  EMPTY_WITNESS,
  mgText,
  parseCountLine,
  type WitnessDraft,
  witnessFromDraft,
} from './ledger-format';

interface LineDraft {
  readonly full: string;
  readonly opened: string;
  readonly estimated: boolean;
}

const EMPTY_LINE: LineDraft = { full: '', opened: '', estimated: false };

/**
 * The initial or biennial inventory of one location (21 CFR 1304.11): taken at the opening or the close of business,
 * every lot counted; what is left in an opened Schedule III container may be estimated rather than measured
 * (1304.11(e)(3)). A difference from the books opens a discrepancy, as any count does. Admin only, as the API.
 */
export function InventoryPage() {
  const overview = useLedgerOverview();
  const stock = useLotCount(EMPTY_LINE);
  const { locations, balances, products, location, here, productOf } = stock;
  const take = useTakeInventory();
  const [countKind, setCountKind] = useState<InventoryInput['countKind'] | ''>('');
  const [timing, setTiming] = useState<InventoryInput['timing'] | ''>('');
  const [witness, setWitness] = useState<WitnessDraft>(EMPTY_WITNESS);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [result, setResult] = useState<AdminAppendResult | undefined>();

  const inventory = overview.data?.inventory;
  const kind = countKind || (inventory?.status === 'no-inventory' ? 'initial-inventory' : 'biennial-inventory');

  const submit = () => {
    setResult(undefined);
    const found: FieldErrors = {};
    if (!timing) found['timing'] = 'Say whether the inventory is taken at the opening or the close of business.';
    const requestLines: InventoryLineInput[] = [];
    for (const b of here) {
      const key = countLineKey(b);
      const draft = stock.lineOf(key);
      const parsed = parseCountLine(
        b,
        draft,
        `Enter the number of full ${productOf(b.ndc)?.containerKind ?? 'container'}s (0 if none).`,
      );
      Object.assign(found, parsed.errors);
      const opened = parsed.line?.opened;
      if (draft.estimated && !opened)
        found[`${key}:opened`] = 'Enter the estimate for the opened container, or untick “Estimated”.';
      if (parsed.line) requestLines.push({ ...parsed.line, ...(opened && draft.estimated ? { estimated: true } : {}) });
    }
    const anyWitness = witness.email.trim() || witness.password || witness.totpCode.trim();
    const signed = anyWitness ? witnessFromDraft(witness) : undefined;
    if (signed && !signed.ok) Object.assign(found, signed.errors);
    setErrors(found);
    if (hasErrors(found) || !timing || (signed && !signed.ok)) return;
    take.mutate(
      {
        countKind: kind,
        timing,
        locationId: location,
        lines: requestLines,
        ...(signed?.ok ? { witness: signed.witness } : {}),
      },
      {
        onSuccess: (r) => {
          setResult(r);
          stock.clearLines();
          setWitness(EMPTY_WITNESS);
        },
      },
    );
  };

  const setEstimated = (key: string) => (event: { currentTarget: { checked: boolean } }) => {
    const checked = event.currentTarget.checked;
    stock.changeLine(key, { estimated: checked });
  };

  return (
    <>
      <PageHeader
        title="Inventory"
        description="The initial inventory, then one at least every two years: every lot on hand, counted at the opening or the close of business (21 CFR 1304.11)."
      />
      <ErrorAlert error={stock.loadError ?? overview.error} title="The stock could not be loaded" />
      {stock.isLoading ? <LoadingState label="Loading the stock…" /> : null}
      <Stack gap="xl">
        {inventory ? (
          <Text role="status">
            {inventory.status === 'no-inventory'
              ? inventory.message
              : `Last inventory ${formatCalendarDate(inventory.lastInventory)}; the next is due by ${formatCalendarDate(inventory.dueBy)}${inventory.status === 'overdue' ? ` and is overdue by ${-inventory.daysLeft} days` : ` (${inventory.daysLeft} days)`}.`}
          </Text>
        ) : null}
        <div aria-live="polite" aria-atomic="true">
          {result ? (
            <Alert
              color={(result.discrepancies ?? []).length > 0 ? 'red' : 'green'}
              variant="light"
              title={
                (result.discrepancies ?? []).length > 0
                  ? `Inventory recorded: ${countOf((result.discrepancies ?? []).length, 'discrepancy', 'discrepancies')} opened`
                  : 'Inventory recorded'
              }
            >
              <Text size="sm">
                {result.entry.summary}. Ledger entry #{result.entry.sequence}.
              </Text>
              {(result.discrepancies ?? []).map((d) => (
                <Text size="sm" key={d.discrepancyId}>
                  Lot {d.lot}: books {mgText(d.expectedMg)}, counted {mgText(d.countedMg)}
                  {d.estimated ? ' (estimated)' : ''}: difference {mgText(d.differenceMg)}.
                </Text>
              ))}
              {(result.discrepancies ?? []).length > 0 ? (
                <Anchor component={Link} to="/ledger/discrepancies" size="sm">
                  Resolve on Discrepancies
                </Anchor>
              ) : null}
            </Alert>
          ) : null}
        </div>
        {locations.data && balances.data && products.data ? (
          <FormSection id="inventory" title="Take the inventory" onSubmit={submit}>
            {hasErrors(errors) ? null : <ErrorAlert error={take.error} />}
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <LocationSelect stock={stock} />
              <NativeSelect
                label="Inventory"
                value={kind}
                onChange={(e) =>
                  setCountKind(
                    e.currentTarget.value === 'initial-inventory' ? 'initial-inventory' : 'biennial-inventory',
                  )
                }
                data={[
                  { value: 'initial-inventory', label: 'Initial inventory' },
                  { value: 'biennial-inventory', label: 'Biennial inventory' },
                ]}
              />
              <NativeSelect
                label="Taken at"
                value={timing}
                error={errors['timing']}
                onChange={(e) => setTiming(timingOf(e.currentTarget.value))}
                data={[{ value: '', label: 'Choose…', disabled: true }, ...TIMING_OPTIONS]}
              />
            </SimpleGrid>
            {here.length === 0 ? (
              <Text>The books hold nothing in this location: the inventory records that it is empty.</Text>
            ) : null}
            <CountedLots
              stock={stock}
              errors={errors}
              openedDescription={() => 'Leave empty if none is open.'}
              columns={3}
              extra={(key, line) => (
                <Checkbox
                  mt={{ sm: 'xl' }}
                  label="Estimated (opened container)"
                  checked={line.estimated}
                  onChange={setEstimated(key)}
                />
              )}
            />
            <WitnessFields
              idPrefix="inventory"
              value={witness}
              onChange={setWitness}
              errors={errors}
              serverError={take.error}
              legend="Witness (optional)"
            />
            <SubmitButton isPending={take.isPending}>Record inventory</SubmitButton>
          </FormSection>
        ) : null}
      </Stack>
    </>
  );
}

import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, NativeSelect, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { hasErrors, type FieldErrors } from '../../components/forms';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { useCount, type AppendResult, type CountLineInput, type LedgerProduct } from './ledger.api';
import { FormSection } from '../../components/Section';
import { SubmitButton } from '../../components/FormActions';
import { CountedLots, LocationSelect } from './ledger-components';
import { TIMING_OPTIONS, timingOf, useLotCount, type BusinessTiming } from './use-lot-count';
import { countLineKey, mgText, parseCountLine, unitsText } from './ledger-format';
import { countOf } from '../../components/format';

interface LineDraft {
  readonly full: string;
  readonly opened: string;
}

const EMPTY_LINE: LineDraft = { full: '', opened: '' };

/**
 * The day's (or shift's) count of one safe: for each lot the books hold there, the person counting enters the full
 * containers and what is left in an opened one. A count that differs from the books opens a discrepancy.
 */
export function CountStockPage() {
  const stock = useLotCount(EMPTY_LINE);
  const { locations, balances, products, location, here, productOf, lines } = stock;
  const count = useCount();
  const [countKind, setCountKind] = useState<'daily' | 'shift'>('daily');
  const [timing, setTiming] = useState<BusinessTiming>('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [result, setResult] = useState<{ appended: AppendResult; counted: Record<string, LineDraft> } | undefined>();

  const submit = () => {
    setResult(undefined);
    const found: FieldErrors = {};
    const requestLines: CountLineInput[] = [];
    for (const b of here) {
      const parsed = parseCountLine(
        b,
        stock.lineOf(countLineKey(b)),
        `Enter the number of full ${productOf(b.ndc)?.containerKind ?? 'container'}s you counted (0 if none).`,
      );
      Object.assign(found, parsed.errors);
      if (parsed.line) requestLines.push(parsed.line);
    }
    setErrors(found);
    if (hasErrors(found)) return;
    const counted = { ...lines };
    count.mutate(
      { countKind, locationId: location, lines: requestLines, ...(timing ? { timing } : {}) },
      {
        onSuccess: (appended) => {
          setResult({ appended, counted });
          stock.clearLines();
        },
      },
    );
  };

  return (
    <>
      <PageHeader
        title="Count stock"
        description="Count what is physically in the safe, lot by lot. The books' figure is beside each lot; a difference opens a discrepancy for an admin to resolve."
      />
      <ErrorAlert error={stock.loadError} title="The stock could not be loaded" />
      {stock.isLoading ? <LoadingState label="Loading the stock…" /> : null}
      <Stack gap="xl">
        <div aria-live="polite" aria-atomic="true">
          {result ? (
            <CountResult result={result.appended} counted={result.counted} products={products.data ?? []} />
          ) : null}
        </div>
        {locations.data && balances.data && products.data ? (
          <FormSection id="count" title="Count" onSubmit={submit}>
            {hasErrors(errors) ? null : <ErrorAlert error={count.error} />}
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <LocationSelect stock={stock} />
              <NativeSelect
                label="Kind of count"
                value={countKind}
                onChange={(e) => setCountKind(e.currentTarget.value === 'shift' ? 'shift' : 'daily')}
                data={[
                  { value: 'daily', label: 'Daily count' },
                  { value: 'shift', label: 'Shift count' },
                ]}
              />
              <NativeSelect
                label="When"
                value={timing}
                onChange={(e) => setTiming(timingOf(e.currentTarget.value))}
                data={[{ value: '', label: 'During the day' }, ...TIMING_OPTIONS]}
              />
            </SimpleGrid>
            {here.length === 0 ? <Text>The books hold nothing in this location.</Text> : null}
            <CountedLots
              stock={stock}
              errors={errors}
              openedDescription={(b) =>
                b.unit === 'device'
                  ? 'Leave empty if no kit is open.'
                  : 'Leave empty if no vial is open. Up to 3 decimals, never rounded.'
              }
            />
            <SubmitButton isPending={count.isPending} disabled={here.length === 0}>
              Record count
            </SubmitButton>
          </FormSection>
        ) : null}
      </Stack>
    </>
  );
}

function CountResult({
  result,
  counted,
  products,
}: {
  result: AppendResult;
  counted: Record<string, LineDraft>;
  products: readonly LedgerProduct[];
}) {
  const opened = result.discrepancies ?? [];
  const byLot = new Map(opened.map((d) => [`${d.ndc}|${d.lot}`, d]));
  return (
    <Stack gap="sm">
      {opened.length === 0 ? (
        <Alert color="green" variant="light" title="Count matches the books">
          Recorded as ledger entry #{result.entry.sequence}. Every lot counted agrees with the ledger.
        </Alert>
      ) : (
        <Alert
          color="red"
          variant="light"
          title={`Count recorded: ${countOf(opened.length, 'discrepancy', 'discrepancies')} opened`}
        >
          Recorded as ledger entry #{result.entry.sequence}. An admin must explain each difference or turn it into a
          loss report: see{' '}
          <Anchor component={Link} to="/ledger/discrepancies">
            Discrepancies
          </Anchor>
          .
        </Alert>
      )}
      <DataTable
        caption="Expected and counted, per lot"
        columns={['Lot', 'Expected', 'Counted', 'Result']}
        minWidth={620}
        verticalSpacing="xs"
      >
        {result.balances
          .filter((b) => b.quantity > 0 || byLot.has(`${b.ndc}|${b.lot}`) || counted[`${b.ndc}|${b.lot}`])
          .map((b) => {
            const key = `${b.ndc}|${b.lot}`;
            const d = byLot.get(key);
            const typed = counted[key];
            const kind = products.find((p) => p.ndc === b.ndc)?.containerKind ?? 'vial';
            const countedText = typed
              ? `${typed.full.trim()} full ${kind}${typed.full.trim() === '1' ? '' : 's'}${typed.opened.trim() ? ` + ${b.unit === 'device' ? `${typed.opened.trim()} device${typed.opened.trim() === '1' ? '' : 's'}` : `${typed.opened.trim()} mg`} opened` : ''}`
              : '—';
            return (
              <Table.Tr key={`${key}|${b.locationId}`}>
                <Table.Th scope="row" fw={500}>
                  {b.lot}
                </Table.Th>
                <Table.Td>
                  {d
                    ? mgText(d.expectedMg)
                    : b.unit === 'device'
                      ? `${unitsText('device', b.quantity)} (${mgText(b.mg)})`
                      : mgText(b.mg)}
                </Table.Td>
                <Table.Td>{d ? `${mgText(d.countedMg)} (${countedText})` : countedText}</Table.Td>
                <Table.Td>{d ? `Discrepancy: ${mgText(d.differenceMg)}` : 'Matches'}</Table.Td>
              </Table.Tr>
            );
          })}
      </DataTable>
    </Stack>
  );
}

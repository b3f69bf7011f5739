import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Box, Anchor, Button, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, hasErrors, textField, type FieldErrors } from '../../components/forms';
import { countOf, formatDateTime } from '../../components/format';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { usePermissions } from '../auth/session';
import {
  useAdminister,
  useBalances,
  useDraw,
  useLedgerProducts,
  useScheduledSession,
  useSessionReconciliation,
  useWaste,
  type AppendResult,
  type LedgerProduct,
  type Reconciliation,
  type ScheduledSession,
  type SuggestedAdministration,
} from './ledger.api';
import { AmountFields, RecordedNotice, Section, StockSelect, WitnessFields } from './ledger-components';
import {
  type AmountDraft,
  type AmountErrors,
  AMOUNT_FIELDS,
  amountFromDraft,
  balanceKey,
  EMPTY_AMOUNT,
  EMPTY_WITNESS,
  mgText,
  unitsText,
  type WitnessDraft,
  witnessFromDraft,
} from './ledger-format';
import { modalityLabel } from './LedgerSessionsPage';

const NO_WRAP = { whiteSpace: 'nowrap' } as const;

function amountErrorsFrom(error: unknown): AmountErrors {
  const server = fieldErrorsFrom(error, AMOUNT_FIELDS);
  return {
    mg: server['amount.mg'] ?? server['amount'],
    ml: server['amount.ml'],
    devices: server['amount.devices'] ?? (server['amount.mg'] ? undefined : server['amount']),
  };
}

/** One session's controlled-substance record: draw, administered amount, witnessed waste, and its reconciliation. */
export function SessionDosePage() {
  const { sessionId = '' } = useParams();
  const session = useScheduledSession(sessionId);
  const reconciliation = useSessionReconciliation(sessionId);
  const products = useLedgerProducts();
  const can = usePermissions();
  const patientName = session.data ? `${session.data.patient.givenName} ${session.data.patient.familyName}` : undefined;

  return (
    <>
      <PageHeader
        title={patientName ? `Session doses: ${patientName}` : 'Session doses'}
        description={
          session.data
            ? `${modalityLabel(session.data.modality)}${session.data.sessionNumber ? `, session ${session.data.sessionNumber}` : ''}, ${formatDateTime(session.data.start)}${session.data.chair ? `, ${session.data.chair.name}` : ''}`
            : undefined
        }
      />
      <Text mb="md">
        <Anchor component={Link} to="/ledger/sessions">
          All sessions
        </Anchor>
      </Text>
      <ErrorAlert error={session.error ?? reconciliation.error} title="The session could not be loaded" />
      {session.isPending || reconciliation.isPending ? <LoadingState label="Loading the session…" /> : null}
      {session.data && reconciliation.data && products.data ? (
        <Stack gap="xl">
          <ReconciliationSection reconciliation={reconciliation.data} products={products.data} />
          {can('ledger:write') ? (
            <>
              <Section
                id="draw"
                title="Draw from the safe"
                description="The amount taken from a lot for this session. The safe's balance falls by it; a draw larger than the lot holds is refused."
              >
                <DrawForm session={session.data} products={products.data} />
              </Section>
              <Section
                id="administer"
                title="Record the administered amount"
                description="What the session record says the patient received."
              >
                <SessionLotForm
                  key={reconciliation.data.suggestedAdministration?.sessionRecordId ?? 'no-record'}
                  kind="administration"
                  sessionId={sessionId}
                  reconciliation={reconciliation.data}
                  products={products.data}
                />
              </Section>
              <Section
                id="waste"
                title="Waste the remainder"
                description="What was drawn and not given, disposed of in front of a second staff member who signs in below."
              >
                <SessionLotForm
                  kind="waste"
                  sessionId={sessionId}
                  reconciliation={reconciliation.data}
                  products={products.data}
                />
              </Section>
            </>
          ) : null}
        </Stack>
      ) : null}
    </>
  );
}

function productOf(products: readonly LedgerProduct[], ndc: string): LedgerProduct | undefined {
  return products.find((p) => p.ndc === ndc);
}

function ReconciliationSection({
  reconciliation: r,
  products,
}: {
  reconciliation: Reconciliation;
  products: readonly LedgerProduct[];
}) {
  return (
    <Section id="reconciliation" title="Reconciliation" description="Drawn − administered − wasted must be exactly 0.">
      <div aria-live="polite" aria-atomic="true">
        {!r.hasDraws ? (
          <Text>Nothing has been drawn for this session yet.</Text>
        ) : r.reconciled ? (
          <Alert color="green" variant="light" title="Reconciled">
            Drawn {mgText(r.drawnMg)} − administered {mgText(r.administeredMg)} − wasted {mgText(r.wastedMg)}
            {r.lost > 0 ? ` − lost ${mgText(r.lostMg)}` : ''} = 0 mg.
          </Alert>
        ) : (
          <Alert color="orange" variant="light" title="Not reconciled">
            Drawn {mgText(r.drawnMg)} − administered {mgText(r.administeredMg)} − wasted {mgText(r.wastedMg)}
            {r.lost > 0 ? ` − lost ${mgText(r.lostMg)}` : ''} = {mgText(r.differenceMg)} still to account for.
          </Alert>
        )}
      </div>
      {r.firstDrawAt ? (
        <Text size="sm" c="dimmed" mt="xs">
          First draw {formatDateTime(r.firstDrawAt)}.
        </Text>
      ) : null}
      {r.lines.length > 0 ? (
        <Box mt="sm">
          <DataTable
            caption="Reconciliation per lot"
            columns={['Lot', 'Drawn', 'Administered', 'Wasted', 'Lost', 'Still to account for']}
            minWidth={620}
            verticalSpacing="xs"
          >
            {r.lines.map((line) => {
              const unit = productOf(products, line.ndc)?.unit ?? r.unit;
              return (
                <Table.Tr key={`${line.ndc}|${line.lot}`}>
                  <Table.Th scope="row" fw={500}>
                    {line.lot}
                    <Text size="xs" c="dimmed">
                      {productOf(products, line.ndc)?.displayName ?? line.ndc}
                    </Text>
                  </Table.Th>
                  <Table.Td style={NO_WRAP}>{unitsText(unit, line.drawn)}</Table.Td>
                  <Table.Td style={NO_WRAP}>{unitsText(unit, line.administered)}</Table.Td>
                  <Table.Td style={NO_WRAP}>{unitsText(unit, line.wasted)}</Table.Td>
                  <Table.Td style={NO_WRAP}>{unitsText(unit, line.lost)}</Table.Td>
                  <Table.Td style={NO_WRAP}>{unitsText(unit, line.difference)}</Table.Td>
                </Table.Tr>
              );
            })}
          </DataTable>
        </Box>
      ) : null}
    </Section>
  );
}

function DrawForm({ session, products }: { session: ScheduledSession; products: readonly LedgerProduct[] }) {
  const balances = useBalances();
  const draw = useDraw();
  const [stock, setStock] = useState('');
  const [amount, setAmount] = useState<AmountDraft>(EMPTY_AMOUNT);
  const [clientErrors, setClientErrors] = useState<FieldErrors & AmountErrors>({});
  const [result, setResult] = useState<AppendResult | undefined>();
  const options = balances.data ?? [];
  const chosen = options.find((b) => balanceKey(b) === stock);
  const product = chosen ? productOf(products, chosen.ndc) : undefined;
  const serverAmount = amountErrorsFrom(draw.error);
  const serverFields = fieldErrorsFrom(draw.error, ['lot', 'ndc', 'locationId', 'sessionId']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    if (!chosen || !product) {
      setClientErrors({ stock: 'Choose the lot and safe to draw from.' });
      return;
    }
    const parsed = amountFromDraft(product, amount);
    if (!parsed.ok) {
      setClientErrors(parsed.errors);
      return;
    }
    setClientErrors({});
    draw.mutate(
      {
        sessionId: session.id,
        patientId: session.patientId,
        ndc: chosen.ndc,
        lot: chosen.lot,
        locationId: chosen.locationId,
        amount: parsed.amount,
      },
      {
        onSuccess: (r) => {
          setResult(r);
          setAmount(EMPTY_AMOUNT);
        },
      },
    );
  };

  const clientFailed = hasErrors(clientErrors);
  return (
    <form onSubmit={submit} noValidate aria-labelledby="draw-heading">
      <RecordedNotice result={result} title="Draw recorded" />
      {clientFailed ? null : (
        <ErrorAlert error={draw.error} shownFields={[...AMOUNT_FIELDS, 'lot', 'ndc', 'locationId']} />
      )}
      <ErrorAlert error={balances.error} title="The stock could not be loaded" />
      <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
        <StockSelect
          balances={options}
          value={stock}
          onChange={(key) => {
            setStock(key);
            setClientErrors({});
          }}
          error={clientErrors.stock ?? serverFields['lot'] ?? serverFields['locationId'] ?? serverFields['ndc']}
        />
        <AmountFields
          idPrefix="draw"
          product={product}
          value={amount}
          onChange={setAmount}
          errors={clientFailed ? clientErrors : serverAmount}
          label="Amount drawn"
        />
      </SimpleGrid>
      <Button type="submit" loading={draw.isPending}>
        Record draw
      </Button>
    </form>
  );
}

const DEFAULT_MANNER = 'Expelled into a drug-disposal container, rendering it non-retrievable';

/** The amount fields as the session record fills them. */
function draftOf(suggestion: SuggestedAdministration): AmountDraft {
  return 'devices' in suggestion.amount
    ? { ...EMPTY_AMOUNT, devices: String(suggestion.amount.devices) }
    : { ...EMPTY_AMOUNT, mg: suggestion.amount.mg };
}

const sameDraft = (a: AmountDraft, b: AmountDraft) =>
  a.mg.trim() === b.mg.trim() && a.ml.trim() === b.ml.trim() && a.devices.trim() === b.devices.trim();

function RecordSuggestion({ suggestion }: { suggestion: SuggestedAdministration }) {
  const given =
    'devices' in suggestion.amount
      ? `${countOf(suggestion.amount.devices, 'device', 'devices')} (${mgText(suggestion.mg)}) given, the last at ${formatDateTime(suggestion.completedAt)}`
      : `${mgText(suggestion.mg)} delivered (${suggestion.basis === 'confirmed-total' ? 'the total confirmed at stop' : 'estimated from the recorded rates'}), infusion stopped ${formatDateTime(suggestion.completedAt)}`;
  return (
    <Alert color="blue" variant="light" title="Pre-filled from the session record" mb="md">
      The session record says {given}, lot {suggestion.lot}. Check it and record it; the entry will note that it came
      from the session record.
    </Alert>
  );
}

/** Administration and waste: both name a lot drawn for this session and an amount; waste adds manner and witness. */
function SessionLotForm({
  kind,
  sessionId,
  reconciliation,
  products,
}: {
  kind: 'administration' | 'waste';
  sessionId: string;
  reconciliation: Reconciliation;
  products: readonly LedgerProduct[];
}) {
  const administer = useAdminister();
  const waste = useWaste();
  const mutation = kind === 'administration' ? administer : waste;
  const lots = reconciliation.lines;
  // The administered amount comes from the session record when it is complete and linked to a draw (issue 6).
  const offered = reconciliation.suggestedAdministration;
  const suggestion = kind === 'administration' && offered && !offered.alreadyRecorded ? offered : undefined;
  const [lotKey, setLotKey] = useState(suggestion ? `${suggestion.ndc}|${suggestion.lot}` : '');
  const [amount, setAmount] = useState<AmountDraft>(suggestion ? draftOf(suggestion) : EMPTY_AMOUNT);
  const [manner, setManner] = useState(DEFAULT_MANNER);
  const [witness, setWitness] = useState<WitnessDraft>(EMPTY_WITNESS);
  const [clientErrors, setClientErrors] = useState<FieldErrors & AmountErrors>({});
  const [result, setResult] = useState<AppendResult | undefined>();
  const effectiveKey = lotKey || (lots.length === 1 && lots[0] ? `${lots[0].ndc}|${lots[0].lot}` : '');
  const line = lots.find((l) => `${l.ndc}|${l.lot}` === effectiveKey);
  const product = line ? productOf(products, line.ndc) : undefined;
  const prefix = kind === 'administration' ? 'administer' : 'waste';
  const serverFields = fieldErrorsFrom(mutation.error, ['lot', 'ndc', 'manner', 'sessionId']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    if (!line || !product) {
      setClientErrors({ lot: 'Choose a lot drawn for this session.' });
      return;
    }
    const parsed = amountFromDraft(product, amount);
    const errors: FieldErrors & AmountErrors = parsed.ok ? {} : { ...parsed.errors };
    let signed: ReturnType<typeof witnessFromDraft> | undefined;
    if (kind === 'waste') {
      if (!manner.trim()) errors.manner = 'Say how it was wasted.';
      signed = witnessFromDraft(witness);
      if (!signed.ok) Object.assign(errors, signed.errors);
    }
    setClientErrors(errors);
    if (hasErrors(errors) || !parsed.ok) return;
    const onSuccess = (r: AppendResult) => {
      setResult(r);
      setAmount(EMPTY_AMOUNT);
      setWitness(EMPTY_WITNESS);
    };
    if (kind === 'administration') {
      const fromRecord =
        suggestion &&
        line.ndc === suggestion.ndc &&
        line.lot === suggestion.lot &&
        sameDraft(amount, draftOf(suggestion));
      administer.mutate(
        {
          sessionId,
          ndc: line.ndc,
          lot: line.lot,
          amount: parsed.amount,
          ...(fromRecord ? { sessionRecordId: suggestion.sessionRecordId } : {}),
        },
        { onSuccess },
      );
    } else if (signed?.ok) {
      waste.mutate(
        {
          sessionId,
          ndc: line.ndc,
          lot: line.lot,
          amount: parsed.amount,
          manner: manner.trim(),
          witness: signed.witness,
        },
        { onSuccess },
      );
    }
  };

  if (lots.length === 0)
    return (
      <Text>
        Draw a dose first: there is nothing drawn for this session to{' '}
        {kind === 'administration' ? 'administer' : 'waste'}.
      </Text>
    );
  const clientFailed = hasErrors(clientErrors);
  const remainder = line && product ? unitsText(product.unit, line.difference) : undefined;
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${prefix === 'administer' ? 'administer' : 'waste'}-heading`}>
      <RecordedNotice
        result={result}
        title={kind === 'administration' ? 'Administration recorded' : 'Waste recorded'}
      />
      {suggestion && !result ? <RecordSuggestion suggestion={suggestion} /> : null}
      {clientFailed ? null : (
        <ErrorAlert error={mutation.error} shownFields={[...AMOUNT_FIELDS, 'lot', 'manner', 'witness']} />
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
        <NativeSelect
          id={`${prefix}-lot`}
          label="Lot"
          {...textField(effectiveKey, setLotKey, clientErrors.lot ?? serverFields['lot'])}
          data={[
            { value: '', label: 'Choose…', disabled: true },
            ...lots.map((l) => ({
              value: `${l.ndc}|${l.lot}`,
              label: `Lot ${l.lot} · ${productOf(products, l.ndc)?.displayName ?? l.ndc}`,
            })),
          ]}
        />
        <AmountFields
          idPrefix={prefix}
          product={product}
          value={amount}
          onChange={setAmount}
          errors={clientFailed ? clientErrors : amountErrorsFrom(mutation.error)}
          label={kind === 'administration' ? 'Amount administered' : 'Amount wasted'}
        />
      </SimpleGrid>
      {remainder ? (
        <Text size="sm" mb="md">
          Still to account for in this lot: {remainder}.
        </Text>
      ) : null}
      {kind === 'waste' ? (
        <Stack gap="md" mb="md">
          <TextInput
            id="waste-manner"
            label="How it was wasted"
            {...textField(manner, setManner, clientErrors.manner ?? serverFields['manner'])}
            maxLength={500}
          />
          <WitnessFields
            idPrefix="waste"
            value={witness}
            onChange={setWitness}
            errors={clientErrors}
            serverError={mutation.error}
          />
        </Stack>
      ) : null}
      <Button type="submit" loading={mutation.isPending}>
        {kind === 'administration' ? 'Record administration' : 'Record waste'}
      </Button>
    </form>
  );
}

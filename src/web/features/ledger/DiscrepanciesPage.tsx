import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, NativeSelect, Paper, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, textField } from '../../components/forms';
import { formatDateTime } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { usePermissions } from '../auth/session';
import {
  useDiscrepancies,
  useLossReports,
  useResolveDiscrepancy,
  type AppendResult,
  type Discrepancy,
} from './ledger.api';
import { Section } from './ledger-components';
import { mgText } from './ledger-format';

/** Counts that differed from the books. An admin resolves each: explained, or turned into a loss report. */
export function DiscrepanciesPage() {
  const can = usePermissions();
  const isAdmin = can('ledger:admin');
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const discrepancies = useDiscrepancies(status);
  const [resolved, setResolved] = useState<AppendResult | undefined>();
  return (
    <>
      <PageHeader
        title="Discrepancies"
        description="A count that differs from the ledger opens a discrepancy. It stays open until an admin explains it or links it to a loss report (DEA Form 106)."
      />
      <Section id="discrepancies" title={status === 'open' ? 'Open discrepancies' : 'All discrepancies'}>
        <NativeSelect
          label="Show"
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value === 'all' ? 'all' : 'open')}
          data={[
            { value: 'open', label: 'Open only' },
            { value: 'all', label: 'Open and resolved' },
          ]}
          maw={240}
          mb="md"
        />
        <div aria-live="polite" aria-atomic="true">
          {resolved ? (
            <Alert color="green" variant="light" title="Discrepancy resolved" mb="md">
              Recorded as ledger entry #{resolved.entry.sequence}: {resolved.entry.summary}.
            </Alert>
          ) : null}
        </div>
        <QueryStatus
          query={discrepancies}
          failed="The discrepancies could not be loaded"
          loading="Loading discrepancies…"
        />
        {discrepancies.data?.length === 0 ? (
          <Text>{status === 'open' ? 'No open discrepancies.' : 'No discrepancies have been recorded.'}</Text>
        ) : null}
        <Stack gap="md">
          {discrepancies.data?.map((d) => (
            <DiscrepancyCard key={d.discrepancyId} discrepancy={d} canResolve={isAdmin} onResolved={setResolved} />
          ))}
        </Stack>
      </Section>
    </>
  );
}

function DiscrepancyCard({
  discrepancy: d,
  canResolve,
  onResolved,
}: {
  discrepancy: Discrepancy;
  canResolve: boolean;
  onResolved: (r: AppendResult) => void;
}) {
  const headingId = `discrepancy-${d.countSequence}-${d.ndc}-${d.lot}`.replace(/[^A-Za-z0-9-]/g, '-');
  return (
    <Paper withBorder radius="sm" p="sm" component="article" aria-labelledby={headingId}>
      <Text id={headingId} fw={600}>
        Lot {d.lot} in {d.locationId}{' '}
        <Badge ml="xs" variant="outline" color={d.status === 'open' ? 'red' : 'gray'}>
          {d.status}
        </Badge>
      </Text>
      <Text size="sm">
        Expected {mgText(d.expectedMg)}, counted {mgText(d.countedMg)}: difference {mgText(d.differenceMg)}
        {d.estimated ? ' (estimated)' : ''}.
      </Text>
      <Text size="sm" c="dimmed">
        {d.countKind} count #{d.countSequence}, {formatDateTime(d.countedAt)} by {d.countedBy}.
      </Text>
      {d.resolution ? (
        <Text size="sm" mt="xs">
          Resolved {formatDateTime(d.resolution.resolvedAt)} by {d.resolution.resolvedBy}: {d.resolution.reason}
          {d.resolution.lossEntryId ? ' (loss report filed)' : ''}
        </Text>
      ) : null}
      {canResolve && d.status === 'open' ? (
        <ResolveForm discrepancy={d} headingId={headingId} onResolved={onResolved} />
      ) : null}
    </Paper>
  );
}

function ResolveForm({
  discrepancy,
  headingId,
  onResolved,
}: {
  discrepancy: Discrepancy;
  headingId: string;
  onResolved: (r: AppendResult) => void;
}) {
  const resolve = useResolveDiscrepancy();
  const [resolution, setResolution] = useState<'explained' | 'loss-reported'>('explained');
  const [reason, setReason] = useState('');
  const [lossEntryId, setLossEntryId] = useState('');
  const lossReports = useLossReports({ enabled: resolution === 'loss-reported' });
  const [errors, setErrors] = useState<{ reason?: string; lossEntryId?: string }>({});
  const server = fieldErrorsFrom(resolve.error, ['reason', 'lossEntryId', 'resolution']);
  const unlinked = (lossReports.data ?? []).filter((l) => l.resolvesDiscrepancy === null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      reason: reason.trim() ? undefined : 'Say what explains the difference.',
      lossEntryId:
        resolution === 'loss-reported' && !lossEntryId
          ? 'Choose the loss report this difference was reported in.'
          : undefined,
    };
    setErrors(found);
    if (found.reason || found.lossEntryId) return;
    resolve.mutate(
      {
        discrepancyId: discrepancy.discrepancyId,
        resolution,
        reason: reason.trim(),
        ...(resolution === 'loss-reported' ? { lossEntryId } : {}),
      },
      { onSuccess: onResolved },
    );
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={`Resolve the discrepancy in lot ${discrepancy.lot}`}
      aria-describedby={headingId}
    >
      <Stack gap="sm" mt="sm">
        <ErrorAlert error={resolve.error} shownFields={['reason', 'lossEntryId']} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label="Resolution"
            value={resolution}
            onChange={(e) => setResolution(e.currentTarget.value === 'loss-reported' ? 'loss-reported' : 'explained')}
            data={[
              { value: 'explained', label: 'Explained (no loss)' },
              { value: 'loss-reported', label: 'Reported as a loss (Form 106)' },
            ]}
          />
          {resolution === 'loss-reported' ? (
            <NativeSelect
              label="Loss report"
              {...textField(lossEntryId, setLossEntryId, errors.lossEntryId ?? server['lossEntryId'])}
              data={[
                {
                  value: '',
                  label: unlinked.length === 0 ? 'No unlinked loss report: file one first' : 'Choose…',
                  disabled: true,
                },
                ...unlinked.map((l) => ({
                  value: l.entryId,
                  label: `Entry #${l.sequence}, discovered ${l.discoveredOn}`,
                })),
              ]}
            />
          ) : null}
        </SimpleGrid>
        <Textarea
          label="Reason"
          autosize
          minRows={2}
          maxLength={4000}
          {...textField(reason, setReason, errors.reason ?? server['reason'])}
        />
        <div>
          <Button type="submit" loading={resolve.isPending} variant="default">
            Resolve discrepancy
          </Button>
        </div>
      </Stack>
    </form>
  );
}

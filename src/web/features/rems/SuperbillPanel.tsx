import { useState } from 'react';
import { Alert, Button, Group, List, Stack, Table, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { usePermissions } from '../auth/session';
import { useCaptureBilling, useSessionBilling, type SessionBilling } from './rems.api';

function Codes({ billing, caption }: { billing: SessionBilling; caption: string }) {
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={520}>
        <Table>
          <caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 600 }}>{caption}: procedures</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Code set</Table.Th>
              <Table.Th scope="col">Code</Table.Th>
              <Table.Th scope="col">Description</Table.Th>
              <Table.Th scope="col">Units</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {billing.lines.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={4}>No procedure code applies (see the notes).</Table.Td>
              </Table.Tr>
            ) : null}
            {billing.lines.map((line) => (
              <Table.Tr key={`${line.system}-${line.code}`}>
                <Table.Td>{line.system}</Table.Td>
                <Table.Td>
                  <Text span ff="monospace" fw={600}>
                    {line.code}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {line.description}
                  <Text size="xs" c="dimmed">
                    {line.citation.source}
                  </Text>
                </Table.Td>
                <Table.Td>{line.units}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Table.ScrollContainer minWidth={420}>
        <Table>
          <caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 600 }}>
            {caption}: diagnoses (ICD-10-CM, primary first)
          </caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Code</Table.Th>
              <Table.Th scope="col">Description</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {billing.diagnoses.map((d) => (
              <Table.Tr key={d.code}>
                <Table.Td>
                  <Text span ff="monospace" fw={600}>
                    {d.code}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {d.description ?? (d.isCommon ? '' : 'Not in the built-in list of common diagnoses: check it')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {billing.notes.length > 0 ? (
        <List size="sm">
          {billing.notes.map((n) => (
            <List.Item key={n}>{n}</List.Item>
          ))}
        </List>
      ) : null}
    </Stack>
  );
}

/**
 * A session's billing capture as a superbill: the CPT/HCPCS codes and ICD-10-CM diagnoses the record supports
 * (diagnoses from the latest intake), and the captured version once someone captures them.
 */
export function SuperbillPanel({ sessionId }: { sessionId: string }) {
  const can = usePermissions();
  const billing = useSessionBilling(sessionId);
  const capture = useCaptureBilling(sessionId);
  const [status, setStatus] = useState('');
  const data = billing.data;
  return (
    <Stack gap="sm">
      <QueryStatus
        query={billing}
        failed="The billing codes could not be loaded"
        loading="Loading the billing codes…"
      />
      {data?.captured ? (
        <>
          <Text size="sm">Captured for the superbill {formatDateTime(data.captured.capturedAt)}.</Text>
          <Codes billing={data.captured} caption="Captured" />
        </>
      ) : null}
      {data && !data.captured && data.computed ? <Codes billing={data.computed} caption="From the record" /> : null}
      {data && data.problems.length > 0 ? (
        <Alert color="orange" variant="light" title="The codes cannot be computed yet">
          <List size="sm">
            {data.problems.map((p) => (
              <List.Item key={`${p.field}:${p.message}`}>
                {p.field}: {p.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {data && data.computed && can('session:write') ? (
        <Group>
          <Button
            variant={data.captured ? 'default' : 'filled'}
            loading={capture.isPending}
            onClick={() =>
              capture.mutate({}, { onSuccess: () => setStatus('Billing codes captured for the superbill.') })
            }
          >
            {data.captured ? 'Capture again from the record' : 'Capture for the superbill'}
          </Button>
        </Group>
      ) : null}
      <ErrorAlert error={capture.error} title="The billing codes could not be captured" />
      <Text size="sm" aria-live="polite" role="status">
        {status}
      </Text>
    </Stack>
  );
}

/**
 * Webhooks (issue 15), for the admin: endpoints told when a measure is stored, an alert raised or a session
 * discharged; registering one (its signing secret shown once), switching one off, rotating its secret, and the
 * delivery log (each attempt's status code, error and time). The signing scheme: docs/webhooks.md.
 */
import { useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Code, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/format';
import { fieldErrorsFrom, textField } from '../../components/forms';
import { LoadingState, QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { CodeList, StatusBadge } from '../../components/StatusBadge';
import {
  useCreateWebhook,
  useRotateWebhookSecret,
  useUpdateWebhook,
  useWebhookDeliveries,
  useWebhooks,
  type WebhookEndpoint,
  type WebhookEventType,
} from './webhooks.api';
import { ValueToCopy } from './credentials';

const EVENT_LABELS: Record<WebhookEventType, string> = {
  'measure.stored': 'A measure is stored',
  'alert.raised': 'A safety alert is raised',
  'session.discharged': 'A session is discharged',
};
const DELIVERY_LABELS = { pending: 'Will retry', sending: 'Sending', sent: 'Delivered', failed: 'Failed' } as const;

export function WebhooksPage() {
  const webhooks = useWebhooks();
  const [secret, setSecret] = useState<{ url: string; secret: string } | undefined>();
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Other systems can be told when a measure is stored, a safety alert is raised or a session is discharged. Each delivery carries ids only and is signed; the receiver reads details from the FHIR server with an API token."
      />
      <Stack gap="xl">
        <div aria-live="polite">
          {secret ? (
            <Alert
              color="green"
              variant="light"
              title="Signing secret"
              withCloseButton
              closeButtonLabel="Hide the secret"
              onClose={() => setSecret(undefined)}
            >
              The secret for {secret.url}: copy it now into the receiving system, which uses it to check each delivery.
              It is shown this once only.
              <ValueToCopy value={secret.secret} />
            </Alert>
          ) : null}
        </div>
        <Section id="endpoints" title="Endpoints">
          <QueryStatus query={webhooks} failed="The endpoints could not be loaded" loading="Loading endpoints…" />
          {webhooks.data ? <EndpointsTable endpoints={webhooks.data.items} onSecret={setSecret} /> : null}
        </Section>
        <Section id="new-endpoint" title="Register an endpoint">
          <NewEndpointForm onSecret={setSecret} />
        </Section>
        <Section id="deliveries" title="Delivery log">
          <Deliveries endpoints={webhooks.data?.items ?? []} />
        </Section>
      </Stack>
    </>
  );
}

function EndpointsTable({
  endpoints,
  onSecret,
}: {
  endpoints: readonly WebhookEndpoint[];
  onSecret: (s: { url: string; secret: string }) => void;
}) {
  const update = useUpdateWebhook();
  const rotate = useRotateWebhookSecret();
  if (endpoints.length === 0) return <Text c="dimmed">No endpoints yet.</Text>;
  return (
    <Stack gap="md">
      <ErrorAlert error={update.error ?? rotate.error} title="The endpoint could not be changed" />
      <DataTable
        caption="Webhook endpoints"
        columns={['Address', 'Events', 'Secret ends with', 'Status']}
        minWidth={640}
        withActions
      >
        {endpoints.map((endpoint) => (
          <Table.Tr key={endpoint.id}>
            <Table.Th scope="row" fw={500}>
              <Text size="sm" style={{ wordBreak: 'break-all' }}>
                {endpoint.url}
              </Text>
              {endpoint.description ? (
                <Text size="xs" c="dimmed">
                  {endpoint.description}
                </Text>
              ) : null}
            </Table.Th>
            <Table.Td>
              <CodeList values={endpoint.events} />
            </Table.Td>
            <Table.Td>
              <Code>…{endpoint.secretHint}</Code>
            </Table.Td>
            <Table.Td>
              <StatusBadge active={endpoint.enabled}>{endpoint.enabled ? 'On' : 'Off'}</StatusBadge>
            </Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Button
                  size="compact-sm"
                  variant="outline"
                  aria-label={`${endpoint.enabled ? 'Switch off' : 'Switch on'} ${endpoint.url}`}
                  onClick={() => update.mutate({ id: endpoint.id, enabled: !endpoint.enabled })}
                >
                  {endpoint.enabled ? 'Switch off' : 'Switch on'}
                </Button>
                <Button
                  size="compact-sm"
                  variant="default"
                  aria-label={`New secret for ${endpoint.url}`}
                  onClick={() =>
                    rotate.mutate(endpoint.id, {
                      onSuccess: (r) => onSecret({ url: r.endpoint.url, secret: r.secret }),
                    })
                  }
                >
                  New secret
                </Button>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}

const FIELDS = ['url', 'description', 'events'] as const;

function NewEndpointForm({ onSecret }: { onSecret: (s: { url: string; secret: string }) => void }) {
  const create = useCreateWebhook();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['measure.stored', 'alert.raised', 'session.discharged']);
  const errors = fieldErrorsFrom(create.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { url: url.trim(), description: description.trim(), events },
      {
        onSuccess: (created) => {
          onSecret({ url: created.endpoint.url, secret: created.secret });
          setUrl('');
          setDescription('');
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-endpoint-heading">
      <Stack gap="md">
        <ErrorAlert error={create.error} shownFields={FIELDS} />
        <TextInput
          label="Address"
          description="https://… (http:// only for this machine)"
          required
          {...textField(url, setUrl, errors.url)}
          maxLength={2000}
        />
        <TextInput
          label="Description"
          description="Which system receives it"
          {...textField(description, setDescription, errors.description)}
          maxLength={200}
        />
        <Checkbox.Group
          label="Events"
          value={events}
          onChange={(v) => setEvents(v as WebhookEventType[])}
          error={errors.events}
        >
          <Stack gap="xs" mt="xs">
            {(Object.keys(EVENT_LABELS) as WebhookEventType[]).map((e) => (
              <Checkbox key={e} value={e} label={`${EVENT_LABELS[e]} (${e})`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <div>
          <Button type="submit" loading={create.isPending} disabled={url.trim() === '' || events.length === 0}>
            Register endpoint
          </Button>
        </div>
      </Stack>
    </form>
  );
}

function Deliveries({ endpoints }: { endpoints: readonly WebhookEndpoint[] }) {
  const deliveries = useWebhookDeliveries();
  const urls = new Map(endpoints.map((e) => [e.id, e.url]));
  if (deliveries.error) return <ErrorAlert error={deliveries.error} title="The delivery log could not be loaded" />;
  if (deliveries.isPending) return <LoadingState label="Loading the delivery log…" />;
  if (deliveries.data.length === 0) return <Text c="dimmed">Nothing has been sent yet.</Text>;
  return (
    <DataTable
      caption="Delivery attempts, newest first"
      columns={['Time', 'Event', 'Endpoint', 'Attempt', 'Answer', 'Delivery']}
      minWidth={720}
      verticalSpacing="xs"
    >
      {deliveries.data.map((a) => (
        <Table.Tr key={a.id}>
          <Table.Td>{formatDateTime(a.attemptedAt)}</Table.Td>
          <Table.Td>
            <Code>{a.event}</Code>
          </Table.Td>
          <Table.Td>
            <Text size="sm" style={{ wordBreak: 'break-all' }}>
              {urls.get(a.endpointId) ?? a.endpointId}
            </Text>
          </Table.Td>
          <Table.Td>{a.attempt}</Table.Td>
          <Table.Td>
            {a.statusCode ?? '–'}
            {a.error ? (
              <Text size="xs" c="dimmed">
                {a.error}
              </Text>
            ) : null}
          </Table.Td>
          <Table.Td>
            {DELIVERY_LABELS[a.deliveryStatus]}
            {a.nextAttemptAt ? (
              <Text size="xs" c="dimmed">
                next try {formatDateTime(a.nextAttemptAt)}
              </Text>
            ) : null}
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}

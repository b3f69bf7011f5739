import { useState, type FormEvent } from 'react';
import { Alert, Button, Code, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { ROLE_LABELS } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, textField } from '../../components/forms';
import { formatDateTime } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { CodeList } from '../../components/StatusBadge';
import {
  useBackendClients,
  useRegisterBackendClient,
  useRevokeBackendClient,
  type BackendClient,
} from './backend-clients.api';
import { AccessFields, RevocableTable, useAccessDraft, ValueToCopy } from './credentials';

/**
 * SMART Backend Services clients (on the API tokens page): systems that sign a JWT with their own private key and
 * get five-minute access tokens from /fhir/R4/auth/token. Only their public keys are registered here.
 */
export function BackendClientsSection() {
  const clients = useBackendClients();
  return (
    <Stack gap="md">
      <Title order={2} size="h3" id="backend-clients-heading">
        Backend services (SMART)
      </Title>
      <Text size="sm" c="dimmed">
        A system that can sign with its own key gets short-lived tokens instead of holding a long-lived one: it sends a
        signed JWT (RS384 or ES384) to <Code>/fhir/R4/auth/token</Code> with the client credentials grant. The
        server&apos;s details are at <Code>/fhir/R4/.well-known/smart-configuration</Code>.
      </Text>
      <QueryStatus
        query={clients}
        failed="The backend clients could not be loaded"
        loading="Loading backend clients…"
      />
      {clients.data ? <ClientsTable clients={clients.data} /> : null}
      <Title order={3} size="h4" id="new-backend-client-heading">
        Register a backend client
      </Title>
      <NewClientForm />
    </Stack>
  );
}

function ClientsTable({ clients }: { clients: readonly BackendClient[] }) {
  const revoke = useRevokeBackendClient();
  if (clients.length === 0) return <Text c="dimmed">No backend clients yet.</Text>;
  return (
    <RevocableTable
      items={clients}
      caption="Backend clients"
      columns={[
        { header: 'Client id', cell: (client) => <Code>{client.clientId}</Code> },
        { header: 'Role', cell: (client) => ROLE_LABELS[client.role] },
        { header: 'Scopes', cell: (client) => <CodeList values={client.scopes} /> },
        { header: 'Keys', cell: (client) => <CodeList values={client.keyIds} /> },
        { header: 'Last token', cell: (client) => (client.lastUsedAt ? formatDateTime(client.lastUsedAt) : 'Never') },
      ]}
      statusLabel={(client) => (client.status === 'active' ? 'Active' : 'Revoked')}
      revoke={revoke}
      revokeErrorTitle="The client could not be revoked"
      confirmLabel="Confirm revoking the backend client"
      confirmText={(client) => <>Revoke “{client.name}”? Its tokens stop working at once and it gets no new ones.</>}
    />
  );
}

const FIELDS = ['name', 'role', 'scopes', 'jwks'] as const;

function NewClientForm() {
  const register = useRegisterBackendClient();
  const draft = useAccessDraft();
  const [jwks, setJwks] = useState('');
  const [jwksError, setJwksError] = useState<string | undefined>();
  const [registered, setRegistered] = useState<BackendClient | undefined>();
  const errors = fieldErrorsFrom(register.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRegistered(undefined);
    let keys: unknown;
    try {
      keys = JSON.parse(jwks);
      setJwksError(undefined);
    } catch {
      setJwksError('This is not JSON: paste the key set as {"keys": [ … ]}.');
      return;
    }
    register.mutate(
      { name: draft.name.trim(), role: draft.role, scopes: draft.scopeList(), jwks: keys },
      {
        onSuccess: (client) => {
          setRegistered(client);
          draft.setName('');
          setJwks('');
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-backend-client-heading">
      <Stack gap="md">
        <div aria-live="polite">
          {registered ? (
            <Alert color="green" variant="light" title="Backend client registered">
              Give the other system its client id: it signs its assertions with iss and sub set to it.
              <ValueToCopy value={registered.clientId} />
            </Alert>
          ) : null}
        </div>
        <ErrorAlert error={register.error} shownFields={FIELDS} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <AccessFields
            draft={draft}
            errors={errors}
            nameDescription="Which system it is"
            roleDescription="Its tokens may do what this role may do, and no more than their scopes allow"
            scopesLabel="Scopes it may be granted"
            scopesDescription="SMART v2 system scopes, one a line: system/Observation.rs, system/*.rs"
          />
          <Textarea
            label="Public keys (JWKS)"
            description='The JSON Web Key Set the system gave you: {"keys": [ … ]}, RSA or EC P-384 public keys, each with a kid. Never a private key.'
            required
            autosize
            minRows={3}
            maxRows={10}
            {...textField(jwks, setJwks, jwksError ?? errors.jwks)}
            styles={{ input: { fontFamily: 'monospace' } }}
          />
        </SimpleGrid>
        <div>
          <Button type="submit" loading={register.isPending} disabled={draft.name.trim() === '' || jwks.trim() === ''}>
            Register client
          </Button>
        </div>
      </Stack>
    </form>
  );
}

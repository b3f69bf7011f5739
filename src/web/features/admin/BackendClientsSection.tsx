import { useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Code,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { InlineConfirm } from '../../components/InlineConfirm';
import { fieldErrorsFrom } from '../../components/forms';
import { formatDateTime } from '../../components/format';
import { LoadingState } from '../../components/LoadingState';
import {
  useBackendClients,
  useRegisterBackendClient,
  useRevokeBackendClient,
  type BackendClient,
} from './backend-clients.api';

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
      <ErrorAlert error={clients.error} title="The backend clients could not be loaded" />
      {clients.isPending ? <LoadingState label="Loading backend clients…" /> : null}
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
  const [confirming, setConfirming] = useState<BackendClient | undefined>();
  if (clients.length === 0) return <Text c="dimmed">No backend clients yet.</Text>;
  return (
    <Stack gap="md">
      <ErrorAlert error={revoke.error} title="The client could not be revoked" />
      {confirming ? (
        <InlineConfirm
          label="Confirm revoking the backend client"
          confirmLabel="Yes, revoke"
          isPending={revoke.isPending}
          onConfirm={() => revoke.mutate(confirming.id, { onSettled: () => setConfirming(undefined) })}
          onCancel={() => setConfirming(undefined)}
        >
          Revoke “{confirming.name}”? Its tokens stop working at once and it gets no new ones.
        </InlineConfirm>
      ) : null}
      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing="sm">
          <VisuallyHidden component="caption">Backend clients</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Client id</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Scopes</Table.Th>
              <Table.Th scope="col">Keys</Table.Th>
              <Table.Th scope="col">Last token</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clients.map((client) => (
              <Table.Tr key={client.id}>
                <Table.Th scope="row" fw={500}>
                  {client.name}
                </Table.Th>
                <Table.Td>
                  <Code>{client.clientId}</Code>
                </Table.Td>
                <Table.Td>{ROLE_LABELS[client.role]}</Table.Td>
                <Table.Td>
                  {client.scopes.map((s) => (
                    <Code key={s} mr={4}>
                      {s}
                    </Code>
                  ))}
                </Table.Td>
                <Table.Td>
                  {client.keyIds.map((k) => (
                    <Code key={k} mr={4}>
                      {k}
                    </Code>
                  ))}
                </Table.Td>
                <Table.Td>{client.lastUsedAt ? formatDateTime(client.lastUsedAt) : 'Never'}</Table.Td>
                <Table.Td>
                  <Badge
                    variant={client.status === 'active' ? 'filled' : 'outline'}
                    color={client.status === 'active' ? 'clinic' : 'gray'}
                  >
                    {client.status === 'active' ? 'Active' : 'Revoked'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {client.status === 'active' ? (
                    <Button
                      size="compact-sm"
                      color="red"
                      variant="outline"
                      aria-label={`Revoke ${client.name}`}
                      onClick={() => setConfirming(client)}
                    >
                      Revoke
                    </Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

const FIELDS = ['name', 'role', 'scopes', 'jwks'] as const;

function NewClientForm() {
  const register = useRegisterBackendClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('nurse');
  const [scopes, setScopes] = useState('system/Patient.rs\nsystem/Observation.rs');
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
    const list = scopes
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    register.mutate(
      { name: name.trim(), role, scopes: list, jwks: keys },
      {
        onSuccess: (client) => {
          setRegistered(client);
          setName('');
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
              <Text mt="xs">
                <Code fz="md">{registered.clientId}</Code>
              </Text>
            </Alert>
          ) : null}
        </div>
        <ErrorAlert error={register.error} shownFields={FIELDS} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Name"
            description="Which system it is"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            maxLength={100}
          />
          <NativeSelect
            label="Role"
            description="Its tokens may do what this role may do, and no more than their scopes allow"
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as StaffRole)}
            error={errors.role}
            data={STAFF_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          />
          <Textarea
            label="Scopes it may be granted"
            description="SMART v2 system scopes, one a line: system/Observation.rs, system/*.rs"
            autosize
            minRows={3}
            value={scopes}
            onChange={(e) => setScopes(e.currentTarget.value)}
            error={errors.scopes}
          />
          <Textarea
            label="Public keys (JWKS)"
            description='The JSON Web Key Set the system gave you: {"keys": [ … ]}, RSA or EC P-384 public keys, each with a kid. Never a private key.'
            required
            autosize
            minRows={3}
            maxRows={10}
            value={jwks}
            onChange={(e) => setJwks(e.currentTarget.value)}
            error={jwksError ?? errors.jwks}
            styles={{ input: { fontFamily: 'monospace' } }}
          />
        </SimpleGrid>
        <div>
          <Button type="submit" loading={register.isPending} disabled={name.trim() === '' || jwks.trim() === ''}>
            Register client
          </Button>
        </div>
      </Stack>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Code,
  NativeSelect,
  Paper,
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
import { PageHeader } from '../../components/PageHeader';
import { useApiTokens, useCreateApiToken, useRevokeApiToken, type ApiToken } from './api-tokens.api';
import { BackendClientsSection } from './BackendClientsSection';

const STATUS_LABEL: Record<ApiToken['status'], string> = { active: 'Active', revoked: 'Revoked', expired: 'Expired' };

/** API tokens for other systems: who holds which scopes, when each was last used, and revoking one. */
export function ApiTokensPage() {
  const tokens = useApiTokens();
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let another system read this clinic's records from the FHIR server (/fhir/R4) with Authorization: Bearer. Each is limited by its role and its scopes, and every use is in the audit log."
      />
      <Stack gap="xl">
        <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }} component="section" aria-labelledby="tokens-heading">
          <Title order={2} size="h3" id="tokens-heading" mb="md">
            Tokens
          </Title>
          <ErrorAlert error={tokens.error} title="The tokens could not be loaded" />
          {tokens.isPending ? <LoadingState label="Loading tokens…" /> : null}
          {tokens.data ? <TokensTable tokens={tokens.data} /> : null}
        </Paper>
        <Paper
          withBorder
          radius="md"
          p={{ base: 'sm', sm: 'lg' }}
          component="section"
          aria-labelledby="new-token-heading"
        >
          <Title order={2} size="h3" id="new-token-heading" mb="md">
            Create a token
          </Title>
          <NewTokenForm />
        </Paper>
        <Paper
          withBorder
          radius="md"
          p={{ base: 'sm', sm: 'lg' }}
          component="section"
          aria-labelledby="backend-clients-heading"
        >
          <BackendClientsSection />
        </Paper>
      </Stack>
    </>
  );
}

function TokensTable({ tokens }: { tokens: readonly ApiToken[] }) {
  const revoke = useRevokeApiToken();
  const [confirming, setConfirming] = useState<ApiToken | undefined>();
  if (tokens.length === 0) return <Text c="dimmed">No tokens yet.</Text>;
  return (
    <Stack gap="md">
      <ErrorAlert error={revoke.error} title="The token could not be revoked" />
      {confirming ? (
        <InlineConfirm
          label="Confirm revoking"
          confirmLabel="Yes, revoke"
          isPending={revoke.isPending}
          onConfirm={() => revoke.mutate(confirming.id, { onSettled: () => setConfirming(undefined) })}
          onCancel={() => setConfirming(undefined)}
        >
          Revoke “{confirming.name}”? Systems using it are refused at once.
        </InlineConfirm>
      ) : null}
      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing="sm">
          <VisuallyHidden component="caption">API tokens</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Scopes</Table.Th>
              <Table.Th scope="col">Ends with</Table.Th>
              <Table.Th scope="col">Last used</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.map((token) => (
              <Table.Tr key={token.id}>
                <Table.Th scope="row" fw={500}>
                  {token.name}
                </Table.Th>
                <Table.Td>{ROLE_LABELS[token.role]}</Table.Td>
                <Table.Td>
                  {token.scopes.map((s) => (
                    <Code key={s} mr={4}>
                      {s}
                    </Code>
                  ))}
                </Table.Td>
                <Table.Td>
                  <Code>…{token.secretHint}</Code>
                </Table.Td>
                <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</Table.Td>
                <Table.Td>
                  <Badge
                    variant={token.status === 'active' ? 'filled' : 'outline'}
                    color={token.status === 'active' ? 'clinic' : 'gray'}
                  >
                    {STATUS_LABEL[token.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {token.status === 'active' ? (
                    <Button
                      size="compact-sm"
                      color="red"
                      variant="outline"
                      aria-label={`Revoke ${token.name}`}
                      onClick={() => setConfirming(token)}
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

const FIELDS = ['name', 'role', 'scopes', 'patientId'] as const;

function NewTokenForm() {
  const create = useCreateApiToken();
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('nurse');
  const [scopes, setScopes] = useState('system/Patient.rs\nsystem/Observation.rs');
  const [patientId, setPatientId] = useState('');
  const [secret, setSecret] = useState<string | undefined>();
  const errors = fieldErrorsFrom(create.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSecret(undefined);
    const list = scopes
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    create.mutate(
      { name: name.trim(), role, scopes: list, ...(patientId.trim() ? { patientId: patientId.trim() } : {}) },
      {
        onSuccess: (created) => {
          setSecret(created.secret);
          setName('');
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-token-heading">
      <Stack gap="md">
        <div aria-live="polite">
          {secret ? (
            <Alert color="green" variant="light" title="Token created">
              Copy it now and give it to the other system by a safe route: it is shown this once only.
              <Text mt="xs">
                <Code fz="md">{secret}</Code>
              </Text>
            </Alert>
          ) : null}
        </div>
        <ErrorAlert error={create.error} shownFields={FIELDS} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Name"
            description="Which system holds it"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            maxLength={100}
          />
          <NativeSelect
            label="Role"
            description="The token may do what this role may do, and no more than its scopes allow"
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as StaffRole)}
            error={errors.role}
            data={STAFF_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          />
          <Textarea
            label="Scopes"
            description="SMART v2 scopes, one a line: system/Observation.rs (read and search), system/*.rs (everything), patient/Observation.rs (one patient)"
            autosize
            minRows={3}
            value={scopes}
            onChange={(e) => setScopes(e.currentTarget.value)}
            error={errors.scopes}
          />
          <TextInput
            label="Patient id"
            description="Only for patient/ scopes: the one patient the token reaches"
            value={patientId}
            onChange={(e) => setPatientId(e.currentTarget.value)}
            error={errors.patientId}
          />
        </SimpleGrid>
        <div>
          <Button type="submit" loading={create.isPending} disabled={name.trim() === ''}>
            Create token
          </Button>
        </div>
      </Stack>
    </form>
  );
}

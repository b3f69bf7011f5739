import { useState, type FormEvent } from 'react';
import { Alert, Button, Code, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { ROLE_LABELS } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, textField } from '../../components/forms';
import { formatDateTime } from '../../components/format';
import { QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { CodeList } from '../../components/StatusBadge';
import { useApiTokens, useCreateApiToken, useRevokeApiToken, type ApiToken } from './api-tokens.api';
import { BackendClientsSection } from './BackendClientsSection';
import { AccessFields, RevocableTable, useAccessDraft, ValueToCopy } from './credentials';

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
        <Section id="tokens" title="Tokens">
          <QueryStatus query={tokens} failed="The tokens could not be loaded" loading="Loading tokens…" />
          {tokens.data ? <TokensTable tokens={tokens.data} /> : null}
        </Section>
        <Section id="new-token" title="Create a token">
          <NewTokenForm />
        </Section>
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
  if (tokens.length === 0) return <Text c="dimmed">No tokens yet.</Text>;
  return (
    <RevocableTable
      items={tokens}
      caption="API tokens"
      columns={[
        { header: 'Role', cell: (token) => ROLE_LABELS[token.role] },
        { header: 'Scopes', cell: (token) => <CodeList values={token.scopes} /> },
        { header: 'Ends with', cell: (token) => <Code>…{token.secretHint}</Code> },
        { header: 'Last used', cell: (token) => (token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never') },
      ]}
      statusLabel={(token) => STATUS_LABEL[token.status]}
      revoke={revoke}
      revokeErrorTitle="The token could not be revoked"
      confirmLabel="Confirm revoking"
      confirmText={(token) => <>Revoke “{token.name}”? Systems using it are refused at once.</>}
    />
  );
}

const FIELDS = ['name', 'role', 'scopes', 'patientId'] as const;

function NewTokenForm() {
  const create = useCreateApiToken();
  const draft = useAccessDraft();
  const [patientId, setPatientId] = useState('');
  const [secret, setSecret] = useState<string | undefined>();
  const errors = fieldErrorsFrom(create.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSecret(undefined);
    create.mutate(
      {
        name: draft.name.trim(),
        role: draft.role,
        scopes: draft.scopeList(),
        ...(patientId.trim() ? { patientId: patientId.trim() } : {}),
      },
      {
        onSuccess: (created) => {
          setSecret(created.secret);
          draft.setName('');
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
              <ValueToCopy value={secret} />
            </Alert>
          ) : null}
        </div>
        <ErrorAlert error={create.error} shownFields={FIELDS} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <AccessFields
            draft={draft}
            errors={errors}
            nameDescription="Which system holds it"
            roleDescription="The token may do what this role may do, and no more than its scopes allow"
            scopesLabel="Scopes"
            scopesDescription="SMART v2 scopes, one a line: system/Observation.rs (read and search), system/*.rs (everything), patient/Observation.rs (one patient)"
          />
          <TextInput
            label="Patient id"
            description="Only for patient/ scopes: the one patient the token reaches"
            {...textField(patientId, setPatientId, errors.patientId)}
          />
        </SimpleGrid>
        <div>
          <Button type="submit" loading={create.isPending} disabled={draft.name.trim() === ''}>
            Create token
          </Button>
        </div>
      </Stack>
    </form>
  );
}

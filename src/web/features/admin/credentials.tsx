/**
 * What the API tokens and the SMART backend clients have in common (both on the API tokens page): a list in which
 * each active one can be revoked after an inline confirmation, and the name, role and scopes a new one is given.
 */
import { useState, type ReactNode } from 'react';
import { Button, Code, NativeSelect, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { FieldErrors } from '../../components/forms';
import { InlineConfirm } from '../../components/InlineConfirm';
import { StatusBadge } from '../../components/StatusBadge';

interface Revocable {
  readonly id: string;
  readonly name: string;
  readonly status: string;
}

export interface CredentialColumn<T> {
  readonly header: string;
  readonly cell: (item: T) => ReactNode;
}

export interface RevocableTableProps<T extends Revocable> {
  readonly items: readonly T[];
  /** The table's caption, e.g. "API tokens". */
  readonly caption: string;
  /** The columns between the name (the row's header) and the status. */
  readonly columns: readonly CredentialColumn<T>[];
  readonly statusLabel: (item: T) => string;
  /** The revoke mutation: it takes the item's id. */
  readonly revoke: {
    readonly error: unknown;
    readonly isPending: boolean;
    readonly mutate: (id: string, options: { onSettled: () => void }) => void;
  };
  readonly revokeErrorTitle: string;
  /** The confirmation's accessible name. */
  readonly confirmLabel: string;
  /** What revoking this one does, as a question. */
  readonly confirmText: (item: T) => ReactNode;
}

/** The list, with a Revoke button ("Revoke <name>") on each active row and its confirmation above the table. */
export function RevocableTable<T extends Revocable>({
  items,
  caption,
  columns,
  statusLabel,
  revoke,
  revokeErrorTitle,
  confirmLabel,
  confirmText,
}: RevocableTableProps<T>) {
  const [confirming, setConfirming] = useState<T | undefined>();
  return (
    <Stack gap="md">
      <ErrorAlert error={revoke.error} title={revokeErrorTitle} />
      {confirming ? (
        <InlineConfirm
          label={confirmLabel}
          confirmLabel="Yes, revoke"
          isPending={revoke.isPending}
          onConfirm={() => revoke.mutate(confirming.id, { onSettled: () => setConfirming(undefined) })}
          onCancel={() => setConfirming(undefined)}
        >
          {confirmText(confirming)}
        </InlineConfirm>
      ) : null}
      <DataTable
        caption={caption}
        columns={['Name', ...columns.map((column) => column.header), 'Status']}
        minWidth={640}
        withActions
      >
        {items.map((item) => (
          <Table.Tr key={item.id}>
            <Table.Th scope="row" fw={500}>
              {item.name}
            </Table.Th>
            {columns.map((column) => (
              <Table.Td key={column.header}>{column.cell(item)}</Table.Td>
            ))}
            <Table.Td>
              <StatusBadge active={item.status === 'active'}>{statusLabel(item)}</StatusBadge>
            </Table.Td>
            <Table.Td>
              {item.status === 'active' ? (
                <Button
                  size="compact-sm"
                  color="red"
                  variant="outline"
                  aria-label={`Revoke ${item.name}`}
                  onClick={() => setConfirming(item)}
                >
                  Revoke
                </Button>
              ) : null}
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}

/** A new credential's name, role and scopes as typed (two scopes to start with). */
export function useAccessDraft() {
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('nurse');
  const [scopes, setScopes] = useState('system/Patient.rs\nsystem/Observation.rs');
  return {
    name,
    setName,
    role,
    setRole,
    scopes,
    setScopes,
    /** The scopes typed, split at spaces, commas and line ends. */
    scopeList: (): string[] =>
      scopes
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
  };
}

export type AccessDraft = ReturnType<typeof useAccessDraft>;

/** The Name, Role and scopes inputs, for a grid of fields (each kind of credential words them its own way). */
export function AccessFields({
  draft,
  errors,
  nameDescription,
  roleDescription,
  scopesLabel,
  scopesDescription,
}: {
  readonly draft: AccessDraft;
  readonly errors: FieldErrors;
  readonly nameDescription: string;
  readonly roleDescription: string;
  readonly scopesLabel: string;
  readonly scopesDescription: string;
}) {
  return (
    <>
      <TextInput
        label="Name"
        description={nameDescription}
        required
        value={draft.name}
        onChange={(e) => draft.setName(e.currentTarget.value)}
        error={errors.name}
        maxLength={100}
      />
      <NativeSelect
        label="Role"
        description={roleDescription}
        value={draft.role}
        onChange={(e) => draft.setRole(e.currentTarget.value as StaffRole)}
        error={errors.role}
        data={STAFF_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
      />
      <Textarea
        label={scopesLabel}
        description={scopesDescription}
        autosize
        minRows={3}
        value={draft.scopes}
        onChange={(e) => draft.setScopes(e.currentTarget.value)}
        error={errors.scopes}
      />
    </>
  );
}

/** A value to copy now (a secret, a client id, a temporary password) under the text that says what to do with it. */
export function ValueToCopy({ value, label }: { readonly value: string; readonly label?: string }) {
  return (
    <Text mt="xs">
      {label ? `${label} ` : null}
      <Code fz="md">{value}</Code>
    </Text>
  );
}

import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { InlineConfirm } from '../../components/InlineConfirm';
import { fieldErrorsFrom, hasErrors, textFields, type FieldErrors } from '../../components/forms';
import { SubmitButton } from '../../components/FormActions';
import { QueryStatus } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { StatusBadge } from '../../components/StatusBadge';
import { useSession } from '../auth/session';
import { useAccountAction, useCreateStaffUser, useStaffUsers, type AccountAction, type StaffUser } from './admin.api';
import { ValueToCopy } from './credentials';

const MIN_PASSWORD_LENGTH = 10;

export function UsersPage() {
  const users = useStaffUsers();
  return (
    <>
      <PageHeader
        title="Staff accounts"
        description="Everyone who can sign in to this clinic, and their role. Deactivating someone signs them out everywhere at once; their records stay."
      />
      <Stack gap="xl">
        <Section id="users-list" title="Accounts">
          <QueryStatus query={users} failed="The accounts could not be loaded" loading="Loading accounts…" />
          {users.data ? <UsersTable users={users.data} /> : null}
        </Section>
        <Section id="new-user" title="Add a staff account">
          <NewUserForm />
        </Section>
      </Stack>
    </>
  );
}

function UsersTable({ users }: { users: readonly StaffUser[] }) {
  const sorted = [...users].sort((a, b) => a.displayName.localeCompare(b.displayName));
  const [managedId, setManagedId] = useState<string | undefined>();
  const managed = users.find((u) => u.id === managedId);
  return (
    <Stack gap="md">
      <DataTable
        caption="Staff accounts"
        columns={['Name', 'Email', 'Role', 'Two-step verification', 'Status']}
        minWidth={560}
        withActions
      >
        {sorted.map((user) => (
          <Table.Tr key={user.id}>
            <Table.Th scope="row" fw={500}>
              {user.displayName}
            </Table.Th>
            <Table.Td>{user.email}</Table.Td>
            <Table.Td>{ROLE_LABELS[user.role]}</Table.Td>
            <Table.Td>{user.mfaEnabled ? 'On' : 'Off'}</Table.Td>
            <Table.Td>
              <StatusBadge active={user.isActive}>{user.isActive ? 'Active' : 'Deactivated'}</StatusBadge>
              {user.mustChangePassword ? (
                <Text size="xs" c="dimmed">
                  Temporary password
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>
              <Button
                size="compact-sm"
                variant={managedId === user.id ? 'filled' : 'default'}
                aria-label={`Manage ${user.displayName}`}
                aria-expanded={managedId === user.id}
                onClick={() => setManagedId(managedId === user.id ? undefined : user.id)}
              >
                Manage
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {managed ? <ManageAccount key={managed.id} user={managed} /> : null}
    </Stack>
  );
}

const ACTION_DONE: Record<AccountAction['kind'], string> = {
  deactivate: 'Deactivated: signed out everywhere; they can no longer sign in. Their records are kept.',
  reactivate: 'Reactivated: they can sign in again.',
  'password-reset':
    'The password was reset and their sessions ended. Give them the temporary password below by a safe route; they must change it when they sign in.',
  'mfa-reset':
    'Two-step verification was removed and their sessions ended; they set it up again at their next sign-in.',
  role: 'The role was changed; it applies at once.',
};

/** One account's actions, each confirmed before it runs. */
function ManageAccount({ user }: { user: StaffUser }) {
  const session = useSession();
  const action = useAccountAction(user.id);
  const [pending, setPending] = useState<AccountAction | undefined>();
  const [role, setRole] = useState<StaffRole>(user.role);
  const [done, setDone] = useState<
    { kind: AccountAction['kind']; temporaryPassword?: string | undefined } | undefined
  >();
  const isSelf = user.id === session.user.userId;

  const confirmText = (a: AccountAction): string => {
    switch (a.kind) {
      case 'deactivate':
        return `Deactivate ${user.displayName}? ${isSelf ? 'You will be signed out at once.' : 'They are signed out everywhere at once.'}`;
      case 'reactivate':
        return `Reactivate ${user.displayName}?`;
      case 'password-reset':
        return `Reset the password of ${user.displayName}? Their current password stops working and their sessions end.`;
      case 'mfa-reset':
        return `Remove two-step verification of ${user.displayName}? Their sessions end; they set it up again at the next sign-in.`;
      case 'role':
        return `Change the role of ${user.displayName} from ${ROLE_LABELS[user.role]} to ${ROLE_LABELS[a.role]}?`;
    }
  };

  const run = (a: AccountAction) => {
    setDone(undefined);
    action.mutate(a, {
      onSuccess: (result) => {
        setDone({ kind: a.kind, temporaryPassword: result.temporaryPassword });
        setPending(undefined);
      },
      onError: () => setPending(undefined),
    });
  };

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="manage-account-heading">
      <Title order={3} size="h4" id="manage-account-heading" mb="sm">
        Manage {user.displayName}
      </Title>
      <Stack gap="sm">
        <div aria-live="polite">
          {done ? (
            <Alert color="green" variant="light" title="Done">
              {ACTION_DONE[done.kind]}
              {done.temporaryPassword ? (
                <ValueToCopy label="Temporary password (shown once):" value={done.temporaryPassword} />
              ) : null}
            </Alert>
          ) : null}
        </div>
        <ErrorAlert error={action.error} title="That did not work" />
        {pending ? (
          <InlineConfirm
            label="Confirm the change"
            confirmLabel="Yes, go ahead"
            isPending={action.isPending}
            onConfirm={() => run(pending)}
            onCancel={() => setPending(undefined)}
          >
            {confirmText(pending)}
          </InlineConfirm>
        ) : (
          <>
            <Group gap="sm" align="flex-end">
              <NativeSelect
                label="Role"
                value={role}
                onChange={(e) => setRole(e.currentTarget.value as StaffRole)}
                data={STAFF_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
              />
              <Button
                variant="default"
                disabled={role === user.role}
                onClick={() => setPending({ kind: 'role', role })}
              >
                Change role
              </Button>
            </Group>
            <Group gap="sm">
              <Button variant="default" onClick={() => setPending({ kind: 'password-reset' })}>
                Reset password
              </Button>
              <Button variant="default" disabled={!user.mfaEnabled} onClick={() => setPending({ kind: 'mfa-reset' })}>
                Reset two-step verification
              </Button>
              {user.isActive ? (
                <Button color="red" variant="outline" onClick={() => setPending({ kind: 'deactivate' })}>
                  Deactivate
                </Button>
              ) : (
                <Button variant="outline" onClick={() => setPending({ kind: 'reactivate' })}>
                  Reactivate
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

const EMPTY = { displayName: '', email: '', role: '' as StaffRole | '', password: '' };
const FIELDS = ['displayName', 'email', 'role', 'password'] as const;

function NewUserForm() {
  const create = useCreateStaffUser();
  const [values, setValues] = useState(EMPTY);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<StaffUser | undefined>();
  const errors = hasErrors(clientErrors) ? clientErrors : fieldErrorsFrom(create.error, FIELDS);

  const field = textFields(values, setValues, errors);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {
      displayName: values.displayName.trim() ? undefined : 'Enter the person’s name.',
      email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())
        ? undefined
        : 'Enter an email address like name@example.com.',
      role: values.role ? undefined : 'Choose a role.',
      password:
        values.password === '' || values.password.length >= MIN_PASSWORD_LENGTH
          ? undefined
          : `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
    };
    setClientErrors(found);
    setCreated(undefined);
    if (hasErrors(found) || !values.role) return;
    create.mutate(
      {
        displayName: values.displayName.trim(),
        email: values.email.trim(),
        role: values.role,
        ...(values.password ? { password: values.password } : {}),
      },
      {
        onSuccess: (user) => {
          setCreated(user);
          setValues(EMPTY);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-user-heading">
      <Stack gap="md">
        <div aria-live="polite">
          {created ? (
            <Alert color="green" variant="light" title="Account created">
              {created.displayName} can now sign in as {created.email}. Give them the password by a safe route: they
              choose their own at the first sign-in.
              {created.temporaryPassword ? (
                <ValueToCopy label="Temporary password (shown once):" value={created.temporaryPassword} />
              ) : null}
            </Alert>
          ) : null}
        </div>
        {hasErrors(clientErrors) ? null : <ErrorAlert error={create.error} shownFields={FIELDS} />}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Name" required autoComplete="off" {...field('displayName')} maxLength={100} />
          <TextInput label="Email" type="email" required autoComplete="off" {...field('email')} maxLength={200} />
          <NativeSelect
            label="Role"
            required
            {...field('role')}
            data={[
              { value: '', label: 'Choose…', disabled: true },
              ...STAFF_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] })),
            ]}
          />
          <PasswordInput
            label="Temporary password"
            description={`At least ${MIN_PASSWORD_LENGTH} characters, or leave empty to have one made. It must be changed at the first sign-in.`}
            autoComplete="new-password"
            {...field('password')}
            maxLength={200}
          />
        </SimpleGrid>
        <SubmitButton isPending={create.isPending}>Create account</SubmitButton>
      </Stack>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, NativeSelect, Paper, PasswordInput, SimpleGrid, Stack, Table, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, hasErrors, type FieldErrors } from '../../components/forms';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { useCreateStaffUser, useStaffUsers, type StaffUser } from './admin.api';

const MIN_PASSWORD_LENGTH = 10;

export function UsersPage() {
  const users = useStaffUsers();
  return (
    <>
      <PageHeader title="Staff accounts" description="Everyone who can sign in to this clinic, and their role." />
      <Stack gap="xl">
        <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }} component="section" aria-labelledby="users-list-heading">
          <Title order={2} size="h3" id="users-list-heading" mb="md">Accounts</Title>
          <ErrorAlert error={users.error} title="The accounts could not be loaded" />
          {users.isPending ? <LoadingState label="Loading accounts…" /> : null}
          {users.data ? <UsersTable users={users.data} /> : null}
        </Paper>
        <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }} component="section" aria-labelledby="new-user-heading">
          <Title order={2} size="h3" id="new-user-heading" mb="md">Add a staff account</Title>
          <NewUserForm />
        </Paper>
      </Stack>
    </>
  );
}

function UsersTable({ users }: { users: readonly StaffUser[] }) {
  const sorted = [...users].sort((a, b) => a.displayName.localeCompare(b.displayName));
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped verticalSpacing="sm">
        <VisuallyHidden component="caption">Staff accounts</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Email</Table.Th>
            <Table.Th scope="col">Role</Table.Th>
            <Table.Th scope="col">Two-step verification</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((user) => (
            <Table.Tr key={user.id}>
              <Table.Th scope="row" fw={500}>{user.displayName}</Table.Th>
              <Table.Td>{user.email}</Table.Td>
              <Table.Td>{ROLE_LABELS[user.role]}</Table.Td>
              <Table.Td>{user.mfaEnabled ? 'On' : 'Off'}</Table.Td>
              <Table.Td>
                <Badge variant={user.isActive ? 'filled' : 'outline'} color={user.isActive ? 'clinic' : 'gray'}>{user.isActive ? 'Active' : 'Disabled'}</Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
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

  const set = (key: keyof typeof EMPTY) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setValues((current) => ({ ...current, [key]: value }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {
      displayName: values.displayName.trim() ? undefined : 'Enter the person’s name.',
      email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim()) ? undefined : 'Enter an email address like name@example.com.',
      role: values.role ? undefined : 'Choose a role.',
      password: values.password.length >= MIN_PASSWORD_LENGTH ? undefined : `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
    };
    setClientErrors(found);
    setCreated(undefined);
    if (hasErrors(found) || !values.role) return;
    create.mutate(
      { displayName: values.displayName.trim(), email: values.email.trim(), role: values.role, password: values.password },
      { onSuccess: (user) => { setCreated(user); setValues(EMPTY); } },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-user-heading">
      <Stack gap="md">
        <div aria-live="polite">
          {created ? (
            <Alert color="green" variant="light" title="Account created">
              {created.displayName} can now sign in as {created.email}. Give them the password by a safe route.
            </Alert>
          ) : null}
        </div>
        {hasErrors(clientErrors) ? null : <ErrorAlert error={create.error} shownFields={FIELDS} />}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Name" required autoComplete="off" value={values.displayName} onChange={set('displayName')} error={errors.displayName} maxLength={100} />
          <TextInput label="Email" type="email" required autoComplete="off" value={values.email} onChange={set('email')} error={errors.email} maxLength={200} />
          <NativeSelect
            label="Role"
            required
            value={values.role}
            onChange={set('role')}
            error={errors.role}
            data={[{ value: '', label: 'Choose…', disabled: true }, ...STAFF_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))]}
          />
          <PasswordInput
            label="Temporary password"
            description={`At least ${MIN_PASSWORD_LENGTH} characters.`}
            required
            autoComplete="new-password"
            value={values.password}
            onChange={set('password')}
            error={errors.password}
            maxLength={200}
          />
        </SimpleGrid>
        <div>
          <Button type="submit" loading={create.isPending}>Create account</Button>
        </div>
      </Stack>
    </form>
  );
}

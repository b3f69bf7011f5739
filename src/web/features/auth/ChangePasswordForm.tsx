/**
 * Choosing one's own password: at the first sign-in with a temporary password (a step of sign-in), and later from
 * "Change password" in the header. The server ends the user's other sessions.
 */
import { useState, type FormEvent } from 'react';
import { Alert, Button, Paper, PasswordInput, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, hasErrors, textField, type FieldErrors } from '../../components/forms';
import { PageHeader } from '../../components/PageHeader';
import { useChangePassword, useSignOut } from './auth.api';
import { SubmitButton } from '../../components/FormActions';

const MIN_PASSWORD_LENGTH = 10;
const FIELDS = ['currentPassword', 'newPassword'] as const;

export function ChangePasswordForm({
  currentLabel,
  onChanged,
}: {
  currentLabel: string;
  onChanged?: (endedSessions: number) => void;
}) {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const errors = hasErrors(clientErrors) ? clientErrors : fieldErrorsFrom(change.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {
      currentPassword: current ? undefined : 'Enter your current password.',
      newPassword:
        next.length >= MIN_PASSWORD_LENGTH
          ? next === current
            ? 'Choose a password different from the current one.'
            : undefined
          : `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
      repeat: repeat === next ? undefined : 'The two new passwords differ.',
    };
    setClientErrors(found);
    if (hasErrors(found)) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: (result) => {
          setCurrent('');
          setNext('');
          setRepeat('');
          onChanged?.(result.endedSessions);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Change password">
      <Stack gap="md">
        {hasErrors(clientErrors) ? null : <ErrorAlert error={change.error} shownFields={FIELDS} />}
        <PasswordInput
          label={currentLabel}
          autoComplete="current-password"
          required
          {...textField(current, setCurrent, errors.currentPassword)}
          maxLength={200}
        />
        <PasswordInput
          label="New password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          autoComplete="new-password"
          required
          {...textField(next, setNext, errors.newPassword)}
          maxLength={200}
        />
        <PasswordInput
          label="New password again"
          autoComplete="new-password"
          required
          {...textField(repeat, setRepeat, errors.repeat)}
          maxLength={200}
        />
        <SubmitButton isPending={change.isPending}>Change password</SubmitButton>
      </Stack>
    </form>
  );
}

/** The sign-in step for an account with a temporary password. */
export function ChangePasswordStep() {
  const signOut = useSignOut();
  return (
    <Stack gap="md">
      <PageHeader
        title="Choose your own password"
        headingId="change-password-heading"
        description="You signed in with a temporary password. Choose your own before you continue; if your clinic requires it, you then set up two-step verification."
      />
      <ChangePasswordForm currentLabel="Temporary password" />
      <Text size="sm">
        <Button variant="subtle" size="compact-sm" onClick={() => signOut.mutate()}>
          Sign out instead
        </Button>
      </Text>
    </Stack>
  );
}

/** "Change password" for a signed-in user. */
export function ChangePasswordPage() {
  const [ended, setEnded] = useState<number | undefined>();
  return (
    <>
      <PageHeader
        title="Change password"
        description="Your other sessions (other browsers and devices) are signed out when you change it."
      />
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }} maw={520}>
        <Stack gap="md">
          <div aria-live="polite">
            {ended !== undefined ? (
              <Alert color="green" variant="light" title="Password changed">
                {ended === 0
                  ? 'You had no other sessions.'
                  : `${ended} other ${ended === 1 ? 'session was' : 'sessions were'} signed out.`}
              </Alert>
            ) : null}
          </div>
          <ChangePasswordForm currentLabel="Current password" onChanged={setEnded} />
        </Stack>
      </Paper>
    </>
  );
}

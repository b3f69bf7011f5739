import { useRef, useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { isApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, textField, type FieldErrors } from '../../components/forms';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { useSignIn } from './auth.api';
import { AuthLayout } from './AuthLayout';
import { ChangePasswordStep } from './ChangePasswordForm';
import { MfaEnrolStep } from './MfaEnrolStep';
import { MfaVerifyStep } from './MfaVerifyStep';
import type { SignInLocationState } from './RequireSession';
import { useSessionQuery } from './session';

/**
 * Sign-in, in the steps the server asks for: password, then (when the account needs it) the second factor,
 * either a code from the authenticator app or, the first time, enrolment. Which step shows follows the session
 * from /api/auth/me, so a reload in the middle comes back to the same step.
 */
export function SignInPage() {
  const session = useSessionQuery();
  const location = useLocation();
  const state = (location.state ?? {}) as SignInLocationState;

  let content;
  if (session.isPending) content = <LoadingState label="Checking your session…" />;
  else if (session.data?.mfa === 'complete' && !session.data.mustChangePassword)
    return <Navigate to={safeRedirect(state.from)} replace />;
  else if (session.data?.mfa === 'verify') content = <MfaVerifyStep email={session.data.user.email} />;
  // A temporary password is changed before anything else, and before a second factor is set up: the factor then
  // belongs to whoever chose the account's own password.
  else if (session.data?.mustChangePassword) content = <ChangePasswordStep />;
  else if (session.data?.mfa === 'enrol') content = <MfaEnrolStep email={session.data.user.email} />;
  else content = <PasswordStep reason={state.reason} />;
  return <AuthLayout>{content}</AuthLayout>;
}

/** Only paths inside this app: never an absolute URL handed in from outside. */
function safeRedirect(from: string | undefined): string {
  return from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/sign-in') ? from : '/';
}

function PasswordStep({ reason }: { reason: SignInLocationState['reason'] }) {
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const passwordRef = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing: FieldErrors = {
      email: email.trim() ? undefined : 'Enter your email address.',
      password: password ? undefined : 'Enter your password.',
    };
    setErrors(missing);
    if (missing.email || missing.password) return;
    signIn.mutate(
      { email: email.trim(), password },
      {
        onError: (error) => {
          setErrors(fieldErrorsFrom(error, ['email', 'password']));
          if (isApiError(error) && error.status === 401) {
            setPassword('');
            passwordRef.current?.focus();
          }
        },
      },
    );
  };

  const failed = signIn.error;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="sign-in-heading">
      <Stack gap="md">
        <PageHeader title="Sign in" headingId="sign-in-heading" description="Use your clinic staff account." />
        {reason && !failed ? (
          <Alert
            color="clinic"
            variant="light"
            role="status"
            title={reason === 'expired' ? 'Your session has ended' : 'You have signed out'}
          >
            {reason === 'expired'
              ? 'For your patients’ privacy, sessions end after a period without activity. Sign in again to continue.'
              : 'Sign in again to continue working.'}
          </Alert>
        ) : null}
        <ErrorAlert
          error={failed}
          title={isApiError(failed) && failed.status === 401 ? 'Sign-in failed' : undefined}
          shownFields={['email', 'password']}
        />
        <TextInput
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          inputMode="email"
          required
          withAsterisk={false}
          {...textField(email, setEmail, errors.email)}
        />
        <PasswordInput
          ref={passwordRef}
          label="Password"
          name="password"
          autoComplete="current-password"
          required
          withAsterisk={false}
          {...textField(password, setPassword, errors.password)}
        />
        <Button type="submit" loading={signIn.isPending} fullWidth>
          Sign in
        </Button>
        <Text size="sm" c="dimmed">
          Forgotten your password? Ask your clinic's administrator to reset it.
        </Text>
      </Stack>
    </form>
  );
}

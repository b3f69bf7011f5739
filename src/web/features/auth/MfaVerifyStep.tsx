import { useState, type FormEvent } from 'react';
import { Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useSignOut, useVerifySecondFactor } from './auth.api';
import { textField } from '../../components/forms';

/** The second sign-in step: the 6-digit code from the authenticator app, or one of the recovery codes. */
export function MfaVerifyStep({ email }: { email: string }) {
  const verify = useVerifySecondFactor();
  const signOut = useSignOut();
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (useRecoveryCode) {
      if (!recoveryCode.trim()) return setFieldError('Enter one of your recovery codes.');
      setFieldError(undefined);
      verify.mutate({ recoveryCode: recoveryCode.trim() });
    } else {
      const digits = code.replace(/\s/g, '');
      if (!/^\d{6}$/.test(digits)) return setFieldError('Enter the 6 digits shown in your authenticator app.');
      setFieldError(undefined);
      verify.mutate({ code: digits }, { onError: () => setCode('') });
    }
  };

  const switchMethod = () => {
    setUseRecoveryCode((current) => !current);
    setFieldError(undefined);
    verify.reset();
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="mfa-heading">
      <Stack gap="md">
        <PageHeader title="Two-step verification" headingId="mfa-heading" description={`Signing in as ${email}.`} />
        <ErrorAlert error={verify.error} title="That did not work" />
        {useRecoveryCode ? (
          <TextInput
            key="recovery"
            label="Recovery code"
            description="One of the codes you saved when you set up two-step verification. Each code works once."
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            {...textField(recoveryCode, setRecoveryCode, fieldError)}
          />
        ) : (
          <TextInput
            key="code"
            label="Authentication code"
            description="The 6-digit code from your authenticator app."
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            {...textField(code, setCode, fieldError)}
          />
        )}
        <Button type="submit" loading={verify.isPending} fullWidth>
          Verify
        </Button>
        <Group justify="space-between" gap="xs">
          <Anchor component="button" type="button" onClick={switchMethod} size="sm">
            {useRecoveryCode ? 'Use the authenticator app instead' : 'Use a recovery code instead'}
          </Anchor>
          <Anchor component="button" type="button" onClick={() => signOut.mutate()} size="sm">
            Cancel and sign out
          </Anchor>
        </Group>
        <Text size="sm" c="dimmed">
          Lost your phone and your recovery codes? Your clinic's administrator can reset your second factor.
        </Text>
      </Stack>
    </form>
  );
}

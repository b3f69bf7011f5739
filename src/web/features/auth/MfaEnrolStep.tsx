import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Checkbox, Code, CopyButton, Image, List, Stack, Text, TextInput } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsFrom, textField } from '../../components/forms';
import { PageHeader } from '../../components/PageHeader';
import { useBeginEnrolment, useConfirmEnrolment, useFinishSignIn, useSignOut } from './auth.api';

/** "JBSWY3DPEHPK3PXP" -> "JBSW Y3DP EHPK 3PXP", easier to type into an app by hand. */
function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * First sign-in of an account that needs a second factor: show the QR code and the secret, confirm with a
 * first code, then show the recovery codes once.
 */
export function MfaEnrolStep({ email }: { email: string }) {
  const begin = useBeginEnrolment();
  const confirm = useConfirmEnrolment();
  const finish = useFinishSignIn();
  const signOut = useSignOut();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>();
  const [hasSavedCodes, setHasSavedCodes] = useState(false);

  if (confirm.data) {
    const codes = confirm.data.recoveryCodes;
    return (
      <Stack gap="md">
        <PageHeader title="Save your recovery codes" description="Two-step verification is on." />
        <Alert color="yellow" variant="light" title="These codes are shown only once" role="status">
          If you lose your phone, each code lets you sign in one time. Keep them somewhere safe, away from your phone.
        </Alert>
        <List component="ol" spacing={4} aria-label="Recovery codes">
          {codes.map((recoveryCode) => (
            <List.Item key={recoveryCode}>
              <Code fz="md">{recoveryCode}</Code>
            </List.Item>
          ))}
        </List>
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy the codes'}
            </Button>
          )}
        </CopyButton>
        <Checkbox
          label="I have saved my recovery codes"
          checked={hasSavedCodes}
          onChange={(event) => setHasSavedCodes(event.currentTarget.checked)}
        />
        <Button onClick={() => void finish()} disabled={!hasSavedCodes}>
          Continue to Ketaclinic
        </Button>
      </Stack>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const digits = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(digits)) return setCodeError('Enter the 6 digits shown in your authenticator app.');
    setCodeError(undefined);
    confirm.mutate(digits, { onError: (error) => setCodeError(fieldErrorsFrom(error, ['code']).code) });
  };

  return (
    <Stack gap="md">
      <PageHeader
        title="Set up two-step verification"
        description={`Your clinic asks for a second step when ${email} signs in.`}
      />
      <Text>
        You need an authenticator app on your phone (for example FreeOTP, Aegis, Google Authenticator or 1Password).
      </Text>
      {!begin.data ? (
        <>
          <ErrorAlert error={begin.error} />
          <Button onClick={() => begin.mutate()} loading={begin.isPending}>
            Show my setup code
          </Button>
        </>
      ) : (
        <form onSubmit={submit} noValidate aria-label="Confirm two-step verification">
          <Stack gap="md">
            <Text>1. In the app, add an account and scan this code:</Text>
            <Image
              src={begin.data.qrCodeDataUrl}
              alt="QR code to scan with your authenticator app"
              w={200}
              h={200}
              mx="auto"
            />
            <Text>Cannot scan it? Enter this key by hand (time-based, 6 digits):</Text>
            <Code block fz="md" aria-label="Setup key">
              {groupSecret(begin.data.secret)}
            </Code>
            <Text>2. Type the 6-digit code the app now shows:</Text>
            <ErrorAlert error={confirm.error} shownFields={['code']} />
            <TextInput
              label="Code from the app"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              {...textField(code, setCode, codeError)}
            />
            <Button type="submit" loading={confirm.isPending}>
              Turn on two-step verification
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component="button" type="button" onClick={() => signOut.mutate()} size="sm">
        Cancel and sign out
      </Anchor>
    </Stack>
  );
}

/** Mails the patient their own copy of a consent they signed, through the outbox (issue 14). */
import { useMutation } from '@tanstack/react-query';
import { Button, Text } from '@mantine/core';
import { useApi } from '../../api/context';
import { errorMessage } from '../../components/ErrorAlert';

export function SendConsentCopyButton({
  patientId,
  signatureId,
  hasEmail,
}: {
  patientId: string;
  signatureId: string;
  hasEmail: boolean;
}) {
  const api = useApi();
  const send = useMutation({
    mutationFn: () =>
      api.post<{ queued: Array<{ recipient: string }> }>(
        `/api/patients/${encodeURIComponent(patientId)}/consents/${encodeURIComponent(signatureId)}/send-copy`,
      ),
  });
  if (!hasEmail)
    return (
      <Text size="xs" c="dimmed">
        No email on file
      </Text>
    );
  if (send.data)
    return (
      <Text size="xs" role="status">
        Queued to {send.data.queued.map((q) => q.recipient).join(', ')}
      </Text>
    );
  return (
    <>
      <Button size="compact-xs" variant="light" loading={send.isPending} onClick={() => send.mutate()}>
        Email a copy
      </Button>
      {send.error ? (
        <Text size="xs" c="red.8" role="alert">
          {errorMessage(send.error)}
        </Text>
      ) : null}
    </>
  );
}

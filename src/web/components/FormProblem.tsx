/**
 * What a form still lacks before it can be sent ("Say what was done."), found in the browser rather than by the
 * server: a short red line announced at once to screen readers. Renders nothing when there is no message.
 */
import { Text } from '@mantine/core';

export function FormProblem({ message }: { readonly message: string | undefined }) {
  return message ? (
    <Text c="red.9" size="sm" role="alert">
      {message}
    </Text>
  ) : null;
}

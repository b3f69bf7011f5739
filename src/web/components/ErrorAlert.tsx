import { Alert, List, Text } from '@mantine/core';
import { isApiError } from '../api/client';

interface ErrorAlertProps {
  readonly error: unknown;
  readonly title?: string;
  /** Fields whose errors the form already shows beside their inputs; the rest are listed here. */
  readonly shownFields?: readonly string[];
}

/** The message to show for any error: the server's detail for an ApiError, a generic line otherwise. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.detail;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}

/**
 * An error, announced at once to screen readers (role="alert"). Renders nothing when there is no error, so it
 * can sit in a form permanently.
 */
export function ErrorAlert({ error, title, shownFields = [] }: ErrorAlertProps) {
  if (!error) return null;
  const fieldErrors = isApiError(error) ? error.fieldErrors : [];
  const inline = fieldErrors.filter((f) => shownFields.includes(f.field));
  const elsewhere = fieldErrors.filter((f) => !shownFields.includes(f.field));
  const heading = title ?? (inline.length > 0 ? 'Please correct the highlighted fields' : 'Something went wrong');
  return (
    <Alert color="red" variant="light" title={heading} role="alert" mb="md">
      {inline.length === 0 ? (
        <Text size="sm">{errorMessage(error)}</Text>
      ) : (
        <Text size="sm">See the message beside each highlighted field.</Text>
      )}
      {inline.length > 0 && elsewhere.length > 0 ? (
        <List size="sm">
          {elsewhere.map((f) => (
            <List.Item key={`${f.field}:${f.message}`}>
              {f.field}: {f.message}
            </List.Item>
          ))}
        </List>
      ) : null}
    </Alert>
  );
}

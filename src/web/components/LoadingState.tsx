import { Center, Group, Loader, Text } from '@mantine/core';
import { ErrorAlert } from './ErrorAlert';

/** A spinner with words, in a polite live region, for content that is loading. */
export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" aria-hidden="true" />
        <Text>{label}</Text>
      </Group>
    </Center>
  );
}

/**
 * What a part of the page shows while its data is on the way: a spinner while the query is pending, an alert if it
 * failed, nothing once it has loaded.
 */
export function QueryStatus({
  query,
  failed,
  loading,
}: {
  readonly query: { readonly error: unknown; readonly isPending: boolean };
  /** The alert's title: "The safes could not be loaded". */
  readonly failed: string;
  /** The spinner's words: "Loading the safes…". */
  readonly loading: string;
}) {
  return (
    <>
      <ErrorAlert error={query.error} title={failed} />
      {query.isPending ? <LoadingState label={loading} /> : null}
    </>
  );
}

import type { ReactNode } from 'react';
import { Alert, Button, Text } from '@mantine/core';

/**
 * A save refused because someone else saved a newer version first (409): says what happened and offers to load
 * the latest version, so the user makes their changes again on top of it.
 */
export function ConflictAlert({
  title,
  children,
  onReload,
}: {
  /** "Someone else saved the intake". */
  readonly title: string;
  /** What happened to the user's changes, and what to do. */
  readonly children: ReactNode;
  readonly onReload: () => void;
}) {
  return (
    <Alert color="orange" variant="light" title={title} role="alert">
      <Text size="sm" mb="sm">
        {children}
      </Text>
      <Button size="xs" variant="default" onClick={onReload}>
        Load the latest version
      </Button>
    </Alert>
  );
}

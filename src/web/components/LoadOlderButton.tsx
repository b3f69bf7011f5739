import type { ReactNode } from 'react';
import { Button } from '@mantine/core';

/** Under a list read page by page, newest first: loads the next (older) page while there is one. */
export function LoadOlderButton({
  query,
  children,
}: {
  readonly query: {
    readonly hasNextPage: boolean;
    readonly isFetchingNextPage: boolean;
    readonly fetchNextPage: () => Promise<unknown>;
  };
  /** "Load older events". */
  readonly children: ReactNode;
}) {
  if (!query.hasNextPage) return null;
  return (
    <Button mt="md" variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
      {children}
    </Button>
  );
}

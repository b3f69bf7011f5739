import type { ReactNode } from 'react';
import { SimpleGrid, Text } from '@mantine/core';

export interface Description {
  readonly term: string;
  readonly value: ReactNode;
}

/** Label/value pairs as a real <dl>, two columns on wider screens, one on a phone. */
export function DescriptionList({ items }: { items: readonly Description[] }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="sm" m={0}>
      {items.map((item) => (
        <div key={item.term}>
          <Text component="dt" size="sm" fw={600} c="dimmed">
            {item.term}
          </Text>
          <Text component="dd" m={0}>
            {item.value === null || item.value === undefined || item.value === '' ? '—' : item.value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

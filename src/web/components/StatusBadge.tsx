/** A row's state in an admin list: filled in the clinic's colour while in force (active, on), outlined grey after. */
import type { ReactNode } from 'react';
import { Badge, Code } from '@mantine/core';

export function StatusBadge({ active, children }: { readonly active: boolean; readonly children: ReactNode }) {
  return (
    <Badge variant={active ? 'filled' : 'outline'} color={active ? 'clinic' : 'gray'}>
      {children}
    </Badge>
  );
}

/** Short codes side by side (scopes, key ids, event names), each in its own `<code>`. */
export function CodeList({ values }: { readonly values: readonly string[] }) {
  return values.map((value) => (
    <Code key={value} mr={4}>
      {value}
    </Code>
  ));
}

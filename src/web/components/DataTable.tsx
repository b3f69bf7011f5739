/**
 * A striped list that scrolls sideways on a narrow screen: its caption is read by screen readers only, each column
 * has a header (`scope="col"`), and `withActions` adds a last column of buttons whose header says "Actions" to
 * screen readers only. The rows are the children.
 */
import type { ReactNode } from 'react';
import { Table, VisuallyHidden, type MantineFontSize, type MantineSpacing } from '@mantine/core';

export interface DataTableProps {
  readonly caption: string;
  readonly columns: readonly string[];
  /** Below this width (px) the table scrolls rather than squeezes. */
  readonly minWidth: number;
  readonly verticalSpacing?: MantineSpacing;
  readonly fz?: MantineFontSize;
  readonly withActions?: boolean;
  readonly children: ReactNode;
}

export function DataTable({
  caption,
  columns,
  minWidth,
  verticalSpacing = 'sm',
  fz,
  withActions = false,
  children,
}: DataTableProps) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped verticalSpacing={verticalSpacing} {...(fz ? { fz } : {})}>
        <VisuallyHidden component="caption">{caption}</VisuallyHidden>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column} scope="col">
                {column}
              </Table.Th>
            ))}
            {withActions ? (
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            ) : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * A striped list that scrolls sideways on a narrow screen: its caption is read by screen readers only, each column
 * has a header (`scope="col"`), and `withActions` adds a last column of buttons whose header says "Actions" to
 * screen readers only (or `actionsLabel`). The rows are the children.
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
  /** What the screen reader hears for the last column's header, when "Actions" is not the word (e.g. "Open"). */
  readonly actionsLabel?: string;
  readonly striped?: boolean;
  readonly highlightOnHover?: boolean;
  readonly children: ReactNode;
}

export function DataTable({
  caption,
  columns,
  minWidth,
  verticalSpacing = 'sm',
  fz,
  withActions = false,
  actionsLabel = 'Actions',
  striped = true,
  highlightOnHover = false,
  children,
}: DataTableProps) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table
        striped={striped}
        highlightOnHover={highlightOnHover}
        verticalSpacing={verticalSpacing}
        {...(fz ? { fz } : {})}
      >
        <VisuallyHidden component="caption">{caption}</VisuallyHidden>
        <ColumnHeaders columns={columns} {...(withActions ? { actionsLabel } : {})} />
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * A table's head: one header cell per column (`scope="col"`), and with `actionsLabel` a last column of buttons whose
 * header only screen readers hear. For a table that DataTable does not fit (a caption on show, no sideways scroll).
 */
export function ColumnHeaders({
  columns,
  actionsLabel,
}: {
  readonly columns: readonly string[];
  readonly actionsLabel?: string;
}) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((column) => (
          <Table.Th key={column} scope="col">
            {column}
          </Table.Th>
        ))}
        {actionsLabel !== undefined ? (
          <Table.Th scope="col">
            <VisuallyHidden>{actionsLabel}</VisuallyHidden>
          </Table.Th>
        ) : null}
      </Table.Tr>
    </Table.Thead>
  );
}
